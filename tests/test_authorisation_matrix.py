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

import base64
import json
import re
from datetime import timedelta

from odoo import Command, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from .booking_common import BookingCase
from .common import CONTACT, CV_SCREENING, clear_conflict_check, request_info, workflow_path

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
    "partners' dashboard": (
        "itlaw.pipeline.dashboard",
        lambda case: (
            case.env["itlaw.pipeline.dashboard"]
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
    # A check is created by running it only; a partner writes its reason.
    "own conflict check": (
        "itlaw.conflict.check",
        lambda case: case.own_check,
        lambda case: {"engagement_id": case.own_engagement.id},
        {"conflict_reason": "Adverse party"},
    ),
    "another's conflict check": (
        "itlaw.conflict.check",
        lambda case: case.other_check,
        lambda case: {"engagement_id": case.other_engagement.id},
        {"conflict_reason": "Adverse party"},
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
    ("partners' dashboard",       "",     "",     "",     "crw"),
    ("lead of a diagnostic",      "",     "",     "crw",  "crwu"),
    ("own consultation",          "",     "r",    "crwu", "crwu"),
    ("another's consultation",    "",     "",     "crwu", "crwu"),
    ("own engagement",            "",     "",     "crw",  "crwu"),
    ("another's engagement",      "",     "",     "c",    "crwu"),
    ("practice area",             "",     "",     "r",    "crwu"),
    ("engagement wizard",         "",     "",     "crw",  "crw"),
    ("own conflict check",        "",     "",     "r",    "rwu"),
    ("another's conflict check",  "",     "",     "",     "rwu"),
    ("own conflict match",        "",     "",     "r",    "r"),
    ("another's conflict match",  "",     "",     "",     "r"),
    ("own engagement's party",    "",     "",     "crwu", "crwu"),
    ("another's engagement's party", "",  "",     "",     "crwu"),
    # Sent agreements: their terms are locked until Back to draft (issue 19, item 8).
    ("own fee agreement",         "",     "r",    "cr",   "cru"),
    ("another's fee agreement",   "",     "",     "",     "cru"),
    ("signed fee agreement",      "",     "r",    "cr",   "cr"),
    ("own fee rate",              "",     "r",    "r",    "r"),
    ("another's fee rate",        "",     "",     "",     "r"),
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
    ("own consultation",      "itlaw_invitation_pending", True,     "",     "",     "",     ""),
    ("own consultation",      "itlaw_assignment_pending", True,     "",     "",     "",     ""),
    ("own consultation",      "itlaw_state",         "done",        "",     "r",    "rw",   "rw"),
    ("own consultation",      "itlaw_prospect_id",   False,         "",     "r",    "rw",   "rw"),
    ("own conflict check",    "decision",            "cleared",     "",     "",     "r",    "r"),
    ("own conflict check",    "decided_by_id",       False,         "",     "",     "r",    "r"),
    ("own conflict check",    "conflict_reason",     "Adverse",     "",     "",     "r",    "rw"),
    ("own fee agreement",     "fixed_amount",        2000.0,        "",     "r",    "r",    "r"),
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


# ---------------------------------------------------------------------------
# Deliverables (AI Act memo templates, FRIA): one block.
# ---------------------------------------------------------------------------
def _matrix_fria(case, own):
    """The FRIA of the lawyer's team's matter (own) or of another team's."""
    engagement = case.own_engagement if own else case.other_engagement
    Fria = case.env["itlaw.fria"]
    return Fria.search([("engagement_id", "=", engagement.id)], limit=1) or (
        Fria._itlaw_create_for(engagement)
    )


def _matrix_deliverable(case, published=True):
    """A deliverable of the lawyer's team's matter, published to the client or withdrawn."""
    Deliverable = case.env["itlaw.deliverable"]
    name = "Matrix DPIA" if published else "Matrix withdrawn DPIA"
    found = Deliverable.search([("name", "=", name)], limit=1)
    if not found:
        found = Deliverable._itlaw_publish(
            case.own_engagement, "dpia", [(name, "matrix.json", b"{}", "application/json")]
        )
        if not published:
            found.action_unpublish()
    return found


SAMPLES.update(
    {
        "published deliverable": (
            "itlaw.deliverable",
            lambda case: _matrix_deliverable(case),
            lambda case: {"name": "Forged", "engagement_id": case.own_engagement.id},
            {"name": "DPIA (final)"},
        ),
        "withdrawn deliverable": (
            "itlaw.deliverable",
            lambda case: _matrix_deliverable(case, published=False),
            lambda case: {"name": "Forged", "engagement_id": case.own_engagement.id},
            {"name": "DPIA (final)"},
        ),
        "memo template": (
            "itlaw.memo.template",
            lambda case: case.env.ref("itlaw_ai_advisory.itlaw_memo_template_fr"),
            lambda case: {"name": "Matrix memo", "lang": "en"},
            {"intro": "<p>Dear client</p>"},
        ),
        "own engagement's FRIA": (
            "itlaw.fria",
            lambda case: _matrix_fria(case, True),
            lambda case: {"name": "Forged", "engagement_id": case.own_engagement.id},
            {"period": "<p>Every working day</p>"},
        ),
        "another's FRIA": (
            "itlaw.fria",
            lambda case: _matrix_fria(case, False),
            lambda case: {"name": "Forged", "engagement_id": case.other_engagement.id},
            {"period": "<p>Every working day</p>"},
        ),
    }
)
MODEL_ACCESS += [
    # sample                      public  portal  lawyer  partner
    ("memo template",             "",     "",     "r",    "crwu"),
    # Made by publishing or by the client's upload only; the client reads what is published.
    ("published deliverable",     "",     "r",    "rw",   "rwu"),
    ("withdrawn deliverable",     "",     "",     "rw",   "rwu"),
    ("own engagement's FRIA",     "",     "",     "rw",   "rwu"),
    ("another's FRIA",            "",     "",     "",     "rwu"),
]  # fmt: skip
FIELD_ACCESS += [
    # sample,                 field,              value written, public, portal, lawyer, partner
    ("own engagement's FRIA", "engagement_id",    False,         "",     "",     "r",    "r"),
    ("own engagement's FRIA", "catalog_version",  "forged",      "",     "",     "r",    "r"),
    ("own engagement's FRIA", "remedies",         "<p>x</p>",    "",     "",     "rw",   "rw"),
    ("published deliverable", "published",        False,         "",     "r",    "r",    "r"),
    ("published deliverable", "attachment_id",    False,         "",     "r",    "r",    "r"),
    ("published deliverable", "engagement_id",    False,         "",     "r",    "r",    "r"),
]  # fmt: skip
# ---------------------------------------------------------------------------
# End of the deliverables block.
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
    ("GET",  "/consultation/{event}/calendar.ics?token={event_token}", 200, 200, 200, 200),
    ("GET",  "/consultation/{event}/calendar.ics?token=wrong",      404, 404, 404, 404),
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
    # The firm and the client's portal contact read the signed copy; a token adds nothing.
    ("GET",  "/my/fee_agreements/{signed_agr}/signed?access_token=wrong", 404, 200, 200, 200),
    # The client's engagements (both matters are the portal user's): another
    # team's matter is the partners' only, a withdrawn deliverable the firm's.
    ("GET",  "/my/engagements",                                     303, 200, 200, 200),
    ("GET",  "/my/engagements/{eng}?access_token={eng_token}",      303, 200, 200, 200),
    ("GET",  "/my/engagements/{other_eng}",                         303, 404, 404, 200),
    ("GET",  "/my/engagements/{other_eng}?access_token={other_eng_token}", 303, 200, 200, 200),
    ("POST", "/my/engagements/{eng}/upload?access_token={eng_token}", 303, 200, 404, 404),
    ("GET",  "/my/deliverables/{dlv}",                              303, 200, 200, 200),
    ("GET",  "/my/deliverables/{dlv}/download",                     303, 200, 200, 200),
    ("GET",  "/my/deliverables/{withdrawn_dlv}",                    303, 404, 200, 200),
    ("GET",  "/my/deliverables/{withdrawn_dlv}/download",           303, 404, 200, 200),
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
        # A check and its matches are the run's (the workflow path stands for it).
        Check, Line = env["itlaw.conflict.check"], env["itlaw.conflict.check.line"]
        with Check._itlaw_workflow_path(), Line._itlaw_workflow_path():
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
        # Agreements reach "sent" and "signed" only through the workflow.
        cls.own_agreement = agreement(own_matter)
        cls.other_agreement = agreement(other_matter, partner_id=cls.prospect.id)
        (cls.own_agreement | cls.other_agreement).action_send()
        cls.signed_agreement = agreement(
            own_matter,
            scanned_copy=base64.b64encode(b"%PDF-1.4 signed on paper"),
            scanned_copy_filename="signed.pdf",
        )
        cls.signed_agreement.action_mark_signed_scanned()
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
            "eng": self.own_engagement.id,
            "eng_token": self.own_engagement._portal_ensure_token(),
            "other_eng": self.other_engagement.id,
            "other_eng_token": self.other_engagement._portal_ensure_token(),
            "dlv": _matrix_deliverable(self).id,
            "withdrawn_dlv": _matrix_deliverable(self, published=False).id,
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
                # The sign route is posted without the version the page showed: its
                # refusal is logged as a warning, expected here.
                with (
                    self.subTest(who=who, method=method, path=path),
                    mute_logger(
                        "odoo.addons.itlaw_ai_advisory.models.itlaw_fee_agreement_signature"
                    ),
                ):
                    self.assertEqual(self.request(method, url).status_code, status)


# ---------------------------------------------------------------------------
# Every stored field, every role (generated cells)
# ---------------------------------------------------------------------------
# For each model of the addon (and the addon's fields on Odoo's models), who
# may set each stored field over the ORM, as JSON-RPC reaches it: create by
# (roles), write by (roles). A field missing here fails the test: a new field
# must be classified. Values written are generated from the field's type; a
# many2one gets another team's record (moving a record out of its scope).
L, P = "lawyer", "partner"
ROLES = ("lawyer", "partner", "portal")
NOBODY = ((), ())  # computed, or set by the workflow only
STAFF = ((L, P), (L, P))  # edited by the firm's users
PARTNERS = ((P,), (P,))  # edited by partners (Associés) only
AT_CREATION = ((L, P), ())  # chosen when creating, then set by the workflow only
CREATED_BY_PARTNERS = ((P,), ())


def words(text):
    return text.split()


# model: (sample written, sample created, {field: (create by, write by)})
FIELD_CLASSES = {
    "itlaw.intake": (
        "intake",
        "intake",
        {
            # Evidence (the submission and Recompute write it), but the lead
            # link stays editable: leads get merged.
            "lead_id": ((), (L, P)),
            **dict.fromkeys(
                words(
                    "name company_id partner_id lang description answers answer_ids "
                    "law_as_of dpia_ids "
                    "finding_ids consent_given consent_version consent_date consent_ip "
                    "consent_user_agent consent_proof confirmation_sent catalog_version "
                    "timeline assessed_on assessment score band subscore_gdpr subscore_ai_act "
                    "subscore_dpia prohibited dpia_required dpia_criteria ai_act_tier"
                ),
                NOBODY,
            ),
        },
    ),
    "itlaw.intake.answer": (
        "intake answer",
        "intake answer",
        dict.fromkeys(
            words("intake_id sequence question step value"),
            NOBODY,
        ),
    ),
    "itlaw.intake.finding": (
        "intake finding",
        "intake finding",
        dict.fromkeys(
            words(
                "intake_id company_id rule framework severity points reference_fr reference_en "
                "finding_fr finding_en action_fr action_en superseded_by "
                "triggers to_verify unverified applies_from applicable"
            ),
            NOBODY,
        ),
    ),
    "itlaw.rule.setting": (
        "rule setting",
        "rule setting",
        {"rule": CREATED_BY_PARTNERS, "enabled": PARTNERS, "weight": PARTNERS, "revision": NOBODY},
    ),
    "itlaw.submission.attempt": (
        "submission attempt",
        "submission attempt",
        {"ip": NOBODY, "attempted_at": NOBODY},
    ),
    "itlaw.consultation.type": (
        "consultation type",
        "consultation type",
        dict.fromkeys(
            words(
                "name sequence active company_id description duration buffer_before "
                "buffer_after min_notice horizon slot_step location_type address video_link "
                "lawyer_ids practice_area price vat_rate allow_lawyer_choice"
            ),
            PARTNERS,
        ),
    ),
    "itlaw.settings": (
        "settings",
        "settings",
        dict.fromkeys(
            words(
                "timeline intake_rate_limit consent_version booking_cutoff_hours "
                "engagement_reminder_days privacy_link_days retention_years "
                "fee_reminder_days fee_expiry_alert_days"
            ),
            PARTNERS,
        ),
    ),
    "itlaw.pipeline.report.wizard": (
        "pipeline workbook wizard",
        "pipeline workbook wizard",
        dict.fromkeys(words("date_from date_to team_id user_ids company_ids"), PARTNERS),
    ),
    "itlaw.pipeline.dashboard": (
        "partners' dashboard",
        "partners' dashboard",
        dict.fromkeys(words("date_from date_to team_id"), PARTNERS),
    ),
    "itlaw.engagement": (
        "own engagement",
        "own engagement",
        {
            "name": NOBODY,  # the sequence
            "company_id": AT_CREATION,
            "partner_id": AT_CREATION,
            "lead_id": AT_CREATION,
            "intake_id": AT_CREATION,
            # The team: chosen when opening the matter, then assigned by partners.
            "user_id": ((L, P), (P,)),
            "supervisor_id": ((L, P), (P,)),
            "team_ids": ((L, P), (P,)),
            "practice_area_ids": STAFF,
            "scope": STAFF,
            "budget_hours": STAFF,
            "stage": STAFF,  # every working stage through the gate
            "project_id": NOBODY,  # opening the matter's project
            "conflict_check_ids": NOBODY,  # the checks' run
            "party_ids": STAFF,  # parties added later (a new check then)
            "fee_agreement_ids": NOBODY,  # an agreement's matter is set at its creation
            "dpia_ids": NOBODY,  # drafted by "Draft a DPIA"
            "fria_ids": NOBODY,  # drafted by "Draft a FRIA"
            "deliverable_ids": NOBODY,  # published by the lawyer, uploaded by the client
        },
    ),
    "itlaw.deliverable": (
        "published deliverable",
        "published deliverable",
        {
            "name": ((), (L, P)),
            **dict.fromkeys(
                words(
                    "engagement_id company_id partner_id kind from_client attachment_id "
                    "published published_on"
                ),
                NOBODY,
            ),
        },
    ),
    # A FRIA is made by "Draft a FRIA" only; users edit the elements of Art. 27(1).
    "itlaw.fria": (
        "own engagement's FRIA",
        "own engagement's FRIA",
        {
            **dict.fromkeys(
                words("name process period persons risks oversight remedies"), ((), (L, P))
            ),
            **dict.fromkeys(
                words(
                    "engagement_id intake_id partner_id company_id user_id lang catalog_version "
                    "law_as_of"
                ),
                NOBODY,
            ),
        },
    ),
    "itlaw.memo.template": (
        "memo template",
        "memo template",
        {
            **dict.fromkeys(
                words("name lang sequence active intro qualification obligations roadmap closing"),
                PARTNERS,
            ),
        },
    ),
    # A DPIA and its sections are made by "Draft a DPIA" only; users edit their texts.
    "itlaw.dpia": (
        "own engagement's DPIA",
        "own engagement's DPIA",
        {
            **dict.fromkeys(
                words(
                    "name author_name evaluator_name validator_name dpo_names dpo_status "
                    "subjects_names subjects_sought subjects_not_sought_reason subjects_status "
                    "decision measure_ids"
                ),
                ((), (L, P)),
            ),
            **dict.fromkeys(
                words(
                    "engagement_id intake_id partner_id company_id user_id lang catalog_version "
                    "law_as_of drafted_on section_ids context_section_ids principle_section_ids "
                    "risk_section_ids validation_section_ids progress to_complete_count"
                ),
                NOBODY,
            ),
        },
    ),
    "itlaw.dpia.section": (
        "own DPIA section",
        "own DPIA section",
        {
            **dict.fromkeys(
                words(
                    "state content impacts threats risk_sources risk_measures severity "
                    "likelihood likelihood_note"
                ),
                ((), (L, P)),
            ),
            **dict.fromkeys(words("dpia_id key sequence part kind proposal company_id"), NOBODY),
        },
    ),
    "itlaw.dpia.measure": (
        "own DPIA measure",
        "own DPIA measure",
        {
            **dict.fromkeys(words("sequence name content planned"), STAFF),
            "dpia_id": AT_CREATION,
            "company_id": NOBODY,  # the DPIA's
            "proposal": NOBODY,  # the drafting's
        },
    ),
    "itlaw.dpia.import.wizard": (
        "DPIA import wizard",
        "DPIA import wizard",
        dict.fromkeys(words("dpia_id file filename"), STAFF),
    ),
    "itlaw.practice.area": (
        "practice area",
        "practice area",
        dict.fromkeys(words("name sequence active"), PARTNERS),
    ),
    "itlaw.engagement.wizard": (
        "engagement wizard",
        "engagement wizard",
        dict.fromkeys(
            words(
                "lead_id partner_id intake_id user_id supervisor_id team_ids "
                "practice_area_ids scope"
            ),
            STAFF,
        ),
    ),
    "itlaw.conflict.check": (
        "own conflict check",
        "own conflict check",
        {
            # The run sets what was searched and found, the buttons the decision.
            **dict.fromkeys(
                words(
                    "company_id lead_id engagement_id partner_id subjects subject_keys hit_count "
                    "line_ids "
                    "decision decided_by_id decided_on"
                ),
                NOBODY,
            ),
            "conflict_reason": ((), (P,)),
        },
    ),
    "itlaw.conflict.check.line": (
        "own conflict match",
        "own conflict match",
        dict.fromkeys(
            words(
                "check_id sequence subject subject_kind reason similarity role res_model res_id "
                "record_name"
            ),
            NOBODY,
        ),
    ),
    "itlaw.party": (
        "own engagement's party",
        "own engagement's party",
        {
            "sequence": STAFF,
            "name": STAFF,
            "kind": STAFF,
            "lead_id": AT_CREATION,
            "engagement_id": AT_CREATION,
            "name_key": NOBODY,
        },
    ),
    "itlaw.fee.agreement": (
        "draft fee agreement",
        "own fee agreement",
        {
            **dict.fromkeys(
                words(
                    "name partner_id contact_id user_id lang fee_fixed fixed_amount "
                    "fixed_description "
                    "fee_hourly rate_line_ids fee_subscription subscription_amount "
                    "subscription_scope result_fee result_fee_type result_fee_percent "
                    "result_fee_amount result_fee_description vat_rate payment_terms "
                    "expenses_policy duration_termination client_information dispute_clause "
                    "validity_date scanned_copy scanned_copy_filename"
                ),
                STAFF,
            ),
            "company_id": AT_CREATION,
            "engagement_id": AT_CREATION,
            # The workflow: send, sign, record a scanned copy, amend, cancel.
            **dict.fromkeys(
                words(
                    "state amended_from_id sent_on sent_hash signature_method signed_by signed_on "
                    "signed_ip signature signed_hash signed_document_id signed_recorded_by_id "
                    # The signature certificate's evidence, the reminders' marks.
                    "sent_to opened_on signed_user_agent reminder_sent_on expiry_alert_on"
                ),
                NOBODY,
            ),
        },
    ),
    "itlaw.fee.agreement.rate": (
        "draft fee rate",
        "draft fee rate",
        {
            "sequence": STAFF,
            "user_id": STAFF,
            "grade": STAFF,
            "hourly_rate": STAFF,
            "agreement_id": AT_CREATION,
        },
    ),
    "itlaw.pipeline.analysis": (
        "pipeline analysis",
        "pipeline analysis",
        dict.fromkeys(
            words(
                "lead_id company_id team_id user_id stage_id state source_id "
                "medium_id campaign_id ai_risk_band ai_act_tier ai_risk_score practice_area "
                "lead_count intake_count consulted consultation_rate won_rate engaged "
                "engagement_rate consultation_count first_contact_date first_consultation_date "
                "hours_to_first_contact hours_to_consultation"
            ),
            NOBODY,
        ),
    ),
    "itlaw.consent": (
        "consent",
        "consent",
        dict.fromkeys(
            words(
                "partner_id kind version date lang ip user_agent intake_id lead_id event_id "
                "withdrawn_on proof"
            ),
            NOBODY,
        ),
    ),
    "itlaw.privacy.request": (
        "privacy request",
        "privacy request",
        dict.fromkeys(words("email lang state token_hash expires_at"), NOBODY),
    ),
    "itlaw.processing.activity": (
        "processing activity",
        "processing activity",
        dict.fromkeys(
            words(
                "sequence active name purpose legal_basis data_subjects data_categories "
                "recipients transfers retention security_measures company_id"
            ),
            PARTNERS,
        ),
    ),
    "itlaw.retention.wizard": (
        "retention wizard",
        "retention wizard",
        # The count is the wizard's own display: nothing reads it back.
        {"retention_years": PARTNERS, "line_ids": PARTNERS, "count": PARTNERS},
    ),
    "itlaw.retention.wizard.line": (
        "retention wizard line",
        "retention wizard line",
        dict.fromkeys(words("wizard_id partner_id last_contact"), PARTNERS),
    ),
    # The addon's fields on Odoo's models.
    "crm.lead": (
        "lead of a diagnostic",
        "lead of a diagnostic",
        {
            # A lawyer attaches diagnostics, consultations and parties to a lead.
            "intake_ids": STAFF,
            "itlaw_consultation_ids": STAFF,
            "itlaw_party_ids": STAFF,
            **dict.fromkeys(
                words(
                    # Computed from the diagnostics, consultations, checks, matters.
                    "intake_count ai_intake_id ai_risk_score ai_risk_band ai_act_tier "
                    "ai_dpia_required ai_prohibited itlaw_consulted_count "
                    "itlaw_first_consultation_date itlaw_practice_area itlaw_partner_name_key "
                    "itlaw_contact_name_key itlaw_email_domain itlaw_conflict_status "
                    "itlaw_engagement_count "
                    # Recorded by the chatter hook; set by the privacy paths.
                    "itlaw_first_contact_date itlaw_objected itlaw_restricted itlaw_anonymised "
                    # A check's lead and a matter's origin are theirs to set.
                    "itlaw_conflict_check_ids itlaw_engagement_ids"
                ),
                NOBODY,
            ),
        },
    ),
    "res.partner": (
        "prospect's contact",
        "prospect's contact",
        dict.fromkeys(
            words(
                "itlaw_name_key itlaw_email_domain itlaw_siren itlaw_vat_key itlaw_consent_ids "
                "itlaw_marketing_consent itlaw_objected_on itlaw_restricted itlaw_anonymised_on"
            ),
            NOBODY,
        ),
    ),
    "project.project": (
        "own matter's project",
        "own matter's project",
        {"itlaw_engagement_id": NOBODY},
    ),
}
# A real image (a drawn signature, say): an invalid one would be refused for that.
FORGED_PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQED"
    "asKb6QAAAABJRU5ErkJggg=="
)
# Values within a field's constraints, where the generated one would break them.
VALID_VALUES = {
    ("itlaw.rule.setting", "weight"): 2.0,
    ("itlaw.pipeline.report.wizard", "date_from"): "2026-01-15",
    ("itlaw.pipeline.dashboard", "date_from"): "2026-01-15",
    # The client or one of its contacts only (another partner is a ValidationError).
    ("itlaw.fee.agreement", "contact_id"): False,
}
# Other values a valid record needs with the field's new value.
WITH_VALUES = {
    ("itlaw.consultation.type", "location_type"): {"address": "1 rue de la Paix, Paris"},
    ("itlaw.fee.agreement", "result_fee"): {"fee_fixed": True, "fixed_amount": 1000.0},
}
# The signed PDF of a fee agreement: nobody changes any of it (written, never created).
SIGNED_PDF_EXTRA_FIELDS = ("datas", "raw")
# Odoo's portal gives any reader of an attachment a share token (generate_access_token):
# it changes neither the bytes nor the record the PDF belongs to.
SIGNED_PDF_HARMLESS_FIELDS = ("access_token",)

GENERATED_SAMPLES = {
    "draft fee agreement": (
        "itlaw.fee.agreement",
        lambda case: case.draft_agreement,
        lambda case: {"partner_id": case.prospect.id, "engagement_id": case.own_engagement.id},
        {},
    ),
    "draft fee rate": (
        "itlaw.fee.agreement.rate",
        lambda case: case.draft_agreement.rate_line_ids,
        lambda case: {
            "agreement_id": case.draft_agreement.id,
            "grade": "trainee",
            "hourly_rate": 200.0,
        },
        {},
    ),
    "prospect's contact": (
        "res.partner",
        lambda case: case.prospect,
        lambda case: {"name": "Matrix contact"},
        {},
    ),
    "own matter's project": (
        "project.project",
        lambda case: case.own_engagement.project_id,
        lambda case: {"name": "Matrix project"},
        {},
    ),
    "signed agreement's PDF": (
        "ir.attachment",
        lambda case: case.signed_pdf,
        None,
        {},
    ),
}


def classified_fields(model):
    """The stored fields a user could send: the addon's own (all of them on
    ir.attachment), the magic ones aside."""
    return {
        name
        for name, field in model._fields.items()
        if field.store
        and not field.automatic
        and name not in models.MAGIC_COLUMNS
        and (model._name == "ir.attachment" or "itlaw_ai_advisory" in (field._modules or ()))
    }


@tagged("post_install", "-at_install")
class TestFieldWriteMatrix(MatrixCase, TransactionCase):
    """Each stored field, created and written by each role over the ORM (what
    JSON-RPC reaches): refused unless the role edits it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_matrix()
        env = cls.env
        # Its lead cleared, as a matter may be opened from it (issue 20).
        clear_conflict_check(cls.intake.lead_id)
        Agreement = env["itlaw.fee.agreement"]
        cls.other_company = env["res.company"].create({"name": "Matrix other firm"})
        with workflow_path("itlaw.fee.agreement"):
            cls.draft_agreement = Agreement.create(
                {
                    "partner_id": cls.users["portal"].partner_id.id,
                    "engagement_id": cls.own_engagement.id,
                    "fee_hourly": True,
                    "rate_line_ids": [Command.create({"grade": "trainee", "hourly_rate": 150.0})],
                }
            )
            cls.signed_pdf = env["ir.attachment"].create(
                {
                    "name": "signed.pdf",
                    "raw": b"%PDF-1.4 signed",
                    "mimetype": "application/pdf",
                    "res_model": "itlaw.fee.agreement",
                }
            )
            # Signed with its PDF, as the signature stores it.
            cls.signed_with_pdf = Agreement.create(
                {
                    "partner_id": cls.users["portal"].partner_id.id,
                    "engagement_id": cls.own_engagement.id,
                    "fee_fixed": True,
                    "fixed_amount": 900.0,
                    "state": "signed",
                    "signed_by": "Matrix Client",
                    "signed_hash": "0" * 64,
                    "signed_document_id": cls.signed_pdf.id,
                }
            )
            cls.signed_pdf.res_id = cls.signed_with_pdf.id
        cls.other_consent = (
            env["itlaw.consent"]
            .with_context(itlaw_engine_path=True)
            .create({"partner_id": cls.intake.partner_id.id, "kind": "privacy", "version": "1"})
        )
        # Another team's records, for many2one and one2many values.
        cls.foreign = {
            "itlaw.engagement": cls.other_engagement,
            "itlaw.conflict.check": cls.other_check,
            "itlaw.conflict.check.line": cls.other_check.line_ids[:1],
            "itlaw.party": cls.other_party,
            "itlaw.fee.agreement": cls.other_agreement,
            "itlaw.fee.agreement.rate": cls.other_agreement.rate_line_ids[:1],
            "project.project": cls.other_engagement.project_id,
            "res.users": cls.avocate,
            "res.company": cls.other_company,
            "calendar.event": cls.other_event,
            "crm.lead": cls.intake.lead_id,
            "itlaw.intake": cls.intake,
            "itlaw.consent": cls.other_consent,
            "itlaw.dpia": _matrix_dpia(cls, False),
            "itlaw.fria": _matrix_fria(cls, False),
            "itlaw.deliverable": cls.env["itlaw.deliverable"]._itlaw_publish(
                cls.other_engagement, "memo", [("Other", "other.json", b"{}", "application/json")]
            ),
        }
        # Legitimate new lines of the one2many fields users edit.
        cls.new_lines = {
            ("itlaw.fee.agreement", "rate_line_ids"): {"grade": "senior", "hourly_rate": 250.0},
            ("crm.lead", "itlaw_party_ids"): {"name": "Matrix Rival SA"},
            ("itlaw.engagement", "party_ids"): {"name": "Matrix Counterparty SA"},
        }

    def sample(self, name):
        return GENERATED_SAMPLES.get(name) or SAMPLES[name]

    def other_record(self, comodel, current):
        Comodel = self.env[comodel].sudo().with_context(active_test=False)
        candidates = self.foreign.get(comodel, Comodel) | Comodel.search([], limit=3, order="id")
        return (candidates - current)[:1]

    def value(self, record, name, create):
        """A value of ``name`` other than the record's (or the default)."""
        Model = record.browse()
        if (Model._name, name) in VALID_VALUES:
            return VALID_VALUES[Model._name, name]
        field = Model._fields[name]
        current = Model.default_get([name]).get(name) if create else record[name]
        kind = field.type
        if create and kind in ("many2one", "many2many"):
            current = Model.env[field.comodel_name].browse(
                field.convert_to_cache(current, Model) if current else ()
            )
        if kind == "boolean":
            return not current
        if kind in ("char", "text"):
            return '=HYPERLINK("http://forged.example")'
        if kind == "html":
            return "<p>Forged</p>"
        if kind in ("integer", "many2one_reference"):
            return (current or 0) + 7
        if kind in ("float", "monetary"):
            return (current or 0) + 7.5
        if kind == "selection":
            keys = [key for key, _label in field._description_selection(self.env)]
            return next(key for key in keys if key != current)
        if kind == "date":
            return "2030-01-02"
        if kind == "datetime":
            return "2030-01-02 03:04:05"
        if kind == "image":
            return FORGED_PNG
        if kind == "binary":
            return base64.b64encode(b"forged")
        if kind == "json":
            return {"forged": 1}
        if kind == "reference":
            return f"res.partner,{self.prospect.id}"
        if kind == "many2one":
            if create and field.comodel_name == "res.company":
                return self.env.company.id
            empty = Model.env[field.comodel_name]
            return self.other_record(field.comodel_name, current or empty).id
        if kind == "many2many":
            empty = Model.env[field.comodel_name]
            other = self.other_record(field.comodel_name, current or empty)
            return [Command.set(other.ids)]
        if kind == "one2many":
            line = self.new_lines.get((Model._name, name))
            if line:
                return [Command.create(line)]
            child = self.foreign.get(field.comodel_name)
            return [Command.link(child.id)] if child else [Command.clear()]
        raise AssertionError(f"No value for {Model._name}.{name} ({kind})")

    def attempt(self, operation):
        """Whether ``operation`` runs: True, or False when refused (AccessError,
        UserError); anything else is returned as the error to report."""
        try:
            with self.env.cr.savepoint() as savepoint:
                operation()
                self.env.flush_all()
                savepoint.rollback()
        except (AccessError, UserError):
            return False
        except Exception as error:  # reported as the cell's failure
            return error
        finally:
            self.env.invalidate_all()
        return True

    def test_every_field_is_classified(self):
        own = {
            name
            for name in self.env
            if name.startswith("itlaw.")
            and not self.env[name]._abstract
            and name != "itlaw.pipeline.report"
        }
        self.assertEqual(sorted(own - FIELD_CLASSES.keys()), [], "models without their fields")
        for model, (_written, _created, classes) in FIELD_CLASSES.items():
            with self.subTest(model=model):
                stored = classified_fields(self.env[model])
                self.assertEqual(sorted(stored - classes.keys()), [], "unclassified fields")
                self.assertEqual(sorted(classes.keys() - stored), [], "fields no longer stored")

    def test_each_role_sets_only_the_fields_it_edits(self):
        failures = []
        for model, (written, created, classes) in FIELD_CLASSES.items():
            _m, get_record, _new, _w = self.sample(written)
            _m, _g, create_values, _w = self.sample(created)
            for who in ROLES:
                self.user = self.users[who]
                record = get_record(self).with_user(self.user)
                base = create_values(self)
                Model = self.env[model].with_user(self.user)
                for name, (creators, writers) in sorted(classes.items()):
                    extra = WITH_VALUES.get((model, name), {})
                    cells = [
                        (
                            "write",
                            who in writers,
                            lambda record=record, name=name, extra=extra: record.write(
                                {**extra, name: self.value(record.sudo(), name, False)}
                            ),
                        ),
                        (
                            "create",
                            who in creators,
                            lambda Model=Model, name=name, base=base, extra=extra: Model.create(
                                {
                                    **base,
                                    **extra,
                                    name: base[name]
                                    if name in base
                                    else self.value(Model.sudo(), name, True),
                                }
                            ),
                        ),
                    ]
                    for operation, expected, cell in cells:
                        outcome = self.attempt(cell)
                        if outcome is not expected:
                            failures.append(f"{model}.{name} {operation} as {who}: {outcome!r}")
        self.assertFalse(failures, "\n".join(["Cells that differ from the lists:", *failures]))

    def test_nobody_changes_the_signed_pdf(self):
        failures = []
        pdf = self.signed_pdf
        names = (classified_fields(pdf) | set(SIGNED_PDF_EXTRA_FIELDS)) - set(
            SIGNED_PDF_HARMLESS_FIELDS
        )
        for who in ROLES:
            record = pdf.with_user(self.users[who])
            for name in sorted(names):
                outcome = self.attempt(
                    lambda record=record, name=name: record.write(
                        {name: self.value(record.sudo(), name, False)}
                    )
                )
                if outcome is not False:
                    failures.append(f"ir.attachment.{name} write as {who}: {outcome!r}")
            if self.attempt(record.unlink) is not False:
                failures.append(f"ir.attachment unlink as {who}")
        self.assertFalse(failures, "\n".join(["Changes of the signed PDF:", *failures]))
