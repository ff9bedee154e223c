import json
from unittest.mock import patch

from lxml import html

from odoo.tests import HttpCase, tagged
from odoo.tools import config, mute_logger

from .booking_common import INSTANTS, BookingCase
from .common import (
    CONTACT,
    CV_SCREENING,
    FrenchWebsiteCase,
    form_data,
    make_website_french,
    request_info,
)
from .test_booking_http import css
from .token_page_common import assert_token_page

HOSTILE_DESCRIPTION = (
    "Projet RH.\n"
    '<img src="http://evil.example/x.png">\n'
    '<a href="https://evil.example/login">Cliquez ici</a>\n'
    '<div style="position:fixed;top:0;left:0;width:100%;height:100%">overlay</div>'
)
# A line break in a single-line field would become an email header.
INJECTIONS = ("Jeanne\r\nBcc: victim@evil.example", "Jeanne\x00", "Jeanne\x85", "Jeanne\u2028")
SINGLE_LINE_FIELDS = ("contact_name", "partner_name", "function", "phone", "email_from")
BAD_EMAILS = ("@example.org", "jean.martin@exemple", "jean@exemple.", "jean@-x.fr", "jean@x.f")


def assert_text_only(case, value):
    """``value`` (stored HTML) holds the visitor's text as text: paragraphs and
    line breaks, no tag, link, image or style of theirs."""
    root = html.fragment_fromstring(str(value), create_parent="div")
    tags = {element.tag for element in root.iter()} - {"div"}
    case.assertLessEqual(tags, {"p", "br"}, value)
    case.assertFalse(root.xpath("//*[@style or @href or @src]"), value)


def parse(response):
    # As browsers do, a NUL kept in what was typed reads as U+FFFD.
    return html.fromstring(response.content.replace(b"\x00", "\ufffd".encode()))


def counts(env):
    return tuple(
        env[model].search_count([])
        for model in ("res.partner", "crm.lead", "itlaw.intake", "calendar.event")
    )


