import re
from datetime import datetime, timedelta
from unittest.mock import patch
from urllib.parse import parse_qs, urlparse

import pytz
import requests
from lxml import html

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .booking_common import INSTANTS, BookingCase
from .common import CONTACT, CV_SCREENING, form_data, make_website_french, request_info


def css(node, selector):
    """A small CSS subset on lxml without the cssselect package: ``.class``,
    ``#id``, ``tag``, ``tag.class``, ``tag[name=x]``, ``[checked]`` suffixes."""
    match = re.fullmatch(
        r"(?P<tag>[a-z]+)?(?:\.(?P<cls>[\w-]+))?(?:#(?P<id>[\w-]+))?"
        r"(?:\[name=(?P<name>[\w-]+)\])?(?:\[type=(?P<type>\w+)\])?(?P<checked>\[checked\])?",
        selector,
    )
    conditions = []
    if match["cls"]:
        conditions.append(
            f"contains(concat(' ', normalize-space(@class), ' '), ' {match['cls']} ')"
        )
    if match["id"]:
        conditions.append(f"@id='{match['id']}'")
    if match["name"]:
        conditions.append(f"@name='{match['name']}'")
    if match["type"]:
        conditions.append(f"@type='{match['type']}'")
    if match["checked"]:
        conditions.append("@checked")
    predicate = f"[{' and '.join(conditions)}]" if conditions else ""
    return node.xpath(f".//{match['tag'] or '*'}{predicate}")


