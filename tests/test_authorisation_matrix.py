"""Who may do what: one table per kind of access, asserted cell by cell.

The users are real ones of each kind: the public (website visitor), a portal
user (a prospect who has an account, owner of one consultation), a lawyer
(*Avocat*) and a partner (*Associé*). Every cell is tried for real, as that
user, in a savepoint rolled back afterwards: access rights, record rules and
the addon's own guards (evidence, field groups) all count.

To add a model: a sample in ``SAMPLES`` (how to get one record, the values of
a new one, a harmless write) and its row in ``MODEL_ACCESS``; its protected
fields in ``FIELD_ACCESS``; its routes in ``ROUTES``.
"""

import json
import re
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .booking_common import BookingCase
from .common import CONTACT, CV_SCREENING, request_info

WHO = ("public", "portal", "lawyer", "partner")

# sample: (model, record of the sample, values of a new record, values of a harmless write)
SAMPLES = {
    "intake": (
        "itlaw.intake",
        lambda case: case.intake,
        lambda case: {"partner_id": case.prospect.id},
        {"lead_id": False},
    ),
    "intake answer": (
        "itlaw.intake.answer",
        lambda case: case.intake.answer_ids[:1],
        lambda case: {"intake_id": case.intake.id, "question": "org_type"},
        {"question": "org_dpo"},
    ),
    "intake finding": (
        "itlaw.intake.finding",
        lambda case: case.intake.finding_ids[:1],
        lambda case: {"intake_id": case.intake.id, "rule": "X", "severity": "low"},
        {"rule": "Y"},
    ),
    "rule setting": (
        "itlaw.rule.setting",
        lambda case: case.env["itlaw.rule.setting"].search([], limit=1),
        lambda case: {"rule": "TEST_MATRIX_RULE"},
        {"weight": 2},
    ),
    "submission attempt": (
        "itlaw.submission.attempt",
        lambda case: case.env["itlaw.submission.attempt"].create({"ip": "198.51.100.0"}),
        lambda case: {"ip": "198.51.100.1"},
        {"ip": "198.51.100.2"},
    ),
    "consultation type": (
        "itlaw.consultation.type",
        lambda case: case.ctype,
        lambda case: {"name": "Matrix type"},
        {"duration": 60},
    ),
    # Transient models: each user works on the records they created.
    "settings": (
        "itlaw.settings",
        lambda case: case.env["itlaw.settings"].with_user(case.user).sudo().create({}),
        lambda case: {},
        {"intake_rate_limit": 12},
    ),
    "pipeline workbook wizard": (
        "itlaw.pipeline.report.wizard",
        lambda case: (
            case.env["itlaw.pipeline.report.wizard"]
            .with_user(case.user)
            .sudo()
            .create({"date_from": "2026-01-01"})
        ),
        lambda case: {"date_from": "2026-01-01"},
        {"date_from": "2026-02-01"},
    ),
    "lead of a diagnostic": (
        "crm.lead",
        lambda case: case.intake.lead_id,
        lambda case: {"name": "Matrix lead", "team_id": case.team.id},
        {"description": "Called back"},
    ),
    "own consultation": (
        "calendar.event",
        lambda case: case.own_event,
        lambda case: {"name": "Matrix event", "start": case.start, "stop": case.stop},
        {"description": "Bring the DPIA"},
    ),
    "another's consultation": (
        "calendar.event",
        lambda case: case.other_event,
        lambda case: {"name": "Matrix event", "start": case.start, "stop": case.stop},
        {"description": "Bring the DPIA"},
    ),
    # Engagements: the lawyer's team's and another team's (record rules).
    "own engagement": (
        "itlaw.engagement",
        lambda case: case.own_engagement,
        lambda case: {"partner_id": case.prospect.id, "user_id": case.user.id},
        {"scope": "<p>Audit</p>"},
    ),
    "another's engagement": (
        "itlaw.engagement",
        lambda case: case.other_engagement,
        lambda case: {"partner_id": case.prospect.id, "user_id": case.user.id},
        {"scope": "<p>Audit</p>"},
    ),
    "practice area": (
        "itlaw.practice.area",
        lambda case: case.env.ref("itlaw_ai_advisory.practice_area_gdpr"),
        lambda case: {"name": "Matrix area"},
        {"sequence": 99},
    ),
    "engagement wizard": (
        "itlaw.engagement.wizard",
        lambda case: (
            case.env["itlaw.engagement.wizard"]
            .with_user(case.user)
            .sudo()
            .create(case.wizard_values())
        ),
        lambda case: case.wizard_values(),
        {"scope": "<p>Audit</p>"},
    ),
    "own conflict check": (
        "itlaw.conflict.check",
        lambda case: case.own_check,
        lambda case: {"engagement_id": case.own_engagement.id},
        {"subjects": "Acme"},
    ),
    "another's conflict check": (
        "itlaw.conflict.check",
        lambda case: case.other_check,
        lambda case: {"engagement_id": case.other_engagement.id},
        {"subjects": "Acme"},
    ),
    "own conflict match": (
        "itlaw.conflict.check.line",
        lambda case: case.own_check.line_ids,
        lambda case: dict(case.match_values, check_id=case.own_check.id),
        {"similarity": 80},
    ),
    "another's conflict match": (
        "itlaw.conflict.check.line",
        lambda case: case.other_check.line_ids,
        lambda case: dict(case.match_values, check_id=case.other_check.id),
        {"similarity": 80},
    ),
    "own engagement's party": (
        "itlaw.party",
        lambda case: case.own_party,
        lambda case: {"engagement_id": case.own_engagement.id, "name": "Rival SA"},
        {"name": "Rival SAS"},
    ),
    "another's engagement's party": (
        "itlaw.party",
        lambda case: case.other_party,
        lambda case: {"engagement_id": case.other_engagement.id, "name": "Rival SA"},
        {"name": "Rival SAS"},
    ),
    "own fee agreement": (
        "itlaw.fee.agreement",
        lambda case: case.own_agreement,
        lambda case: {"partner_id": case.prospect.id, "engagement_id": case.own_engagement.id},
        {"name": "Convention amended"},
    ),
    "another's fee agreement": (
        "itlaw.fee.agreement",
        lambda case: case.other_agreement,
        lambda case: {"partner_id": case.prospect.id, "engagement_id": case.other_engagement.id},
        {"name": "Convention amended"},
    ),
    "signed fee agreement": (
        "itlaw.fee.agreement",
        lambda case: case.signed_agreement,
        lambda case: {"partner_id": case.prospect.id, "engagement_id": case.own_engagement.id},
        {"name": "Convention amended"},
    ),
    "own fee rate": (
        "itlaw.fee.agreement.rate",
        lambda case: case.own_agreement.rate_line_ids,
        lambda case: {
            "agreement_id": case.own_agreement.id,
            "grade": "trainee",
            "hourly_rate": 200.0,
        },
        {"hourly_rate": 320.0},
    ),
    "another's fee rate": (
        "itlaw.fee.agreement.rate",
        lambda case: case.other_agreement.rate_line_ids,
        lambda case: {
            "agreement_id": case.other_agreement.id,
            "grade": "trainee",
            "hourly_rate": 200.0,
        },
        {"hourly_rate": 320.0},
    ),
    "pipeline analysis": (
        "itlaw.pipeline.analysis",
        lambda case: case.env["itlaw.pipeline.analysis"].search([], limit=1),
        lambda case: {},
        {},
    ),
    "consent": (
        "itlaw.consent",
        lambda case: case.consent,
        lambda case: {"partner_id": case.prospect.id, "kind": "privacy", "version": "1"},
        {"event_id": False},
    ),
    "privacy request": (
        "itlaw.privacy.request",
        lambda case: case.env["itlaw.privacy.request"].search([], limit=1),
        lambda case: {"email": "someone@example.org"},
        {"lang": "en_US"},
    ),
    "processing activity": (
        "itlaw.processing.activity",
        lambda case: case.env["itlaw.processing.activity"].search([], limit=1),
        lambda case: {
            "name": "Matrix",
            "purpose": "Tests",
            "legal_basis": "Art. 6(1)(f)",
            "data_categories": "Names",
            "retention": "1 year",
        },
        {"recipients": "Nobody"},
    ),
    "retention wizard": (
        "itlaw.retention.wizard",
        lambda case: case.env["itlaw.retention.wizard"].with_user(case.associe).create({}),
        lambda case: {},
        {"retention_years": 4},
    ),
    "retention wizard line": (
        "itlaw.retention.wizard.line",
        lambda case: case.retention_line(),
        lambda case: {"wizard_id": case.retention_line().wizard_id.id},
        {"last_contact": "2020-01-01 00:00:00"},
    ),
}

