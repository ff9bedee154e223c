"""Booking on any day and at any hour (issue 20: the suite failed from Wednesday
to Friday, when the first week of the strip had fewer days than a tour chose).

The key booking scenarios run with the server's clock frozen at each instant of
``INSTANTS``: every day of a week, a Saturday evening, both daylight-saving
changes. What is offered is compared with the firm's hours computed the simple
way (``firm_starts``), then a visitor books, moves and cancels through the
public pages, as the tours do."""

from datetime import timedelta

from freezegun import freeze_time
from lxml import html

from odoo.tests import HttpCase, tagged

from .booking_common import INSTANTS, PARIS, BookingCase, firm_starts, instant, naive, slot_value
from .common import CONTACT, make_website_french

NOTICE = timedelta(hours=24)
HORIZON = timedelta(days=14)
DURATION = timedelta(minutes=45)


def by_day(starts):
    """Starts grouped by Paris day, in order: [[starts of a day], ...]."""
    days = {}
    for start in starts:
        days.setdefault(start.astimezone(PARIS).date(), []).append(start)
    return list(days.values())


@tagged("post_install", "-at_install")
class TestBookingAnyDay(BookingCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_booking()
        make_website_french(cls.env, rate_limit=500)
        cls.lawyers = cls.associe | cls.avocat | cls.avocate

    def page(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return html.fromstring(response.content)

    @staticmethod
    def radios(page):
        return page.xpath("//input[@name='slot']/@value")

    @staticmethod
    def csrf(page):
        return page.xpath("//input[@name='csrf_token']/@value")[0]

    def consultations(self):
        return self.env["calendar.event"].search(
            [("itlaw_consultation_type_id", "=", self.ctype.id)]
        )

    def post_booking(self, page, start):
        return self.url_open(
            "/consultation/book",
            data={
                "csrf_token": self.csrf(page),
                "type_id": self.ctype.id,
                "tz": "Europe/Paris",
                "slot": slot_value(start),
                "privacy_consent": "1",
                **CONTACT,
            },
            allow_redirects=False,
        )

    def check_any_day(self, name):
        now = instant(name)
        with freeze_time(INSTANTS[name]):
            expected = firm_starts(now)
            self.check_offers(expected)
            self.check_notice_and_horizon(now)
            self.check_book_move_cancel(expected)

    def check_offers(self, expected):
        """Every free lawyer, the merged offers and the page offer exactly the
        firm's hours between the notice and the horizon, grouped by Paris day."""
        self.assertGreaterEqual(len(by_day(expected)), 3, "two weeks hold three working days")
        by_lawyer = self.ctype._free_slots_by_lawyer(self.lawyers)
        for lawyer in self.lawyers:
            self.assertEqual(by_lawyer[lawyer.id], expected, lawyer.login)
        offers = self.ctype._slot_offers("Europe/Paris", "fr_FR")
        self.assertEqual(
            [slot["value"] for day in offers for slot in day["slots"]],
            [slot_value(start) for start in expected],
        )
        days = by_day(expected)
        self.assertEqual(
            [day["date"] for day in offers],
            [starts[0].astimezone(PARIS).date().isoformat() for starts in days],
        )
        self.assertTrue(all(starts[0].astimezone(PARIS).weekday() < 5 for starts in days))
        page = self.page("/consultation?tz=Europe/Paris")
        # The page lists the first ten days, each time labelled in Paris time.
        self.assertEqual(page.xpath("//*[@data-date]/@data-date"), [d["date"] for d in offers][:10])
        shown = [start for starts in days[:10] for start in starts]
        self.assertEqual(self.radios(page), [slot_value(start) for start in shown])
        first = page.xpath(f"//label[@for='slot_{slot_value(shown[0])}']")[0].text_content()
        self.assertEqual(first, shown[0].astimezone(PARIS).strftime("%H:%M"))

    def check_notice_and_horizon(self, now):
        """The last working time inside the notice (when there is one) and the
        first one past the horizon are refused with a message."""
        inside_notice = [s for s in firm_starts(now, notice=timedelta(0)) if s < now + NOTICE]
        past_horizon = [
            s for s in firm_starts(now, horizon=HORIZON * 2) if s + DURATION > now + HORIZON
        ]
        self.assertTrue(past_horizon)
        page = self.page("/consultation?tz=Europe/Paris")
        for start in inside_notice[-1:] + past_horizon[:1]:
            with self.subTest(start=start):
                response = self.post_booking(page, start)
                self.assertEqual(response.status_code, 200, response.text[:300])
                self.assertTrue(
                    html.fromstring(response.content).xpath("//*[@id='slot_error']"),
                    "a message on the time",
                )
        self.assertFalse(self.consultations())

    def check_book_move_cancel(self, expected):
        """As the tours: book the first time of the second day offered, move it
        to the first time of the third, cancel it; each time freed again."""
        days = by_day(expected)
        booked, moved = days[1][0], days[2][0]
        response = self.post_booking(self.page("/consultation?tz=Europe/Paris"), booked)
        self.assertEqual(response.status_code, 303, response.text[:300])
        event = self.consultations()
        self.assertEqual(len(event), 1)
        self.assertEqual(event.start, naive(booked))
        self.assertEqual(event.itlaw_state, "booked")
        lawyer = event.user_id
        self.assertNotIn(booked, self.starts(lawyer))
        base = f"/consultation/{event.id}"
        token = event.itlaw_booking_token
        reschedule = self.page(f"{base}/reschedule?token={token}")
        # The lawyer's times (first ten days), the consultation's own included.
        self.assertEqual(
            self.radios(reschedule), [slot_value(start) for day in days[:10] for start in day]
        )
        response = self.url_open(
            f"{base}/reschedule",
            data={"csrf_token": self.csrf(reschedule), "token": token, "slot": slot_value(moved)},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303, response.text[:300])
        event.invalidate_recordset()
        self.assertEqual(event.start, naive(moved))
        self.assertEqual(event.user_id, lawyer)
        self.assertIn(booked, self.starts(lawyer))
        self.assertNotIn(moved, self.starts(lawyer))
        cancel = self.page(f"{base}/cancel?token={token}")
        response = self.url_open(
            f"{base}/cancel", data={"csrf_token": self.csrf(cancel), "token": token}
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(
            html.fromstring(response.content).xpath("//*[contains(@class, 'alert-success')]")
        )
        event.invalidate_recordset()
        self.assertEqual(event.itlaw_state, "cancelled")
        self.assertEqual(self.starts(lawyer), expected)


def _instant_test(name):
    def test(self):
        self.check_any_day(name)

    test.__name__ = f"test_{name}"
    test.__doc__ = f"Offers, notice, horizon, book, move, cancel at {INSTANTS[name]} UTC ({name})."
    return test


for _name in INSTANTS:
    setattr(TestBookingAnyDay, f"test_{_name}", _instant_test(_name))
