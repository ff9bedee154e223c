import base64
import datetime
import re

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

from .common import CONTACT, CV_SCREENING, AdvisoryCase, clear_conflict_check, workflow_path
from .common import request_info as make_request_info

TODAY = datetime.date(2026, 3, 2)


@tagged("post_install", "-at_install")
class TestEngagement(AdvisoryCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_firm()
        cls.env["ir.config_parameter"].set_param("itlaw_ai_advisory.timeline", "regulation_2024")
        cls.env["ir.config_parameter"].set_param("itlaw_ai_advisory.engagement_reminder_days", 30)
        cls.intake = cls.env["itlaw.intake"]._submit(
            dict(CV_SCREENING), dict(CONTACT), make_request_info()
        )
        cls.lead = cls.intake.lead_id
        cls.client = cls.env["res.partner"].create({"name": "Client SAS", "is_company": True})
        cls.Engagement = cls.env["itlaw.engagement"]

    def _engagement(self, **values):
        return self.Engagement.create(
            {
                "partner_id": self.client.id,
                "user_id": self.avocat.id,
                "supervisor_id": self.associe.id,
                **values,
            }
        )

    def _clear_lead(self):
        """A partner clears a conflict check of the lead: it may be won and
        its engagement opened."""
        return clear_conflict_check(self.lead, self.avocat, self.associe)

    def _run_check(self, engagement, user=None):
        engagement = engagement.with_user(user or self.avocat)
        action = engagement.action_run_conflict_check()
        return (
            self.env["itlaw.conflict.check"].with_user(user or self.avocat).browse(action["res_id"])
        )

    def _working_engagement(self, **values):
        """A matter in progress: its check cleared, its agreement signed."""
        engagement = self._engagement(**values)
        self._run_check(engagement).with_user(self.associe).action_clear()
        with workflow_path("itlaw.fee.agreement"):  # stands for the client's signature
            self.env["itlaw.fee.agreement"].create(
                {"engagement_id": engagement.id, "partner_id": self.client.id, "state": "signed"}
            )
        engagement.stage = "in_progress"
        return engagement

    # ------------------------------------------------------------------
    # Reference
    # ------------------------------------------------------------------
    def test_reference_comes_from_the_sequence(self):
        first, second = self._engagement(), self._engagement()
        year = datetime.date.today().year
        for engagement in first | second:
            self.assertRegex(engagement.name, rf"^DOS/{year}/\d{{4}}$")
        self.assertNotEqual(first.name, second.name)

    # ------------------------------------------------------------------
    # Wizard, project, tasks, deadlines
    # ------------------------------------------------------------------
    @freeze_time(TODAY)
    def test_wizard_from_a_won_lead_opens_project_tasks_and_deadlines(self):
        self._clear_lead()
        self.lead.action_set_won()
        wizard_form = Form(
            self.env["itlaw.engagement.wizard"]
            .with_user(self.avocat)
            .with_context(active_model="crm.lead", active_id=self.lead.id)
        )
        self.assertEqual(wizard_form.lead_id, self.lead)
        self.assertEqual(wizard_form.intake_id, self.intake)
        self.assertEqual(wizard_form.partner_id, self.lead.partner_id.commercial_partner_id)
        self.assertIn(
            self.env.ref("itlaw_ai_advisory.practice_area_ai_act"), wizard_form.practice_area_ids
        )
        wizard_form.supervisor_id = self.associe
        wizard_form.team_ids.add(self.avocate)
        wizard = wizard_form.save()
        action = wizard.action_open()
        engagement = self.Engagement.browse(action["res_id"])

        self.assertEqual(engagement.lead_id, self.lead)
        self.assertEqual(engagement.ai_act_tier, "high")
        self.assertEqual(self.lead.itlaw_engagement_count, 1)
        project = engagement.project_id
        self.assertEqual(project.privacy_visibility, "followers")
        self.assertTrue(project.allow_timesheets)
        self.assertEqual(project.itlaw_engagement_id, engagement)
        team_partners = (self.avocat | self.avocate | self.associe).partner_id
        self.assertEqual(team_partners - project.message_partner_ids, team_partners.browse())

        tasks = self.env["project.task"].search([("project_id", "=", project.id)])
        by_rule = {task.itlaw_finding_id.rule: task for task in tasks}
        self.assertEqual(
            len(by_rule), len(tasks), "one task per deliverable, each with its finding"
        )
        self.assertIn("aia_high_risk_annex_iii", by_rule)
        risk = by_rule["aia_high_risk_annex_iii"]
        self.assertEqual(risk.itlaw_finding_id.intake_id, self.intake)
        self.assertIn("Annex III", risk.itlaw_reference)
        self.assertEqual(risk.date_deadline.date(), TODAY + datetime.timedelta(days=90))
        self.assertEqual(risk.user_ids, self.avocat)
        self.assertTrue(self.intake.dpia_required)
        dpia_tasks = tasks.filtered(lambda t: t.itlaw_reference.startswith("GDPR Art. 35"))
        self.assertEqual(len(dpia_tasks), 1)
        self.assertEqual(dpia_tasks.date_deadline.date(), TODAY + datetime.timedelta(days=45))

        # High-risk tier, published timeline: Annex III and transparency on
        # 2 August 2026, reminded 30 days before; AI literacy is already past.
        activities = engagement.activity_ids
        self.assertEqual(len(activities), 2)
        self.assertEqual(set(activities.mapped("date_deadline")), {datetime.date(2026, 7, 3)})
        self.assertEqual(activities.user_id, self.avocat)
        self.assertIn("2026", engagement.deadlines_html)
        engagement.action_schedule_deadlines()
        self.assertEqual(len(engagement.activity_ids), 2, "deadlines are scheduled once")

        # The lawyer adds, edits and drops tasks of his matter.
        Task = self.env["project.task"].with_user(self.avocat)
        extra = Task.create({"name": "Registre des traitements", "project_id": project.id})
        risk.with_user(self.avocat).date_deadline = datetime.datetime(2026, 9, 1, 12)
        extra.unlink()
        risk.with_user(self.avocat).unlink()
        self.assertFalse(risk.exists())

    @freeze_time(TODAY)
    def test_reminder_days_and_timeline_follow_the_settings(self):
        self.env["itlaw.settings"].with_user(self.associe).create(
            {"timeline": "omnibus_2026", "engagement_reminder_days": 10}
        ).action_save()
        self._clear_lead()
        engagement = self._engagement(lead_id=self.lead.id, intake_id=self.intake.id)
        dates = set(engagement.activity_ids.mapped("date_deadline"))
        # Omnibus: transparency on 2 August 2026, Annex III on 2 December 2027.
        self.assertEqual(dates, {datetime.date(2026, 7, 23), datetime.date(2027, 11, 22)})

    def test_reminder_days_cannot_be_negative(self):
        with self.assertRaisesRegex(ValidationError, "negative"):
            self.env["itlaw.settings"].with_user(self.associe).create(
                {"engagement_reminder_days": -1}
            )

    def test_wizard_refuses_a_lead_not_won(self):
        wizard = (
            self.env["itlaw.engagement.wizard"]
            .with_user(self.avocat)
            .with_context(active_model="crm.lead", active_id=self.lead.id)
            .create({})
        )
        with self.assertRaisesRegex(UserError, "won"):
            wizard.action_open()
        self.assertFalse(self.lead.itlaw_engagement_ids)

    def test_a_lawyer_opening_a_colleague_matter_joins_its_team(self):
        self._clear_lead()
        self.lead.action_set_won()
        wizard = (
            self.env["itlaw.engagement.wizard"]
            .with_user(self.avocate)
            .with_context(active_model="crm.lead", active_id=self.lead.id)
            .create({"user_id": self.avocat.id})
        )
        engagement = self.Engagement.browse(wizard.action_open()["res_id"])
        self.assertEqual(engagement.user_id, self.avocat)
        self.assertEqual(engagement.team_ids, self.avocate)
        engagement.with_user(self.avocate).read(["name"])

    def test_engagement_by_hand_without_diagnostic(self):
        engagement = self._engagement()
        self.assertTrue(engagement.project_id)
        self.assertFalse(engagement.project_id.task_ids)
        self.assertFalse(engagement.activity_ids)
        self.assertIn("No AI Act tier", engagement.deadlines_html)

    # ------------------------------------------------------------------
    # Gate
    # ------------------------------------------------------------------
    def test_no_work_without_cleared_check_and_signed_agreement(self):
        engagement = self._engagement().with_user(self.avocat)
        with self.assertRaisesRegex(UserError, "conflict check.*fee agreement"):
            engagement.stage = "in_progress"
        engagement.stage = "fee_agreement"
        check = self._run_check(engagement)
        agreement = self.env["itlaw.fee.agreement"].create(
            {
                "engagement_id": engagement.id,
                "partner_id": self.client.id,
                "fee_fixed": True,
                "fixed_amount": 1000.0,
                "scanned_copy": base64.b64encode(b"%PDF-1.4 signed"),
                "scanned_copy_filename": "signed.pdf",
            }
        )
        with self.assertRaisesRegex(UserError, "conflict check"):
            engagement.write({"stage": "in_progress"})
        check.with_user(self.associe).action_clear()
        with self.assertRaises(UserError) as caught:
            engagement.write({"stage": "delivered"})
        self.assertIn("fee agreement", str(caught.exception))
        self.assertNotIn("conflict check", str(caught.exception))
        self.assertEqual(engagement.stage, "fee_agreement")
        agreement.action_mark_signed_scanned()
        engagement.stage = "in_progress"
        self.assertEqual(engagement.stage, "in_progress")
        engagement.stage = "delivered"
        self.assertEqual(engagement.stage, "delivered")

    def test_a_cleared_check_cannot_be_moved_onto_another_matter(self):
        """The hostile path: a lawyer takes a check a partner cleared on one of
        his matters and moves it onto the matter he wants to start, by the
        check or by the matter, sudo() or not; nor may he forge a check."""
        cleared = self._engagement()
        self._run_check(cleared).with_user(self.associe).action_clear()
        target = self._engagement().with_user(self.avocat)
        check = cleared.conflict_check_ids.with_user(self.avocat)
        attempts = [
            lambda: check.write({"engagement_id": target.id}),
            lambda: check.sudo().write({"engagement_id": target.id}),
            lambda: target.write({"conflict_check_ids": [Command.link(check.id)]}),
            lambda: target.sudo().write({"conflict_check_ids": [Command.link(check.id)]}),
            lambda: (
                self.env["itlaw.conflict.check"]
                .with_user(self.avocat)
                .create({"engagement_id": target.id, "decision": "cleared"})
            ),
            lambda: (
                self.env["itlaw.conflict.check"]
                .with_user(self.avocat)
                .sudo()
                .create({"engagement_id": target.id})
            ),
            lambda: target.write(
                {"conflict_check_ids": [Command.create({"partner_id": self.client.id})]}
            ),
        ]
        for index, attempt in enumerate(attempts):
            with self.subTest(attempt=index), self.assertRaises(AccessError):
                attempt()
        self.assertEqual(check.engagement_id, cleared)
        self.assertFalse(target.conflict_cleared)
        with self.assertRaisesRegex(UserError, "conflict check"):
            target.write({"stage": "in_progress"})

    def test_what_a_check_found_never_changes(self):
        """Subject, searches, count and matches are the run's, for a partner
        too; a partner edits the reason, while the check is to decide."""
        engagement = self._engagement()
        self._run_check(engagement)
        check = engagement.conflict_check_ids.with_user(self.associe)
        other = self._engagement(partner_id=self.env["res.partner"].create({"name": "X"}).id)
        for vals in (
            {"hit_count": 0},
            {"subjects": "Nothing"},
            {"partner_id": other.partner_id.id},
            {"lead_id": self.lead.id},
            {"engagement_id": other.id},
            {"decision": "cleared"},
            {"decided_by_id": self.associe.id},
            {"decided_on": "2026-01-01 00:00:00"},
            {"line_ids": [Command.clear()]},
        ):
            for who in (check, check.sudo()):
                with self.subTest(vals=vals, su=who.env.su), self.assertRaises(AccessError):
                    who.write(vals)
        Line = self.env["itlaw.conflict.check.line"].with_user(self.associe)
        with self.assertRaises(AccessError):
            Line.create(
                {
                    "check_id": check.id,
                    "subject": "X",
                    "subject_kind": "client",
                    "reason": "name",
                    "role": "partner",
                    "res_model": "res.partner",
                    "res_id": self.client.id,
                }
            )
        check.conflict_reason = "We act for the other side."
        check.action_declare_conflict()
        with self.assertRaises(UserError):
            check.conflict_reason = "Rewritten afterwards"
        with self.assertRaises(UserError):
            check.unlink()
        with self.assertRaises(AccessError):
            check.with_user(self.avocat).action_reset_to_pending()

    def test_a_conflict_declared_later_stops_the_matter(self):
        """RIN art. 4: a conflict a partner declares on a new check of a matter
        in progress governs — no more "conflicts cleared", no delivery, and the
        supervising partner gets an activity to stop acting."""
        engagement = self._working_engagement()
        self.assertTrue(engagement.conflict_cleared)
        check = self._run_check(engagement)
        # A new run still to decide does not stop the work yet.
        self.assertTrue(engagement.conflict_cleared)
        check = check.with_user(self.associe)
        check.conflict_reason = "We act for the opposing party since last month."
        check.action_declare_conflict()
        self.assertFalse(engagement.conflict_cleared)
        with self.assertRaisesRegex(UserError, "conflict check"):
            engagement.with_user(self.avocat).write({"stage": "delivered"})
        activity = engagement.activity_ids.filtered(
            lambda activity: "Conflict of interest" in (activity.summary or "")
        )
        self.assertEqual(activity.user_id, self.associe)
        self.assertIn("art. 4", str(activity.note))
        # Closing the matter stays possible.
        engagement.with_user(self.avocat).stage = "closed"

    def test_records_stay_in_their_team_after_a_write(self):
        """A lawyer cannot move what he may write into another team's matter,
        nor hand his matter to others, nor change its client or origin."""
        mine = self._engagement().with_user(self.avocat)
        theirs = self._engagement(user_id=self.avocate.id, supervisor_id=False)
        party = (
            self.env["itlaw.party"]
            .with_user(self.avocat)
            .create({"engagement_id": mine.id, "name": "Rival SA"})
        )
        stranger = self.env["res.partner"].create({"name": "Stranger SAS", "is_company": True})
        attempts = [
            lambda: party.write({"engagement_id": theirs.id}),
            lambda: party.write({"engagement_id": False, "lead_id": self.lead.id}),
            lambda: mine.write({"user_id": self.avocate.id}),
            lambda: mine.write({"team_ids": [Command.link(self.avocate.id)]}),
            lambda: mine.write({"partner_id": stranger.id}),
            lambda: mine.write({"lead_id": self.lead.id}),
            lambda: mine.write({"intake_id": self.intake.id}),
            lambda: mine.write({"name": "DOS/FORGED"}),
            lambda: (
                self.env["itlaw.party"]
                .with_user(self.avocat)
                .create({"engagement_id": theirs.id, "name": "Planted SA"})
            ),
        ]
        for index, attempt in enumerate(attempts):
            with self.subTest(attempt=index), self.assertRaises(AccessError):
                attempt()
        self.assertEqual(party.engagement_id, mine)
        self.assertEqual(mine.user_id, self.avocat)
        # Saving the same values again changes nothing and passes.
        mine.write({"partner_id": self.client.id, "scope": "<p>Audit</p>"})
        # A partner assigns the work.
        mine.with_user(self.associe).write({"team_ids": [Command.link(self.avocate.id)]})
        self.assertIn(self.avocate, mine.team_ids)

    def test_project_is_the_matters_own(self):
        """project_id is set by opening the matter only; a sudo() compute shows
        nothing of a project the user may not read."""
        mine = self._engagement()
        theirs = self._engagement(user_id=self.avocate.id, supervisor_id=False)
        self.env["account.analytic.line"].with_user(self.avocate).create(
            {"project_id": theirs.project_id.id, "name": "Secret", "unit_amount": 3}
        )
        self.env["project.task"].create({"name": "Secret task", "project_id": theirs.project_id.id})
        as_avocat = mine.with_user(self.avocat)
        for who in (as_avocat, as_avocat.sudo()):
            with self.subTest(su=who.env.su), self.assertRaises(AccessError):
                who.write({"project_id": theirs.project_id.id})
        with self.assertRaises(AccessError):
            theirs.project_id.with_user(self.associe).write({"itlaw_engagement_id": mine.id})
        self.assertNotIn(self.avocat.partner_id, theirs.project_id.message_partner_ids)
        # Were the link ever wrong, the lawyer would still read nothing of it.
        with mine._itlaw_workflow_path() as mine_sudo:
            mine_sudo.project_id = theirs.project_id
        as_avocat.invalidate_recordset()
        self.assertEqual(as_avocat.timesheet_hours, 0)
        self.assertEqual(as_avocat.timesheet_value, 0)
        self.assertEqual(as_avocat.task_count, 0)
        self.assertNotIn(self.avocate.name, str(as_avocat.lawyer_hours_html))
        self.assertEqual(mine.with_user(self.associe).timesheet_hours, 3)

    def test_closing_or_losing_is_always_allowed(self):
        engagement = self._engagement()
        engagement.stage = "lost"
        engagement.stage = "closed"
        self.assertEqual(engagement.stage, "closed")

    def test_create_in_a_working_stage_is_gated_too(self):
        with self.assertRaises(UserError):
            self._engagement(stage="in_progress")

    # ------------------------------------------------------------------
    # Time
    # ------------------------------------------------------------------
    def test_adding_a_lawyer_to_the_team_gives_him_an_employee(self):
        newcomer = new_test_user(
            self.env, "t_newcomer", groups="base.group_user,itlaw_ai_advisory.group_lawyer"
        )
        newcomer._itlaw_ensure_resource()
        resource = newcomer.resource_ids
        calendar = self.env["resource.calendar"].create({"name": "Mi-temps", "tz": "Europe/Paris"})
        resource.calendar_id = calendar
        Employee = self.env["hr.employee"].with_context(active_test=False)
        self.assertFalse(Employee.search([("user_id", "=", newcomer.id)]))
        engagement = self._engagement()
        engagement.with_user(self.associe).team_ids = [Command.link(newcomer.id)]
        employee = Employee.search([("user_id", "=", newcomer.id)])
        self.assertEqual(len(employee), 1)
        self.assertEqual(employee.company_id, engagement.company_id)
        # It takes over his resource: the booking still reads the same hours.
        self.assertEqual(employee.resource_id, resource)
        self.assertEqual(newcomer.resource_ids, resource)
        self.assertEqual(employee.resource_calendar_id, calendar)
        self.assertIn(newcomer.partner_id, engagement.project_id.message_partner_ids)
        # ... and may log time on the matter's project.
        line = (
            self.env["account.analytic.line"]
            .with_user(newcomer)
            .create(
                {"project_id": engagement.project_id.id, "name": "Recherches", "unit_amount": 2}
            )
        )
        self.assertEqual(line.employee_id, employee)
        engagement.team_ids = [Command.unlink(newcomer.id)]
        self.assertNotIn(newcomer.partner_id, engagement.project_id.message_partner_ids)

    def test_hours_per_lawyer_value_and_budget(self):
        engagement = self._engagement(team_ids=[Command.set(self.avocate.ids)], budget_hours=5)
        self.assertEqual(engagement.project_id.allocated_hours, 5)
        employees = self.env["hr.employee"].search(
            [("user_id", "in", (self.avocat | self.avocate).ids)]
        )
        rates = {self.avocat: 300, self.avocate: 200}
        for employee in employees:
            employee.itlaw_hourly_rate = rates[employee.user_id]
        Line = self.env["account.analytic.line"]
        for user, hours in ((self.avocat, 2.0), (self.avocat, 1.5), (self.avocate, 1.0)):
            Line.with_user(user).create(
                {"project_id": engagement.project_id.id, "name": "Travail", "unit_amount": hours}
            )
        engagement.invalidate_recordset()
        self.assertEqual(engagement.timesheet_hours, 4.5)
        self.assertEqual(engagement.timesheet_value, 3.5 * 300 + 1.0 * 200)
        self.assertFalse(engagement.budget_exceeded)
        # The team sees the whole matter's time, not only its own lines.
        self.assertEqual(engagement.with_user(self.avocate).timesheet_hours, 4.5)
        html = str(engagement.lawyer_hours_html)
        self.assertLess(html.index(self.avocat.name), html.index(self.avocate.name))
        self.assertIn("03:30", html)
        engagement.budget_hours = 4
        self.assertEqual(engagement.project_id.allocated_hours, 4)
        self.assertTrue(engagement.budget_exceeded)
        form = Form(engagement.with_user(self.avocat))
        self.assertTrue(form.budget_exceeded)

    def test_hours_are_read_in_one_grouped_query(self):
        engagements = self.Engagement.browse()
        for _index in range(3):
            engagement = self._engagement()
            self.env["account.analytic.line"].with_user(self.avocat).create(
                {"project_id": engagement.project_id.id, "name": "Travail", "unit_amount": 1}
            )
            engagements |= engagement

        def count(records):
            records.invalidate_recordset()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            records.mapped("lawyer_hours_html")
            return self.env.cr.sql_log_count - before

        self.assertEqual(count(engagements[:1]), count(engagements))

    # ------------------------------------------------------------------
    # Security
    # ------------------------------------------------------------------
    def test_lawyers_see_only_their_team_matters(self):
        mine = self._engagement()
        other = self._engagement(user_id=self.associe.id)
        as_avocat = self.Engagement.with_user(self.avocat)
        self.assertEqual(as_avocat.search([("id", "in", (mine | other).ids)]), mine)
        with self.assertRaises(AccessError):
            other.with_user(self.avocat).read(["name"])
        with self.assertRaises(AccessError):
            other.with_user(self.avocat).write({"scope": "<p>x</p>"})
        with self.assertRaises(AccessError):
            other.project_id.with_user(self.avocat).read(["name"])
        # On the team, the matter and its private project open up.
        other.team_ids = [Command.link(self.avocat.id)]
        other.with_user(self.avocat).write({"scope": "<p>Revue</p>"})
        other.project_id.with_user(self.avocat).read(["name"])
        self.assertEqual(
            self.Engagement.with_user(self.associe).search([("id", "in", (mine | other).ids)]),
            mine | other,
        )
        with self.assertRaises(AccessError):
            mine.with_user(self.avocat).unlink()

    def test_other_company_matters_stay_hidden(self):
        company_b = self.env["res.company"].create({"name": "ITLAW Lyon"})
        engagement = self._engagement(company_id=company_b.id)
        self.associe.company_ids = [Command.link(company_b.id)]
        self.assertFalse(
            self.Engagement.with_user(self.associe)
            .with_context(allowed_company_ids=[self.env.company.id])
            .search([("id", "=", engagement.id)])
        )
        self.assertEqual(
            self.Engagement.with_user(self.associe)
            .with_context(allowed_company_ids=[company_b.id])
            .search([("id", "=", engagement.id)]),
            engagement,
        )
        outsider = new_test_user(
            self.env, "t_outsider", groups="base.group_user,itlaw_ai_advisory.group_partner"
        )
        with self.assertRaises(AccessError):
            engagement.with_user(outsider).read(["name"])

    def test_gate_message_is_translated(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        engagement = self._engagement().with_context(lang="fr_FR")
        with self.assertRaises(UserError) as caught:
            engagement.stage = "in_progress"
        self.assertTrue(re.search("conflit", str(caught.exception)), str(caught.exception))

    def test_views_load_for_a_lawyer_with_their_buttons(self):
        Engagement = self.Engagement.with_user(self.avocat)
        views = Engagement.get_views([(False, "form"), (False, "list"), (False, "search")])["views"]
        form = views["form"]["arch"]
        for button in (
            "action_view_lead",
            "action_view_intake",
            "action_view_consultations",
            "action_view_conflict_checks",
            "action_view_fee_agreements",
            "action_view_project",
            "action_view_tasks",
            "action_view_timesheets",
        ):
            self.assertIn(button, form)
        lead_form = self.lead.with_user(self.avocat).get_views([(False, "form")])["views"]["form"]
        self.assertIn("action_open_itlaw_engagement_wizard", lead_form["arch"])
        self.assertIn("action_view_itlaw_engagements", lead_form["arch"])
        self._clear_lead()
        engagement = self._engagement(lead_id=self.lead.id, intake_id=self.intake.id)
        engagement = engagement.with_user(self.avocat)
        self.assertEqual(engagement.action_view_lead()["res_id"], self.lead.id)
        self.assertEqual(engagement.action_view_intake()["res_id"], self.intake.id)
        self.assertEqual(
            engagement.action_view_tasks()["domain"],
            [("project_id", "=", engagement.project_id.id)],
        )
        self.assertEqual(
            self.lead.with_user(self.avocat).action_view_itlaw_engagements()["res_id"],
            engagement.id,
        )