# c = create, r = read, w = write, u = unlink (delete); nothing = no access.
MODEL_ACCESS = [
    # sample                      public  portal  lawyer  partner
    ("intake",                    "",     "",     "rw",   "rw"),
    ("intake answer",             "",     "",     "r",    "r"),
    ("intake finding",            "",     "",     "r",    "r"),
    ("rule setting",              "",     "",     "r",    "crw"),
    ("submission attempt",        "",     "",     "",     ""),
    ("consultation type",         "",     "",     "r",    "crwu"),
    ("settings",                  "",     "",     "",     "crw"),
    ("pipeline workbook wizard",  "",     "",     "",     "crw"),
    ("lead of a diagnostic",      "",     "",     "crw",  "crwu"),
    ("own consultation",          "",     "r",    "crwu", "crwu"),
    ("another's consultation",    "",     "",     "crwu", "crwu"),
    ("own engagement",            "",     "",     "crw",  "crwu"),
    ("another's engagement",      "",     "",     "c",    "crwu"),
    ("practice area",             "",     "",     "r",    "crwu"),
    ("engagement wizard",         "",     "",     "crw",  "crw"),
    ("own conflict check",        "",     "",     "crw",  "crwu"),
    ("another's conflict check",  "",     "",     "",     "crwu"),
    ("own conflict match",        "",     "",     "r",    "ru"),
    ("another's conflict match",  "",     "",     "",     "ru"),
    ("own engagement's party",    "",     "",     "crwu", "crwu"),
    ("another's engagement's party", "",  "",     "",     "crwu"),
    ("own fee agreement",         "",     "r",    "crw",  "crwu"),
    ("another's fee agreement",   "",     "",     "",     "crwu"),
    ("signed fee agreement",      "",     "r",    "cr",   "cr"),
    ("own fee rate",              "",     "r",    "crwu", "crwu"),
    ("another's fee rate",        "",     "",     "",     "crwu"),
    ("pipeline analysis",         "",     "",     "",     "r"),
    ("consent",                   "",     "",     "r",    "r"),
    ("privacy request",           "",     "",     "",     ""),
    ("processing activity",       "",     "",     "r",    "crwu"),
    ("retention wizard",          "",     "",     "",     "crw"),
    ("retention wizard line",     "",     "",     "",     "crw"),
]  # fmt: skip

