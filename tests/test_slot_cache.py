from datetime import date, datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.tests import TransactionCase, tagged

from odoo.addons.itlaw_ai_advisory.models.itlaw_consultation_type import (
    ItlawConsultationType,
    SlotUnavailable,
)
from odoo.addons.itlaw_ai_advisory.models.itlaw_slot_cache import CACHE_TTL

from .booking_common import BookingCase, naive, paris

# Monday 30 November 2026, 9:00 in Paris.
NOW = "2026-11-30 08:00:00"
TUESDAY_10 = paris(2026, 12, 1, 10, 0)


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestSlotCache(BookingCase, TransactionCase):
    """The free slots the public pages offer come from a per-process cache: after
    every kind of change they equal the ones computed afresh."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_booking()
        cls.lawyers = cls.associe | cls.avocat | cls.avocate

    def cached(self, lawyers=None):
        return self.ctype._cached_free_slots_by_lawyer(lawyers or self.lawyers)

    def fresh(self, lawyers=None):
        return self.ctype._free_slots_by_lawyer(lawyers or self.lawyers)

    def assert_moved(self, change, lawyer=None):
        """Warm the cache, apply ``change``: the cached starts follow it (they
        equal the fresh ones, which ``change`` did move)."""
        lawyer = lawyer or self.avocat
        before = self.cached()
        self.assertEqual(before, self.fresh())
        change()
        after = self.cached()
        self.assertTrue(after[lawyer.id] != before[lawyer.id], "the change moved no slot")
        self.assertTrue(after == self.fresh(), "cached slots differ from fresh ones")

    def test_the_cache_is_used_and_matches(self):
        first = self.cached()
        self.assertEqual(first, self.fresh())
        self.assertTrue(first[self.avocat.id])
        # A page that changed nothing reads the versions only.
        with self.assertQueryCount(1):
            self.assertEqual(self.cached(), first)

    def test_within_its_lifetime_the_window_follows_the_clock(self):
        first = self.cached()
        with freeze_time("2026-11-30 08:07:00"):
            later = self.cached()
            self.assertEqual(later, self.fresh())
        self.assertNotEqual(later, first)  # the 9:00 start of Tuesday is no longer offered
        with freeze_time(naive(paris(2026, 11, 30, 9, 0) + CACHE_TTL + timedelta(minutes=1))):
            self.assertEqual(self.cached(), self.fresh())

    def test_consultation_booked_moved_cancelled(self):
        events = []

        def book():
            events.append(
                self.ctype._book(TUESDAY_10, self.prospect, self.lead, "Europe/Paris", lawyer=None)
            )

        self.ctype.lawyer_ids = self.avocat
        self.assert_moved(book)
        self.assert_moved(lambda: events[0]._itlaw_reschedule(paris(2026, 12, 2, 15, 0)))
        self.assert_moved(lambda: events[0]._itlaw_cancel())

    def test_a_booking_reuses_the_working_time_a_leave_does_not(self):
        """Bookings change busy time only: the working time computed for the
        same working version is reused (and still covers the window minutes
        later); a leave changes the working time: computed again."""
        self.ctype.lawyer_ids = self.avocat
        self.cached()
        working = ItlawConsultationType._lawyer_working_intervals

        def cached_counting():
            with patch.object(
                ItlawConsultationType,
                "_lawyer_working_intervals",
                autospec=True,
                side_effect=working,
            ) as computed:
                starts = self.cached()
            return starts, computed.call_count

        with freeze_time("2026-11-30 08:09:00"):
            self.ctype._book(TUESDAY_10, self.prospect, self.lead, "Europe/Paris")
            starts, computed = cached_counting()
            self.assertEqual(computed, 0)
            self.assertNotIn(TUESDAY_10, starts[self.avocat.id])
            self.assertEqual(starts, self.fresh())
            self.env["resource.calendar.leaves"].create(
                {
                    "name": "Personal leave",
                    "resource_id": self.avocat.resource_ids.id,
                    "calendar_id": self.calendar.id,
                    "date_from": naive(paris(2026, 12, 2, 0, 0)),
                    "date_to": naive(paris(2026, 12, 2, 23, 59)),
                }
            )
            starts, computed = cached_counting()
            self.assertEqual(computed, 1)
            self.assertFalse([s for s in starts[self.avocat.id] if s.day == 2 and s.month == 12])
            self.assertEqual(starts, self.fresh())

    def test_superseded_versions_are_removed_and_versions_kept(self):
        cache = self.env["itlaw.slot.cache"]
        for _change in range(3):
            cache._invalidate([self.avocat.id])
            cache._invalidate_partners(self.avocat.partner_id.ids)
        versions = cache._versions(self.lawyers.ids)
        cache._gc_superseded_versions()
        self.assertEqual(cache._versions(self.lawyers.ids), versions)
        self.env.cr.execute(
            "SELECT user_id, count(*) FROM itlaw_slot_version GROUP BY user_id HAVING count(*) > 1"
        )
        self.assertFalse(self.env.cr.fetchall())

    def test_lawyers_event_created_moved_deleted(self):
        event = self.env["calendar.event"]

        def create():
            nonlocal event
            event = self.busy_event(self.avocat, TUESDAY_10, TUESDAY_10 + timedelta(hours=1))

        self.assert_moved(create)
        self.assert_moved(
            lambda: event.write(
                {
                    "start": naive(paris(2026, 12, 3, 14, 0)),
                    "stop": naive(paris(2026, 12, 3, 15, 0)),
                }
            )
        )
        self.assert_moved(lambda: event.write({"show_as": "free"}))
        self.assert_moved(lambda: event.write({"show_as": "busy"}))
        attendee = event.attendee_ids.filtered(lambda a: a.partner_id == self.avocat.partner_id)
        self.assert_moved(lambda: attendee.write({"state": "declined"}))
        self.assert_moved(lambda: attendee.write({"state": "accepted"}))
        self.assert_moved(lambda: event.write({"active": False}))
        self.assert_moved(lambda: event.write({"active": True}))
        # The event passes to a colleague, comes back, then is deleted.
        for lawyer in (self.avocate, self.avocat):
            self.assert_moved(
                lambda lawyer=lawyer: event.write(
                    {"user_id": lawyer.id, "partner_ids": [Command.set(lawyer.partner_id.ids)]}
                )
            )
        self.assert_moved(event.unlink)

    def test_leaves(self):
        Leave = self.env["resource.calendar.leaves"]
        leave = Leave

        def personal():
            nonlocal leave
            leave = Leave.create(
                {
                    "name": "Personal leave",
                    "resource_id": self.avocat.resource_ids.id,
                    "calendar_id": self.calendar.id,
                    "date_from": naive(paris(2026, 12, 2, 0, 0)),
                    "date_to": naive(paris(2026, 12, 2, 23, 59)),
                }
            )

        self.assert_moved(personal)
        self.assert_moved(lambda: leave.write({"date_from": naive(paris(2026, 12, 3, 0, 0))}))
        self.assert_moved(leave.unlink)
        self.assert_moved(
            lambda: Leave.create(
                {
                    "name": "Public holiday",
                    "calendar_id": self.calendar.id,
                    "date_from": naive(paris(2026, 12, 4, 0, 0)),
                    "date_to": naive(paris(2026, 12, 4, 23, 59)),
                }
            )
        )

    def test_working_hours_and_time_zones(self):
        tuesday_morning = self.calendar.attendance_ids.filtered(
            lambda a: a.dayofweek == "1" and a.day_period == "morning"
        )
        self.assert_moved(lambda: tuesday_morning.write({"hour_to": 11.0}))
        self.assert_moved(tuesday_morning.unlink)
        self.assert_moved(
            lambda: self.calendar.write(
                {
                    "attendance_ids": [
                        Command.create(
                            {
                                "name": "Saturday",
                                "dayofweek": "5",
                                "hour_from": 9.0,
                                "hour_to": 12.0,
                                "day_period": "morning",
                            }
                        )
                    ]
                }
            )
        )
        self.assert_moved(lambda: self.avocat.resource_ids.write({"tz": "America/New_York"}))
        other = self.env["resource.calendar"].create({"name": "Other hours", "tz": "Europe/Paris"})
        self.assert_moved(lambda: self.avocat.resource_ids.write({"calendar_id": other.id}))

    def test_next_working_day_follows_holidays_and_hours(self):
        """The qualification activity's deadline, the firm's next working day,
        is kept per process with the slots and follows every change at once."""
        self.env.company.resource_calendar_id = self.calendar
        lead = self.env["crm.lead"]
        tomorrow = date(2026, 12, 1)  # Tuesday

        def fresh():
            return self.calendar.plan_days(1, datetime(2026, 12, 1), compute_leaves=True).date()

        self.assertEqual(lead._next_working_day(), tomorrow)
        with self.assertQueryCount(1):  # the version only
            self.assertEqual(lead._next_working_day(), tomorrow)
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": self.calendar.id,
                "date_from": naive(paris(2026, 12, 1, 0, 0)),
                "date_to": naive(paris(2026, 12, 1, 23, 59)),
            }
        )
        self.assertEqual(lead._next_working_day(), date(2026, 12, 2))
        self.assertEqual(lead._next_working_day(), fresh())
        self.calendar.attendance_ids.filtered(lambda a: a.dayofweek == "2").unlink()
        self.assertEqual(lead._next_working_day(), date(2026, 12, 3))
        self.assertEqual(lead._next_working_day(), fresh())

    def test_lawyer_added_to_or_removed_from_the_type(self):
        # At 10:00 on Tuesday, only the avocat is free.
        for lawyer in self.associe | self.avocate:
            self.busy_event(lawyer, TUESDAY_10, TUESDAY_10 + timedelta(hours=1))

        def offered():
            with patch.object(
                ItlawConsultationType,
                "_cached_free_slots_by_lawyer",
                ItlawConsultationType._free_slots_by_lawyer,
            ):
                fresh = self.ctype._slot_offers("Europe/Paris", "fr_FR")
            cached = self.ctype._slot_offers("Europe/Paris", "fr_FR")
            self.assertEqual(cached, fresh)
            return {slot["value"] for day in cached for slot in day["slots"]}

        tuesday_10 = TUESDAY_10.strftime("%Y-%m-%dT%H:%M:%SZ")
        self.assertIn(tuesday_10, offered())
        self.ctype.lawyer_ids = [Command.unlink(self.avocat.id)]
        self.assertNotIn(tuesday_10, offered())
        self.ctype.lawyer_ids = [Command.link(self.avocat.id)]
        self.assertIn(tuesday_10, offered())
        # The type's own rules too.
        self.assert_moved(lambda: self.ctype.write({"duration": 90}))

    def test_booking_keeps_its_lock_and_fresh_check(self):
        self.ctype.lawyer_ids = self.avocat
        self.assertIn(TUESDAY_10, self.cached()[self.avocat.id])
        # An event written behind the ORM's back: the cache cannot know it.
        event = self.busy_event(self.avocat, paris(2026, 12, 3, 10, 0), paris(2026, 12, 3, 11, 0))
        self.cached()
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE calendar_event SET start = %s, stop = %s WHERE id = %s",
            [naive(TUESDAY_10), naive(TUESDAY_10 + timedelta(hours=1)), event.id],
        )
        self.env.invalidate_all()
        self.assertIn(TUESDAY_10, self.cached()[self.avocat.id])  # stale, on purpose
        locked = []
        lock = ItlawConsultationType._lock_lawyer

        def record_lock(model, lawyer, wait=True):
            locked.append(lawyer)
            return lock(model, lawyer, wait=wait)

        with (
            patch.object(ItlawConsultationType, "_lock_lawyer", record_lock),
            self.assertRaises(SlotUnavailable),
        ):
            self.ctype._book(TUESDAY_10, self.prospect, self.lead, "Europe/Paris")
        self.assertEqual(locked, [self.avocat])
        self.assertFalse(self.env["calendar.event"].search([("opportunity_id", "=", self.lead.id)]))

    def test_days_shown(self):
        self.ctype.horizon = 28
        offers = self.ctype._slot_offers("Europe/Paris", "fr_FR")
        self.assertEqual(len(offers), 10)
        self.assertEqual(offers[0]["date"], date(2026, 12, 1).isoformat())
        self.assertEqual(offers[0]["slots"][0]["label"], "09:00")
        self.assertEqual(offers[0]["slots"][0]["value"], "2026-12-01T08:00:00Z")
