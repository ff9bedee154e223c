"""Lawyers with real working hours and a consultation type, for the booking tests."""

from datetime import datetime, timedelta

import pytz

from odoo import Command
from odoo.tests import new_test_user

PARIS = pytz.timezone("Europe/Paris")
# Mon–Fri 9:00–12:30 and 14:00–18:30, as the firm.
FIRM_HOURS = [
    (day, start, end, period)
    for day in "01234"
    for start, end, period in [(9.0, 12.5, "morning"), (14.0, 18.5, "afternoon")]
]


# Instants (UTC) at which the booking tests and tours run, so that they pass on
# any day and at any hour: every day of one week, at hours that leave this week
# two, one or no day with free times (24 hours' notice), a Saturday evening, and
# both daylight-saving changes of Europe/Paris (the firm's hours are Paris time).
# Minutes are off the 15-minute grid of the slots: a few minutes later, the same
# times are offered.
INSTANTS = {
    "monday_morning": "2026-11-30 08:07:00",  # Monday 9:07 in Paris
    "tuesday_noon": "2026-12-01 11:07:00",  # 12:07
    "wednesday_afternoon": "2026-12-02 15:07:00",  # 16:07: Thursday and Friday left
    "thursday_morning": "2026-12-03 09:07:00",  # 10:07: Friday alone left
    "thursday_evening": "2026-12-03 17:07:00",  # 18:07: nothing left this week
    "friday_evening": "2026-12-04 17:52:00",  # 18:52
    "saturday_evening": "2026-12-05 19:37:00",  # 20:37
    "sunday_night": "2026-12-06 22:52:00",  # 23:52
    # Thursday 25 March 2027, 10:07 CET: the times offered cross the change.
    "thursday_before_spring_forward": "2027-03-25 09:07:00",
    # Sunday 28 March 2027, 3:07 CEST, an hour after the clocks went forward.
    "spring_forward": "2027-03-28 01:07:00",
    # Sunday 31 October 2027, 2:37 CEST, 23 minutes before the clocks go back.
    "fall_back": "2027-10-31 00:37:00",
    # Thursday 28 October 2027, 11:07 CEST: the times offered cross the change.
    "thursday_before_fall_back": "2027-10-28 09:07:00",
}


def instant(name):
    """The aware UTC datetime of ``INSTANTS[name]``."""
    return pytz.utc.localize(datetime.fromisoformat(INSTANTS[name]))


def firm_starts(now, notice=timedelta(hours=24), horizon=timedelta(days=14), duration=45):
    """Every consultation start the firm's hours allow, the simple way: each
    quarter of an hour of each Paris working period that leaves room for the
    consultation, kept between ``now + notice`` and ``now + horizon`` (its
    end). Free lawyers (no event, no leave) are offered exactly these."""
    earliest, latest = now + notice, now + horizon
    length = timedelta(minutes=duration)
    day, last_day = now.astimezone(PARIS).date(), latest.astimezone(PARIS).date()
    starts = []
    while day <= last_day:
        for weekday, hour_from, hour_to, _period in FIRM_HOURS:
            minute = int(hour_from * 60)
            while int(weekday) == day.weekday() and minute + duration <= hour_to * 60:
                start = paris(day.year, day.month, day.day, minute // 60, minute % 60)
                if earliest <= start and start + length <= latest:
                    starts.append(start)
                minute += 15
        day += timedelta(days=1)
    return starts


def slot_value(start):
    """A start as the booking form sends it."""
    return start.astimezone(pytz.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def paris(*args):
    """An aware UTC datetime from a Paris wall-clock time."""
    return PARIS.localize(datetime(*args)).astimezone(pytz.utc)


def naive(value):
    return value.astimezone(pytz.utc).replace(tzinfo=None)


def calendar_vals(name, hours=FIRM_HOURS):
    return {
        "name": name,
        "tz": "Europe/Paris",
        "attendance_ids": [Command.clear()]
        + [
            Command.create(
                {
                    "name": f"{day} {period}",
                    "dayofweek": day,
                    "hour_from": start,
                    "hour_to": end,
                    "day_period": period,
                }
            )
            for day, start, end, period in hours
        ],
    }


class BookingCase:
    """Mixin: ``setup_booking()`` in setUpClass builds the firm, its hours and a type."""

    @classmethod
    def setup_booking(cls):
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        env = cls.env
        cls.calendar = env["resource.calendar"].create(calendar_vals("Test firm hours"))
        cls.associe = cls.make_lawyer("b_associe", "itlaw_ai_advisory.group_partner")
        cls.avocat = cls.make_lawyer("b_avocat", "itlaw_ai_advisory.group_lawyer")
        cls.avocate = cls.make_lawyer("b_avocate", "itlaw_ai_advisory.group_lawyer")
        cls.team = env.ref("itlaw_ai_advisory.crm_team_ai_advisory")
        cls.team.member_ids = cls.associe | cls.avocat | cls.avocate
        cls.ctype = env["itlaw.consultation.type"].create(
            {
                "name": "Test consultation",
                "duration": 45,
                "buffer_before": 0,
                "buffer_after": 15,
                "min_notice": 24,
                "horizon": 14,
                "slot_step": 15,
                "location_type": "video",
                "video_link": "https://meet.example/itlaw",
                "practice_area": "ai_projects",
                "allow_lawyer_choice": True,
                "lawyer_ids": [Command.set((cls.associe | cls.avocat | cls.avocate).ids)],
            }
        )
        # Other types would be suggested too: keep the test's type alone.
        env["itlaw.consultation.type"].search([("id", "!=", cls.ctype.id)]).active = False
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.prospect = env["res.partner"].create(
            {"name": "Jeanne Dupont", "email": "jeanne@example.fr", "lang": "fr_FR"}
        )
        cls.prospect_en = env["res.partner"].create(
            {"name": "John Smith", "email": "john@example.com", "lang": "en_US"}
        )
        cls.lead = env["crm.lead"].create(
            {
                "name": "Booking test lead",
                "type": "opportunity",
                "partner_id": cls.prospect.id,
                "team_id": cls.team.id,
                "user_id": False,
            }
        )

    @classmethod
    def make_lawyer(cls, login, group):
        user = new_test_user(
            cls.env,
            login,
            groups=f"base.group_user,{group}",
            tz="Europe/Paris",
            email=f"{login}@itlaw.example",
            # English-reading lawyers, whatever the database's default language.
            lang="en_US",
        )
        cls.env["resource.resource"].create(
            {
                "name": user.name,
                "user_id": user.id,
                "calendar_id": cls.calendar.id,
                "tz": "Europe/Paris",
            }
        )
        return user

    def busy_event(self, lawyer, start, stop, **vals):
        return self.env["calendar.event"].create(
            {
                "name": "Busy",
                "start": naive(start),
                "stop": naive(stop),
                "user_id": lawyer.id,
                "partner_ids": [Command.set(lawyer.partner_id.ids)],
                **vals,
            }
        )

    def starts(self, lawyer, ctype=None, now=None):
        ctype = ctype or self.ctype
        return ctype._free_slots_by_lawyer(lawyer, now=now)[lawyer.id]