# Fields guarded beyond their model's access: r = read, w = write.
FIELD_ACCESS = [
    # sample,                 field,                 value written, public, portal, lawyer, partner
    ("intake",                "score",               99,            "",     "",     "r",    "r"),
    ("intake",                "band",                "faible",      "",     "",     "r",    "r"),
    ("intake",                "answers",             {},            "",     "",     "r",    "r"),
    ("intake",                "description",         "Edited",      "",     "",     "r",    "r"),
    ("intake",                "partner_id",          False,         "",     "",     "r",    "r"),
    ("intake",                "consent_given",       False,         "",     "",     "r",    "r"),
    ("intake",                "consent_ip",          "0.0.0.0",     "",     "",     "r",    "r"),
    ("intake",                "ai_act_tier",         "minimal",     "",     "",     "r",    "r"),
    ("intake",                "finding_ids",         [(5, 0, 0)],   "",     "",     "r",    "r"),
    ("intake",                "lead_id",             False,         "",     "",     "rw",   "rw"),
    ("lead of a diagnostic",  "ai_risk_score",       1,             "",     "",     "r",    "r"),
    ("lead of a diagnostic",  "ai_risk_band",        "faible",      "",     "",     "r",    "r"),
    ("lead of a diagnostic",  "ai_act_tier",         "minimal",     "",     "",     "r",    "r"),
    ("lead of a diagnostic",  "ai_prohibited",       True,          "",     "",     "r",    "r"),
    ("lead of a diagnostic",  "ai_intake_id",        False,         "",     "",     "r",    "r"),
    ("lead of a diagnostic",  "priority",            "2",           "",     "",     "rw",   "rw"),
    ("own consultation",      "itlaw_booking_token", "guessed",     "",     "",     "",     ""),
    ("own consultation",      "itlaw_state",         "done",        "",     "r",    "rw",   "rw"),
    ("own consultation",      "itlaw_prospect_id",   False,         "",     "r",    "rw",   "rw"),
    ("own conflict check",    "decision",            "cleared",     "",     "",     "r",    "rw"),
    ("own conflict check",    "decided_by_id",       False,         "",     "",     "r",    "rw"),
    ("own conflict check",    "conflict_reason",     "Adverse",     "",     "",     "r",    "rw"),
    ("own fee agreement",     "fixed_amount",        2000.0,        "",     "r",    "rw",   "rw"),
    ("signed fee agreement",  "fixed_amount",        2000.0,        "",     "r",    "r",    "r"),
    ("signed fee agreement",  "result_fee_percent",  50.0,          "",     "r",    "r",    "r"),
    ("signed fee agreement",  "signed_hash",         "forged",      "",     "r",    "r",    "r"),
    ("signed fee agreement",  "state",               "draft",       "",     "r",    "r",    "r"),
    ("consent",               "version",             "0",           "",     "",     "r",    "r"),
    ("consent",               "date",                "2020-01-01 00:00:00", "", "",  "r",    "r"),
    ("consent",               "proof",               "forged",      "",     "",     "r",    "r"),
]  # fmt: skip


