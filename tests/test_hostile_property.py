"""Hostile input, generated: form bodies, query strings, headers, cookies and
tokens drawn by hypothesis against every public route of the addon.

Invariants, whatever is sent:
- never a 5xx (nor, on the JSON route, a server error in a 200);
- a request that must be refused creates nothing (contact, lead, diagnostic,
  consultation, email);
- no script of the visitor's runs anywhere: not in the page answered, not in
  the stored HTML of what an accepted request created (what the lawyer's form
  shows: lead, consultation, contact, chatter, activities), not in the emails
  queued for the prospect or the lawyers.

The examples are few and drawn from a fixed seed (``derandomize``), so that a
run is reproducible and lasts a few seconds per property; the hand-written
cases stay in test_hostile_input.py.
"""

import json
import re
from urllib.parse import urlencode

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from lxml import etree, html

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .booking_common import BookingCase
from .common import CONTACT, CV_SCREENING, FrenchWebsiteCase, form_data, make_website_french

# No shrinking: a failure is reported with the example that showed it, and a
# failing run stays as short as a passing one.
BOUNDED = settings(
    max_examples=15,
    phases=(Phase.explicit, Phase.generate),
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=list(HealthCheck),
)

# Whatever a payload would run carries this mark.
MARK = "itlawxss"
PAYLOADS = (
    f"<script>{MARK}()</script>",
    f'"><script>{MARK}()</script>',
    f"'><img src=x onerror={MARK}()>",
    f'<svg onload="{MARK}()">',
    f"javascript:{MARK}()",
    f'<a href="javascript:{MARK}()">x</a>',
    f"</textarea><script>{MARK}()</script>",
    f'<iframe src="javascript:{MARK}()"></iframe>',
    f"<style>*{{background:url({MARK})}}</style>",
    f'<div style="background:url({MARK})">x</div>',
    f"]]><!--<script>{MARK}()</script>-->",
)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href"}
RUNNABLE_TAGS = {"script", "style", "iframe", "object", "embed", "svg", "img", "link", "meta"}
MODELS = ("res.partner", "crm.lead", "itlaw.intake", "calendar.event", "mail.mail")

# Any text a form can carry (no surrogates: a browser cannot send them).
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
hostile_text = st.one_of(
    any_text,
    st.builds(
        lambda before, payload, after: before + payload + after,
        any_text,
        st.sampled_from(PAYLOADS),
        any_text,
    ),
)
# Header values: one line of Latin-1, as HTTP carries them.
header_text = st.text(
    st.characters(min_codepoint=0x20, max_codepoint=0xFF, blacklist_characters="\x7f"),
    max_size=80,
).map(str.strip)
hostile_header = st.one_of(header_text, st.sampled_from(PAYLOADS))
headers = st.fixed_dictionaries(
    {},
    optional={
        "Accept-Language": st.one_of(
            hostile_header, st.sampled_from(["fr-FR,fr;q=0.9", "en", "*", "xx-YY;q=2"])
        ),
        "User-Agent": hostile_header,
        "X-Forwarded-For": st.one_of(hostile_header, st.ip_addresses().map(str)),
        "Referer": hostile_header,
    },
)
# Set in the browser's cookie jar, beside its session.
cookies = st.dictionaries(
    st.sampled_from(["utm_source", "utm_medium", "utm_campaign", "frontend_lang", "tz"]),
    header_text.filter(lambda value: not set(value) & set(';,"\\')),
    max_size=3,
)
ids = st.one_of(st.integers(min_value=-(2**63), max_value=2**63), any_text)
tokens = st.one_of(any_text, st.text("0123456789abcdef-", min_size=32, max_size=64), st.just(""))
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), any_text),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(any_text, children, max_size=4)
    ),
    max_leaves=12,
)
UTM_FIELDS = ("utm_source", "utm_medium", "utm_campaign", "referrer")
FREE_TEXT_FIELDS = ("contact_name", "partner_name", "function", "phone", "description")


