from datetime import date
from urllib.parse import urlsplit

import pytz
from freezegun import freeze_time
from lxml import html

from odoo.tests import HttpCase, tagged

from .booking_common import INSTANTS, PARIS, BookingCase
from .common import make_website_french


@tagged("post_install", "-at_install")
class TestBookingTour(BookingCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_booking()
        cls.env["ir.config_parameter"].set_param("itlaw_ai_advisory.intake_rate_limit", 50)

    def check_booking_tour(self, name, same_week):
        """The visitor picks a day in the week strip, one of its times, and books it,
        with the server's clock at ``INSTANTS[name]``."""
        with freeze_time(INSTANTS[name]):
            offers = self.ctype._slot_offers("Europe/Paris", "fr_FR")
            # The tour picks the first time of the second day that has free times.
            expected = offers[1]["slots"][0]["value"]
            first, second = (date.fromisoformat(day["date"]) for day in offers[:2])
            self.assertEqual(first.isocalendar()[:2] == second.isocalendar()[:2], same_week)
            self.start_tour("/consultation?tz=Europe/Paris", "itlaw_booking_tour")
        event = self.env["calendar.event"].search(
            [("itlaw_prospect_id.email", "=", "jeanne.semaine@example.fr")]
        )
        self.assertEqual(len(event), 1)
        self.assertEqual(event.itlaw_consultation_type_id, self.ctype)
        self.assertEqual(event.start.strftime("%Y-%m-%dT%H:%M:%SZ"), expected)

    def test_booking_tour_wednesday_afternoon(self):
        """Thursday and Friday left this week: the second day is Friday."""
        self.check_booking_tour("wednesday_afternoon", same_week=True)

    def test_booking_tour_thursday_morning(self):
        """Friday alone left this week: the second day is in next week's strip."""
        self.check_booking_tour("thursday_morning", same_week=False)

    def test_booking_tour_saturday_evening(self):
        """Nothing left this week: the strip opens on next week."""
        self.check_booking_tour("saturday_evening", same_week=True)


@tagged("post_install", "-at_install")
class TestJourneyTours(BookingCase, HttpCase):
    """A prospect's whole journey in a real browser: the diagnostic, its result,
    a booked consultation; in English, moved and cancelled from the emails."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_booking()
        make_website_french(cls.env)

    def booked_intake(self, email):
        intake = self.env["itlaw.intake"].search([("partner_id.email", "=", email)])
        self.assertEqual(len(intake), 1)
        event = self.env["calendar.event"].search([("opportunity_id", "=", intake.lead_id.id)])
        self.assertEqual(len(event), 1)
        self.assertEqual(event.itlaw_consultation_type_id, self.ctype)
        self.assertEqual(event.itlaw_prospect_id, intake.partner_id)
        self.assertIn(event.user_id, self.ctype.lawyer_ids)
        self.assertEqual(event.itlaw_state, "booked")
        return intake, event

    def assert_firm_hours(self, event):
        start = pytz.utc.localize(event.start).astimezone(PARIS)
        self.assertLess(start.weekday(), 5, event.start)
        self.assertTrue(9 <= start.hour < 18, event.start)

    def email_link(self, event, since, kind, label):
        """The path of the ``kind`` link ('reschedule', 'cancel') of the prospect's
        newest queued email about ``event``, whose text must be ``label`` (the
        email is in the prospect's language)."""
        # The invitation is rendered by its cron, started at the booking's commit.
        self.env["calendar.event"]._cron_send_invitations()
        mails = self.env["mail.mail"].search(
            [("id", ">", since), ("recipient_ids", "in", event.itlaw_prospect_id.ids)],
            order="id desc",
        )
        for mail in mails:
            links = html.fromstring(str(mail.body_html)).xpath(
                f"//a[contains(@href, '/{kind}?token=')]"
            )
            if links:
                self.assertEqual(links[0].text_content().strip(), label, mail.subject)
                url = urlsplit(links[0].get("href"))
                return f"{url.path}?{url.query}"
        self.fail(f"No queued email to the prospect holds a {kind} link")

    @freeze_time(INSTANTS["thursday_morning"])
    def test_french_phone_journey(self):
        """On a phone, in French: diagnostic, result, a day, a time, booked (on a
        Thursday morning: the second day with free times is next week's)."""
        self.browser_size = "390x844"
        self.touch_enabled = True
        since = self.env["mail.mail"].search([], order="id desc", limit=1).id
        # The test harness opens the browser's session in English (Odoo's default
        # language in its context); a visitor of the French site has this cookie.
        self.start_tour(
            "/diagnostic-ia", "itlaw_journey_fr_phone", cookies={"frontend_lang": "fr_FR"}
        )
        intake, event = self.booked_intake("camille.mobile@example.fr")
        self.assertEqual(intake.lang, "fr_FR")
        self.assertEqual(intake.partner_id.lang, "fr_FR")
        self.assertEqual(intake.answers["proj_genai_features"], ["chatbot"])
        self.assertTrue(intake.consent_given)
        self.assertEqual(
            intake.lead_id.stage_id, self.env.ref("itlaw_ai_advisory.crm_stage_consultation")
        )
        self.assert_firm_hours(event)
        # The invitation is in French, its links to the French pages.
        link = self.email_link(event, since, "reschedule", "Déplacer")
        self.assertTrue(link.startswith(f"/consultation/{event.id}/reschedule?token="), link)

    @freeze_time(INSTANTS["wednesday_afternoon"])
    def test_english_desktop_journey_then_email_links(self):
        """On a desktop, in English: booked, then moved and cancelled from the
        links of the emails, every page in English (on a Wednesday afternoon:
        moved to the third day with free times, next week's)."""
        self.browser_size = "1366x768"
        since = self.env["mail.mail"].search([], order="id desc", limit=1).id
        self.start_tour("/en/diagnostic-ia", "itlaw_journey_en_desktop")
        intake, event = self.booked_intake("chris.desktop@example.com")
        self.assertEqual(intake.lang, "en_US")
        self.assertEqual(intake.partner_id.lang, "en_US")
        self.assert_firm_hours(event)
        booked_start = event.start

        link = self.email_link(event, since, "reschedule", "Reschedule")
        self.assertTrue(link.startswith(f"/en/consultation/{event.id}/reschedule?token="), link)
        since = self.env["mail.mail"].search([], order="id desc", limit=1).id
        self.start_tour(link, "itlaw_journey_en_reschedule")
        event.invalidate_recordset()
        self.assertEqual(event.itlaw_state, "booked")
        self.assertGreater(event.start, booked_start)
        self.assert_firm_hours(event)

        link = self.email_link(event, since, "cancel", "Cancel")
        self.assertTrue(link.startswith(f"/en/consultation/{event.id}/cancel?token="), link)
        self.start_tour(link, "itlaw_journey_en_cancel")
        event.invalidate_recordset()
        self.assertEqual(event.itlaw_state, "cancelled")
        # One consultation, moved then cancelled: nothing else was created.
        self.assertEqual(
            self.env["calendar.event"]
            .with_context(active_test=False)
            .search_count([("opportunity_id", "=", intake.lead_id.id)]),
            1,
        )