# ---------------------------------------------------------------------------
# DPIA (itlaw.dpia, its sections and measures, the PIA import wizard): one block.
# ---------------------------------------------------------------------------
def _matrix_dpia(case, own):
    """The DPIA of the lawyer's team's matter (own) or of another team's."""
    engagement = case.own_engagement if own else case.other_engagement
    Dpia = case.env["itlaw.dpia"]
    found = Dpia.search([("engagement_id", "=", engagement.id)], limit=1)
    return found or Dpia._itlaw_create_for(engagement=engagement)


def _matrix_dpia_measure(case, own):
    dpia = _matrix_dpia(case, own)
    return dpia.measure_ids[:1] or case.env["itlaw.dpia.measure"].create(
        {"dpia_id": dpia.id, "name": "Encryption"}
    )


SAMPLES.update(
    {
        "own engagement's DPIA": (
            "itlaw.dpia",
            lambda case: _matrix_dpia(case, True),
            lambda case: {"name": "Forged", "engagement_id": case.own_engagement.id},
            {"name": "DPIA amended"},
        ),
        "another's DPIA": (
            "itlaw.dpia",
            lambda case: _matrix_dpia(case, False),
            lambda case: {"name": "Forged", "engagement_id": case.other_engagement.id},
            {"name": "DPIA amended"},
        ),
        "own DPIA section": (
            "itlaw.dpia.section",
            lambda case: _matrix_dpia(case, True).section_ids[:1],
            lambda case: {
                "dpia_id": _matrix_dpia(case, True).id,
                "key": "extra",
                "part": "context",
                "kind": "text",
            },
            {"content": "<p>Edited</p>"},
        ),
        "another's DPIA section": (
            "itlaw.dpia.section",
            lambda case: _matrix_dpia(case, False).section_ids[:1],
            lambda case: {
                "dpia_id": _matrix_dpia(case, False).id,
                "key": "extra",
                "part": "context",
                "kind": "text",
            },
            {"content": "<p>Edited</p>"},
        ),
        "own DPIA measure": (
            "itlaw.dpia.measure",
            lambda case: _matrix_dpia_measure(case, True),
            lambda case: {"dpia_id": _matrix_dpia(case, True).id, "name": "Backups"},
            {"name": "Daily backups"},
        ),
        "another's DPIA measure": (
            "itlaw.dpia.measure",
            lambda case: _matrix_dpia_measure(case, False),
            lambda case: {"dpia_id": _matrix_dpia(case, False).id, "name": "Backups"},
            {"name": "Daily backups"},
        ),
        # Transient: each user works on the wizards they created.
        "DPIA import wizard": (
            "itlaw.dpia.import.wizard",
            lambda case: (
                case.env["itlaw.dpia.import.wizard"]
                .with_user(case.user)
                .sudo()
                .create({"dpia_id": _matrix_dpia(case, True).id, "file": b"e30="})
            ),
            lambda case: {"dpia_id": _matrix_dpia(case, True).id, "file": b"e30="},
            {"filename": "pia.json"},
        ),
    }
)
MODEL_ACCESS += [
    # sample                      public  portal  lawyer  partner
    ("own engagement's DPIA",     "",     "",     "rw",   "rwu"),
    ("another's DPIA",            "",     "",     "",     "rwu"),
    ("own DPIA section",          "",     "",     "rw",   "rw"),
    ("another's DPIA section",    "",     "",     "",     "rw"),
    ("own DPIA measure",          "",     "",     "crwu", "crwu"),
    ("another's DPIA measure",    "",     "",     "",     "crwu"),
    ("DPIA import wizard",        "",     "",     "crw",  "crw"),
]  # fmt: skip
FIELD_ACCESS += [
    # sample,                 field,              value written, public, portal, lawyer, partner
    ("own engagement's DPIA", "engagement_id",    False,         "",     "",     "r",    "r"),
    ("own engagement's DPIA", "user_id",          False,         "",     "",     "r",    "r"),
    ("own engagement's DPIA", "catalog_version",  "forged",      "",     "",     "r",    "r"),
    ("own engagement's DPIA", "decision",         "2",           "",     "",     "rw",   "rw"),
    ("own DPIA section",      "key",              "val_decision", "",    "",     "r",    "r"),
    ("own DPIA section",      "proposal",         True,          "",     "",     "r",    "r"),
    ("own DPIA section",      "state",            "reviewed",    "",     "",     "rw",   "rw"),
    ("own DPIA measure",      "dpia_id",          False,         "",     "",     "r",    "r"),
    ("own DPIA measure",      "proposal",         True,          "",     "",     "r",    "r"),
]  # fmt: skip
# ---------------------------------------------------------------------------
# End of the DPIA block.
# ---------------------------------------------------------------------------

