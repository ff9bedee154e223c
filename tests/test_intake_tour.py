from odoo.tests import HttpCase, tagged

from .common import AdvisoryCase


@tagged("post_install", "-at_install")
class TestIntakeTour(AdvisoryCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_firm()

    def test_intake_tour(self):
        """A visitor answers step by step in the browser and gets the result page."""
        self.start_tour("/diagnostic-ia", "itlaw_intake_tour")
        intake = self.env["itlaw.intake"].search(
            [("partner_id.email", "=", "jeanne.tour@example.com")]
        )
        self.assertEqual(len(intake), 1)
        self.assertEqual(intake.lead_id.email_from, "jeanne.tour@example.com")
        # The conditional questions the browser showed were sent and kept...
        self.assertEqual(intake.answers["proj_annex_iii"], ["employment"])
        self.assertEqual(intake.answers["proj_art6_3"], "none")
        self.assertEqual(intake.answers["data_art9_condition"], "explicit_consent")
        # ... the exclusive option alone, and the headcount typed before Enter.
        self.assertEqual(intake.answers["proj_genai_features"], ["none"])
        self.assertEqual(intake.answers["org_headcount"], 40)
        self.assertNotIn("rights_optout", intake.answers)
        self.assertEqual(intake.ai_act_tier, "high")
        self.assertTrue(intake.band)
        self.assertTrue(intake.consent_given)
        # The optional Parties step: one row filled, as an AI vendor.
        self.assertEqual(
            intake.lead_id.itlaw_party_ids.mapped(lambda party: (party.name, party.kind)),
            [("Fournisseur IA Tour SAS", "ai_vendor")],
        )
