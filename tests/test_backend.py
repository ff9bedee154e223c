from odoo.tests import Form, TransactionCase, tagged

from .common import CONTACT, CV_SCREENING, AdvisoryCase
from .common import request_info as make_request_info


@tagged("post_install", "-at_install")
class TestBackend(AdvisoryCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_firm()
        cls.intake = cls.env["itlaw.intake"]._submit(
            dict(CV_SCREENING), dict(CONTACT), make_request_info()
        )

    def test_lead_form_shows_the_diagnostic(self):
        lead = self.intake.lead_id.with_user(self.avocat)
        with Form(lead) as form:
            self.assertEqual(form.ai_risk_score, self.intake.score)
            self.assertEqual(form.ai_risk_band, self.intake.band)
            self.assertEqual(len(form.ai_finding_ids), len(self.intake.finding_ids))
        arch = lead.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="ai_diagnostic"', arch)

    def test_views_of_the_pipeline_load_for_a_lawyer(self):
        Lead = self.env["crm.lead"].with_user(self.avocat)
        views = Lead.get_views([(False, "kanban"), (False, "list"), (False, "search")])["views"]
        self.assertIn("ai_risk_band", views["kanban"]["arch"])
        self.assertIn("ai_risk_score", views["list"]["arch"])
        self.assertIn("group_ai_band", views["search"]["arch"])
        Intake = self.env["itlaw.intake"].with_user(self.avocat)
        Intake.get_views([(False, "list"), (False, "form"), (False, "search")])

    def test_risk_fields_are_groupable_measures(self):
        groups = self.env["crm.lead"].read_group(
            [("id", "=", self.intake.lead_id.id)], ["ai_risk_score:avg"], ["ai_risk_band"]
        )
        self.assertEqual(groups[0]["ai_risk_band"], self.intake.band)
        self.assertEqual(groups[0]["ai_risk_score"], self.intake.score)

    def test_menu_for_lawyers_and_partners_only(self):
        root = self.env.ref("itlaw_ai_advisory.menu_root")
        settings = self.env.ref("itlaw_ai_advisory.menu_configuration")
        plain = self.env["res.users"].create({"name": "Plain", "login": "t_plain"})
        for user, sees_root, sees_settings in (
            (self.associe, True, True),
            (self.avocat, True, False),
            (plain, False, False),
        ):
            visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
            self.assertEqual(root.id in visible, sees_root, user.login)
            self.assertEqual(settings.id in visible, sees_settings, user.login)

    def test_view_intakes_action(self):
        action = self.intake.lead_id.action_view_intakes()
        self.assertEqual(action["res_id"], self.intake.id)

    def test_answers_and_findings_read_in_the_user_language(self):
        finding = self.intake.finding_ids[:1]
        self.assertEqual(finding.with_context(lang="fr_FR").finding, finding.finding_fr)
        self.assertEqual(finding.with_context(lang="en_US").finding, finding.finding_en)
        answer = self.intake.answer_ids.filtered(lambda a: a.question == "org_type")
        self.assertNotEqual(answer.with_context(lang="en_US").question_label, "org_type")
        self.assertNotEqual(answer.value_label, "private")