# HTTP status of each route for each kind of visitor. {intake}, {intake_token},
# {event} and {event_token} are the samples' ids and tokens.
ROUTES = [
    # method, path                                                public portal lawyer partner
    ("GET",  "/diagnostic-ia",                                      200, 200, 200, 200),
    ("POST", "/diagnostic-ia/submit",                               200, 200, 200, 200),
    ("JSON", "/diagnostic-ia/visible",                              200, 200, 200, 200),
    ("GET",  "/diagnostic-ia/merci",                                200, 200, 200, 200),
    ("GET",  "/diagnostic-ia/result/{intake}?access_token={intake_token}", 200, 200, 200, 200),
    ("GET",  "/diagnostic-ia/result/{intake}?access_token=wrong",   404, 404, 200, 200),
    ("GET",  "/diagnostic-ia/result/{intake}",                      404, 404, 200, 200),
    ("GET",  "/consultation",                                       200, 200, 200, 200),
    ("POST", "/consultation/book",                                  200, 200, 200, 200),
    ("GET",  "/consultation/{event}?token={event_token}",           200, 200, 200, 200),
    ("GET",  "/consultation/{event}",                               404, 404, 404, 404),
    ("GET",  "/consultation/{event}?token=wrong",                   404, 404, 404, 404),
    ("GET",  "/consultation/{event}/reschedule?token={event_token}", 200, 200, 200, 200),
    ("GET",  "/consultation/{event}/reschedule?token=wrong",        404, 404, 404, 404),
    ("POST", "/consultation/{event}/reschedule",                    404, 404, 404, 404),
    ("GET",  "/consultation/{event}/cancel?token={event_token}",    200, 200, 200, 200),
    ("POST", "/consultation/{event}/cancel",                        404, 404, 404, 404),
    ("GET",  "/my/consultations",                                   303, 200, 200, 200),
    ("GET",  "/itlaw/pipeline.xlsx?date_from=2026-01-01&date_to=2026-12-31", 303, 403, 403, 200),
    ("GET",  "/confidentialite",                                    200, 200, 200, 200),
    ("GET",  "/en/privacy",                                         301, 301, 301, 301),
    ("GET",  "/mes-donnees",                                        200, 200, 200, 200),
    ("POST", "/mes-donnees/demande",                                200, 200, 200, 200),
    ("GET",  "/mes-donnees/{privacy_token}",                        200, 200, 200, 200),
    ("GET",  "/mes-donnees/wrong-token-of-forty-three-characters-xx", 404, 404, 404, 404),
    ("GET",  "/mes-donnees/{privacy_token}/export",                 200, 200, 200, 200),
    ("GET",  "/mes-donnees/wrong/export",                           404, 404, 404, 404),
    ("GET",  "/mes-donnees/{privacy_token}/export.json",            200, 200, 200, 200),
    ("GET",  "/mes-donnees/wrong/export.json",                      404, 404, 404, 404),
    ("POST", "/mes-donnees/{privacy_token}/effacement",             200, 200, 200, 200),
    ("POST", "/mes-donnees/wrong/effacement",                       404, 404, 404, 404),
    ("POST", "/mes-donnees/wrong/opposition",                       404, 404, 404, 404),
    ("GET",  "/my/fee_agreements",                                  303, 200, 200, 200),
    ("GET",  "/my/fee_agreements/{agr}?access_token={agr_token}", 200, 200, 200, 200),
    ("GET",  "/my/fee_agreements/{agr}?access_token=wrong",         404, 200, 200, 200),
    ("GET",  "/my/fee_agreements/{agr}",                            404, 200, 200, 200),
    ("GET",  "/my/fee_agreements/{other_agr}?access_token=wrong", 404, 404, 404, 200),
    ("GET",  "/my/fee_agreements/{other_agr}?access_token={other_token}", 200, 200, 200, 200),
    ("POST", "/my/fee_agreements/{agr}/sign?access_token={agr_token}", 200, 200, 200, 200),
    ("POST", "/my/fee_agreements/{other_agr}/sign?access_token=wrong", 404, 404, 404, 200),
    ("GET",  "/my/fee_agreements/{signed_agr}/signed?access_token=wrong", 404, 404, 404, 404),
]  # fmt: skip


