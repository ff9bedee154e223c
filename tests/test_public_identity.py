from unittest.mock import patch

from odoo.tests import TransactionCase, new_test_user, tagged

from .common import CONTACT, CV_SCREENING, AdvisoryCase, request_info


@tagged("post_install", "-at_install")
class TestPublicIdentity(AdvisoryCase, TransactionCase):
    """Which contact and company an anonymous submission is attached to."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_firm()
        cls.Intake = cls.env["itlaw.intake"]

    def submit(self, **contact):
        return self.Intake._submit(dict(CV_SCREENING), {**CONTACT, **contact}, request_info())

    def test_users_partners_are_never_reused(self):
        staff = new_test_user(self.env, "id_staff", email="staff@itlaw.example")
        portal = new_test_user(self.env, "id_portal", groups="base.group_portal", email="p@x.fr")
        archived = new_test_user(self.env, "id_archived", email="old@itlaw.example")
        archived.active = False
        for user in (staff, portal, archived, self.avocat):
            with self.subTest(user=user.login):
                email = user.partner_id.email or f"{user.login}@itlaw.example"
                user.partner_id.email = email
                intake = self.submit(email_from=email.upper())
                self.assertNotEqual(intake.partner_id, user.partner_id)
                self.assertFalse(intake.partner_id.with_context(active_test=False).user_ids)
                self.assertEqual(intake.lead_id.partner_id, intake.partner_id)
                # The visitor's own contact is then reused.
                self.assertEqual(self.submit(email_from=email).partner_id, intake.partner_id)

    def test_firm_contacts_are_never_reused(self):
        firm = self.env.company.partner_id
        firm.email = "contact@itlaw.example"
        colleague = self.env["res.partner"].create(
            {"name": "Secrétariat", "parent_id": firm.id, "email": "secretariat@itlaw.example"}
        )
        for email in ("contact@itlaw.example", "secretariat@itlaw.example"):
            intake = self.submit(email_from=email)
            self.assertNotIn(intake.partner_id, firm | colleague)
            self.assertNotEqual(intake.partner_id.commercial_partner_id, firm)

    def test_company_names_match_exactly_not_as_patterns(self):
        firm = self.env.company.partner_id
        acme = self.env["res.partner"].create({"name": "Acme_IA 100% Conseil", "is_company": True})
        for name in ("%", "_", f"{firm.name[:3]}%", "Acme%", "Acme_IA 100_ Conseil"):
            with self.subTest(name=name):
                intake = self.submit(
                    email_from=f"x{len(name)}{name.count('%')}@pattern.fr", partner_name=name
                )
                company = intake.partner_id.parent_id
                self.assertNotIn(company, firm | acme)
                self.assertEqual(company.name, name)
        intake = self.submit(email_from="exact@acme.fr", partner_name="  acme_ia   100% CONSEIL ")
        self.assertEqual(intake.partner_id.parent_id, acme, "case and spacing aside, same name")

    def test_firm_company_is_never_the_visitors_company(self):
        firm = self.env.company.partner_id
        intake = self.submit(email_from="same@name.fr", partner_name=firm.name)
        self.assertNotEqual(intake.partner_id.parent_id, firm)
        self.assertEqual(intake.partner_id.parent_id.name, firm.name)

    def test_no_lead_enrichment_is_attempted(self):
        def refuse(*_args, **_kwargs):
            raise AssertionError("the prospect's email was sent to IAP")

        with patch("odoo.addons.iap.tools.iap_tools.iap_jsonrpc", side_effect=refuse) as jsonrpc:
            intake = self.submit(email_from="prospect@company-enrich.fr")
            booking_lead = self.env["itlaw.consultation.type"].search([], limit=1) or self.env[
                "itlaw.consultation.type"
            ].create({"name": "Enrichment test", "location_type": "video"})
            lead = booking_lead._create_booking_lead(
                intake.partner_id, {**CONTACT, "email_from": "prospect@company-enrich.fr"}, "fr_FR"
            )
            leads = intake.lead_id | lead
            if "iap_enrich_done" in leads._fields:  # crm_iap_enrich installed
                # Left out by the enrichment cron; no enrich button either.
                self.assertTrue(all(leads.mapped("iap_enrich_done")))
                self.assertFalse(any(leads.mapped("show_enrich_button")))
        self.assertFalse(jsonrpc.called)
