import base64
from contextlib import ExitStack
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.itlaw_ai_advisory.models.itlaw_consultation_type import (
    AlreadyBooked,
    SlotUnavailable,
)

from .booking_common import PARIS, BookingCase, naive, paris
from .common import CONTACT, CV_SCREENING, EMOTION_AT_WORK, request_info

# Monday 30 November 2026, 9:00 in Paris.
NOW = "2026-11-30 08:00:00"


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestSlots(BookingCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_booking()

    def paris_times(self, lawyer, day, ctype=None):
        return [
            start.astimezone(PARIS).strftime("%H:%M")
            for start in self.starts(lawyer, ctype)
            if start.astimezone(PARIS).date() == day
        ]

    def test_working_hours_notice_and_buffers(self):
        tuesday = self.paris_times(self.avocat, date(2026, 12, 1))
        # The 45 minutes fit in 9:00–12:30 and 14:00–18:30 (buffers keep other
        # events away but need not be working time), every 15 minutes.
        self.assertEqual(tuesday[0], "09:00")
        self.assertIn("11:45", tuesday)
        self.assertNotIn("12:00", tuesday)
        self.assertNotIn("13:30", tuesday)
        self.assertIn("14:00", tuesday)
        self.assertEqual(tuesday[-1], "17:45")
        self.assertEqual(len(tuesday), 12 + 16)
        # Minimum notice of 24 h: nothing on Monday, nor before Tuesday 9:00.
        self.assertEqual(self.paris_times(self.avocat, date(2026, 11, 30)), [])
        starts = self.starts(self.avocat)
        self.assertEqual(starts[0], paris(2026, 12, 1, 9, 0))
        # No weekend.
        self.assertEqual(self.paris_times(self.avocat, date(2026, 12, 5)), [])
        self.assertEqual(self.paris_times(self.avocat, date(2026, 12, 6)), [])
        self.assertTrue(all(start.minute % 15 == 0 for start in starts))

    def test_horizon(self):
        starts = self.starts(self.avocat)
        self.assertLessEqual(starts[-1], paris(2026, 12, 14, 9, 0))
        self.ctype.horizon = 3
        starts = self.starts(self.avocat)
        self.assertEqual(starts[-1].astimezone(PARIS).date(), date(2026, 12, 2))

    def test_busy_events_block_with_buffers(self):
        self.busy_event(self.avocat, paris(2026, 12, 1, 10, 0), paris(2026, 12, 1, 11, 0))
        tuesday = self.paris_times(self.avocat, date(2026, 12, 1))
        # 9:00 + 45 min + 15 min buffer ends at 10:00 exactly: still fine.
        self.assertIn("09:00", tuesday)
        for blocked in ("09:15", "09:30", "10:00", "10:45"):
            self.assertNotIn(blocked, tuesday)
        self.assertIn("11:00", tuesday)
        # Other lawyers are not affected.
        self.assertIn("10:00", self.paris_times(self.avocate, date(2026, 12, 1)))

    def test_buffer_before(self):
        self.ctype.buffer_before = 30
        self.busy_event(self.avocat, paris(2026, 12, 1, 10, 0), paris(2026, 12, 1, 11, 0))
        tuesday = self.paris_times(self.avocat, date(2026, 12, 1))
        # 30 minutes kept free before: the event ending at 11:00 blocks until 11:30.
        self.assertNotIn("11:15", tuesday)
        self.assertIn("11:30", tuesday)
        # 9:00 + 45 min + 15 min after ends at 10:00: touching is not overlapping.
        self.assertIn("09:00", tuesday)
        self.assertNotIn("09:15", tuesday)

    def test_free_and_declined_events_do_not_block(self):
        self.busy_event(
            self.avocat, paris(2026, 12, 1, 10, 0), paris(2026, 12, 1, 11, 0), show_as="free"
        )
        declined = self.busy_event(
            self.avocat, paris(2026, 12, 1, 14, 0), paris(2026, 12, 1, 15, 0)
        )
        declined.attendee_ids.filtered(
            lambda a: a.partner_id == self.avocat.partner_id
        ).state = "declined"
        tuesday = self.paris_times(self.avocat, date(2026, 12, 1))
        self.assertIn("10:00", tuesday)
        self.assertIn("14:00", tuesday)

    def test_all_day_event_blocks_the_day(self):
        self.env["calendar.event"].create(
            {
                "name": "Seminar",
                "allday": True,
                "start_date": date(2026, 12, 2),
                "stop_date": date(2026, 12, 2),
                "user_id": self.avocat.id,
                "partner_ids": [Command.set(self.avocat.partner_id.ids)],
            }
        )
        self.assertEqual(self.paris_times(self.avocat, date(2026, 12, 2)), [])
        self.assertTrue(self.paris_times(self.avocat, date(2026, 12, 3)))

    def test_leaves_and_public_holidays(self):
        Leave = self.env["resource.calendar.leaves"]
        Leave.create(
            {
                "name": "Personal leave",
                "resource_id": self.avocat.resource_ids.id,
                "calendar_id": self.calendar.id,
                "date_from": naive(paris(2026, 12, 2, 0, 0)),
                "date_to": naive(paris(2026, 12, 2, 23, 59)),
            }
        )
        Leave.create(
            {
                "name": "Public holiday",
                "calendar_id": self.calendar.id,
                "date_from": naive(paris(2026, 12, 3, 0, 0)),
                "date_to": naive(paris(2026, 12, 3, 23, 59)),
            }
        )
        self.assertEqual(self.paris_times(self.avocat, date(2026, 12, 2)), [])
        self.assertTrue(self.paris_times(self.avocate, date(2026, 12, 2)))
        self.assertEqual(self.paris_times(self.avocat, date(2026, 12, 3)), [])
        self.assertEqual(self.paris_times(self.avocate, date(2026, 12, 3)), [])

    @freeze_time("2027-03-22 08:00:00")
    def test_daylight_saving_week(self):
        """Clocks go forward on Sunday 28 March 2027: 9:00 in Paris is 08:00 UTC on
        Friday and 07:00 UTC on Monday."""
        starts = set(self.starts(self.avocat))
        self.assertIn(paris(2027, 3, 26, 9, 0), starts)
        self.assertEqual(paris(2027, 3, 26, 9, 0).hour, 8)
        self.assertIn(paris(2027, 3, 29, 9, 0), starts)
        self.assertEqual(paris(2027, 3, 29, 9, 0).hour, 7)
        self.assertEqual(
            self.paris_times(self.avocat, date(2027, 3, 29)),
            self.paris_times(self.avocat, date(2027, 3, 26)),
        )

    def test_days_in_the_visitors_timezone(self):
        days = self.ctype._slot_days(self.starts(self.avocat), "America/New_York", "en_US")
        first = days[0]
        self.assertEqual(first["date"], "2026-12-01")
        # 9:00 in Paris is 3:00 in New York.
        self.assertEqual(first["slots"][0]["label"], "03:00")
        self.assertEqual(first["slots"][0]["value"], "2026-12-01T08:00:00Z")
        self.assertIn("Tuesday", first["label"])
        days_fr = self.ctype._slot_days(self.starts(self.avocat), "Europe/Paris", "fr_FR")
        self.assertIn("mardi", days_fr[0]["label"])
        self.assertEqual(days_fr[0]["slots"][0]["label"], "09:00")

    def test_query_count_does_not_grow_with_days(self):
        lawyers = self.associe | self.avocat | self.avocate
        for lawyer in lawyers:
            self.busy_event(lawyer, paris(2026, 12, 1, 10, 0), paris(2026, 12, 1, 11, 0))
        self.ctype.horizon = 7
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        week = self.ctype._free_slots_by_lawyer(lawyers)
        one_week = self.cr.sql_log_count - before
        self.ctype.horizon = 56
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(one_week):
            eight_weeks = self.ctype._free_slots_by_lawyer(lawyers)
        self.assertGreater(
            sum(map(len, eight_weeks.values())), 7 * sum(map(len, week.values())) // 2
        )


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestBooking(BookingCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_booking()

    def book(self, start=None, partner=None, lead=None, **kwargs):
        return self.ctype._book(
            start or paris(2026, 12, 1, 10, 0),
            partner or self.prospect,
            lead or self.lead,
            kwargs.pop("tz", "Europe/Paris"),
            **kwargs,
        )

    def prospect_messages(self, event):
        self.env["calendar.event"]._cron_send_invitations()
        return self.env["mail.message"].search(
            [
                ("model", "=", "calendar.event"),
                ("res_id", "=", event.id),
                ("partner_ids", "in", event.itlaw_prospect_id.ids),
            ]
        )

    def test_confirm_creates_the_consultation(self):
        event = self.book()
        self.assertEqual(len(event), 1)
        self.assertEqual(event.start, naive(paris(2026, 12, 1, 10, 0)))
        self.assertEqual(event.stop, naive(paris(2026, 12, 1, 10, 45)))
        self.assertEqual(event.itlaw_consultation_type_id, self.ctype)
        self.assertEqual(event.opportunity_id, self.lead)
        self.assertEqual(event.itlaw_state, "booked")
        self.assertIn(event.user_id, self.ctype.lawyer_ids)
        self.assertEqual(
            set(event.attendee_ids.partner_id.ids),
            {event.user_id.partner_id.id, self.prospect.id},
        )
        self.assertEqual(
            event.alarm_ids, self.env.ref("itlaw_ai_advisory.calendar_alarm_consultation_24h")
        )
        self.assertEqual(event.alarm_ids.duration_minutes, 24 * 60)
        self.assertEqual(event.alarm_ids.alarm_type, "email")
        self.assertGreaterEqual(len(event.itlaw_booking_token), 32)
        self.assertEqual(event.videocall_location, "https://meet.example/itlaw")
        self.assertEqual(
            self.lead.stage_id, self.env.ref("itlaw_ai_advisory.crm_stage_consultation")
        )
        self.assertEqual(self.lead.itlaw_upcoming_consultation_count, 1)
        self.assertEqual(self.lead.user_id, event.user_id)

        # The booking is recorded once, on the lead, by the invitation cron;
        # the event gets no "created" note of its own.
        def booked_notes():
            self.lead.invalidate_recordset(["message_ids"])
            bodies = self.lead.message_ids.mapped("body")
            return [body for body in bodies if "Consultation booked" in body]

        self.assertFalse(booked_notes(), "logged by the cron, not in the visitor's request")
        self.assertFalse(event.message_ids)
        self.env["calendar.event"]._cron_send_invitations()
        self.env["calendar.event"]._cron_send_invitations()
        self.assertEqual(len(booked_notes()), 1, booked_notes())
        # The slot is gone for that lawyer.
        self.assertNotIn(paris(2026, 12, 1, 10, 0), self.starts(event.user_id))
        # Once booked by the only free lawyer, the same slot is refused.
        with self.assertRaises(SlotUnavailable):
            self.book(lawyer=event.user_id)

    def test_a_new_leads_counts_need_no_query(self):
        """A lead created in this transaction is known to have no diagnostic,
        consultation, conflict check nor engagement: its stored counts need
        no query, and what is created for it later is counted."""
        queried = []

        def recording(method):
            def record_call(records, *args, **kwargs):
                queried.append(records._name)
                return method(records, *args, **kwargs)

            return record_call

        with ExitStack() as stack:
            for model, method in (
                ("itlaw.intake", "_read_group"),
                ("itlaw.engagement", "_read_group"),
                ("itlaw.conflict.check", "_read_group"),
                ("calendar.event", "search_read"),
            ):
                cls = type(self.env[model])
                stack.enter_context(patch.object(cls, method, recording(getattr(cls, method))))
            lead = self.env["crm.lead"].create({"name": "Walk-in", "partner_id": self.prospect.id})
            self.env.flush_all()
        self.assertEqual(queried, [])
        self.assertEqual(
            (lead.intake_count, lead.itlaw_consulted_count, lead.itlaw_engagement_count),
            (0, 0, 0),
        )
        self.assertEqual(lead.itlaw_conflict_status, "none")
        event = self.book(lead=lead)
        lead.flush_recordset()
        lead.invalidate_recordset()
        self.assertEqual(lead.itlaw_consulted_count, 1)
        self.assertEqual(lead.itlaw_first_consultation_date, event.start)

    def test_invitation_is_sent_by_the_cron_after_the_booking(self):
        cron = self.env.ref("itlaw_ai_advisory.ir_cron_consultation_invitations")
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])
        event = self.book()
        self.assertTrue(event.itlaw_invitation_pending)
        lawyer = event.user_id
        self.assertEqual(self.lead.user_id, lawyer, "the booking gives the lead to its lawyer")
        self.assertTrue(event.itlaw_assignment_pending)

        def assigned():
            # Odoo's email (the lawyer reads English); message_notify's
            # messages are not in the chatter (message_ids).
            return self.env["mail.message"].search(
                [
                    ("model", "=", "crm.lead"),
                    ("res_id", "=", self.lead.id),
                    ("partner_ids", "in", lawyer.partner_id.ids),
                    ("subject", "=", f"You have been assigned to {self.lead.display_name}"),
                ]
            )

        self.assertFalse(assigned(), "nor Odoo's email to the lawyer")
        self.assertFalse(
            self.env["mail.message"]
            .search([("model", "=", "calendar.event"), ("res_id", "=", event.id)])
            .filtered(lambda m: event.itlaw_prospect_id in m.partner_ids),
            "the booking's request does not render the invitation",
        )
        self.assertGreater(
            len(self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])), len(triggers)
        )
        cancelled = self.book(
            paris(2026, 12, 1, 14, 0),
            partner=self.env["res.partner"].create(
                {"name": "Paul Annule", "email": "paul.annule@example.com"}
            ),
        )
        cancelled._itlaw_cancel()
        self.env["calendar.event"]._cron_send_invitations()
        self.assertFalse(event.itlaw_invitation_pending)
        self.assertFalse(cancelled.itlaw_invitation_pending)
        self.assertFalse(event.itlaw_assignment_pending)
        self.assertEqual(len(assigned()), 1, assigned().mapped(lambda m: (m.subject, m.body)))
        self.assertEqual(len(self.prospect_messages(event)), 1, "sent once, however often it runs")
        cancelled_messages = self.prospect_messages(cancelled)
        self.assertFalse(
            cancelled_messages.attachment_ids.filtered(lambda a: a.name == "invitation.ics"),
            "a consultation cancelled before the cron ran gets no invitation",
        )

    def test_invitation_has_a_valid_ics_and_links(self):
        event = self.book()
        messages = self.prospect_messages(event)
        self.assertEqual(len(messages), 1)
        ics = messages.attachment_ids.filtered(lambda a: a.name == "invitation.ics")
        self.assertEqual(len(ics), 1)
        content = base64.b64decode(ics.datas).decode()
        self.assertIn("BEGIN:VCALENDAR", content)
        self.assertIn("DTSTART:20261201T090000Z", content.replace("\r\n", "\n"))
        self.assertIn("TRIGGER", content)
        body = str(messages.body)
        self.assertIn(f"/consultation/{event.id}/reschedule?token=", body)
        self.assertIn(f"/consultation/{event.id}/cancel?token=", body)
        self.assertIn(event.itlaw_booking_token, body)
        # The alarm's reminder carries the links for the prospect only.
        reminder = event.alarm_ids.mail_template_id
        self.assertEqual(
            reminder, self.env.ref("itlaw_ai_advisory.mail_template_consultation_reminder")
        )
        for attendee in event.attendee_ids:
            text = reminder._render_field("body_html", attendee.ids, compute_lang=True)[attendee.id]
            has_links = f"/consultation/{event.id}/cancel?token=" in str(text)
            self.assertEqual(
                has_links, attendee.partner_id == self.prospect, attendee.partner_id.name
            )
            self.assertIn("mardi 1 décembre 2026, 10:00" if has_links else "2026", str(text))

    def test_emails_in_the_prospects_language(self):
        event_fr = self.book(start=paris(2026, 12, 1, 10, 0), lawyer=self.avocat)
        lead_en = self.lead.copy({"partner_id": self.prospect_en.id})
        event_en = self.book(
            start=paris(2026, 12, 1, 10, 0),
            partner=self.prospect_en,
            lead=lead_en,
            lawyer=self.avocate,
            tz="America/New_York",
        )
        body_fr = str(self.prospect_messages(event_fr).body)
        body_en = str(self.prospect_messages(event_en).body)
        self.assertIn("mardi 1 décembre 2026, 10:00", body_fr)
        self.assertIn("Tuesday 1 December 2026, 04:00", body_en)
        self.assertIn("America/New_York", body_en)
        # The English links go to the English pages.
        self.assertNotIn("/en/consultation", body_fr)

    def test_routing_load_partner_bands_and_choice(self):
        # The associate and the first lawyer already have consultations.
        # (Each on its own lead: a lead's owner would otherwise hold them all.)
        self.book(
            start=paris(2026, 12, 2, 10, 0),
            lawyer=self.associe,
            lead=self.lead.copy({"user_id": False}),
        )
        self.book(
            start=paris(2026, 12, 2, 10, 0),
            lawyer=self.avocat,
            lead=self.lead.copy({"user_id": False}),
        )
        event = self.book(start=paris(2026, 12, 3, 10, 0), lead=self.lead.copy({"user_id": False}))
        self.assertEqual(event.user_id, self.avocate, "the least loaded lawyer")
        # The prospect's choice wins when allowed.
        chosen = self.book(start=paris(2026, 12, 4, 10, 0), lawyer=self.avocat)
        self.assertEqual(chosen.user_id, self.avocat)
        # ... and is ignored when the type does not allow it.
        self.ctype.allow_lawyer_choice = False
        routed = self.book(
            start=paris(2026, 12, 4, 11, 0),
            lawyer=self.avocat,
            lead=self.lead.copy({"user_id": False}),
        )
        self.assertNotEqual(routed.user_id, self.avocat, "the most loaded lawyer")
        self.ctype.allow_lawyer_choice = True
        # Critical or prohibited projects go to a partner.
        intake = self.env["itlaw.intake"]._submit(
            dict(EMOTION_AT_WORK), dict(CONTACT), request_info()
        )
        self.assertTrue(intake.prohibited or intake.band == "critique")
        self.assertEqual(self.ctype._eligible_lawyers(intake), self.associe)
        critical = self.book(
            start=paris(2026, 12, 7, 10, 0),
            partner=intake.partner_id,
            lead=intake.lead_id,
            intake=intake,
        )
        self.assertEqual(critical.user_id, self.associe)
        self.assertIn(intake.name, str(critical.description))

    def test_not_offered_or_past_slots_are_refused(self):
        for start in (
            paris(2026, 12, 1, 10, 5),  # not on the step
            paris(2026, 12, 5, 10, 0),  # Saturday
            paris(2026, 11, 30, 10, 0),  # within the notice
            paris(2026, 11, 20, 10, 0),  # past
            paris(2027, 6, 1, 10, 0),  # beyond the horizon
        ):
            with self.subTest(start=start), self.assertRaises(SlotUnavailable):
                self.book(start=start)
        self.assertFalse(self.env["calendar.event"].search([("opportunity_id", "=", self.lead.id)]))

    def test_reschedule_and_cancel(self):
        event = self.book(lawyer=self.avocat)
        self.assertTrue(event._itlaw_check_token(event.itlaw_booking_token))
        self.assertFalse(event._itlaw_check_token("wrong"))
        self.assertFalse(event._itlaw_check_token(None))
        event._itlaw_reschedule(paris(2026, 12, 2, 15, 0))
        self.assertEqual(event.start, naive(paris(2026, 12, 2, 15, 0)))
        self.assertEqual(event.user_id, self.avocat)
        self.assertIn(paris(2026, 12, 1, 10, 0), self.starts(self.avocat))
        activities = self.lead.activity_ids.filtered(lambda a: a.user_id == self.avocat)
        self.assertTrue(
            any("rescheduled" in (a.summary or "") for a in activities), activities.summary
        )
        self.assertTrue(
            self.lead.message_ids.filtered(lambda m: self.avocat.partner_id in m.partner_ids)
        )
        self.assertEqual(len(self.prospect_messages(event)), 2)
        with self.assertRaises(SlotUnavailable):
            event._itlaw_reschedule(paris(2026, 12, 5, 10, 0))
        event._itlaw_cancel()
        self.assertEqual(event.itlaw_state, "cancelled")
        # Still findable: not archived, in the "Cancelled" filter of the consultations.
        self.assertTrue(event.active)
        self.assertIn(event, self.env["calendar.event"].search([("itlaw_state", "=", "cancelled")]))
        self.assertEqual(set(event.attendee_ids.mapped("state")), {"declined"})
        self.assertIn(paris(2026, 12, 2, 15, 0), self.starts(self.avocat))
        self.assertNotEqual(
            self.lead.stage_id, self.env.ref("itlaw_ai_advisory.crm_stage_consultation")
        )
        # The subject in the prospect's language, whatever translations are loaded.
        attendee = event.attendee_ids.filtered(lambda a: a.partner_id == self.prospect)
        cancelled = self.env.ref("itlaw_ai_advisory.mail_template_consultation_cancelled")
        subject = cancelled._render_field("subject", attendee.ids, compute_lang=True)[attendee.id]
        self.assertTrue(
            self.env["mail.mail"].search(
                [("subject", "=", subject), ("recipient_ids", "in", self.prospect.ids)]
            )
        )
        with self.assertRaises(UserError):
            event._itlaw_cancel()

    def test_cutoff(self):
        event = self.book(lawyer=self.avocat)
        self.assertTrue(event._itlaw_changeable())
        with freeze_time("2026-11-30 10:00:00"):
            # 22 hours before the start: past the 24 h cut-off.
            self.assertFalse(event._itlaw_changeable())
            with self.assertRaises(UserError):
                event._itlaw_cancel()
            with self.assertRaises(UserError):
                event._itlaw_reschedule(paris(2026, 12, 2, 15, 0))
            self.env["ir.config_parameter"].set_param(
                "itlaw_ai_advisory.booking_cutoff_hours", "12"
            )
            self.assertTrue(event._itlaw_changeable())
        self.assertEqual(event.itlaw_state, "booked")

    def test_done_and_no_show_update_the_lead(self):
        done = self.book(lawyer=self.avocat)
        no_show = self.book(start=paris(2026, 12, 2, 10, 0), lawyer=self.avocate)
        # Not before they start: the button is hidden and the action refused.
        self.assertFalse(done.itlaw_can_close)
        with self.assertRaises(UserError):
            done.with_user(self.avocat).action_itlaw_done()
        with self.assertRaises(UserError):
            no_show.with_user(self.avocate).action_itlaw_no_show()
        self.assertEqual((done | no_show).mapped("itlaw_state"), ["booked", "booked"])
        with freeze_time("2026-12-02 12:00:00"):
            self._close(done, no_show)

    def test_note_of_a_held_consultation_in_one_language(self):
        """The note's text and its date are in the same language: the one the
        lawyer works in (the web client's), whatever the language stored on
        the user (a note once read "Consultation held on mardi 1 décembre")."""
        done = self.book(lawyer=self.avocat)
        self.avocat.lang = "en_US"
        with freeze_time("2026-12-02 12:00:00"):
            done.with_user(self.avocat).with_context(lang="fr_FR").action_itlaw_done()
        notes = " ".join(str(body) for body in self.lead.message_ids.mapped("body"))
        self.assertIn("Consultation effectuée le mardi 1 décembre 2026, 10:00", notes)

    def _close(self, done, no_show):
        done.invalidate_recordset(["itlaw_can_close"])
        no_show.invalidate_recordset(["itlaw_can_close"])
        self.assertTrue(done.itlaw_can_close)
        done.with_user(self.avocat).action_itlaw_done()
        self.assertEqual(done.itlaw_state, "done")
        no_show.with_user(self.avocate).action_itlaw_no_show()
        self.assertEqual(no_show.itlaw_state, "no_show")
        # In the lawyer's language and timezone (English here), not the prospect's.
        notes = " ".join(str(body) for body in self.lead.message_ids.mapped("body"))
        self.assertIn("Consultation held on Tuesday 1 December 2026, 10:00", notes)
        self.assertIn("(Europe/Paris)", notes)
        summaries = self.lead.activity_ids.mapped("summary")
        self.assertTrue(any("No-show" in (s or "") for s in summaries), summaries)
        self.assertTrue(any("held" in (s or "") for s in summaries), summaries)
        with self.assertRaises(UserError):
            done.action_itlaw_done()

    def test_lead_counts_and_action(self):
        self.book(lawyer=self.avocat)
        self.assertEqual(self.lead.itlaw_consultation_count, 1)
        action = self.lead.action_view_itlaw_consultations()
        self.assertEqual(action["domain"], [("opportunity_id", "=", self.lead.id)])

    def test_suggested_type_for_an_intake(self):
        intake = self.env["itlaw.intake"]._submit(dict(CV_SCREENING), dict(CONTACT), request_info())
        self.assertEqual(self.env["itlaw.consultation.type"]._for_intake(intake), self.ctype)
        ai_act = self.ctype.copy({"name": "AI Act", "practice_area": "ai_act"})
        expected = ai_act if intake.ai_act_tier in ("prohibited", "high") else self.ctype
        self.assertEqual(self.env["itlaw.consultation.type"]._for_intake(intake), expected)


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestBookingAccess(BookingCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_booking()
        cls.portal = new_test_user(cls.env, "b_portal", groups="base.group_portal")
        cls.other_portal = new_test_user(cls.env, "b_portal2", groups="base.group_portal")

    def test_portal_users_see_only_their_own_consultations(self):
        own = self.ctype._book(
            paris(2026, 12, 1, 10, 0), self.portal.partner_id, self.lead, "Europe/Paris"
        )
        other = self.ctype._book(
            paris(2026, 12, 1, 11, 0), self.other_portal.partner_id, self.lead, "Europe/Paris"
        )
        # Even when invited to someone else's consultation, it stays hidden.
        other.partner_ids = [Command.link(self.portal.partner_id.id)]
        Event = self.env["calendar.event"].with_user(self.portal)
        self.assertEqual(Event.search([("itlaw_consultation_type_id", "!=", False)]), own)
        with self.assertRaises(AccessError):
            other.with_user(self.portal).read(["name"])

    def test_only_partners_manage_types(self):
        self.ctype.with_user(self.associe).duration = 60
        self.assertEqual(self.ctype.with_user(self.avocat).duration, 60)
        with self.assertRaises(AccessError):
            self.ctype.with_user(self.avocat).duration = 30
        with self.assertRaises(AccessError):
            self.env["itlaw.consultation.type"].with_user(self.portal).search([])

    def test_types_get_resources_for_their_lawyers(self):
        lawyer = new_test_user(
            self.env, "b_new_lawyer", groups="base.group_user,itlaw_ai_advisory.group_lawyer"
        )
        self.assertFalse(lawyer.resource_ids)
        self.ctype.lawyer_ids = [Command.link(lawyer.id)]
        self.assertEqual(len(lawyer.resource_ids), 1)
        self.assertTrue(self.ctype._free_slots_by_lawyer(lawyer)[lawyer.id])


@tagged("post_install", "-at_install")
class TestBookingBackend(BookingCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_booking()

    def test_views_load(self):
        Event = self.env["calendar.event"].with_user(self.avocat)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "itlaw_ai_advisory.calendar_event_action_consultation"
        )
        views = Event.get_views(action["views"] + [(False, "search")])["views"]
        self.assertIn("itlaw_state", views["list"]["arch"])
        self.assertIn("action_itlaw_no_show", views["form"]["arch"])
        lead_form = self.lead.with_user(self.avocat).get_views([(False, "form")])
        self.assertIn("itlaw_consultation_ids", lead_form["views"]["form"]["arch"])
        # Done / No-show hidden until the consultation starts; both lawyers on the lead.
        self.assertIn('invisible="not itlaw_can_close"', views["form"]["arch"])
        self.assertIn('invisible="not itlaw_can_close"', views["list"]["arch"])
        self.assertIn("itlaw_consultation_user_id", lead_form["views"]["form"]["arch"])
        self.env["itlaw.consultation.type"].with_user(self.associe).get_views(
            [(False, "list"), (False, "form"), (False, "search")]
        )
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.itlaw_booking_cutoff_hours, 24)
        settings.itlaw_booking_cutoff_hours = 48
        settings.execute()
        self.assertEqual(self.env["calendar.event"]._itlaw_cutoff_hours(), 48)

    def test_office_type_needs_an_address(self):
        with self.assertRaises(ValidationError):
            self.ctype.write({"location_type": "office", "address": False})
        self.ctype.write({"location_type": "office", "address": "12 rue de la Paix, Paris"})
        self.assertEqual(self.ctype.with_context(lang="en_US").price_display, "Free of charge")


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestBookingDailyUse(BookingCase, TransactionCase):
    """What lawyers see of the bookings: who holds them, in which language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_booking()
        (cls.associe | cls.avocat | cls.avocate).lang = "fr_FR"

    def book(self, start, **kwargs):
        return self.ctype._book(
            start,
            kwargs.pop("partner", self.prospect),
            kwargs.pop("lead", self.lead),
            "Europe/Paris",
            **kwargs,
        )

    def test_the_leads_owner_holds_the_consultation_when_free(self):
        self.lead.user_id = self.avocate
        event = self.book(paris(2026, 12, 1, 10, 0))
        self.assertEqual(event.user_id, self.avocate)
        self.assertFalse(self.lead.itlaw_consultation_user_id)
        self.assertFalse(
            self.lead.activity_ids.filtered(lambda a: a.user_id == self.avocate),
            "no activity: the owner holds it",
        )

    def test_the_owner_is_told_when_another_lawyer_holds_it(self):
        self.lead.user_id = self.avocate
        self.busy_event(self.avocate, paris(2026, 12, 1, 9, 0), paris(2026, 12, 1, 12, 0))
        event = self.book(paris(2026, 12, 1, 10, 0))
        self.assertNotEqual(event.user_id, self.avocate)
        self.assertEqual(self.lead.user_id, self.avocate, "the lead keeps its owner")
        self.assertEqual(self.lead.itlaw_consultation_user_id, event.user_id)
        told = self.lead.activity_ids.filtered(lambda a: a.user_id == self.avocate)
        self.assertFalse(told, "by the invitation cron: the visitor does not wait for it")
        self.env["calendar.event"]._cron_send_invitations()
        self.env["calendar.event"]._cron_send_invitations()  # once only
        activity = self.lead.activity_ids.filtered(lambda a: a.user_id == self.avocate)
        self.assertEqual(len(activity), 1)
        self.assertIn(event.user_id.name, activity.summary)
        mails = self.env["mail.mail"].search([("recipient_ids", "in", self.avocate.partner_id.ids)])
        self.assertEqual(len(mails), 1, "the activity's email, queued")
        self.assertEqual(mails.state, "outgoing")

    def test_lawyers_emails_wait_in_the_mail_queue(self):
        # Sent by the visitor's request after its commit (Odoo's default), an
        # email delivered just before a database restart was sent twice.
        self.lead.user_id = self.avocate
        self.busy_event(self.avocate, paris(2026, 12, 1, 9, 0), paris(2026, 12, 1, 12, 0))
        event = self.book(paris(2026, 12, 1, 10, 0))
        self.env["calendar.event"]._cron_send_invitations()  # the owner is told
        event._itlaw_reschedule(paris(2026, 12, 2, 15, 0))
        event._itlaw_cancel()
        for lawyer in self.avocate | event.user_id:
            mails = self.env["mail.mail"].search([("recipient_ids", "in", lawyer.partner_id.ids)])
            with self.subTest(lawyer=lawyer.login):
                self.assertTrue(mails)
                self.assertEqual(set(mails.mapped("state")), {"outgoing"})
        queue = self.env.ref("mail.ir_cron_mail_scheduler_action")
        self.assertTrue(self.env["ir.cron.trigger"].search([("cron_id", "=", queue.id)]))

    def test_one_planned_consultation_per_diagnostic(self):
        intake = self.env["itlaw.intake"]._submit(dict(CV_SCREENING), dict(CONTACT), request_info())
        first = self.book(
            paris(2026, 12, 1, 10, 0), partner=intake.partner_id, lead=intake.lead_id, intake=intake
        )
        for lead in (intake.lead_id, self.env["crm.lead"]):
            with self.subTest(lead=lead), self.assertRaises(AlreadyBooked) as caught:
                self.book(
                    paris(2026, 12, 2, 10, 0), partner=intake.partner_id, lead=lead, intake=intake
                )
            self.assertEqual(caught.exception.event, first)
        first._itlaw_cancel()
        second = self.book(
            paris(2026, 12, 2, 10, 0), partner=intake.partner_id, lead=intake.lead_id, intake=intake
        )
        self.assertEqual(second.itlaw_state, "booked")

    def test_cancelled_consultations_are_not_busy_time(self):
        event = self.book(paris(2026, 12, 1, 10, 0), lawyer=self.avocat)
        self.assertNotIn(paris(2026, 12, 1, 10, 0), self.starts(self.avocat))
        event._itlaw_cancel()
        # Even shown as busy again by hand, a cancelled consultation blocks nothing.
        event.show_as = "busy"
        event.attendee_ids.state = "accepted"
        self.assertIn(paris(2026, 12, 1, 10, 0), self.starts(self.avocat))

    def test_backend_texts_in_the_lawyers_language(self):
        """An English visitor, a French lawyer: the lawyer reads French, with
        times in their timezone and the zone named."""
        lead = self.lead.copy({"partner_id": self.prospect_en.id})
        lead.user_id = self.avocat
        visitor = self.env(context=dict(self.env.context, lang="en_US", tz=False))
        event = self.ctype.with_env(visitor)._book(
            paris(2026, 12, 1, 10, 0), self.prospect_en, lead.with_env(visitor), "America/New_York"
        )
        self.assertEqual(event.user_id, self.avocat)
        self.env["calendar.event"]._cron_send_invitations()
        self.env.flush_all()
        notes = " ".join(str(body) for body in lead.message_ids.mapped("body"))
        self.assertIn("Consultation réservée avec", notes)
        self.assertIn("mardi 1 décembre 2026, 10:00 – 10:45 (Europe/Paris)", notes)
        self.assertNotIn("Consultation booked", notes)
        # Calendar's own "Meeting scheduled at <UTC time>" is replaced by that note.
        self.assertNotIn("2026-12-01 09:00:00", notes)
        self.assertNotIn("Meeting scheduled", notes)
        self.assertNotIn("Réunion planifiée", notes)
        event.with_env(visitor)._itlaw_reschedule(paris(2026, 12, 2, 15, 0))
        event.with_env(visitor)._itlaw_cancel()
        lead.invalidate_recordset()
        notes = " ".join(str(body) for body in lead.message_ids.mapped("body"))
        self.assertIn("Le prospect a déplacé la consultation du", notes)
        self.assertIn("Le prospect a annulé la consultation du", notes)
        summaries = lead.activity_ids.mapped("summary")
        self.assertIn("Consultation annulée : contacter le prospect", summaries)
        self.assertIn("Consultation déplacée par le prospect", summaries)
        self.assertFalse([s for s in summaries if "prospect" in s and "Consultation " not in s])