@tagged("post_install", "-at_install")
class TestBookingRoutes(BookingCase, HttpCase):
    # The server's clock, for every test of the class (Odoo's BaseCase.freeze_time).
    freeze_time = INSTANTS["thursday_morning"]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_booking()
        make_website_french(cls.env)

    def page(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return html.fromstring(response.content)

    def slot_values(self, page):
        return [radio.get("value") for radio in css(page, "input[name=slot]")]

    def csrf(self, page):
        return css(page, "input[name=csrf_token]")[0].get("value")

    def consultations(self):
        return self.env["calendar.event"].search([("itlaw_consultation_type_id", "!=", False)])

    def post_booking(self, page, slot=None, contact=None, consent=True, **extra):
        data = {
            "csrf_token": self.csrf(page),
            "type_id": self.ctype.id,
            "tz": "Europe/Paris",
            "slot": slot or self.slot_values(page)[0],
            **(CONTACT if contact is None else contact),
            **extra,
        }
        if consent:
            data["privacy_consent"] = "1"
        return self.url_open("/consultation/book", data=data, allow_redirects=False)

    def test_standalone_page_lists_slots_in_the_visitors_timezone(self):
        page = self.page("/consultation")
        values = self.slot_values(page)
        self.assertTrue(values)
        self.assertIn("Europe/Paris", css(page, ".o_itlaw_tz_label")[0].text_content())
        first = datetime.strptime(values[0], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=pytz.utc)
        label = page.xpath(f".//label[@for='slot_{values[0]}']")[0].text_content()
        self.assertEqual(label, first.astimezone(pytz.timezone("Europe/Paris")).strftime("%H:%M"))
        # The form works without JavaScript: radios, labels, CSRF, plain POST.
        form = css(page, "form.o_itlaw_booking_form")[0]
        self.assertEqual(form.get("method"), "post")
        self.assertTrue(self.csrf(page))

        tokyo = self.page("/consultation?tz=Asia/Tokyo")
        self.assertIn("Asia/Tokyo", css(tokyo, ".o_itlaw_tz_label")[0].text_content())
        label = tokyo.xpath(f".//label[@for='slot_{values[0]}']")[0].text_content()
        self.assertEqual(label, first.astimezone(pytz.timezone("Asia/Tokyo")).strftime("%H:%M"))
        bogus = self.page("/consultation?tz=Mars/Olympus")
        self.assertIn("Europe/Paris", css(bogus, ".o_itlaw_tz_label")[0].text_content())

    def test_standalone_booking_creates_partner_lead_and_event(self):
        page = self.page("/consultation")
        slot = self.slot_values(page)[0]
        response = self.post_booking(page, slot=slot)
        self.assertEqual(response.status_code, 303, response.text[:500])
        event = self.consultations()
        self.assertEqual(len(event), 1)
        location = urlparse(response.headers["Location"])
        # In the visitor's language already (this one reads English).
        self.assertEqual(location.path, f"/en/consultation/{event.id}")
        self.assertEqual(parse_qs(location.query)["token"], [event.itlaw_booking_token])
        self.assertEqual(event.itlaw_prospect_id.email_normalized, "jeanne.dupont@example.fr")
        self.assertEqual(event.opportunity_id.partner_id, event.itlaw_prospect_id)
        self.assertEqual(
            event.start.strftime("%Y-%m-%dT%H:%M:%SZ"), slot, "the slot the visitor picked"
        )
        done = self.page(response.headers["Location"])
        self.assertTrue(css(done, ".o_itlaw_booked"))
        # One note tells the story, on the lead: no "created" notes on the
        # lead, the contact, its organisation or the event.
        lead = event.opportunity_id
        # Created once the lawyer was chosen: theirs, in its stage, and Odoo's
        # "assigned to you" email left to the invitation cron.
        self.assertEqual(lead.user_id, event.user_id)
        self.assertEqual(lead.stage_id, self.env.ref("itlaw_ai_advisory.crm_stage_consultation"))
        self.assertTrue(event.itlaw_assignment_pending)
        self.assertFalse(lead.message_ids, "the booking's note is logged by the invitation cron")
        self.env["calendar.event"]._cron_send_invitations()
        lead.invalidate_recordset()
        self.assertEqual(len(lead.message_ids), 1, lead.message_ids.mapped("body"))
        self.assertRegex(str(lead.message_ids.body), "Consultation (booked with|réservée avec)")
        self.assertFalse(event.itlaw_prospect_id.message_ids)
        self.assertFalse(event.itlaw_prospect_id.parent_id.message_ids)
        self.assertFalse(event.message_ids)
        # Same email, other case: the contact is reused.
        page = self.page("/consultation")
        contact = {**CONTACT, "email_from": "JEANNE.dupont@example.FR"}
        response = self.post_booking(page, slot=self.slot_values(page)[0], contact=contact)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(len(self.consultations().itlaw_prospect_id), 1)

    def test_invalid_contact_keeps_values_and_creates_nothing(self):
        before = self.env["res.partner"].search_count([])
        page = self.page("/consultation")
        slot = self.slot_values(page)[0]
        response = self.post_booking(
            page, slot=slot, contact={**CONTACT, "email_from": "nope"}, consent=False
        )
        self.assertEqual(response.status_code, 200)
        result = html.fromstring(response.content)
        self.assertTrue(css(result, "#email_from_error"))
        self.assertTrue(css(result, "#privacy_consent_error"))
        self.assertEqual(css(result, "input[name=email_from]")[0].get("value"), "nope")
        self.assertEqual(css(result, "input[name=slot][checked]")[0].get("value"), slot)
        self.assertFalse(self.consultations())
        self.assertEqual(self.env["res.partner"].search_count([]), before)

    def test_standalone_booking_asks_for_the_parties(self):
        """Issue 20, item 17: as on the diagnostic, so that the conflict check
        can run before the first consultation."""
        page = self.page("/consultation")
        form = css(page, "form.o_itlaw_booking_form")[0]
        self.assertEqual(len(form.xpath(".//input[starts-with(@name, 'party_')]")), 5)
        self.assertEqual(len(form.xpath(".//select[starts-with(@name, 'party_')]")), 5)
        response = self.post_booking(
            page,
            party_0_name="  Société   Générale de Robotique ",
            party_0_kind="counterparty",
            party_1_name="Hyperion Models Ltd",
            party_1_kind="ai_vendor",
        )
        self.assertEqual(response.status_code, 303, response.text[:500])
        lead = self.consultations().opportunity_id
        self.assertEqual(
            [(party.name, party.kind) for party in lead.itlaw_party_ids],
            [
                ("Société Générale de Robotique", "counterparty"),
                ("Hyperion Models Ltd", "ai_vendor"),
            ],
        )
        # The lawyer's check of the lead searches them.
        lawyer = new_test_user(
            self.env, "t_booking_lawyer", groups="base.group_user,itlaw_ai_advisory.group_lawyer"
        )
        lead.user_id = lawyer
        Check = self.env["itlaw.conflict.check"].with_user(lawyer)
        check = Check.browse(Check.action_run_conflict_check(lead_id=lead.id)["res_id"])
        self.assertIn("Hyperion Models Ltd", check.subjects)

    def test_bad_parties_on_the_booking_page_are_refused_next_to_the_field(self):
        self.opener.headers["Accept-Language"] = "fr-FR,fr;q=0.9"
        page = self.page("/consultation")
        slot = self.slot_values(page)[0]
        response = self.post_booking(
            page,
            slot=slot,
            party_0_name="x" * 161,
            party_1_name="Rival SA",
            party_1_kind="spaceship",
            party_2_name="Kept Name SAS",
            party_2_kind="ai_vendor",
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(self.consultations())
        result = html.fromstring(response.content)
        error = css(result, "#party_0_name_error")[0].text_content()
        self.assertIn("Veuillez ne pas dépasser 160 caractères", error)
        self.assertIn("rôle de la partie", css(result, "#party_1_kind_error")[0].text_content())
        self.assertFalse(css(result, "#party_2_name_error"))
        summary = css(result, "#o_itlaw_error_summary")[0]
        self.assertIn("#party_0_name_error", {link.get("href") for link in css(summary, "a")})
        # What was typed is kept, the slot too.
        self.assertEqual(css(result, "input[name=party_0_name]")[0].get("value"), "x" * 161)
        self.assertEqual(css(result, "input[name=party_1_name]")[0].get("value"), "Rival SA")
        self.assertEqual(css(result, "input[name=party_2_name]")[0].get("value"), "Kept Name SAS")
        kind = result.xpath(".//select[@name='party_2_kind']/option[@selected]")[0]
        self.assertEqual(kind.get("value"), "ai_vendor")
        self.assertEqual(css(result, "input[name=slot][checked]")[0].get("value"), slot)
        self.assertEqual(
            css(result, "input[name=email_from]")[0].get("value"), CONTACT["email_from"]
        )

    def test_booking_from_the_diagnostic_result(self):
        intake = self.env["itlaw.intake"]._submit(dict(CV_SCREENING), dict(CONTACT), request_info())
        url = f"/diagnostic-ia/result/{intake.id}?access_token={intake.access_token}"
        page = self.page(url)
        step = css(page, ".o_itlaw_booking_step")[0]
        self.assertTrue(css(step, "input[name=slot]"))
        form = css(step, "form.o_itlaw_booking_form")[0]
        data = {field.get("name"): field.get("value") for field in css(form, "input[type=hidden]")}
        data["slot"] = self.slot_values(page)[0]
        response = self.url_open("/consultation/book", data=data, allow_redirects=False)
        self.assertEqual(response.status_code, 303, response.text[:500])
        event = self.consultations()
        self.assertEqual(event.opportunity_id, intake.lead_id)
        self.assertEqual(event.itlaw_intake_id, intake)
        self.assertIn(intake.name, str(event.description))
        page = self.page(url)
        self.assertTrue(css(page, ".o_itlaw_planned"))
        # A tampered diagnostic token books nothing.
        data["intake_token"] = "wrong"
        response = self.url_open("/consultation/book", data=data, allow_redirects=False)
        self.assertEqual(response.status_code, 404)
        self.assertEqual(len(self.consultations()), 1)

    def fragments(self, url, fresh=False):
        """The parts of a page kept rendered (t-cache), as markup; ``fresh``
        renders them anew (Odoo's ``debug=disable-t-cache``, in a session of
        its own so that the debug mode does not stick to the test's)."""
        if fresh:
            separator = "&" if "?" in url else "?"
            response = requests.get(
                f"{self.base_url()}{url}{separator}debug=disable-t-cache", timeout=60
            )
            self.assertEqual(response.status_code, 200)
            page = html.fromstring(response.content)
        else:
            page = self.page(url)
        selectors = (
            "fieldset.o_itlaw_slots",
            "p.o_itlaw_type_summary",
            "select#o_itlaw_tz_select",
            "select#o_itlaw_lawyer_select",
            "section.o_itlaw_step",
            "nav.o_itlaw_progress",
            "ol.list-group",
            "div.o_itlaw_band",
        )
        return [
            html.tostring(node, encoding="unicode")
            for selector in selectors
            for node in css(page, selector)
        ]

    def test_pages_kept_rendered_equal_fresh_ones_and_follow_changes(self):
        self.ctype.lawyer_ids = self.avocat
        intake = self.env["itlaw.intake"]._submit(dict(CV_SCREENING), dict(CONTACT), request_info())
        result = f"/diagnostic-ia/result/{intake.id}?access_token={intake.access_token}"
        pages = ("/consultation", "/consultation?tz=Asia/Tokyo", "/diagnostic-ia", result)
        for url in pages:
            kept = self.fragments(url)
            self.assertEqual(self.fragments(url), kept, "rendered from what was kept")
            with self.subTest(url=url):
                self.assertTrue(kept)
                self.assertEqual(kept, self.fragments(url, fresh=True))
        first = self.slot_values(self.page("/consultation"))[0]
        # Booked, re-priced: the kept markup is not shown any more.
        self.ctype._book(
            datetime.strptime(first, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=pytz.utc),
            self.prospect_en,
            self.lead,
            "Europe/Paris",
        )
        self.ctype.price = 321
        self.stamp_as_a_later_transaction(self.ctype)
        for url in pages[:2]:
            with self.subTest(url=url, change="booked and re-priced"):
                page = self.page(url)
                self.assertNotIn(first, self.slot_values(page))
                self.assertIn("321", css(page, "p.o_itlaw_type_summary")[0].text_content())
                self.assertEqual(self.fragments(url), self.fragments(url, fresh=True))
        # A partner switches off the rule of the first point shown, then re-scores.
        shown = css(self.page(result), "li.o_itlaw_finding")[0].text_content()
        first = next(f for f in intake.assessment["findings"] if f["points"] > 0)
        self.env["itlaw.rule.setting"].search([("rule", "=", first["rule"])]).enabled = False
        intake.action_recompute()
        self.stamp_as_a_later_transaction(intake)
        now_shown = [node.text_content() for node in css(self.page(result), "li.o_itlaw_finding")]
        self.assertNotIn(shown, now_shown, "the new assessment")
        self.assertEqual(self.fragments(result), self.fragments(result, fresh=True))

    def test_page_shown_again_keeps_the_visitors_time(self):
        """After an error the visitor's time stays chosen; the other days come
        from the markup kept for them."""
        page = self.page("/consultation")
        picker = self.fragments("/consultation")[0]
        days = css(page, ".o_itlaw_slot_day")
        self.assertGreater(len(days), 1)
        chosen = days[1].xpath(".//input[@name='slot']")[0].get("value")
        contact = {**CONTACT, "email_from": "not an email"}
        response = self.post_booking(page, slot=chosen, contact=contact)
        self.assertEqual(response.status_code, 200)
        again = html.fromstring(response.content)
        self.assertTrue(css(again, "#email_from_error"))
        checked = again.xpath(".//input[@name='slot'][@checked]")
        self.assertEqual([node.get("value") for node in checked], [chosen])
        shown = html.tostring(css(again, "fieldset.o_itlaw_slots")[0], encoding="unicode")
        self.assertEqual(re.sub(r' checked(="checked")?(?=[ >/])', "", shown), picker)

    def stamp_as_a_later_transaction(self, record):
        """Kept markup is keyed on the records' write date, which every later
        transaction moves; this test's requests share one transaction, whose
        date does not move: its changes are stamped as a later one would."""
        record.flush_recordset()
        self.env.cr.execute(
            f'UPDATE "{record._table}" SET write_date = write_date + interval %s WHERE id = %s',
            ["1 second", record.id],
        )
        record.invalidate_recordset(["write_date"])

    def test_race_lost_shows_fresh_slots(self):
        self.ctype.lawyer_ids = self.avocat
        page = self.page("/consultation")
        slot = self.slot_values(page)[0]
        start = datetime.strptime(slot, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=pytz.utc)
        # Someone else books it between the page and the post.
        self.ctype._book(start, self.prospect_en, self.lead, "Europe/Paris")
        Intake = type(self.env["itlaw.intake"])
        find_or_create, contacts_sought = Intake._find_or_create_partner, []

        def seek_contact(intake, contact, lang):
            contacts_sought.append(contact["email_from"])
            return find_or_create(intake, contact, lang)

        with patch.object(Intake, "_find_or_create_partner", seek_contact):
            response = self.post_booking(page, slot=slot)
        # Turned down before a contact or a lead was made (and rolled back) for it.
        self.assertEqual(contacts_sought, [])
        self.assertEqual(response.status_code, 200)
        result = html.fromstring(response.content)
        self.assertIn("just been booked", css(result, ".o_itlaw_slot_error")[0].text_content())
        self.assertNotIn(slot, self.slot_values(result))
        self.assertTrue(self.slot_values(result))
        self.assertEqual(len(self.consultations()), 1)
        self.assertFalse(
            self.env["res.partner"].search([("email", "=ilike", CONTACT["email_from"])]),
            "nothing half-written",
        )

    def test_bad_input_never_500(self):
        page = self.page("/consultation")
        past = (datetime.utcnow() - timedelta(days=2)).strftime("%Y-%m-%dT09:00:00Z")
        for extra, error in (
            ({"slot": "tomorrow at noon"}, ".o_itlaw_slot_error"),
            ({"slot": past}, ".o_itlaw_slot_error"),
            ({"slot": "2030-01-01T09:00:00Z"}, ".o_itlaw_slot_error"),
            ({"type_id": "999999"}, "#o_itlaw_error_summary"),
            ({"type_id": "abc"}, "#o_itlaw_error_summary"),
            ({"lawyer_id": "999999"}, ".o_itlaw_slot_error"),
        ):
            with self.subTest(extra=extra):
                response = self.post_booking(page, **extra)
                self.assertEqual(response.status_code, 200, response.text[:300])
                self.assertTrue(css(html.fromstring(response.content), error))
        self.assertFalse(self.consultations())
        self.assertEqual(self.url_open("/consultation?type_id=999999").status_code, 200)
        self.assertEqual(self.url_open("/consultation?type_id=x&lawyer_id=y").status_code, 200)
        with self.assertLogs("odoo.http", "WARNING") as logs:
            response = self.url_open(
                "/consultation/book",
                data={"type_id": self.ctype.id, "slot": self.slot_values(page)[0]},
                allow_redirects=False,
            )
        self.assertEqual(response.status_code, 400, "no CSRF token")
        self.assertIn("No CSRF validation token", logs.output[0])

    def test_manage_reschedule_cancel_with_token(self):
        self.ctype.lawyer_ids = self.avocat
        page = self.page("/consultation")
        slots = self.slot_values(page)
        self.post_booking(page, slot=slots[0])
        event = self.consultations()
        token = event.itlaw_booking_token
        base = f"/consultation/{event.id}"
        for url in (
            f"{base}?token=wrong",
            base,
            f"{base}/reschedule?token=wrong",
            f"{base}/cancel?token=wrong",
            "/consultation/999999?token=x",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.url_open(url).status_code, 404)
        manage = self.page(f"{base}?token={token}")
        self.assertTrue(css(manage, ".o_itlaw_reschedule"))
        reschedule = self.page(f"{base}/reschedule?token={token}")
        new_slot = self.slot_values(reschedule)[-1]
        response = self.url_open(
            f"{base}/reschedule",
            data={"csrf_token": self.csrf(reschedule), "token": token, "slot": new_slot},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303, response.text[:300])
        event.invalidate_recordset()
        self.assertEqual(event.start.strftime("%Y-%m-%dT%H:%M:%SZ"), new_slot)
        cancel = self.page(f"{base}/cancel?token={token}")
        response = self.url_open(
            f"{base}/cancel", data={"csrf_token": self.csrf(cancel), "token": token}
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(css(html.fromstring(response.content), ".o_itlaw_message"))
        event.invalidate_recordset()
        self.assertEqual(event.itlaw_state, "cancelled")
        again = self.page(f"{base}/cancel?token={token}")
        self.assertIn("already cancelled", css(again, ".o_itlaw_message")[0].text_content())

    def test_past_cutoff_is_a_message(self):
        page = self.page("/consultation")
        self.post_booking(page)
        event = self.consultations()
        token = event.itlaw_booking_token
        self.env["ir.config_parameter"].set_param(
            "itlaw_ai_advisory.booking_cutoff_hours", str(24 * 365)
        )
        manage = self.page(f"/consultation/{event.id}?token={token}")
        self.assertFalse(css(manage, ".o_itlaw_reschedule"))
        self.assertTrue(css(manage, ".o_itlaw_past_cutoff"))
        for action in ("reschedule", "cancel"):
            result = self.page(f"/consultation/{event.id}/{action}?token={token}")
            self.assertTrue(css(result, ".o_itlaw_message"), action)
        self.assertEqual(event.itlaw_state, "booked")

    def test_portal_lists_my_consultations(self):
        portal = new_test_user(
            self.env, "b_portal_http", groups="base.group_portal", password="b_portal_http"
        )
        other = self.env["res.partner"].create({"name": "Other", "email": "other@example.com"})
        page = self.page("/consultation")
        slots = self.slot_values(page)
        start = datetime.strptime(slots[0], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=pytz.utc)
        mine = self.ctype._book(start, portal.partner_id, self.lead, "Europe/Paris")
        theirs = self.ctype._book(start, other, self.lead, "Europe/Paris")
        theirs.partner_ids = [Command.link(portal.partner_id.id)]
        self.authenticate("b_portal_http", "b_portal_http")
        listing = self.page("/my/consultations")
        rows = css(listing, ".o_itlaw_portal_consultation")
        self.assertEqual(len(rows), 1)
        link = css(rows[0], "a")[0].get("href")
        self.assertIn(f"/consultation/{mine.id}?token={mine.itlaw_booking_token}", link)

    def book_from_result(self, intake):
        page = self.page(f"/diagnostic-ia/result/{intake.id}?access_token={intake.access_token}")
        form = css(css(page, ".o_itlaw_booking_step")[0], "form.o_itlaw_booking_form")[0]
        data = {field.get("name"): field.get("value") for field in css(form, "input[type=hidden]")}
        data["slot"] = self.slot_values(page)[0]
        return self.url_open("/consultation/book", data=data, allow_redirects=False), data

    def test_one_planned_consultation_per_diagnostic(self):
        intake = self.env["itlaw.intake"]._submit(dict(CV_SCREENING), dict(CONTACT), request_info())
        response, data = self.book_from_result(intake)
        self.assertEqual(response.status_code, 303, response.text[:500])
        event = self.consultations()
        # The same diagnostic's token again, another time: the planned one is shown.
        page = self.page("/consultation")
        data["slot"] = self.slot_values(page)[-1]
        response = self.url_open("/consultation/book", data=data, allow_redirects=False)
        self.assertEqual(response.status_code, 303, response.text[:500])
        self.assertEqual(self.consultations(), event, "no second consultation")
        location = urlparse(response.headers["Location"])
        self.assertEqual(location.path, f"/en/consultation/{event.id}")
        shown = self.page(response.headers["Location"])
        self.assertTrue(css(shown, ".o_itlaw_already"))
        self.assertTrue(css(shown, ".o_itlaw_reschedule"))
        # Once it is past, the diagnostic may book again.
        event.write({"start": datetime(2020, 1, 6, 9, 0), "stop": datetime(2020, 1, 6, 9, 45)})
        page = self.page(f"/diagnostic-ia/result/{intake.id}?access_token={intake.access_token}")
        self.assertFalse(css(page, ".o_itlaw_planned"))
        response, _data = self.book_from_result(intake)
        self.assertEqual(response.status_code, 303, response.text[:500])
        self.assertEqual(len(self.consultations()), 2)

    def test_rate_limit_applies_to_bookings_with_a_diagnostic_token(self):
        intake = self.env["itlaw.intake"]._submit(dict(CV_SCREENING), dict(CONTACT), request_info())
        self.env["ir.config_parameter"].set_param("itlaw_ai_advisory.intake_rate_limit", 1)
        response, data = self.book_from_result(intake)
        self.assertEqual(response.status_code, 303, response.text[:500])
        response = self.url_open("/consultation/book", data=data, allow_redirects=False)
        self.assertEqual(response.status_code, 429)
        self.assertEqual(len(self.consultations()), 1)

    def test_booking_consent_error_and_summary(self):
        self.opener.headers["Accept-Language"] = "fr-FR,fr;q=0.9"
        for url, expected in (
            ("/consultation", "organiser la consultation"),
            ("/en/consultation", "organise the consultation"),
        ):
            with self.subTest(url=url):
                page = self.page(url)
                response = self.url_open(
                    url.replace("/consultation", "/consultation/book"),
                    data={
                        "csrf_token": self.csrf(page),
                        "type_id": self.ctype.id,
                        "tz": "Europe/Paris",
                        "slot": self.slot_values(page)[0],
                        **{**CONTACT, "email_from": "nope"},
                    },
                    allow_redirects=False,
                )
                self.assertEqual(response.status_code, 200)
                result = html.fromstring(response.content)
                error = css(result, "#privacy_consent_error")[0].text_content()
                self.assertIn(expected, error)
                self.assertNotIn("pré-évaluation", error)
                self.assertNotIn("pre-assessment", error)
                summary = css(result, "#o_itlaw_error_summary")[0]
                self.assertEqual(summary.get("tabindex"), "-1")
                links = {link.get("href") for link in css(summary, "a")}
                self.assertEqual(links, {"#privacy_consent_error", "#email_from_error"})
                for link in links:
                    self.assertTrue(css(result, link), link)
                self.assertIn(expected, summary.text_content())
        self.assertFalse(self.consultations())

    def test_public_actions_are_signed_by_the_firm(self):
        """Every message a visitor's action creates has a sender (181 of 181
        lawyers' notifications had none), never the public user."""
        public = self.env.ref("base.public_user").partner_id
        last = self.env["mail.message"].search([], order="id desc", limit=1).id
        self.env["ir.config_parameter"].set_param("itlaw_ai_advisory.intake_rate_limit", 50)
        # A diagnostic, then bookings, a reschedule and a cancellation.
        form = self.page("/diagnostic-ia")
        data = form_data(CV_SCREENING)
        data.add("csrf_token", self.csrf(form))
        response = self.url_open(
            "/diagnostic-ia/submit", data=list(data.items(multi=True)), allow_redirects=False
        )
        self.assertEqual(response.status_code, 303, response.text[:300])
        page = self.page("/consultation")
        self.assertEqual(self.post_booking(page).status_code, 303)
        event = self.consultations()
        token = event.itlaw_booking_token
        base = f"/consultation/{event.id}"
        reschedule = self.page(f"{base}/reschedule?token={token}")
        response = self.url_open(
            f"{base}/reschedule",
            data={
                "csrf_token": self.csrf(reschedule),
                "token": token,
                "slot": self.slot_values(reschedule)[-1],
            },
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303, response.text[:300])
        cancel = self.page(f"{base}/cancel?token={token}")
        self.url_open(f"{base}/cancel", data={"csrf_token": self.csrf(cancel), "token": token})
        event.invalidate_recordset()
        self.assertEqual(event.itlaw_state, "cancelled")
        messages = self.env["mail.message"].search([("id", ">", last)])
        self.assertGreater(len(messages), 5)
        for message in messages:
            with self.subTest(message=message.id, model=message.model, body=message.body[:80]):
                self.assertTrue(message.email_from)
                self.assertTrue(message.author_id)
                self.assertNotEqual(message.author_id, public)
        mails = self.env["mail.mail"].search([("mail_message_id", "in", messages.ids)])
        self.assertTrue(mails)
        self.assertTrue(all(mails.mapped("email_from")))
        # The lawyers were notified, by email or in Odoo.
        lawyers = (self.associe | self.avocat | self.avocate).partner_id
        self.assertTrue(messages.filtered(lambda m: m.partner_ids & lawyers))

    def test_booking_is_the_headers_call_to_action(self):
        """Not a menu entry that the header folds into its "+" at 1366 px."""
        page = self.page("/")
        cta = page.xpath("//header//a[contains(@class, 'btn_cta')]")
        self.assertTrue(cta)
        self.assertTrue(all(a.get("href").endswith("/consultation") for a in cta), cta)
        menu = self.env["website"].get_current_website().menu_id.child_id
        self.assertNotIn("/consultation", menu.mapped("url"))

    def test_confirmation_offers_join_and_add_to_calendar(self):
        """Issue 20 item 11: a Join button, not a long raw URL; the consultation
        as an .ics file and as Google and Outlook links (without the token)."""
        self.opener.headers["Accept-Language"] = "fr-FR,fr;q=0.9"
        self.ctype.video_link = "https://visio.example.org/" + "x" * 150
        page = self.page("/consultation")
        self.post_booking(page)
        event = self.consultations().sorted("id")[-1]
        token = event.itlaw_booking_token
        manage = self.page(f"/consultation/{event.id}?token={token}&booked=1")
        join = css(manage, "a.o_itlaw_join")
        self.assertEqual(len(join), 1)
        self.assertEqual(join[0].get("href"), self.ctype.video_link)
        self.assertIn("Rejoindre", join[0].text_content())
        self.assertNotIn(self.ctype.video_link, manage.text_content())
        ics = self.url_open(css(manage, "a.o_itlaw_ics")[0].get("href"))
        self.assertEqual(ics.status_code, 200)
        self.assertTrue(ics.headers["Content-Type"].startswith("text/calendar"))
        self.assertIn(b"BEGIN:VCALENDAR", ics.content)
        self.assertIn(event.start.strftime("DTSTART:%Y%m%dT%H%M%SZ").encode(), ics.content)
        self.assertEqual(ics.headers["Referrer-Policy"], "no-referrer")
        dates = f"{event.start:%Y%m%dT%H%M%SZ}/{event.stop:%Y%m%dT%H%M%SZ}"
        google = urlparse(css(manage, "a.o_itlaw_google")[0].get("href"))
        self.assertEqual(google.netloc, "calendar.google.com")
        self.assertEqual(parse_qs(google.query)["dates"], [dates])
        outlook = urlparse(css(manage, "a.o_itlaw_outlook")[0].get("href"))
        self.assertEqual(outlook.netloc, "outlook.live.com")
        self.assertEqual(parse_qs(outlook.query)["startdt"], [f"{event.start:%Y-%m-%dT%H:%M:%SZ}"])
        for link in (google, outlook):
            self.assertNotIn(token, link.query)
        self.assertEqual(
            self.url_open(f"/consultation/{event.id}/calendar.ics?token=wrong").status_code, 404
        )
        # A cancelled consultation offers neither.
        event._itlaw_cancel()
        manage = self.page(f"/consultation/{event.id}?token={token}")
        self.assertFalse(css(manage, "a.o_itlaw_join") or css(manage, "a.o_itlaw_ics"))

    def test_price_says_excl_and_incl_vat(self):
        """Issue 20 item 11: the price of a consultation, HT and TTC."""
        self.opener.headers["Accept-Language"] = "fr-FR,fr;q=0.9"
        self.ctype.write({"price": 150, "vat_rate": 20})
        french = " ".join(
            css(self.page("/consultation"), "p.o_itlaw_type_summary")[0].text_content().split()
        )
        self.assertRegex(french, r"150,00\s€ HT \(180,00\s€ TTC\)")
        english = " ".join(
            css(self.page("/en/consultation"), "p.o_itlaw_type_summary")[0].text_content().split()
        )
        self.assertIn("excl. VAT", english)
        self.assertIn("incl. VAT)", english)

    def test_english_visitor_french_lawyers(self):
        """The lawyer's language in the CRM, whatever the visitor's."""
        (self.associe | self.avocat | self.avocate).lang = "fr_FR"
        form = self.page("/en/diagnostic-ia")
        data = form_data(CV_SCREENING)
        data.add("csrf_token", self.csrf(form))
        response = self.url_open(
            "/en/diagnostic-ia/submit", data=list(data.items(multi=True)), allow_redirects=False
        )
        self.assertEqual(response.status_code, 303, response.text[:300])
        intake = self.env["itlaw.intake"].search([], order="id desc", limit=1)
        lead = intake.lead_id
        self.assertEqual(intake.lang, "en_US")
        self.assertFalse(lead.activity_ids, "given by the cron after the visitor's request")
        self.env["itlaw.intake"]._cron_send_confirmations()
        self.assertEqual(
            lead.activity_ids.mapped("summary"), ["Examiner les constats et qualifier la piste"]
        )
        self.assertIn(f"Diagnostic IA {intake.name} reçu", str(lead.message_ids[:1].body))
        response, _data = self.book_from_result(intake)
        self.assertEqual(response.status_code, 303, response.text[:300])
        self.env["calendar.event"]._cron_send_invitations()
        lead.invalidate_recordset()
        notes = " ".join(str(body) for body in lead.message_ids.mapped("body"))
        self.assertIn("Consultation réservée avec", notes)
        self.assertIn("(Europe/Paris)", notes)
        self.assertNotIn("Meeting scheduled", notes)
        stages = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "crm.lead"),
                ("mail_message_id.res_id", "=", lead.id),
                ("field_id.name", "=", "stage_id"),
            ]
        )
        self.assertEqual(stages.mapped("new_value_char"), ["Consultation planifiée"])
        # A booking without a diagnostic: its lead is named in the lawyer's language too.
        page = self.page("/en/consultation")
        contact = {**CONTACT, "email_from": "english.visitor@example.com"}
        response = self.post_booking(page, slot=self.slot_values(page)[0], contact=contact)
        self.assertEqual(response.status_code, 303, response.text[:300])
        lead = (
            self.consultations()
            .filtered(lambda event: event.itlaw_prospect_id.email == "english.visitor@example.com")
            .opportunity_id
        )
        self.assertTrue(lead.name.startswith("Demande de consultation – "), lead.name)