def runnable(markup):
    """What a browser would run of the payloads in ``markup`` (HTML text)."""
    if not markup or not str(markup).strip():
        return []
    text = str(markup).replace("\x00", "\ufffd")
    try:
        root = html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        root = html.fragment_fromstring(text, create_parent="div")
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in RUNNABLE_TAGS and MARK in html.tostring(element, encoding="unicode"):
            found.append(html.tostring(element, encoding="unicode")[:120])
        for name, value in element.attrib.items():
            if MARK not in value:
                continue
            squeezed = re.sub(r"[\s\x00-\x1f]", "", value).lower()
            if (
                name.startswith("on")
                or name == "style"
                or (name in URL_ATTRIBUTES and squeezed.startswith("javascript:"))
            ):
                found.append(f"<{element.tag} {name}={value[:80]!r}>")
    return found


def counts(env):
    return {
        model: env[model].sudo().with_context(active_test=False).search_count([])
        for model in MODELS
    }


class PropertyMixin:
    def setUp(self):
        super().setUp()
        # A visitor of the French site (a new session takes its language from
        # this header): pages are not redirected to their /en/ version.
        self.opener.headers["Accept-Language"] = "fr-FR,fr;q=0.9"

    def csrf(self, url):
        page = html.fromstring(self.url_open(url).content)
        return page.cssselect("input[name=csrf_token]")[0].get("value")

    def send(self, url, params=None, data=None, headers=None, cookies=None):
        """GET (or POST ``data``) as a visitor whose browser holds ``cookies``."""
        if params:
            url = f"{url}?{urlencode(params)}"
        for name, value in (cookies or {}).items():
            self.opener.cookies.set(name, value)
        try:
            with mute_logger("odoo.http"):
                return self.url_open(url, data=data, headers=headers, allow_redirects=False)
        finally:
            # Back to the session alone: neither these cookies nor the ones the
            # answer set (a language chosen from them) reach the next example.
            # The session cookie the test set and the one the answer set (a
            # POST writes to the session) hold the same session: keep one.
            sessions = [
                cookie.value for cookie in self.opener.cookies if cookie.name == "session_id"
            ]
            session = sessions[-1] if sessions else None
            self.opener.cookies.clear()
            if session:
                self.opener.cookies.set("session_id", session)

    def assert_answered(self, response, allowed):
        self.assertLess(response.status_code, 500, response.text[:500])
        self.assertIn(response.status_code, allowed, response.text[:300])
        if "html" in response.headers.get("Content-Type", ""):
            self.assertEqual(runnable(response.text), [], response.request.url)

    def assert_nothing_created(self, before):
        self.env.invalidate_all()
        self.assertEqual(counts(self.env), before)

    def last_ids(self):
        return {
            model: self.env[model]
            .sudo()
            .with_context(active_test=False)
            .search([], order="id desc", limit=1)
            .id
            for model in (*MODELS, "mail.message", "mail.activity")
        }

    def assert_stored_text_is_inert(self, since):
        """Every HTML field of what was created since ``since`` (what the
        backend forms and the emails show) holds no runnable payload."""
        self.env.invalidate_all()
        self.env["itlaw.intake"].sudo()._cron_send_confirmations()
        for model, last_id in since.items():
            records = (
                self.env[model]
                .sudo()
                .with_context(active_test=False)
                .search([("id", ">", last_id)])
            )
            html_fields = [name for name, field in records._fields.items() if field.type == "html"]
            for record in records:
                for name in html_fields:
                    self.assertEqual(runnable(record[name]), [], f"{model}({record.id}).{name}")


