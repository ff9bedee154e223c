from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import CONTACT, CV_SCREENING, AdvisoryCase
from .common import request_info as make_request_info

# One value per evidence field of an intake, each different from the stored one.
FORGED = {
    "name": "DIAG-FORGED",
    "lang": "en_US",
    "description": "Rewritten after the fact",
    "answers": {"org_type": "public"},
    "consent_given": False,
    "consent_version": "1999-01",
    "consent_date": "2020-01-01 00:00:00",
    "consent_ip": "10.0.0.0",
    "consent_user_agent": "forged",
    "catalog_version": "0.0.1",
    "law_as_of": "2020-01-01",
    "timeline": "regulation_2024",
    "assessed_on": "2020-01-01",
    "assessment": {"score": 1},
    "score": 1,
    "band": "faible",
    "subscore_gdpr": 1,
    "subscore_ai_act": 1,
    "subscore_dpia": 1,
    "prohibited": True,
    "dpia_required": False,
    "dpia_criteria": "",
    "ai_act_tier": "minimal",
}


@tagged("post_install", "-at_install")
class TestEvidence(AdvisoryCase, TransactionCase):
    """What the prospect answered and accepted, and what the engine concluded,
    cannot be altered outside the engine's paths, by any group."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_firm()
        cls.portal = new_test_user(cls.env, "t_portal", groups="base.group_portal")
        cls.intake = cls.env["itlaw.intake"]._submit(
            dict(CV_SCREENING), dict(CONTACT), make_request_info()
        )
        cls.other_partner = cls.env["res.partner"].create({"name": "Someone else"})

    def assert_refused(self, records, vals):
        with self.assertRaises(AccessError):
            records.write(vals)
        with self.assertRaises(AccessError):
            records.unlink()

    def test_nobody_rewrites_or_deletes_an_intake(self):
        vals = {**FORGED, "partner_id": self.other_partner.id}
        for user in (self.avocat, self.associe, self.portal):
            intake = self.intake.with_user(user)
            for name, value in vals.items():
                with self.subTest(user=user.login, field=name), self.assertRaises(AccessError):
                    intake.write({name: value})
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                intake.unlink()
        self.assertNotEqual(self.intake.partner_id, self.other_partner)
        self.assertNotEqual(self.intake.score, FORGED["score"])

    def test_sudo_and_a_forged_context_do_not_unlock_evidence(self):
        for user in (self.avocat, self.associe):
            intake = self.intake.with_user(user)
            self.assert_refused(intake.sudo(), {"score": 1})
            self.assert_refused(intake.with_context(itlaw_engine_path=True), {"score": 1})
            # Superuser mode without the engine's own path is not enough either.
            self.assert_refused(intake.sudo().finding_ids, {"points": 0})
            self.assert_refused(intake.sudo().answer_ids, {"value": "public"})

    def test_nobody_rewrites_adds_or_deletes_answers_and_findings(self):
        for user in (self.avocat, self.associe, self.portal):
            intake = self.intake.with_user(user)
            findings = self.intake.finding_ids.with_user(user)
            answers = self.intake.answer_ids.with_user(user)
            with self.subTest(user=user.login):
                self.assert_refused(findings, {"points": 0, "severity": "info"})
                self.assert_refused(answers, {"value": "public"})
                with self.assertRaises(AccessError):
                    findings.create({"intake_id": self.intake.id, "rule": "x", "severity": "low"})
                with self.assertRaises(AccessError):
                    answers.create({"intake_id": self.intake.id, "question": "org_type"})
                # Nor through the intake's own lines.
                with self.assertRaises(AccessError):
                    intake.write({"finding_ids": [fields.Command.clear()]})
                with self.assertRaises(AccessError):
                    intake.write(
                        {"answer_ids": [fields.Command.update(answers[:1].id, {"value": "x"})]}
                    )
        self.assertTrue(self.intake.finding_ids)
        self.assertEqual(len(self.intake.answer_ids), len(CV_SCREENING))

    def test_lawyers_keep_what_they_edit_on_the_lead(self):
        lead = self.intake.lead_id.with_user(self.avocat)
        stage = self.env["crm.stage"].search([("id", "!=", lead.stage_id.id)], limit=1)
        lead.write(
            {
                "stage_id": stage.id,
                "user_id": self.avocate.id,
                "description": "<p>Called back, DPIA to plan</p>",
                "priority": "2",
            }
        )
        self.assertEqual(lead.stage_id, stage)
        self.assertEqual(lead.user_id, self.avocate)
        intake = self.intake.with_user(self.avocat)
        intake.message_post(body="Qualified", subtype_xmlid="mail.mt_note")
        other_lead = self.env["crm.lead"].create({"name": "Merged lead"})
        intake.lead_id = other_lead
        self.assertEqual(self.intake.lead_id, other_lead)

    def test_recompute_records_a_new_assessment(self):
        setting = self.env["itlaw.rule.setting"].search([("rule", "=", "aia_high_risk_annex_iii")])
        setting.enabled = False
        score_before, consent = self.intake.score, self.intake.read(["consent_date", "consent_ip"])
        self.intake.with_user(self.avocat).action_recompute()
        self.assertLess(self.intake.score, score_before)
        self.assertNotIn("aia_high_risk_annex_iii", self.intake.finding_ids.mapped("rule"))
        self.assertEqual(self.intake.read(["consent_date", "consent_ip"]), consent)

    def test_the_confirmation_cron_still_marks_intakes(self):
        self.assertFalse(self.intake.confirmation_sent)
        with self.assertRaises(AccessError):
            self.intake.with_user(self.associe).confirmation_sent = True
        self.env["itlaw.intake"]._cron_send_confirmations()
        self.assertTrue(self.intake.confirmation_sent)