class MatrixCase(BookingCase):
    @classmethod
    def setup_matrix(cls):
        cls.setup_booking()
        env = cls.env
        env["ir.config_parameter"].set_param("itlaw_ai_advisory.intake_rate_limit", 500)
        cls.users = {
            "public": env.ref("base.public_user"),
            "portal": new_test_user(env, "m_portal", groups="base.group_portal"),
            "lawyer": cls.avocat,
            "partner": cls.associe,
        }
        cls.intake = env["itlaw.intake"]._submit(dict(CV_SCREENING), dict(CONTACT), request_info())
        slots = [
            start
            for starts in cls.ctype._free_slots_by_lawyer(cls.ctype.lawyer_ids).values()
            for start in starts
        ]
        slots.sort()
        portal_partner = cls.users["portal"].partner_id
        portal_lead = env["crm.lead"].create(
            {"name": "Portal prospect", "partner_id": portal_partner.id, "team_id": cls.team.id}
        )
        cls.own_event = cls.ctype._book(slots[0], portal_partner, portal_lead, "Europe/Paris")
        cls.other_event = cls.ctype._book(
            slots[0], cls.intake.partner_id, cls.intake.lead_id, "Europe/Paris"
        )
        cls.start = fields.Datetime.now() + timedelta(days=30)
        cls.stop = cls.start + timedelta(hours=1)
        cls.setup_engagements()

    @classmethod
    def setup_engagements(cls):
        """The lawyer's team's matter and another team's: its conflict check with
        a match, a declared party, a fee agreement sent to the portal user."""
        env = cls.env
        client = cls.users["portal"].partner_id
        Engagement = env["itlaw.engagement"]
        cls.own_engagement = Engagement.create({"partner_id": client.id, "user_id": cls.avocat.id})
        cls.other_engagement = Engagement.create(
            {"partner_id": client.id, "user_id": cls.avocate.id}
        )
        cls.match_values = {
            "subject": "Rival SA",
            "subject_kind": "party",
            "reason": "name",
            "role": "partner",
            "res_model": "res.partner",
            "res_id": cls.prospect.id,
        }
        Check = env["itlaw.conflict.check"]
        cls.own_check, cls.other_check = (
            Check.create(
                {
                    "engagement_id": engagement.id,
                    "partner_id": client.id,
                    "line_ids": [Command.create(cls.match_values)],
                }
            )
            for engagement in (cls.own_engagement, cls.other_engagement)
        )
        Party = env["itlaw.party"]
        cls.own_party = Party.create({"engagement_id": cls.own_engagement.id, "name": "Rival SA"})
        cls.other_party = Party.create(
            {"engagement_id": cls.other_engagement.id, "name": "Rival SA"}
        )
        Agreement = env["itlaw.fee.agreement"]

        def agreement(engagement, **vals):
            return Agreement.create(
                {
                    "partner_id": client.id,
                    "engagement_id": engagement.id,
                    "fee_fixed": True,
                    "fixed_amount": 1500.0,
                    "fee_hourly": True,
                    "rate_line_ids": [Command.create({"grade": "trainee", "hourly_rate": 150.0})],
                    "state": "sent",
                    **vals,
                }
            )

        # On matters of their own: an engagement with an agreement cannot be deleted.
        own_matter, other_matter = Engagement.create(
            [
                {"partner_id": client.id, "user_id": cls.avocat.id},
                {"partner_id": client.id, "user_id": cls.avocate.id},
            ]
        )
        cls.own_agreement = agreement(own_matter)
        cls.other_agreement = agreement(other_matter, partner_id=cls.prospect.id)
        cls.signed_agreement = agreement(own_matter)
        cls.signed_agreement.write(
            {"state": "signed", "signed_by": client.name, "signed_hash": "0" * 64}
        )
        cls.consent = (
            env["itlaw.consent"]
            .with_context(itlaw_engine_path=True)
            .create({"partner_id": cls.prospect.id, "kind": "privacy", "version": "1"})
        )
        Request = env["itlaw.privacy.request"]
        Request._itlaw_ask(cls.intake.partner_id.email_normalized, "fr_FR")
        Request._cron_send_links()
        bodies = env["mail.mail"].search([], order="id desc", limit=20).mapped("body_html")
        links = (re.search(r"/(?:mes-donnees|my-data)/([\w-]{20,})", b or "") for b in bodies)
        cls.privacy_token = next(link for link in links if link)[1]

    def wizard_values(self):
        return {
            "lead_id": self.intake.lead_id.id,
            "partner_id": self.prospect.id,
            "user_id": self.avocat.id,
        }

    def retention_line(self):
        wizard = self.env["itlaw.retention.wizard"].with_user(self.associe).create({})
        return (
            self.env["itlaw.retention.wizard.line"]
            .with_user(self.associe)
            .create({"wizard_id": wizard.id})
        )


