from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.itlaw_ai_advisory import itlaw_ai_advisory as engine

from .common import CONTACT, CV_SCREENING, AdvisoryCase
from .common import request_info as make_request_info

RATE_LIMIT_PARAM = "itlaw_ai_advisory.intake_rate_limit"


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

    def test_finding_dialog_speaks_the_user_language(self):
        arch = (
            self.env["itlaw.intake.finding"]
            .with_user(self.avocat)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        for shown in ("finding", "action", "reference", "triggers_display"):
            self.assertIn(f'name="{shown}"', arch)
        for hidden in ("finding_fr", "finding_en", "action_fr", "reference_en", 'name="triggers"'):
            self.assertNotIn(hidden, arch)
        self.env["res.lang"]._activate_lang("fr_FR")
        catalog = engine.get_catalog()
        question = catalog.questions["proj_annex_iii"]
        employment = next(option for option in question.options if option.id == "employment")
        finding = self.intake.finding_ids.filtered(lambda f: f.rule == "aia_high_risk_annex_iii")
        for lang, code in (("fr_FR", "fr"), ("en_US", "en")):
            shown = finding.with_context(lang=lang).triggers_display
            self.assertIn(f"{question.label[code]} → {employment.label[code]}", shown, lang)
            self.assertNotIn("proj_annex_iii", shown)
            self.assertEqual(finding.with_context(lang=lang).finding, finding[f"finding_{code}"])

    def test_superseded_findings_name_their_rule_and_are_muted(self):
        superseded = self.intake.finding_ids.filtered("superseded_by")
        self.assertTrue(superseded)
        rule = engine.get_catalog().rules[superseded[0].superseded_by]
        self.env["res.lang"]._activate_lang("fr_FR")
        for lang, code in (("fr_FR", "fr"), ("en_US", "en")):
            self.assertEqual(
                superseded[0].with_context(lang=lang).superseded_by_title, rule.finding[code]
            )
        arch = (
            self.env["itlaw.intake.finding"]
            .with_user(self.avocat)
            .get_views([(False, "list")])["views"]["list"]["arch"]
        )
        self.assertIn("decoration-warning=\"severity == 'high' and not superseded_by\"", arch)
        self.assertIn('name="points" invisible="superseded_by"', arch)

    def test_partner_rescores_open_leads_from_the_server_action(self):
        bad = self.env["itlaw.intake"]._submit(
            dict(CV_SCREENING),
            {**CONTACT, "email_from": "bad.answers@example.fr"},
            make_request_info(),
        )
        # Answers stored under an older catalog that no longer knows one option.
        bad.with_context(itlaw_engine_path=True).answers = {**CV_SCREENING, "org_type": "gone"}
        bad_score = bad.score
        setting = self.env["itlaw.rule.setting"].search([("rule", "=", "aia_high_risk_annex_iii")])
        setting.enabled = False
        score_before = self.intake.score
        server_action = self.env.ref("itlaw_ai_advisory.itlaw_rule_setting_action_rescore")
        action = (
            server_action.with_user(self.associe)
            .with_context(
                active_model="itlaw.rule.setting", active_id=setting.id, active_ids=setting.ids
            )
            .run()
        )
        self.assertEqual(action["type"], "ir.actions.client")
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(action["params"]["type"], "warning")
        self.assertIn(bad.name, action["params"]["message"])
        open_intakes = self.env["itlaw.intake"].search_count(
            [("lead_id.active", "=", True), ("lead_id.stage_id.is_won", "=", False)]
        )
        self.assertIn(f"Diagnostics re-scored: {open_intakes - 1}.", action["params"]["message"])
        self.assertLess(self.intake.score, score_before)
        self.assertEqual(self.intake.lead_id.ai_risk_score, self.intake.score)
        self.assertEqual(bad.score, bad_score)
        self.assertIn("no longer fit the catalog", bad.message_ids[:1].body)
        # Recompute on that one intake says why it cannot.
        with self.assertRaises(UserError):
            bad.with_user(self.avocat).action_recompute()

    def test_rescoring_without_bad_answers_reports_success(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        setting = self.env["itlaw.rule.setting"].with_user(self.associe).search([], limit=1)
        action = setting.with_context(lang="fr_FR").action_rescore_open_leads()
        self.assertEqual(action["params"]["type"], "success")
        self.assertFalse(action["params"]["sticky"])
        self.assertIn("Diagnostics réévalués : ", action["params"]["message"])

    def test_partner_opens_and_saves_the_settings(self):
        menu = self.env.ref("itlaw_ai_advisory.menu_settings")
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(self.associe)._visible_menu_ids())
        action = (
            self.env["ir.actions.act_window"]
            .with_user(self.associe)
            ._for_xml_id("itlaw_ai_advisory.itlaw_settings_action")
        )
        self.assertEqual(action["res_model"], "itlaw.settings")
        self.env["res.lang"]._activate_lang("fr_FR")
        self.assertEqual(menu.with_context(lang="fr_FR").name, "Paramètres")
        labels = self.env["itlaw.settings"].with_context(lang="fr_FR").fields_get(["timeline"])
        self.assertEqual(labels["timeline"]["string"], "Calendrier de l'AI Act")
        params = self.env["ir.config_parameter"]
        params.set_param(RATE_LIMIT_PARAM, 12)
        with Form(self.env["itlaw.settings"].with_user(self.associe)) as form:
            self.assertEqual(form.intake_rate_limit, 12)
            form.intake_rate_limit = 25
            self.assertEqual(form.timeline, "omnibus_2026", "the law in force by default")
            form.timeline = "regulation_2024"  # the 2024 text stays a partner's choice
        result = form.record.action_save()
        self.assertEqual(result["tag"], "display_notification")
        self.assertEqual(params.get_param(RATE_LIMIT_PARAM), "25")
        self.assertEqual(params.get_param("itlaw_ai_advisory.timeline"), "regulation_2024")

    def test_rate_limit_setting_is_validated(self):
        Settings = self.env["itlaw.settings"].with_user(self.associe)
        for bad in (0, -5):
            with self.assertRaises(ValidationError):
                Settings.create({"intake_rate_limit": bad})
            with self.assertRaises(ValidationError):
                self.env["res.config.settings"].create({"itlaw_intake_rate_limit": bad})
        # A value edited by hand in the system parameters reads as the default.
        self.env["ir.config_parameter"].set_param(RATE_LIMIT_PARAM, "ten")
        self.assertEqual(Settings.default_get(["intake_rate_limit"])["intake_rate_limit"], 10)
        with mute_logger("odoo.addons.base.models.res_config"):
            values = self.env["res.config.settings"].default_get(["itlaw_intake_rate_limit"])
        self.assertEqual(values["itlaw_intake_rate_limit"], 10)