@tagged("post_install", "-at_install")
class TestHostileDiagnosticProperties(PropertyMixin, FrenchWebsiteCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_website()
        make_website_french(cls.env, rate_limit=100000)

    def post(self, data, extra_headers, extra_cookies):
        data.add("csrf_token", self.csrf("/diagnostic-ia"))
        return self.send(
            "/diagnostic-ia/submit",
            data=list(data.items(multi=True)),
            headers=extra_headers,
            cookies=extra_cookies,
        )

    @BOUNDED
    @given(
        breakage=st.sampled_from(
            ["no consent", "unknown option", "required missing", "bad email", "broken name"]
        ),
        question=st.sampled_from(sorted(q for q, v in CV_SCREENING.items() if isinstance(v, str))),
        junk=hostile_text,
        contact=st.fixed_dictionaries(dict.fromkeys(FREE_TEXT_FIELDS, hostile_text)),
        utm=st.fixed_dictionaries({}, optional=dict.fromkeys(UTM_FIELDS, hostile_text)),
        extra_headers=headers,
        extra_cookies=cookies,
    )
    def test_refused_diagnostics_create_nothing(
        self, breakage, question, junk, contact, utm, extra_headers, extra_cookies
    ):
        answers = dict(CV_SCREENING)
        contact = {**CONTACT, **contact, "email_from": CONTACT["email_from"]}
        consent = breakage != "no consent"
        if breakage == "unknown option":
            answers[question] = f"not-an-option {junk}"
        elif breakage == "required missing":
            del answers[question]
        elif breakage == "bad email":
            contact["email_from"] = f"{junk.replace('@', '')} at example"
        elif breakage == "broken name":
            contact["contact_name"] = f"{junk}\r\nBcc: victim@evil.example"
        before = counts(self.env)
        response = self.post(
            form_data(answers, contact=contact, consent=consent, **utm),
            extra_headers,
            extra_cookies,
        )
        self.assert_answered(response, (200,))
        self.assert_nothing_created(before)

    @BOUNDED
    @given(
        contact=st.fixed_dictionaries({}, optional=dict.fromkeys(FREE_TEXT_FIELDS, hostile_text)),
        vendors=hostile_text,
        utm=st.fixed_dictionaries({}, optional=dict.fromkeys(UTM_FIELDS, hostile_text)),
        extra_headers=headers,
        extra_cookies=cookies,
        number=st.integers(min_value=0, max_value=10**6),
    )
    def test_accepted_or_refused_the_visitor_text_stays_text(
        self, contact, vendors, utm, extra_headers, extra_cookies, number
    ):
        contact = {**CONTACT, **contact, "email_from": f"prop{number}@example.fr"}
        answers = {**CV_SCREENING, "gov_ai_vendors": vendors}
        before, since = counts(self.env), self.last_ids()
        response = self.post(
            form_data(answers, contact=contact, **utm), extra_headers, extra_cookies
        )
        self.assert_answered(response, (200, 303))
        if response.status_code == 200:
            # Refused (a field error): nothing half-written.
            self.assert_nothing_created(before)
            return
        intake = self.env["itlaw.intake"].search([("id", ">", since["itlaw.intake"] or 0)])
        self.assertEqual(len(intake), 1)
        self.assertEqual(len(intake.lead_id), 1)
        result = self.url_open(response.headers["Location"])
        self.assert_answered(result, (200,))
        self.assert_stored_text_is_inert(since)

    @BOUNDED
    @given(
        path=st.sampled_from(
            [
                "/diagnostic-ia",
                "/en/diagnostic-ia",
                "/diagnostic-ia/merci",
                "/confidentialite",
                "/consultation",
            ]
        ),
        params=st.dictionaries(
            st.one_of(
                st.sampled_from(
                    [
                        "utm_source",
                        "utm_medium",
                        "utm_campaign",
                        "tz",
                        "type_id",
                        "lawyer_id",
                        "lang",
                    ]
                ),
                any_text,
            ),
            hostile_text,
            max_size=5,
        ),
        extra_headers=headers,
        extra_cookies=cookies,
    )
    def test_public_pages_with_any_query_string(self, path, params, extra_headers, extra_cookies):
        before = counts(self.env)
        response = self.send(path, params=params, headers=extra_headers, cookies=extra_cookies)
        self.assert_answered(response, (200, 301, 302, 303))
        self.assert_nothing_created(before)

    @BOUNDED
    @given(answers=json_values)
    def test_visible_questions_json_route(self, answers):
        response = self.url_open(
            "/diagnostic-ia/visible",
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": {"answers": answers}}),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertNotIn("error", body, body)
        self.assertIsInstance(body["result"], list)


@tagged("post_install", "-at_install")
class TestHostileBookingProperties(PropertyMixin, BookingCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_booking()
        make_website_french(cls.env, rate_limit=100000)
        start = cls.starts_of(cls.avocat)[0]
        cls.event = cls.ctype._book(
            start, cls.prospect, cls.lead, "Europe/Paris", lawyer=cls.avocat
        )
        cls.token = cls.event.sudo().itlaw_booking_token

    @classmethod
    def starts_of(cls, lawyer):
        return cls.ctype._free_slots_by_lawyer(lawyer)[lawyer.id]

    @BOUNDED
    @given(
        form=st.fixed_dictionaries(
            {
                "slot": st.one_of(
                    hostile_text, st.just("2001-01-01T09:00:00Z"), st.just("2999-01-01T09:00:00Z")
                )
            },
            optional={
                "type_id": st.one_of(ids.map(str), st.just("")),
                "tz": hostile_text,
                "lawyer_id": ids.map(str),
                "privacy_consent": st.sampled_from(["1", "", "on"]),
                **dict.fromkeys(FREE_TEXT_FIELDS + UTM_FIELDS, hostile_text),
            },
        ),
        extra_headers=headers,
        extra_cookies=cookies,
    )
    def test_bookings_of_no_offered_time_create_nothing(self, form, extra_headers, extra_cookies):
        data = {"csrf_token": self.csrf("/consultation"), "email_from": "prop@example.fr", **form}
        before = counts(self.env)
        response = self.send(
            "/consultation/book", data=data, headers=extra_headers, cookies=extra_cookies
        )
        self.assert_answered(response, (200,))
        self.assert_nothing_created(before)

    @BOUNDED
    @given(
        intake_id=ids.map(str),
        token=tokens,
        form=st.fixed_dictionaries({}, optional={"slot": hostile_text, "type_id": ids.map(str)}),
    )
    def test_bookings_with_a_forged_diagnostic_are_not_found(self, intake_id, token, form):
        data = {
            "csrf_token": self.csrf("/consultation"),
            "intake_id": intake_id,
            "intake_token": token,
            **form,
        }
        before = counts(self.env)
        response = self.send("/consultation/book", data=data)
        # A missing id is the plain form (no diagnostic), any other a 404.
        self.assert_answered(response, (200, 404))
        self.assert_nothing_created(before)

    @BOUNDED
    @given(
        action=st.sampled_from(["", "/reschedule", "/cancel"]),
        method=st.sampled_from(["GET", "POST"]),
        which=st.sampled_from(["this event", "any id"]),
        event_id=st.integers(min_value=1, max_value=2**31 - 1),
        token=tokens,
    )
    def test_forged_consultation_tokens_are_not_found(self, action, method, which, event_id, token):
        event_id = self.event.id if which == "this event" else event_id
        if token == self.token:
            return
        state, start = self.event.itlaw_state, self.event.start
        before = counts(self.env)
        url = f"/consultation/{event_id}{action}"
        if method == "POST":
            csrf = self.csrf("/consultation")
            response = self.send(url, data={"csrf_token": csrf, "token": token, "slot": "x"})
        else:
            response = self.send(url, params={"token": token})
        self.assert_answered(response, (404,))
        self.assert_nothing_created(before)
        self.event.invalidate_recordset()
        self.assertEqual((self.event.itlaw_state, self.event.start), (state, start))

    @BOUNDED
    @given(slot=st.one_of(hostile_text, st.just("2001-01-01T09:00:00Z")), tz=hostile_text)
    def test_reschedule_to_no_offered_time_changes_nothing(self, slot, tz):
        start = self.event.start
        before = counts(self.env)
        response = self.send(
            f"/consultation/{self.event.id}/reschedule",
            data={
                "csrf_token": self.csrf("/consultation"),
                "token": self.token,
                "slot": slot,
                "tz": tz,
            },
        )
        self.assert_answered(response, (200,))
        self.assert_nothing_created(before)
        self.event.invalidate_recordset()
        self.assertEqual(self.event.start, start)

    @BOUNDED
    @given(
        intake_id=st.integers(min_value=1, max_value=2**31 - 1),
        token=tokens,
        params=st.dictionaries(
            st.sampled_from(["tz", "lawyer_id", "utm_source"]), hostile_text, max_size=3
        ),
    )
    def test_forged_result_tokens_are_not_found(self, intake_id, token, params):
        response = self.send(
            f"/diagnostic-ia/result/{intake_id}", params={"access_token": token, **params}
        )
        self.assert_answered(response, (404,))


@tagged("post_install", "-at_install")
class TestHostileRightsAndAgreementProperties(PropertyMixin, FrenchWebsiteCase, HttpCase):
    """The personal-data pages (/mes-donnees) and the fee agreements' portal
    routes: any email text, any token, never a 5xx nor a record or an email."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_website()
        make_website_french(cls.env, rate_limit=100000)
        partner = cls.env["res.partner"].create({"name": "Cliente", "email": "c@example.fr"})
        cls.agreement = cls.env["itlaw.fee.agreement"].create(
            {"name": "Convention", "partner_id": partner.id, "fee_fixed": True, "fixed_amount": 10}
        )
        cls.agreement._portal_ensure_token()

    @BOUNDED
    @given(email=hostile_text, extra_headers=headers, extra_cookies=cookies)
    def test_data_requests_with_any_email(self, email, extra_headers, extra_cookies):
        before = counts(self.env)
        response = self.send(
            "/mes-donnees/demande",
            data={"csrf_token": self.csrf("/mes-donnees"), "email": email},
            headers=extra_headers,
            cookies=extra_cookies,
        )
        self.assert_answered(response, (200, 303))
        # A request is only queued: no contact, lead, diagnostic, event nor email.
        self.assert_nothing_created(before)

    @BOUNDED
    @given(
        action=st.sampled_from(["", "/export", "/export.json", "/opposition", "/effacement"]),
        token=tokens.filter(lambda token: token and "/" not in token and token not in (".", "..")),
    )
    def test_forged_data_tokens_are_not_found(self, action, token):
        before = counts(self.env)
        url = f"/mes-donnees/{token}{action}"
        if action in ("/opposition", "/effacement"):
            data = {"csrf_token": self.csrf("/mes-donnees"), "confirm": "1"}
            response = self.send(url, data=data)
        else:
            response = self.send(url)
        self.assert_answered(response, (404,))
        self.assert_nothing_created(before)

    @BOUNDED
    @given(
        which=st.sampled_from(["this agreement", "any id"]),
        agreement_id=st.integers(min_value=1, max_value=2**31 - 1),
        token=tokens,
        action=st.sampled_from(["", "/signed", "/sign"]),
    )
    def test_forged_agreement_tokens_are_not_found(self, which, agreement_id, token, action):
        agreement_id = self.agreement.id if which == "this agreement" else agreement_id
        if token == self.agreement.access_token:
            return
        state = self.agreement.state
        url = f"/my/fee_agreements/{agreement_id}{action}"
        if action == "/sign":
            data = {
                "csrf_token": self.csrf("/mes-donnees"),
                "access_token": token,
                "signer_name": "Jeanne",
                "accept": "1",
            }
            response = self.send(url, data=data)
        else:
            response = self.send(url, params={"access_token": token})
        self.assert_answered(response, (303, 404))
        if response.status_code == 303:
            # Only the public user without a token is sent to log in.
            self.assertIn("/web/login", response.headers["Location"])
        self.agreement.invalidate_recordset()
        self.assertEqual(self.agreement.state, state)
