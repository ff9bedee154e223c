"""Lawyers with real working hours and a consultation type, for the booking tests."""

from datetime import datetime

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
