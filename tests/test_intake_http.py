from lxml import html

from odoo.tests import HttpCase, tagged

from .common import CONTACT, CV_SCREENING, HARMLESS, FrenchWebsiteCase, form_data


@tagged("post_install", "-at_install")
class TestIntakeRoutes(FrenchWebsiteCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_website()

    def counts(self):
        return tuple(
            self.env[model].search_count([])
            for model in ("res.partner", "crm.lead", "itlaw.intake")
        )

    def get_form(self, url="/diagnostic-ia"):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return html.fromstring(response.content)

    def post(self, data, url="/diagnostic-ia/submit", csrf=True):
        if csrf:
            page = self.get_form()
            data.add("csrf_token", page.cssselect("input[name=csrf_token]")[0].get("value"))
        return self.url_open(url, data=list(data.items(multi=True)), allow_redirects=False)

    def test_form_renders_every_step_and_question(self):
        page = self.get_form()
        self.assertEqual(page.cssselect("html")[0].get("lang"), "fr-FR")
        steps = page.cssselect("section.o_itlaw_step")
        self.assertEqual(len(steps), 9, "6 catalog steps + contact + parties + consent")
        for question in ("org_type", "proj_prohibited", "data_categories", "status_stage"):
            self.assertTrue(page.cssselect(f"[name={question}]"), question)
        # Labels are bound to their inputs.
        for field in page.cssselect(
            ".o_itlaw_intake_form input:not([type=hidden]), .o_itlaw_intake_form textarea"
        ):
            self.assertTrue(page.cssselect(f"label[for='{field.get('id')}']"), field.get("id"))
        self.assertIn('href="/diagnostic-ia"', self.url_open("/contactus").text)

    def test_english_form(self):
        page = self.get_form("/en/diagnostic-ia")
        self.assertEqual(page.cssselect("html")[0].get("lang"), "en-US")
        legends = " ".join(legend.text_content() for legend in page.cssselect("legend"))
        self.assertIn("organisation", legends.lower())

    def test_valid_submission_in_french_redirects_to_the_result(self):
        before = self.counts()
        response = self.post(form_data(CV_SCREENING))
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.counts(), tuple(n + 1 for n in before))
        intake = self.env["itlaw.intake"].search([], limit=1)
        self.assertIn(
            f"/diagnostic-ia/result/{intake.id}?access_token=", response.headers["Location"]
        )
        self.assertEqual(intake.lang, "fr_FR")
        result = self.url_open(response.headers["Location"])
        self.assertEqual(result.status_code, 200)
        page = html.fromstring(result.content)
        self.assertEqual(page.cssselect(".o_itlaw_band")[0].get("data-band"), intake.band)
        self.assertTrue(page.cssselect(".o_itlaw_finding"))
        self.assertTrue(page.cssselect(".o_itlaw_disclaimer"))
        shown = [f.text_content() for f in page.cssselect(".o_itlaw_finding")]
        top = intake.finding_ids.sorted("points", reverse=True)[0]
        self.assertTrue(any(top.finding_fr in text and top.reference_fr in text for text in shown))

    def test_valid_submission_in_english(self):
        contact = {**CONTACT, "email_from": "john@example.com"}
        response = self.post(form_data(HARMLESS, contact=contact), url="/en/diagnostic-ia/submit")
        self.assertEqual(response.status_code, 303)
        intake = self.env["itlaw.intake"].search([("partner_id.email", "=", "john@example.com")])
        self.assertEqual(intake.lang, "en_US")
        self.assertEqual(intake.band, "faible")
        self.assertEqual(intake.lead_id.lang_id.code, "en_US")
        # Straight to the result in the visitor's language, with no second redirect.
        location = response.headers["Location"]
        self.assertIn(f"/en/diagnostic-ia/result/{intake.id}?access_token=", location)
        self.assertEqual(self.url_open(location, allow_redirects=False).status_code, 200)

    def test_invalid_submission_keeps_values_and_shows_errors(self):
        before = self.counts()
        data = form_data(
            {**CV_SCREENING, "org_type": "spaceship"},
            contact={**CONTACT, "email_from": "nope"},
            consent=False,
        )
        response = self.post(data)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.counts(), before)
        page = html.fromstring(response.content)
        for field in ("org_type", "email_from", "privacy_consent"):
            self.assertTrue(page.cssselect(f"#{field}_error"), field)
        self.assertEqual(
            page.cssselect("input[name=contact_name]")[0].get("value"), "Jeanne Dupont"
        )
        self.assertEqual(page.cssselect("input[name=email_from]")[0].get("value"), "nope")
        checked = page.cssselect("input[name=data_subjects][checked]")
        self.assertEqual([c.get("value") for c in checked], ["employees_candidates"])
        self.assertIn(CONTACT["description"], page.cssselect("textarea[name=description]")[0].text)

    def test_hostile_bodies_never_500(self):
        before = self.counts()
        bodies = [
            form_data({}, contact={}, consent=False),
            form_data({**CV_SCREENING, "org_type": ["private", "public_body"]}),
            form_data(CV_SCREENING, contact={**CONTACT, "description": "x" * 100_000}),
            form_data({**CV_SCREENING, "data_volume": "\x00é" * 3}),
            form_data(CV_SCREENING, contact={**CONTACT, "email_from": ["a@b.fr", "c@d.fr"]}),
        ]
        for data in bodies:
            response = self.post(data)
            self.assertEqual(response.status_code, 200, response.text[:500])
            self.assertTrue(html.fromstring(response.content).cssselect("#o_itlaw_error_summary"))
        # A forged CSRF token is refused, and Odoo says so in its log.
        with self.assertLogs("odoo.http", "WARNING"):
            raw = self.url_open(
                "/diagnostic-ia/submit",
                data=b"org_type=\xff\xfe&email_from=%ff&csrf_token=x",
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            )
        self.assertLess(raw.status_code, 500)
        self.assertEqual(self.counts(), before)

    def test_missing_csrf_is_refused(self):
        before = self.counts()
        with self.assertLogs("odoo.http", "WARNING"):
            response = self.post(form_data(CV_SCREENING), csrf=False)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.counts(), before)

    def test_honeypot_answers_success_and_creates_nothing(self):
        before = self.counts()
        response = self.post(form_data(CV_SCREENING, website_url="http://spam.example"))
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/diagnostic-ia/merci"))
        self.assertEqual(self.counts(), before)

    def test_rate_limit_answers_429(self):
        self.env["ir.config_parameter"].set_param("itlaw_ai_advisory.intake_rate_limit", 2)
        invalid = form_data({}, contact={}, consent=False)
        self.assertEqual(self.post(invalid).status_code, 200)
        self.assertEqual(self.post(invalid).status_code, 200)
        before = self.counts()
        response = self.post(form_data(CV_SCREENING))
        self.assertEqual(response.status_code, 429)
        self.assertTrue(html.fromstring(response.content).cssselect(".o_itlaw_rate_limited"))
        self.assertEqual(self.counts(), before)

    def test_result_page_needs_the_right_token(self):
        intake = self.env["itlaw.intake"]._submit(
            dict(CV_SCREENING),
            dict(CONTACT),
            {
                "lang": "fr_FR",
                "ip": "127.0.0.1",
                "user_agent": "",
                "utm": {},
                "referrer_host": False,
            },
        )
        url = f"/diagnostic-ia/result/{intake.id}"
        self.assertEqual(
            self.url_open(f"{url}?access_token={intake.access_token}").status_code, 200
        )
        self.assertEqual(self.url_open(f"{url}?access_token=wrong").status_code, 404)
        self.assertEqual(self.url_open(url).status_code, 404)
        self.assertEqual(
            self.url_open("/diagnostic-ia/result/999999?access_token=x").status_code, 404
        )

    def test_public_visibility_route(self):
        visible = self.make_jsonrpc_request(
            "/diagnostic-ia/visible", {"answers": {"proj_annex_iii": ["employment"]}}
        )
        self.assertIn("proj_art6_3", visible)
        hidden = self.make_jsonrpc_request(
            "/diagnostic-ia/visible", {"answers": {"proj_annex_iii": ["none"]}}
        )
        self.assertNotIn("proj_art6_3", hidden)