@tagged("post_install", "-at_install")
class TestHostileIntake(FrenchWebsiteCase, HttpCase):
    """The public diagnostic under hostile input: never a 500, never a
    half-written record, the visitor's text stays text."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_website()

    def post(self, data, url="/diagnostic-ia/submit", headers=None):
        page = html.fromstring(self.url_open("/diagnostic-ia").content)
        data.add("csrf_token", page.cssselect("input[name=csrf_token]")[0].get("value"))
        return self.url_open(
            url, data=list(data.items(multi=True)), allow_redirects=False, headers=headers
        )

    def assert_field_error(self, response, field):
        self.assertEqual(response.status_code, 200, response.text[:300])
        page = parse(response)
        self.assertTrue(page.cssselect(f"#{field}_error"), field)
        return page

    def test_description_is_stored_as_text_everywhere(self):
        contact = {**CONTACT, "description": HOSTILE_DESCRIPTION}
        response = self.post(form_data(CV_SCREENING, contact=contact))
        self.assertEqual(response.status_code, 303, response.text[:300])
        intake = self.env["itlaw.intake"].search([], limit=1)
        lead = intake.lead_id
        self.assertEqual(intake.description, HOSTILE_DESCRIPTION.strip())
        assert_text_only(self, lead.description)
        text = html.fromstring(str(lead.description)).text_content()
        self.assertIn('<img src="http://evil.example/x.png">', text, "shown as typed")
        self.assertIn("position:fixed", text)
        self.assertIn("<br>", str(lead.description), "line breaks kept")
        self.env["itlaw.intake"]._cron_send_confirmations()  # the lead's summary note
        self.assertTrue(lead.message_ids)
        for message in lead.message_ids:
            self.assertFalse(html.fromstring(str(message.body)).xpath("//img|//*[@style]"))

    def test_control_characters_in_single_line_fields_are_refused(self):
        for field in SINGLE_LINE_FIELDS:
            for value in INJECTIONS:
                with self.subTest(field=field, value=value):
                    before = counts(self.env)
                    data = form_data(CV_SCREENING, contact={**CONTACT, field: value})
                    page = self.assert_field_error(self.post(data), field)
                    self.assertIn(
                        "sur une seule ligne", page.cssselect(f"#{field}_error")[0].text_content()
                    )
                    self.assertEqual(counts(self.env), before)
                    # What was typed is kept, for the visitor to correct.
                    typed = page.cssselect(f"input[name={field}]")[0].get("value")
                    self.assertTrue(typed.startswith("Jeanne"), typed)

    def test_description_keeps_line_breaks_but_not_nul(self):
        data = form_data(CV_SCREENING, contact={**CONTACT, "description": "ligne 1\r\n\tligne 2"})
        self.assertEqual(self.post(data).status_code, 303)
        before = counts(self.env)
        data = form_data(CV_SCREENING, contact={**CONTACT, "description": "ligne\x00 1"})
        self.assert_field_error(self.post(data), "description")
        self.assertEqual(counts(self.env), before)

    def test_nul_in_any_posted_field_never_reaches_the_database(self):
        before = counts(self.env)
        data = form_data(
            {**CV_SCREENING, "data_volume": "small\x00"},
            utm_source="news\x00letter",
            utm_campaign="\x00",
            referrer="https://ex\x00ample.org/\x00",
        )
        self.assert_field_error(self.post(data), "data_volume")
        self.assertEqual(counts(self.env), before)
        data = form_data(
            CV_SCREENING,
            utm_source="news\x00letter",
            utm_medium="e\x00mail",
            referrer="https://ex\x00ample.org/\x00",
        )
        response = self.post(data, headers={"User-Agent": "Mozilla\x01/5.0"})
        self.assertEqual(response.status_code, 303, response.text[:300])
        lead = self.env["itlaw.intake"].search([], limit=1).lead_id
        self.assertEqual(lead.source_id.name.lower(), "newsletter")
        self.assertEqual(lead.medium_id.name.lower(), "email")

    def test_invalid_email_domains_are_refused(self):
        for email in BAD_EMAILS:
            with self.subTest(email=email):
                before = counts(self.env)
                data = form_data(CV_SCREENING, contact={**CONTACT, "email_from": email})
                page = self.assert_field_error(self.post(data), "email_from")
                self.assertIn(
                    "jeanne@example.fr", page.cssselect("#email_from_error")[0].text_content()
                )
                self.assertEqual(counts(self.env), before)
        for email in ("jean.martin@exemple.fr", "j@sub.domaine-ia.paris", "é@société.fr"):
            with self.subTest(email=email):
                data = form_data(CV_SCREENING, contact={**CONTACT, "email_from": email})
                self.assertEqual(self.post(data).status_code, 303, email)

    def test_huge_utm_and_referrer_are_truncated(self):
        huge = "s" * 1_000_000
        response = self.url_open(
            f"/diagnostic-ia?utm_source={huge[:60_000]}",
            headers={"Referer": "https://x.org/" + huge[:6000]},
        )
        self.assertEqual(response.status_code, 200)
        page = html.fromstring(response.content)
        self.assertEqual(len(page.cssselect("input[name=utm_source]")[0].get("value")), 100)
        self.assertLessEqual(len(page.cssselect("input[name=referrer]")[0].get("value")), 500)
        data = form_data(
            {**CV_SCREENING, "org_type": "spaceship"},
            utm_source=huge,
            utm_medium=huge,
            utm_campaign=huge,
            referrer="https://" + huge,
        )
        response = self.post(data)
        self.assertEqual(response.status_code, 200)
        self.assertLess(len(response.content), 400_000, "the page stays readable")
        data = form_data(
            CV_SCREENING, utm_source=huge, utm_campaign=huge, referrer="https://" + huge
        )
        response = self.post(data)
        self.assertEqual(response.status_code, 303)
        lead = self.env["itlaw.intake"].search([], limit=1).lead_id
        self.assertEqual(len(lead.source_id.name), 100)
        self.assertEqual(len(lead.campaign_id.name), 100)

    def test_utm_cookies_never_reach_the_lead(self):
        # Odoo keeps utm_* parameters in cookies, which anyone can set to anything.
        self.opener.cookies.set("odoo_utm_campaign", "camp\x00aign" + "c" * 3000)
        self.opener.cookies.set("odoo_utm_source", "s" * 3000)
        response = self.post(form_data(CV_SCREENING, utm_source="newsletter"))
        self.assertEqual(response.status_code, 303, response.text[:300])
        lead = self.env["itlaw.intake"].search([], limit=1).lead_id
        self.assertFalse(lead.campaign_id)
        self.assertEqual(lead.source_id.name.lower(), "newsletter")

    def test_rate_limit_keys_on_the_forwarded_address_only_in_proxy_mode(self):
        # Odoo applies werkzeug's ProxyFix only in proxy mode, and only to
        # requests with an X-Forwarded-Host header (odoo/http.py).
        self.env["ir.config_parameter"].set_param("itlaw_ai_advisory.intake_rate_limit", 1)
        invalid = form_data({}, contact={}, consent=False)
        host = f"127.0.0.1:{config['http_port']}"

        def post_from(address):
            headers = {"X-Forwarded-For": address, "X-Forwarded-Host": host}
            return self.post(form_data({}, contact={}, consent=False), headers=headers)

        with patch.dict(config.options, {"proxy_mode": False}):
            self.assertEqual(post_from("198.51.100.7").status_code, 200)
            # Another forwarded address, same client: the header is not trusted.
            self.assertEqual(post_from("203.0.113.9").status_code, 429)
        self.env["itlaw.submission.attempt"].search([]).unlink()
        with patch.dict(config.options, {"proxy_mode": True}):
            self.assertEqual(post_from("198.51.100.7").status_code, 200)
            self.assertEqual(post_from("203.0.113.9").status_code, 200)
            self.assertEqual(post_from("198.51.100.8").status_code, 429, "same /24 network")
        self.assertEqual(self.post(invalid).status_code, 200)
        attempts = self.env["itlaw.submission.attempt"].search([])
        self.assertEqual(
            sorted(attempts.mapped("ip")), ["127.0.0.0", "198.51.100.0", "203.0.113.0"]
        )

    def test_non_integer_rate_limit_setting_reads_as_the_default(self):
        for value in ("dix", "10.5", "", "-3", "0"):
            with self.subTest(value=value):
                self.env["ir.config_parameter"].set_param(
                    "itlaw_ai_advisory.intake_rate_limit", value
                )
                self.assertEqual(self.env["itlaw.submission.attempt"]._rate_limit(), 10)
        self.env["ir.config_parameter"].set_param("itlaw_ai_advisory.intake_rate_limit", "dix")
        response = self.post(form_data({}, contact={}, consent=False))
        self.assertEqual(response.status_code, 200)

    def test_result_token_gives_no_chatter_access(self):
        intake = self.env["itlaw.intake"]._submit(dict(CV_SCREENING), dict(CONTACT), request_info())
        token = intake.access_token
        messages = intake.message_ids
        self.assertEqual(
            self.url_open(f"/diagnostic-ia/result/{intake.id}?access_token={token}").status_code,
            200,
        )
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/mail/message/post",
                data=json.dumps(
                    {
                        "params": {
                            "thread_model": "itlaw.intake",
                            "thread_id": intake.id,
                            "post_data": {"body": "injected", "message_type": "comment"},
                            "token": token,
                        }
                    }
                ),
                headers={"Content-Type": "application/json"},
            )
        self.assertIn("error", response.json())
        page = html.fromstring(self.url_open("/diagnostic-ia").content)
        csrf_token = page.cssselect("input[name=csrf_token]")[0].get("value")
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/mail/attachment/upload",
                data={
                    "csrf_token": csrf_token,
                    "thread_id": intake.id,
                    "thread_model": "itlaw.intake",
                    "token": token,
                },
                files={"ufile": ("evil.html", b"<script>alert(1)</script>", "text/html")},
            )
        self.assertEqual(response.status_code, 404)
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/mail/chatter_fetch",
                data=json.dumps(
                    {
                        "params": {
                            "thread_model": "itlaw.intake",
                            "thread_id": intake.id,
                            "token": token,
                        }
                    }
                ),
                headers={"Content-Type": "application/json"},
            )
        self.assertNotIn("injected", response.text)
        intake.invalidate_recordset()
        self.assertEqual(intake.message_ids, messages)
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", "itlaw.intake"), ("res_id", "=", intake.id)]
            )
        )

    def test_no_third_party_font_on_public_pages(self):
        response = self.url_open("/diagnostic-ia")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("fonts.googleapis.com", response.text)
        self.assertNotIn("fonts.gstatic.com", response.text)
        page = html.fromstring(response.content)
        bundles = [link.get("href") for link in page.xpath("//link[@rel='stylesheet']")]
        self.assertTrue(bundles)
        for url in bundles:
            if url.startswith("/"):
                css_text = self.url_open(url).text
                self.assertNotIn("fonts.googleapis.com", css_text, url)
                self.assertNotIn("fonts.gstatic.com", css_text, url)


@tagged("post_install", "-at_install")
class TestHostileBooking(BookingCase, HttpCase):
    # The server's clock, for every test of the class (Odoo's BaseCase.freeze_time).
    freeze_time = INSTANTS["thursday_morning"]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_booking()
        make_website_french(cls.env, rate_limit=500)

    def post_booking(self, contact=None, **extra):
        page = html.fromstring(self.url_open("/consultation").content)
        data = {
            "csrf_token": css(page, "input[name=csrf_token]")[0].get("value"),
            "type_id": self.ctype.id,
            "tz": "Europe/Paris",
            "slot": css(page, "input[name=slot]")[0].get("value"),
            "privacy_consent": "1",
            **(CONTACT if contact is None else contact),
            **extra,
        }
        return self.url_open("/consultation/book", data=data, allow_redirects=False)

    def test_description_is_text_on_the_lead_and_the_event(self):
        response = self.post_booking(contact={**CONTACT, "description": HOSTILE_DESCRIPTION})
        self.assertEqual(response.status_code, 303, response.text[:300])
        event = self.env["calendar.event"].search([("itlaw_consultation_type_id", "!=", False)])
        self.assertEqual(len(event), 1)
        assert_text_only(self, event.opportunity_id.description)
        root = html.fragment_fromstring(str(event.description), create_parent="div")
        self.assertIn("<img src=", root.text_content())
        self.assertFalse(root.xpath("//img|//a|//div/div|//*[@style or @href or @src]"))

    def test_event_description_of_an_old_html_lead_is_text(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Old lead",
                "description": '<p>Bonjour<a href="https://evil.example">x</a></p>',
            }
        )
        html_value = self.env["calendar.event"]._itlaw_description(self.ctype, lead, None, "fr_FR")
        root = html.fragment_fromstring(str(html_value), create_parent="div")
        self.assertFalse(root.xpath("//a|//*[@href]"), html_value)
        self.assertIn("Bonjour", root.text_content())

    def test_control_characters_and_nul_give_field_errors(self):
        before = counts(self.env)
        for field in SINGLE_LINE_FIELDS:
            for value in INJECTIONS:
                with self.subTest(field=field, value=value):
                    response = self.post_booking(contact={**CONTACT, field: value})
                    self.assertEqual(response.status_code, 200, response.text[:300])
                    page = parse(response)
                    if css(page, f"input[name={field}]"):  # no "function" on this form
                        self.assertTrue(css(page, f"#{field}_error"), field)
        response = self.post_booking(contact={**CONTACT, "description": "a\x00b"})
        self.assertTrue(css(parse(response), "#description_error"))
        self.assertEqual(counts(self.env), before)

    def test_utm_cookies_never_reach_the_lead(self):
        self.opener.cookies.set("odoo_utm_campaign", "camp\x00aign" + "c" * 3000)
        self.opener.cookies.set("odoo_utm_source", "s" * 3000)
        response = self.post_booking()
        self.assertEqual(response.status_code, 303, response.text[:300])
        event = self.env["calendar.event"].search([("itlaw_consultation_type_id", "!=", False)])
        self.assertFalse(event.opportunity_id.campaign_id)
        self.assertFalse(event.opportunity_id.source_id)

    def test_nul_in_technical_fields_never_gives_a_500(self):
        before = counts(self.env)
        hostile = {
            "slot": "2030-01-01T09:00:00Z\x00",
            "tz": "Europe/Paris\x00",
            "type_id": f"{self.ctype.id}\x00",
            "lawyer_id": "\x00",
            "intake_id": "1\x00",
            "intake_token": "\x00",
            "utm_source": "\x00",
        }
        for field, value in hostile.items():
            with self.subTest(field=field):
                # Ignored, refused or not found, as the field goes; never a 500.
                response = self.post_booking(**{field: value})
                self.assertIn(response.status_code, (200, 303, 404), response.text[:300])
        for url in (
            "/consultation?type_id=1%00&tz=%00&lawyer_id=%00",
            "/consultation?tz=Europe/Paris%00",
        ):
            self.assertEqual(self.url_open(url).status_code, 200, url)
        new_leads = self.env["crm.lead"].search(
            [], order="id desc", limit=counts(self.env)[1] - before[1]
        )
        for lead in new_leads:
            self.assertNotIn("\x00", f"{lead.name}{lead.source_id.name}{lead.campaign_id.name}")

    def test_invalid_email_domains_are_refused(self):
        before = counts(self.env)
        for email in BAD_EMAILS:
            with self.subTest(email=email):
                response = self.post_booking(contact={**CONTACT, "email_from": email})
                self.assertEqual(response.status_code, 200)
                self.assertTrue(css(html.fromstring(response.content), "#email_from_error"))
        self.assertEqual(counts(self.env), before)

    def test_non_ascii_tokens_are_not_found(self):
        """A token with a non-ASCII character is a 404 like any wrong one, not a
        500 (the constant-time comparison refuses non-ASCII text)."""
        response = self.post_booking()
        self.assertEqual(response.status_code, 303, response.text[:300])
        event = self.env["calendar.event"].search([("itlaw_consultation_type_id", "!=", False)])
        intake = self.env["itlaw.intake"]._submit(dict(CV_SCREENING), dict(CONTACT), request_info())
        for url in (
            f"/consultation/{event.id}?token=%C3%A9",
            f"/consultation/{event.id}/reschedule?token=%C2%80",
            f"/consultation/{event.id}/cancel?token=jet%C3%A9",
            f"/diagnostic-ia/result/{intake.id}?access_token=%C3%A9",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.url_open(url).status_code, 404)
        before = counts(self.env)
        page = html.fromstring(self.url_open("/consultation").content)
        response = self.url_open(
            "/consultation/book",
            data={
                "csrf_token": css(page, "input[name=csrf_token]")[0].get("value"),
                "intake_id": intake.id,
                "intake_token": "é",
                "slot": css(page, "input[name=slot]")[0].get("value"),
            },
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(counts(self.env), before)

    def test_token_pages_leak_no_token(self):
        """Manage, reschedule, cancel and the diagnostic's result: pages reached
        by a token in their URL tell no other site, cache nor frame about it."""
        response = self.post_booking()
        self.assertEqual(response.status_code, 303, response.text[:300])
        event = self.env["calendar.event"].search([("itlaw_consultation_type_id", "!=", False)])
        token = event.itlaw_booking_token
        intake = self.env["itlaw.intake"]._submit(dict(CV_SCREENING), dict(CONTACT), request_info())
        for url in (
            f"/consultation/{event.id}?token={token}",
            f"/consultation/{event.id}/reschedule?token={token}",
            f"/consultation/{event.id}/cancel?token={token}",
            f"/diagnostic-ia/result/{intake.id}?access_token={intake.access_token}",
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200)
                assert_token_page(self, response)
        cancel = html.fromstring(
            self.url_open(f"/consultation/{event.id}/cancel?token={token}").content
        )
        response = self.url_open(
            f"/consultation/{event.id}/cancel",
            data={
                "csrf_token": css(cancel, "input[name=csrf_token]")[0].get("value"),
                "token": token,
            },
        )
        self.assertEqual(response.status_code, 200)
        assert_token_page(self, response)


@tagged("post_install", "-at_install")
class TestHostileMalformedInput(FrenchWebsiteCase, HttpCase):
    """Malformed input on the public and partners' routes: a 400 or 404 with a
    readable page, never a 5xx (issue 19, item 13)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_website()
        client = cls.env["res.partner"].create(
            {"name": "Robotique Lyonnaise SAS", "email": "dg@robotique.example", "lang": "fr_FR"}
        )
        cls.agreement = cls.env["itlaw.fee.agreement"].create(
            {"partner_id": client.id, "fee_fixed": True, "fixed_amount": 1500.0}
        )
        cls.agreement.action_send()

    def test_json_signing_with_a_name_that_is_not_text(self):
        url = f"/my/fee_agreements/{self.agreement.id}/accept"
        for name in (42, 4.2, ["Jeanne"], {"first": "Jeanne"}, True):
            with self.subTest(name=name):
                response = self.url_open(
                    url,
                    data=json.dumps(
                        {
                            "jsonrpc": "2.0",
                            "method": "call",
                            "id": 1,
                            "params": {"access_token": self.agreement.access_token, "name": name},
                        }
                    ),
                    headers={"Content-Type": "application/json"},
                )
                self.assertEqual(response.status_code, 200)
                answer = response.json()
                self.assertNotIn("error", answer, answer.get("error"))
                self.assertIn("nom et prénom", answer["result"]["error"])
        self.agreement.invalidate_recordset()
        self.assertEqual(self.agreement.state, "sent")

    def test_nul_in_the_personal_data_email(self):
        page = html.fromstring(self.url_open("/mes-donnees").content)
        csrf = page.cssselect("input[name=csrf_token]")[0].get("value")
        for email in ("jeanne\x00@example.fr", "jeanne@exam\x00ple.fr", "\x00"):
            with self.subTest(email=email):
                response = self.url_open(
                    "/mes-donnees/demande", data={"csrf_token": csrf, "email": email}
                )
                self.assertEqual(response.status_code, 200, response.text[:300])
                self.assertTrue(parse(response).cssselect("#email_error"))
        self.assertFalse(self.env["itlaw.privacy.request"].search([]))

    def test_nul_in_a_personal_data_token(self):
        for url in (
            "/my-data/%00",
            "/mes-donnees/%00",
            "/mes-donnees/a%00b/export",
            "/en/my-data/%00",
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 404, response.text[:300])
                self.assertTrue(parse(response).xpath("//h1|//h2|//h3"))

    def test_pipeline_workbook_with_dates_at_the_calendars_ends(self):
        self.authenticate("t_associe", "t_associe")
        for query in (
            "date_from=0001-01-01&date_to=9999-12-31",
            "date_from=9999-12-31&date_to=9999-12-31",
            "date_from=0001-01-01&date_to=0001-01-01",
        ):
            with self.subTest(query=query):
                response = self.url_open(f"/itlaw/pipeline.xlsx?{query}")
                self.assertEqual(response.status_code, 400, response.text[:300])
                self.assertIn("date", response.text)
