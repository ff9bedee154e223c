"""/mes-donnees as the person reads it (issue 20, items 9 and 13): their
language, their time zone, labels not keys, their lawyer, nothing internal to
the firm; and the link of an erased person answers 410."""

import json

from freezegun import freeze_time
from lxml import html

from odoo.tests import HttpCase, new_test_user, tagged

from .common import make_website_french
from .gdpr_common import EMAIL, GdprCase

NOW = "2026-11-30 08:00:00"


@freeze_time(NOW)
@tagged("post_install", "-at_install")
class TestGdprPersonView(GdprCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_booking()
        make_website_french(cls.env)
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.salesperson = new_test_user(
            cls.env,
            login="t_claire",
            name="Claire Vendeuse",
            groups="itlaw_ai_advisory.group_lawyer",
        )

    def setUp(self):
        super().setUp()
        self.opener.headers["Accept-Language"] = "fr-FR,fr;q=0.9"

    def page(self, url, status=200):
        response = self.url_open(url)
        self.assertEqual(response.status_code, status, url)
        return html.fromstring(response.content)

    def text(self, node):
        return " ".join(node.text_content().split())

    def person(self):
        """A diagnostic and a consultation on Tuesday 1 December 2026 at 10:00
        Paris; the lead now belongs to another lawyer than the one booked, at
        a stage of the firm's pipeline."""
        intake, event = self.make_person()
        intake.lead_id.user_id = self.salesperson
        intake.lead_id.stage_id = self.env["crm.stage"].search([("is_won", "=", False)], limit=1)
        self.assertNotEqual(event.user_id, self.salesperson)
        return intake, event

    def test_page_in_french_in_the_persons_time_and_words(self):
        intake, event = self.person()
        stage = intake.lead_id.stage_id.with_context(lang="fr_FR").name
        token = self.link_token()
        page = self.page(f"/mes-donnees/{token}")
        text = self.text(page.cssselect("#wrap")[0])
        consultation = self.text(page.cssselect(".o_itlaw_my_data_consultations li")[0])
        self.assertIn("1 décembre 2026 à 10:00", consultation)
        self.assertIn(event.user_id.name, consultation)
        self.assertIn("(Réservée)", consultation)
        self.assertNotIn("UTC", text)
        self.assertNotIn("09:00:00", text)
        # Labels, never keys.
        band = dict(
            intake._fields["band"]._description_selection(intake.with_context(lang="fr_FR").env)
        )
        self.assertIn(band[intake.band], self.text(page.cssselect(".o_itlaw_my_data_score")[0]))
        self.assertNotIn(f"– {intake.band}", text)
        answers = self.text(page.cssselect(".o_itlaw_my_data_answers")[0])
        self.assertNotIn("gov_ai_vendors", answers)
        self.assertIn("Quennevillard Intelligence", answers)
        consents = self.text(page.cssselect(".o_itlaw_my_data_consents")[0])
        self.assertNotIn("marketing:", consents)
        self.assertIn("Lettre d'information", consents)
        # Nothing internal to the firm: no stage, no salesperson.
        requests = self.text(page.cssselect(".o_itlaw_my_data_requests")[0])
        self.assertIn("En cours de traitement par le cabinet", requests)
        self.assertNotIn(stage, requests)
        self.assertNotIn("Claire Vendeuse", text)
        self.assertIn("à", self.text(page.cssselect(".o_itlaw_link_expiry")[0]))
        self.assertNotIn("UTC", self.text(page.cssselect(".o_itlaw_link_expiry")[0]))
        # Correct French.
        self.assertNotIn("rien d'autre", text)
        self.assertIn("utilisées à aucune autre fin", text)

    def test_english_page_and_json_export(self):
        self.person()
        token = self.link_token(lang="en_US")
        page = self.page(f"/en/my-data/{token}")
        consultation = self.text(page.cssselect(".o_itlaw_my_data_consultations li")[0])
        self.assertIn("1 December 2026 at 10:00", consultation)
        self.assertIn("(Booked)", consultation)
        self.assertIn("Being handled by the firm", self.text(page))
        data = json.loads(self.url_open(f"/en/my-data/{token}/export.json").content)
        self.assertEqual(data["time_zone"], "Europe/Paris")
        self.assertEqual(data["consultations"][0]["start"], "2026-12-01T10:00:00+01:00")
        self.assertEqual(data["consultations"][0]["state"], "Booked")
        self.assertNotIn("stage", data["requests"][0])
        self.assertNotIn("lawyer", data["requests"][0])
        answers = data["diagnostics"][0]["answers"]
        self.assertTrue(all(set(answer) == {"question", "answer"} for answer in answers))
        self.assertTrue(all("_" not in answer["question"] for answer in answers))
        self.assertIn("Quennevillard Intelligence", [answer["answer"] for answer in answers])

    def test_export_page_fits_a_phone(self):
        self.person()
        token = self.link_token()
        page = self.page(f"/mes-donnees/{token}/export")
        viewport = page.xpath("//meta[@name='viewport']")
        self.assertEqual(viewport[0].get("content"), "width=device-width, initial-scale=1")
        self.browser_size = "390x844"
        self.browser_js(
            f"/mes-donnees/{token}/export",
            """
            const width = document.documentElement.clientWidth;
            const wide = [...document.body.querySelectorAll('*')].filter(
                (node) => node.getBoundingClientRect().right > width + 0.5
            );
            if (document.documentElement.scrollWidth > width || wide.length) {
                console.error('Wider than the phone: ' + wide.map((n) => n.tagName).join(', '));
            } else {
                console.log('test successful');
            }
            """,
        )

    def test_link_of_an_erased_person_is_gone(self):
        self.make_person(book=False)
        token = self.link_token()
        base = f"/mes-donnees/{token}"
        self.page(base)
        self.env["res.partner"]._itlaw_persons(EMAIL)._itlaw_request_erasure()
        for url in (base, f"{base}/export", f"{base}/export.json"):
            with self.subTest(url=url):
                page = self.page(url, status=410)
                self.assertIn("Ce lien n'est plus valide", self.text(page.cssselect("h1")[0]))
        # An unknown link stays a 404.
        self.page("/mes-donnees/" + "x" * 43, status=404)
        # The erased email is not kept with the link.
        self.assertFalse(self.env["itlaw.privacy.request"].search([("email", "=", EMAIL)]))
