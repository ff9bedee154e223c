import json
from datetime import timedelta

from freezegun import freeze_time
from lxml import html

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import clear_conflict_check, make_website_french
from .gdpr_common import EMAIL, PERSON, GdprCase
from .token_page_common import assert_token_page

NOW = "2026-11-30 08:00:00"


@freeze_time(NOW)
@tagged("post_install", "-at_install")
class TestGdprRoutes(GdprCase, HttpCase):
    """Every route as a visitor without an account and without JavaScript:
    plain GETs and form posts carrying the page's CSRF token."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_booking()
        make_website_french(cls.env)

    def setUp(self):
        super().setUp()
        self.opener.headers["Accept-Language"] = "fr-FR,fr;q=0.9"

    def page(self, url, status=200):
        response = self.url_open(url)
        self.assertEqual(response.status_code, status, url)
        return html.fromstring(response.content)

    def post(self, url, data, form_url):
        token = self.page(form_url).cssselect("input[name=csrf_token]")[0].get("value")
        return self.url_open(url, data={**data, "csrf_token": token}, allow_redirects=False)

    def ask(self, email, url="/mes-donnees/demande", form_url="/mes-donnees"):
        return self.post(url, {"email": email}, form_url)

    def test_same_answer_for_known_and_unknown_emails(self):
        self.make_person(book=False)
        mails = self.env["mail.mail"].search_count([])
        known = self.ask(EMAIL)
        unknown = self.ask("personne@exemple-rgpd.fr")
        self.assertEqual((known.status_code, unknown.status_code), (200, 200))

        def answer(response):
            return " ".join(
                html.fromstring(response.content).cssselect("#wrap")[0].text_content().split()
            )

        self.assertEqual(answer(known), answer(unknown))
        self.assertIn("Vérifiez votre boîte", answer(known))
        # Both only queue the request: the cron answers, by email, known ones only.
        self.assertEqual(self.env["mail.mail"].search_count([]), mails)
        self.assertEqual(self.env["itlaw.privacy.request"].search_count([]), 2)
        self.env["itlaw.privacy.request"]._cron_send_links()
        sent = self.env["mail.mail"].search([], order="id desc", limit=1)
        self.assertEqual(self.env["mail.mail"].search_count([]), mails + 1)
        self.assertEqual(sent.recipient_ids.email_normalized, EMAIL)
        self.assertIn("/mes-donnees/", sent.body_html)
        self.assertEqual(self.env["itlaw.privacy.request"].search_count([]), 1)
        kinds = self.env["privacy.log"].search([]).mapped("execution_details")
        self.assertEqual(len(kinds), 2)

    def test_bad_email_is_answered_next_to_the_field(self):
        response = self.ask("pas-un-email")
        page = html.fromstring(response.content)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(page.cssselect("#email_error"))
        self.assertEqual(page.cssselect("input#email")[0].get("value"), "pas-un-email")
        self.assertFalse(self.env["itlaw.privacy.request"].search([]))

    def test_missing_csrf_is_refused(self):
        with self.assertLogs("odoo.http", "WARNING"):
            response = self.url_open("/mes-donnees/demande", data={"email": EMAIL})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.env["itlaw.privacy.request"].search([]))

    def test_rate_limited(self):
        self.env["ir.config_parameter"].set_param("itlaw_ai_advisory.intake_rate_limit", 1)
        self.assertEqual(self.ask(EMAIL).status_code, 200)
        response = self.ask(EMAIL)
        self.assertEqual(response.status_code, 429)
        self.assertEqual(self.env["itlaw.privacy.request"].search_count([]), 1)

    def test_english_pages(self):
        page = self.page("/en/my-data")
        self.assertEqual(page.xpath("//h1")[0].text_content(), "My data")
        self.assertEqual(page.cssselect("form")[-1].get("action"), "/en/my-data/request")
        response = self.ask("someone@exemple-rgpd.fr", "/en/my-data/request", "/en/my-data")
        self.assertIn("Check your inbox", response.text)
        self.assertEqual(self.url_open("/en/privacy").status_code, 200)
        self.assertIn("/en/confidentialite", self.url_open("/en/privacy").url)

    def test_data_page_exports_and_rights(self):
        intake, _event = self.make_person()
        token = self.link_token()
        base = f"/mes-donnees/{token}"
        page = self.page(base)
        text = page.text_content()
        self.assertIn("Zoé Quennevillard", text)
        self.assertIn(intake.name, text)
        self.assertTrue(page.cssselect("form button.o_itlaw_object"))
        exported = json.loads(self.url_open(f"{base}/export.json").content)
        self.assertEqual(exported["contact"][0]["email"], intake.partner_id.email)
        self.assertEqual(exported["diagnostics"][0]["reference"], intake.name)
        self.assertIn("Zoé Quennevillard", self.url_open(f"{base}/export").text)
        self.assertEqual(
            sorted(
                self.env["privacy.log"]
                .search([("itlaw_kind", "=", "export")])
                .mapped("execution_details")
            ),
            ["Export downloaded (JSON)", "Export opened (HTML)"],
        )

        response = self.post(f"{base}/opposition", {}, base)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(html.fromstring(response.content).cssselect(".o_itlaw_outcome"))
        self.assertTrue(intake.partner_id.is_blacklisted)

        refused = self.post(f"{base}/effacement", {}, base)
        self.assertTrue(html.fromstring(refused.content).cssselect("#confirm_error"))
        self.assertFalse(intake.partner_id.itlaw_anonymised_on)
        erased = self.post(f"{base}/effacement", {"confirm": "1"}, base)
        self.assertEqual(erased.status_code, 200)
        self.assertIn("effacées", erased.text)
        self.assertTrue(intake.partner_id.itlaw_anonymised_on)
        self.assertEqual(self.url_open(base).status_code, 410)

    def test_client_contact_erasure_is_a_restriction_that_says_why(self):
        """The contact person of a client organisation (the matter was opened
        from their lead) asks for erasure: their data is restricted, the page
        says why, and the matter keeps its origin lead and diagnostic."""
        intake, _event = self.make_person(book=False)
        partner, lead = intake.partner_id, intake.lead_id
        clear_conflict_check(lead)
        engagement = self.env["itlaw.engagement"].create(
            {
                "partner_id": partner.parent_id.id,
                "lead_id": lead.id,
                "intake_id": intake.id,
                "user_id": self.avocat.id,
            }
        )
        token = self.link_token()
        base = f"/mes-donnees/{token}"
        response = self.post(f"{base}/effacement", {"confirm": "1"}, base)
        self.assertEqual(response.status_code, 200)
        page = html.fromstring(response.content)
        outcome = " ".join(page.cssselect(".o_itlaw_outcome")[0].text_content().split())
        self.assertEqual(page.cssselect("#wrap h1")[0].text_content(), "Traitement limité")
        self.assertIn("client du cabinet", outcome)
        self.assertIn("ne peuvent donc pas être effacées", outcome)
        self.assertTrue(partner.itlaw_restricted)
        self.assertFalse(partner.itlaw_anonymised_on)
        self.assertEqual(engagement.lead_id, lead)
        self.assertEqual(engagement.intake_id, intake)
        self.assertEqual(intake.partner_id.name, "Zoé Quennevillard")

    def test_wrong_and_expired_tokens_are_404(self):
        self.make_person(book=False)
        token = self.link_token()
        self.page(f"/mes-donnees/{token}")
        for url in (
            "/mes-donnees/" + "x" * 43,
            f"/mes-donnees/{token[:-1]}",
            f"/mes-donnees/{'y' * 300}",
            f"/mes-donnees/{'x' * 43}/export.json",
            f"/mes-donnees/{'x' * 43}/export",
        ):
            self.page(url, status=404)
        request = self.env["itlaw.privacy.request"].search([("state", "=", "sent")])
        request.expires_at = fields.Datetime.now() - timedelta(seconds=1)
        self.page(f"/mes-donnees/{token}", status=404)
        self.page(f"/mes-donnees/{token}/export.json", status=404)
        # A fresh link can be asked for at any time.
        self.assertNotEqual(self.link_token(), token)

    def test_post_with_a_wrong_token_is_404(self):
        response = self.post(
            "/mes-donnees/" + "x" * 43 + "/effacement", {"confirm": "1"}, "/mes-donnees"
        )
        self.assertEqual(response.status_code, 404)

    def test_forms_offer_an_unticked_newsletter_box(self):
        for url in ("/diagnostic-ia", "/consultation"):
            box = self.page(url).cssselect("input#marketing_consent")
            self.assertEqual(len(box), 1, url)
            self.assertIsNone(box[0].get("checked"), url)
            self.assertIsNone(box[0].get("required"), url)

    def test_data_pages_leak_no_token(self):
        self.make_person(book=False)
        token = self.link_token()
        base = f"/mes-donnees/{token}"
        for url in (base, f"{base}/export", f"{base}/export.json"):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200)
                assert_token_page(self, response)
        response = self.post(f"{base}/effacement", {}, base)
        self.assertEqual(response.status_code, 200)
        assert_token_page(self, response)

    def test_a_new_link_revokes_the_earlier_ones(self):
        self.make_person(book=False)
        first = self.link_token()
        second = self.link_token()
        self.assertNotEqual(first, second)
        self.page(f"/mes-donnees/{first}", status=404)
        self.page(f"/mes-donnees/{first}/export.json", status=404)
        self.page(f"/mes-donnees/{second}")
        # Another person's link stays.
        self.make_person(
            contact={**PERSON, "email_from": "autre@exemple-rgpd.fr", "contact_name": "Autre"},
            book=False,
        )
        other = self.link_token("autre@exemple-rgpd.fr")
        self.link_token()
        self.page(f"/mes-donnees/{other}")
