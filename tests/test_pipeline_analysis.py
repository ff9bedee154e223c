import datetime

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from .common import clear_conflict_check
from .test_reporting import ReportingCase


@tagged("post_install", "-at_install")
class TestPipelineAnalysis(ReportingCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_pipeline()
        cls.Analysis = cls.env["itlaw.pipeline.analysis"]
        cls.ctype = cls.env.ref("itlaw_ai_advisory.consultation_type_first")

    def consultation(self, lead, start, state="booked"):
        return self.env["calendar.event"].create(
            {
                "name": "Consultation",
                "itlaw_consultation_type_id": self.ctype.id,
                "opportunity_id": lead.id,
                "user_id": self.avocat.id,
                "itlaw_state": state,
                "start": start,
                "stop": start + datetime.timedelta(hours=1),
            }
        )

    def row(self, lead):
        self.env.flush_all()
        return self.Analysis.with_user(self.associe).search([("lead_id", "=", lead.id)])

    def test_delays_and_consultations(self):
        lead = self.intakes[0].lead_id
        created = lead.create_date
        first = created + datetime.timedelta(hours=30)
        self.consultation(lead, created + datetime.timedelta(hours=80), "cancelled")
        self.consultation(lead, first)
        self.consultation(lead, created + datetime.timedelta(hours=50))
        # The firm's automatic messages (confirmation, chatter summary) and an
        # internal note are not a contact; an email by a lawyer is, the first one only.
        lead.with_user(self.avocat).message_post(body="Note", subtype_xmlid="mail.mt_note")
        self.assertFalse(lead.itlaw_first_contact_date)
        contact = lead.with_user(self.avocat).message_post(
            body="Bonjour", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertEqual(lead.itlaw_first_contact_date, contact.date)
        later = lead.with_user(self.associe).message_post(
            body="Relance", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        later.date = contact.date + datetime.timedelta(days=2)
        lead.itlaw_first_contact_date = created + datetime.timedelta(hours=6)
        row = self.row(lead)
        self.assertEqual(len(row), 1)
        self.assertEqual(row.intake_count, 1)
        self.assertEqual(row.consultation_count, 2)
        self.assertEqual(row.consulted, 1)
        self.assertEqual(row.first_consultation_date, first)
        self.assertAlmostEqual(row.hours_to_consultation, 30, places=3)
        self.assertEqual(row.first_contact_date, created + datetime.timedelta(hours=6))
        self.assertAlmostEqual(row.hours_to_first_contact, 6, places=3)
        self.assertEqual(row.practice_area, self.ctype.practice_area)
        self.assertEqual(row.ai_risk_band, lead.ai_risk_band)
        self.assertEqual(row.source_id, lead.source_id)
        self.assertEqual(row.state, "open")

    def test_activity_done_counts_as_contact(self):
        lead = self.intakes[1].lead_id
        self.assertFalse(self.row(lead).first_contact_date)
        activity = lead.activity_schedule(
            "mail.mail_activity_data_call", user_id=self.avocat.id, summary="Appeler"
        )
        activity.with_user(self.avocat).action_feedback(feedback="Rappel fait")
        self.assertTrue(self.row(lead).first_contact_date)

    def test_outcomes_and_rates(self):
        won_stage = self.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        leads = self.intakes.lead_id
        clear_conflict_check(leads[0])
        leads[0].stage_id = won_stage
        leads[1].action_set_lost()
        self.consultation(leads[0], datetime.datetime.now())
        self.assertEqual(self.row(leads[0]).state, "won")
        self.assertEqual(self.row(leads[1]).state, "lost")
        self.assertEqual(self.row(leads[2]).state, "open")
        groups = self.Analysis.with_user(self.associe).read_group(
            [("lead_id", "in", leads.ids)],
            ["lead_count", "consulted", "consultation_rate", "won_rate"],
            [],
        )
        self.assertEqual(groups[0]["lead_count"], 3)
        self.assertEqual(groups[0]["consulted"], 1)
        self.assertAlmostEqual(groups[0]["consultation_rate"], 100 / 3)
        self.assertAlmostEqual(groups[0]["won_rate"], 100 / 3)

    def test_grouped_by_every_dimension(self):
        Analysis = self.Analysis.with_user(self.associe)
        leads = self.intakes.lead_id
        for group_by in (
            "create_date:month",
            "stage_id",
            "state",
            "user_id",
            "source_id",
            "medium_id",
            "campaign_id",
            "ai_risk_band",
            "ai_act_tier",
            "practice_area",
            "team_id",
        ):
            with self.subTest(group_by=group_by):
                groups = Analysis.read_group(
                    [("lead_id", "in", leads.ids)], ["lead_count"], [group_by], lazy=False
                )
                self.assertEqual(sum(group["lead_count"] for group in groups), 3)
        by_source = {
            group["source_id"][1].lower(): group["lead_count"]
            for group in Analysis.read_group(
                [("lead_id", "in", leads.ids)], ["lead_count"], ["source_id"]
            )
        }
        self.assertEqual(by_source, {"linkedin": 2, "google": 1})

    def test_partners_only(self):
        self.env.flush_all()
        with self.assertRaises(AccessError):
            self.Analysis.with_user(self.avocat).search([])
        for view in ("graph", "pivot", "list"):
            self.assertTrue(self.Analysis.with_user(self.associe).get_views([(False, view)]))
        Event = self.env["calendar.event"].with_user(self.associe)
        for view in ("graph", "pivot"):
            view_id = self.env.ref(f"itlaw_ai_advisory.calendar_event_view_{view}_consultation").id
            self.assertTrue(Event.get_views([(view_id, view)]))
        self.consultation(self.intakes[0].lead_id, datetime.datetime.now())
        by_lawyer = Event.read_group(
            [("itlaw_consultation_type_id", "!=", False), ("user_id", "=", self.avocat.id)],
            ["duration"],
            ["user_id", "itlaw_state"],
            lazy=False,
        )
        self.assertEqual([group["__count"] for group in by_lawyer], [1])
        Engagement = self.env["itlaw.engagement"].with_user(self.associe)
        Fee = self.env["itlaw.fee.agreement"].with_user(self.associe)
        for model, view in (
            (Engagement, "itlaw_engagement_view_graph"),
            (Engagement, "itlaw_engagement_view_pivot"),
            (Fee, "itlaw_fee_agreement_view_graph"),
            (Fee, "itlaw_fee_agreement_view_pivot"),
        ):
            view_id = self.env.ref(f"itlaw_ai_advisory.{view}").id
            self.assertTrue(model.get_views([(view_id, view.rsplit("_", 1)[1])]))
        lead = self.intakes[0].lead_id
        clear_conflict_check(lead)
        Engagement.create({"partner_id": lead.partner_id.id, "lead_id": lead.id})
        self.assertEqual(self.row(lead).engaged, 1)
        by_stage = Engagement.read_group(
            [("lead_id", "=", lead.id)], ["budget_hours"], ["stage", "practice_area_ids"]
        )
        # Opened with its lead's clearance: at the fee agreement (issue 20).
        self.assertEqual(by_stage[0]["stage"], "fee_agreement")
        menu = self.env.ref("itlaw_ai_advisory.itlaw_pipeline_analysis_menu")
        visible = self.env["ir.ui.menu"].with_user(self.associe)._visible_menu_ids()
        self.assertIn(menu.id, visible)
        self.assertNotIn(menu.id, self.env["ir.ui.menu"].with_user(self.avocat)._visible_menu_ids())

    def test_backfill_from_the_chatter(self):
        """Leads older than the field get their first contact from their chatter."""
        leads = self.intakes.lead_id
        contact = (
            leads[0]
            .with_user(self.avocat)
            .message_post(body="Bonjour", message_type="comment", subtype_xmlid="mail.mt_comment")
        )
        leads[1].with_user(self.avocat).message_post(body="Note", subtype_xmlid="mail.mt_note")
        leads.itlaw_first_contact_date = False
        self.env.flush_all()
        self.env["crm.lead"]._itlaw_backfill_first_contact()
        self.assertEqual(leads[0].itlaw_first_contact_date, contact.date)
        self.assertFalse(leads[1].itlaw_first_contact_date)
        self.assertFalse(leads[2].itlaw_first_contact_date)