def granted(cell, letter):
    return letter in cell


@tagged("post_install", "-at_install")
class TestModelAccessMatrix(MatrixCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_matrix()

    def attempt(self, operation):
        """Whether ``operation`` runs without an AccessError, or the UserError of
        a lock (a signed fee agreement); its effects are undone. A ValidationError
        means a wrong sample: it fails the test."""
        try:
            with self.env.cr.savepoint() as savepoint:
                operation()
                self.env.flush_all()
                savepoint.rollback()
        except ValidationError:
            raise
        except (AccessError, UserError):
            return False
        finally:
            self.env.invalidate_all()
        return True

    def test_model_access(self):
        for sample, *cells in MODEL_ACCESS:
            model, get_record, new_values, write_values = SAMPLES[sample]
            for who, cell in zip(WHO, cells, strict=True):
                self.user = self.users[who]
                record = get_record(self).with_user(self.user)
                self.assertTrue(record, sample)
                Model = self.env[model].with_user(self.user)
                attempts = {
                    "c": lambda Model=Model, new_values=new_values: Model.create(new_values(self)),
                    "r": lambda record=record: record.read(["display_name"]),
                    "w": lambda record=record, vals=write_values: record.write(dict(vals)),
                    "u": lambda record=record: record.unlink(),
                }
                for letter, operation in attempts.items():
                    with self.subTest(sample=sample, who=who, access=letter):
                        self.assertEqual(self.attempt(operation), granted(cell, letter))

    def test_field_access(self):
        for sample, field, value, *cells in FIELD_ACCESS:
            _model, get_record, _new, _write = SAMPLES[sample]
            for who, cell in zip(WHO, cells, strict=True):
                self.user = self.users[who]
                record = get_record(self).with_user(self.user)
                with self.subTest(sample=sample, field=field, who=who, access="r"):
                    self.assertEqual(
                        self.attempt(lambda record=record, field=field: record.read([field])),
                        granted(cell, "r"),
                    )
                with self.subTest(sample=sample, field=field, who=who, access="w"):
                    self.assertEqual(
                        self.attempt(
                            lambda record=record, field=field, value=value: record.write(
                                {field: value}
                            )
                        ),
                        granted(cell, "w"),
                    )

    def test_no_user_sets_the_ai_risk_of_a_new_lead(self):
        for who in WHO:
            with self.subTest(who=who), self.assertRaises(AccessError):
                self.env["crm.lead"].with_user(self.users[who]).create(
                    {"name": "Forged", "team_id": self.team.id, "ai_risk_band": "critique"}
                )

    def test_every_model_of_the_addon_has_its_row(self):
        """A new model cannot slip in without its line in the matrix."""
        models = self.env["ir.model"].browse(
            self.env["ir.model.data"]
            .search([("module", "=", "itlaw_ai_advisory"), ("model", "=", "ir.model")])
            .mapped("res_id")
        )
        own = {name for name in models.mapped("model") if name.startswith("itlaw.")}
        self.assertIn("itlaw.intake", own)
        abstract = {name for name in own if self.env[name]._abstract}
        covered = {SAMPLES[sample][0] for sample, *_cells in MODEL_ACCESS}
        self.assertEqual(sorted(own - abstract - covered), [])


@tagged("post_install", "-at_install")
class TestRouteAccessMatrix(MatrixCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_matrix()

    def request(self, method, path):
        if method == "JSON":
            return self.url_open(
                path,
                data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": {"answers": {}}}),
                headers={"Content-Type": "application/json"},
            )
        if method == "POST":
            return self.url_open(
                path, data={"csrf_token": self.csrf_token()}, allow_redirects=False
            )
        return self.url_open(path, allow_redirects=False)

    def csrf_token(self):
        page = self.url_open("/consultation")
        marker = 'name="csrf_token" value="'
        start = page.text.index(marker) + len(marker)
        return page.text[start : page.text.index('"', start)]

    def test_routes(self):
        placeholders = {
            "intake": self.intake.id,
            "intake_token": self.intake.access_token,
            "event": self.own_event.id,
            "event_token": self.own_event.sudo().itlaw_booking_token,
            "privacy_token": self.privacy_token,
            "agr": self.own_agreement.id,
            "agr_token": self.own_agreement._portal_ensure_token(),
            "other_agr": self.other_agreement.id,
            "other_token": self.other_agreement._portal_ensure_token(),
            "signed_agr": self.signed_agreement.id,
        }
        for who in WHO:
            user = self.users[who]
            if who == "public":
                self.authenticate(None, None)
            else:
                self.authenticate(user.login, user.login)
            # The test sessions start in English: visit the French site as its
            # visitors do (else every page redirects to its /en/ version).
            self.opener.cookies["frontend_lang"] = "fr_FR"
            for method, path, *statuses in ROUTES:
                status = statuses[WHO.index(who)]
                url = path.format(**placeholders)
                with self.subTest(who=who, method=method, path=path):
                    self.assertEqual(self.request(method, url).status_code, status)
