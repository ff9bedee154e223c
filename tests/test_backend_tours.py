import io

import openpyxl

from odoo.tests import HttpCase, tagged

from .common import CONTACT, CV_SCREENING, AdvisoryCase, request_info

TOUR_CONTACT = dict(
    CONTACT,
    contact_name="Camille Tournesol",
    email_from="camille@clinique-tournesol.example.fr",
    partner_name="Clinique Tournesol SAS",
)


@tagged("post_install", "-at_install")
class TestBackendTours(AdvisoryCase, HttpCase):
    """The firm's journeys in a real browser: a lawyer takes a new lead from
    its diagnostic to an engagement (a partner clears the conflict check on
    the way), a partner reads the pipeline dashboard and downloads the
    workbook."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_firm()
        cls.intake = cls.env["itlaw.intake"]._submit(
            dict(CV_SCREENING), dict(TOUR_CONTACT), request_info()
        )
        cls.lead = cls.intake.lead_id
        cls.lead.user_id = cls.avocat

    def test_lawyer_takes_a_lead_to_an_engagement(self):
        pipeline = "/odoo/action-itlaw_ai_advisory.crm_lead_action_ai_pipeline"
        self.assertTrue(self.intake.finding_ids)
        self.start_tour(pipeline, "itlaw_lawyer_lead_tour", login="t_avocat")
        check = self.env["itlaw.conflict.check"].search([("lead_id", "=", self.lead.id)])
        self.assertEqual(len(check), 1)
        self.assertEqual(check.decision, "pending")
        self.assertEqual(check.create_uid, self.avocat)
        # Request clearance: an activity for each partner, the matches summarised.
        asked = check.activity_ids.filtered(lambda activity: activity.user_id == self.associe)
        self.assertEqual(len(asked), 1)
        self.assertIn("Conflict check to decide", asked.summary)

        self.start_tour(
            f"/odoo/action-itlaw_ai_advisory.itlaw_conflict_check_action/{check.id}",
            "itlaw_partner_clear_check_tour",
            login="t_associe",
        )
        self.assertEqual(check.decision, "cleared")
        self.assertEqual(check.decided_by_id, self.associe)
        self.assertFalse(check.activity_ids, "the decision closes the requests")

        self.start_tour(
            f"{pipeline}/{self.lead.id}", "itlaw_lawyer_engagement_tour", login="t_avocat"
        )
        self.assertTrue(self.lead.stage_id.is_won)
        engagement = self.lead.itlaw_engagement_ids
        self.assertEqual(len(engagement), 1)
        self.assertRegex(engagement.name, r"^DOS/\d{4}/\d{4}$")
        self.assertEqual(engagement.intake_id, self.intake)
        self.assertEqual(engagement.user_id, self.avocat)
        self.assertEqual(engagement.partner_id.name, "Clinique Tournesol SAS")
        self.assertTrue(engagement.project_id)
        tasks = self.env["project.task"].search([("project_id", "=", engagement.project_id.id)])
        self.assertTrue(tasks)
        self.assertEqual(tasks.itlaw_finding_id.intake_id, self.intake)

    def test_partner_reads_the_dashboard_and_downloads_the_workbook(self):
        # The tour fetched the workbook itself (the browser's download) and
        # checked it is an xlsx; here the same route, with the partner's
        # session, must give a workbook holding the tour's lead.
        self.start_tour("/odoo", "itlaw_partner_dashboard_tour", login="t_associe")
        self.authenticate("t_associe", "t_associe")
        # The day the lead was created (UTC, as the workbook reads dates), not
        # today's: the class may have started before midnight.
        day = self.lead.create_date.date().isoformat()
        response = self.url_open(
            f"/itlaw/pipeline.xlsx?date_from={day}&date_to={day}&team_id={self.team.id}"
        )
        self.assertEqual(response.status_code, 200)
        book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
        cells = {
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value
        }
        self.assertIn(self.lead.name, cells)
