"""The lawyer's cockpit (issue 20, items 14 to 16): where a lawyer lands,
the matter's tasks and the diagnostic's findings as the lawyer reads them."""

import datetime

from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from .common import CONTACT, CV_SCREENING, AdvisoryCase, request_info

TODAY = datetime.date(2026, 3, 2)


@tagged("post_install", "-at_install")
class TestHomeAction(AdvisoryCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_firm()
        cls.home = cls.env.ref("itlaw_ai_advisory.crm_lead_action_my_pipeline")

    def test_lawyers_and_partners_land_on_their_pipeline(self):
        for user in self.avocat | self.associe:
            self.assertEqual(user.action_id.id, self.home.id, user.login)
        context = self.home._get_action_dict()["context"]
        self.assertIn("search_default_assigned_to_me", context)
        self.assertIn("activity", self.home.view_mode)

    def test_other_users_and_chosen_home_actions_are_left_alone(self):
        clerk = new_test_user(self.env, "t_clerk", groups="base.group_user")
        self.assertFalse(clerk.action_id)
        chosen = self.env.ref("itlaw_ai_advisory.itlaw_engagement_action")
        lawyer = new_test_user(
            self.env,
            "t_chosen",
            groups="base.group_user,itlaw_ai_advisory.group_lawyer",
            action_id=chosen.id,
        )
        self.assertEqual(lawyer.action_id.id, chosen.id)

    def test_a_user_made_lawyer_later_lands_on_the_pipeline(self):
        clerk = new_test_user(self.env, "t_clerk2", groups="base.group_user")
        clerk.groups_id = [Command.link(self.env.ref("itlaw_ai_advisory.group_lawyer").id)]
        self.assertEqual(clerk.action_id.id, self.home.id)

    def test_existing_lawyers_get_it_at_install(self):
        self.avocat.action_id = False
        self.env["res.users"]._itlaw_set_home_action_all()
        self.assertEqual(self.avocat.action_id.id, self.home.id)

    def test_the_web_client_opens_the_home_action(self):
        menu = self.env.ref("itlaw_ai_advisory.menu_my_pipeline")
        self.assertEqual(menu.action.id, self.home.id)
        self.assertEqual(menu.parent_id, self.env.ref("itlaw_ai_advisory.menu_root"))


@tagged("post_install", "-at_install")
class TestEngagementCockpit(AdvisoryCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_firm()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.config_parameter"].set_param("itlaw_ai_advisory.timeline", "regulation_2024")
        cls.intake = cls.env["itlaw.intake"]._submit(
            dict(CV_SCREENING), dict(CONTACT), request_info()
        )
        cls.client = cls.env["res.partner"].create({"name": "Client SAS", "is_company": True})

    def _engagement(self):
        return (
            self.env["itlaw.engagement"]
            .with_user(self.avocat)
            .create(
                {
                    "partner_id": self.client.id,
                    "intake_id": self.intake.id,
                    "user_id": self.avocat.id,
                }
            )
        )

    @freeze_time(TODAY)
    def test_project_has_task_stages_and_tasks_start_in_to_do(self):
        engagement = self._engagement()
        project = engagement.project_id
        todo = self.env.ref("itlaw_ai_advisory.project_task_type_todo")
        stages = project.type_ids.sorted("sequence")
        self.assertEqual(
            stages.ids,
            [
                todo.id,
                self.env.ref("itlaw_ai_advisory.project_task_type_in_progress").id,
                self.env.ref("itlaw_ai_advisory.project_task_type_done").id,
            ],
        )
        self.assertFalse(stages.user_id, "shared stages, nobody's personal stages")
        self.assertEqual(
            stages.with_context(lang="fr_FR").mapped("name"), ["À faire", "En cours", "Fait"]
        )
        tasks = engagement.task_ids
        self.assertTrue(tasks)
        self.assertEqual(tasks.stage_id, todo)

    def test_matters_opened_before_get_the_stages(self):
        engagement = self._engagement()
        project = engagement.project_id.sudo()
        project.type_ids = [Command.clear()]
        engagement.task_ids.sudo().stage_id = False
        self.env["itlaw.engagement"]._itlaw_ensure_task_stages()
        self.assertEqual(len(project.type_ids), 3)
        self.assertEqual(
            engagement.task_ids.stage_id, self.env.ref("itlaw_ai_advisory.project_task_type_todo")
        )

    @freeze_time(TODAY)
    def test_tasks_are_on_the_engagement_itself(self):
        engagement = self._engagement()
        tasks = self.env["project.task"].search([("project_id", "=", engagement.project_id.id)])
        self.assertEqual(engagement.task_ids, tasks)
        self.assertEqual(engagement.task_count, len(tasks))
        arch = etree.fromstring(
            self.env["itlaw.engagement"]
            .with_user(self.avocat)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        # The tasks: the matter's first tab, and its first smart button
        # (never folded under "More").
        first_page = arch.xpath("//notebook/page")[0]
        self.assertEqual(first_page.get("name"), "tasks")
        self.assertTrue(first_page.xpath(".//field[@name='task_ids']"))
        deadline = first_page.xpath(".//field[@name='date_deadline']")[0]
        self.assertIn("'show_time': false", deadline.get("options"))
        first_button = arch.xpath("//div[@name='button_box']/button")[0]
        self.assertEqual(first_button.get("name"), "action_view_tasks")

    @freeze_time(TODAY)
    def test_a_task_reads_its_finding_and_deadline_as_a_date(self):
        engagement = self._engagement()
        task = engagement.task_ids.filtered(
            lambda t: t.itlaw_finding_id.rule == "aia_high_risk_annex_iii"
        )
        finding = task.itlaw_finding_id
        self.assertEqual(finding.display_name, f"{finding.finding_en} ({finding.reference_en})")
        self.assertNotIn("itlaw.intake.finding,", finding.display_name)
        self.assertIn(
            f"Finding of the diagnostic: {finding.finding_en} ({finding.reference_en})",
            str(task.description),
        )
        french = finding.with_context(lang="fr_FR")
        self.assertEqual(french.display_name, f"{finding.finding_fr} ({finding.reference_fr})")
        self.assertEqual(
            task._fields["itlaw_finding_id"].get_description(self.env)["string"],
            "Finding of the diagnostic",
        )
        arch = etree.fromstring(
            self.env["project.task"]
            .with_user(self.avocat)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        deadline = arch.xpath("//field[@name='date_deadline']")[0]
        self.assertIn("'show_time': false", deadline.get("options"))

    def test_findings_list_wraps_finding_and_reference(self):
        arch = etree.fromstring(
            self.env["itlaw.intake.finding"]
            .with_user(self.avocat)
            .get_views([(False, "list")])["views"]["list"]["arch"]
        )
        for name in ("finding", "action", "reference"):
            [field] = arch.xpath(f"//field[@name='{name}']")
            self.assertIn("text-wrap", field.get("class", "").split(), name)


@tagged("post_install", "-at_install")
class TestCockpitTours(AdvisoryCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_firm()
        cls.intake = cls.env["itlaw.intake"]._submit(
            dict(CV_SCREENING),
            dict(
                CONTACT,
                contact_name="Camille Tournesol",
                email_from="camille@clinique-tournesol.example.fr",
                partner_name="Clinique Tournesol SAS",
            ),
            request_info(),
        )
        cls.intake.lead_id.user_id = cls.avocat

    def test_a_lawyer_lands_on_his_pipeline(self):
        self.assertTrue(self.intake.lead_id.ai_risk_band)
        self.start_tour("/odoo", "itlaw_lawyer_home_tour", login="t_avocat")

    def test_partner_reads_the_kpi_dashboard(self):
        self.start_tour(
            "/odoo/action-itlaw_ai_advisory.itlaw_pipeline_dashboard_action",
            "itlaw_partner_kpi_dashboard_tour",
            login="t_associe",
        )
