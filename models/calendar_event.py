import secrets
from datetime import timedelta
from urllib.parse import urlencode

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import consteq, format_datetime, format_time

from .crm_lead import firm_author
from .itlaw_consultation_type import FIRM_TZ, SlotUnavailable, to_utc
from .tools import data_record, html_visitor_text, queue_notifications

CUTOFF_PARAM = "itlaw_ai_advisory.booking_cutoff_hours"
CONSULTATION_LAYOUT = "itlaw_ai_advisory.mail_layout_consultation"
DEFAULT_CUTOFF_HOURS = 24
# Fields of an event that decide whether and when its attendees are busy.
SLOT_FIELDS = frozenset(
    {
        "start",
        "stop",
        "allday",
        "start_date",
        "stop_date",
        "duration",
        "show_as",
        "active",
        "itlaw_state",
        "partner_ids",
        "attendee_ids",
    }
)


# Odoo's own "You have been assigned to ..." email.
ASSIGNED_TEMPLATE = "mail.message_user_assigned"


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    itlaw_consultation_type_id = fields.Many2one(
        "itlaw.consultation.type", string="Consultation type", index="btree_not_null"
    )
    itlaw_prospect_id = fields.Many2one("res.partner", string="Prospect", index="btree_not_null")
    itlaw_intake_id = fields.Many2one("itlaw.intake", string="AI diagnostic")
    itlaw_state = fields.Selection(
        [
            ("booked", "Booked"),
            ("done", "Done"),
            ("no_show", "No-show"),
            ("cancelled", "Cancelled"),
        ],
        string="Consultation status",
        tracking=True,
    )
    itlaw_booking_token = fields.Char(copy=False, groups="base.group_system")
    # Booked online, its invitation not yet sent: the invitation cron sends it
    # right after the booking's transaction (the visitor does not wait for it).
    itlaw_invitation_pending = fields.Boolean(
        string="Invitation to send", copy=False, groups="base.group_system"
    )
    # The booking gave the lead to its lawyer: the same cron sends Odoo's
    # "assigned to you" email.
    itlaw_assignment_pending = fields.Boolean(
        string="Assignment email to send", copy=False, groups="base.group_system"
    )
    itlaw_booking_tz = fields.Char(
        string="Prospect's timezone", help="Times in the prospect's emails are shown in it"
    )
    itlaw_can_close = fields.Boolean(
        string="Can be closed",
        compute="_compute_itlaw_can_close",
        help="Planned and already started: it may be marked done or no-show.",
    )

    def _compute_itlaw_can_close(self):
        now = fields.Datetime.now()
        for event in self:
            event.itlaw_can_close = bool(
                event.itlaw_state == "booked" and event.start and event.start <= now
            )

    # ------------------------------------------------------------------
    # CRUD: the free slots of the attendees move (see itlaw.slot.cache)
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        events = super().create(vals_list)
        events._itlaw_invalidate_slots()
        return events

    def write(self, vals):
        moves = SLOT_FIELDS.intersection(vals)
        if moves:
            self._itlaw_invalidate_slots()
        result = super().write(vals)
        if moves:
            self._itlaw_invalidate_slots()
        return result

    def unlink(self):
        self._itlaw_invalidate_slots()
        return super().unlink()

    def _itlaw_invalidate_slots(self):
        events = self.sudo().with_context(active_test=False)
        self.env["itlaw.slot.cache"]._invalidate_partners(
            events.attendee_ids.partner_id.ids + events.partner_ids.ids
        )

    # ------------------------------------------------------------------
    # Messages
    # ------------------------------------------------------------------
    def _message_compute_author(self, author_id=None, email_from=None, raise_on_email=True):
        # A visitor's action (public routes) is signed by the firm, never by
        # the public user, who has no email: the lawyers' notifications need one.
        user = self.env.user
        if user._is_public() and not email_from and author_id in (None, user.partner_id.id):
            author_id, email_from = firm_author(self.env.company, self[:1].user_id)
        return super()._message_compute_author(author_id, email_from, raise_on_email)

    def _notify_by_email_render_layout(
        self, message, recipients_group, msg_vals=False, render_values=None
    ):
        # Calendar sends the prospect's emails with the light layout, whose
        # header names the model ("Your Calendar Event"): ours names the
        # consultation and has no unsubscribe link.
        layout = msg_vals.get("email_layout_xmlid") if msg_vals else message.email_layout_xmlid
        if self[:1].itlaw_consultation_type_id and layout == "mail.mail_notification_light":
            msg_vals = dict(msg_vals or {}, email_layout_xmlid=CONSULTATION_LAYOUT)
        return super()._notify_by_email_render_layout(
            message, recipients_group, msg_vals=msg_vals, render_values=render_values
        )

    # ------------------------------------------------------------------
    # Creation from the public booking
    # ------------------------------------------------------------------
    @api.model
    def _itlaw_create_consultation(self, ctype, lawyer, start, partner, lead, tz_name, intake):
        """The consultation event, its lead update and the prospect's invitation."""
        start = to_utc(start)
        lang = partner.lang or self.env.lang
        # The event is the lawyer's: named in their language, as the lead.
        lawyer_self = self._itlaw_for_user(lawyer)
        video = ctype.location_type == "video"
        vals = {
            "name": lawyer_self.env._(
                "%(type)s – %(who)s",
                type=ctype.with_env(lawyer_self.env).name,
                who=partner.commercial_company_name or partner.name,
            ),
            "start": start.replace(tzinfo=None),
            "stop": (start + timedelta(minutes=ctype.duration)).replace(tzinfo=None),
            "duration": ctype.duration / 60,
            "user_id": lawyer.id,
            "partner_ids": [fields.Command.set([lawyer.partner_id.id, partner.id])],
            "attendee_ids": [
                fields.Command.create({"partner_id": pid, "state": "accepted"})
                for pid in (lawyer.partner_id.id, partner.id)
            ],
            "opportunity_id": lead.id,
            "res_model_id": self.env["ir.model"]._get_id("crm.lead"),
            "res_id": lead.id,
            "show_as": "busy",
            "event_tz": tz_name,
            "alarm_ids": [
                fields.Command.set(
                    [data_record(self.env, "itlaw_ai_advisory.calendar_alarm_consultation_24h").id]
                )
            ],
            "description": self._itlaw_description(ctype, lead, intake, lang),
            "itlaw_consultation_type_id": ctype.id,
            "itlaw_prospect_id": partner.id,
            "itlaw_intake_id": intake.id if intake else False,
            "itlaw_state": "booked",
            "itlaw_booking_token": secrets.token_urlsafe(32),
            "itlaw_booking_tz": tz_name,
        }
        if video and ctype.video_link:
            vals.update(videocall_location=ctype.video_link, location=ctype.video_link)
        elif not video:
            vals["location"] = ctype.address
        # Calendar's own invitation is replaced by ours (prospect's language,
        # reschedule / cancel links); the lawyer gets the lead activity. The
        # lead's note records the booking: no "event created" note on the event.
        event = self.sudo().browse(
            lawyer_self.sudo()
            .with_context(no_mail_to_attendees=True, mail_create_nolog=True)
            .create(vals)
            .id
        )
        if video and not ctype.video_link:
            event._set_discuss_videocall_location()
            event.location = event.videocall_location
        event._itlaw_lead_booked()
        # The invitation (its .ics, the prospect's language, the links) is
        # rendered by a cron started right after this transaction.
        event.itlaw_invitation_pending = True
        data_record(
            self.env, "itlaw_ai_advisory.ir_cron_consultation_invitations"
        ).sudo()._trigger()
        return event

    @api.model
    def _cron_send_invitations(self, batch_size=100):
        """Log on their leads the consultations booked online since the last
        run, queue their invitations (one cancelled in the meantime gets its
        cancellation only), tell their leads' owners who holds them when
        another lawyer does, and send Odoo's "assigned to you" email to the
        lawyer a booking gave its lead. The visitor's request does not wait for
        any of it."""
        pending = self.sudo().search(
            ["|", ("itlaw_invitation_pending", "=", True), ("itlaw_assignment_pending", "=", True)],
            limit=batch_size,
        )
        # Booked online, cancelled since or not: the lead tells it.
        pending.filtered("itlaw_invitation_pending")._itlaw_log_booked()
        booked = pending.filtered(lambda event: event.itlaw_state == "booked")
        invited = queue_notifications(booked.filtered("itlaw_invitation_pending"))
        invited._itlaw_send_to_prospect("itlaw_ai_advisory.mail_template_consultation_booked")
        invited._itlaw_tell_owner()
        for event in pending.filtered("itlaw_assignment_pending"):
            lead, lawyer = event.opportunity_id, event.user_id
            if lead.user_id == lawyer:
                lead = queue_notifications(lead).with_context(lang=lawyer.lang)
                lead._message_auto_subscribe_notify(lawyer.partner_id.ids, ASSIGNED_TEMPLATE)
        pending.write({"itlaw_invitation_pending": False, "itlaw_assignment_pending": False})
        if len(pending) == batch_size:
            self.env.ref("itlaw_ai_advisory.ir_cron_consultation_invitations")._trigger()

    def _itlaw_description(self, ctype, lead, intake, lang):
        """What the lawyer and the prospect see in the event: the diagnostic summary."""
        env = self.with_context(lang=lang).env
        parts = [Markup("<p>%s</p>") % env._("Consultation: %(type)s", type=ctype.name)]
        if intake:
            lines = intake._summary_lines(lang)
            parts.append(
                Markup("<p><b>%s</b> %s</p>")
                % (
                    env._("AI diagnostic %(name)s:", name=intake.name),
                    env._(
                        "score %(score)s/100, %(band)s.",
                        score=intake.score,
                        band=lines["band_label"],
                    ),
                )
            )
            if lines["findings"]:
                parts.append(
                    Markup("<ul>%s</ul>")
                    % Markup("").join(
                        Markup("<li>%s <i>(%s)</i></li>") % (text, reference)
                        for text, reference in lines["findings"]
                    )
                )
        elif lead.description:
            # The visitor's text, as text: whatever HTML the lead holds stays out.
            parts.append(html_visitor_text(lead.description))
        return Markup("").join(parts)

    @api.model
    def _itlaw_for_user(self, user):
        """This model in ``user``'s language and timezone: what a lawyer reads
        in the backend does not depend on the visitor who triggered it."""
        return self.with_context(lang=user.lang or self.env.lang, tz=user.tz or FIRM_TZ)

    # ------------------------------------------------------------------
    # Tokens, links, dates
    # ------------------------------------------------------------------
    def _itlaw_check_token(self, token):
        self.ensure_one()
        expected = self.sudo().itlaw_booking_token
        # As bytes: a str with non-ASCII characters would make consteq raise.
        return bool(expected and token) and consteq(expected.encode(), str(token).encode())

    def _itlaw_public_url(self, suffix=""):
        """Tokenised link to the consultation's page, in the prospect's language."""
        self.ensure_one()
        event = self.sudo()
        website = self.env["website"].sudo().get_current_website()
        prefix = ""
        lang = self.env["res.lang"]._get_data(code=event.itlaw_prospect_id.lang or "")
        if lang and website and lang.code != website.default_lang_id.code:
            prefix = f"/{lang.url_code}"
        return (
            f"{event.get_base_url()}{prefix}/consultation/{event.id}{suffix}"
            f"?token={event.itlaw_booking_token}"
        )

    def _itlaw_when(self, lang=None, tz_name=None):
        """'Tuesday 1 December 2026, 10:00 – 10:45 (Europe/Paris)' in the prospect's terms."""
        self.ensure_one()
        tz_name = tz_name or self.itlaw_booking_tz or FIRM_TZ
        lang = lang or self.itlaw_prospect_id.lang or self.env.lang
        start = format_datetime(
            self.env, self.start, tz=tz_name, dt_format="EEEE d MMMM y, HH:mm", lang_code=lang
        )
        stop = format_time(self.env, self.stop, tz=tz_name, time_format="HH:mm", lang_code=lang)
        return f"{start} – {stop} ({tz_name})"

    def _itlaw_calendar_links(self):
        """Links that add the consultation to the prospect's Google or Outlook
        calendar: {"google": url, "outlook": url}."""
        self.ensure_one()
        event = self.sudo()
        start, stop = to_utc(event.start), to_utc(event.stop)
        title = event.itlaw_consultation_type_id.name or event.name
        location = event.videocall_location or event.location or ""
        # No link to the consultation's page: its token must not reach Google
        # or Microsoft.
        details = " – ".join(
            name for name in (event.user_id.name, event.user_id.company_id.name) if name
        )
        google = "https://calendar.google.com/calendar/render?" + urlencode(
            {
                "action": "TEMPLATE",
                "text": title,
                "dates": f"{start:%Y%m%dT%H%M%SZ}/{stop:%Y%m%dT%H%M%SZ}",
                "details": details,
                "location": location,
            }
        )
        outlook = "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(
            {
                "path": "/calendar/action/compose",
                "rru": "addevent",
                "subject": title,
                "startdt": f"{start:%Y-%m-%dT%H:%M:%SZ}",
                "enddt": f"{stop:%Y-%m-%dT%H:%M:%SZ}",
                "body": details,
                "location": location,
            }
        )
        return {"google": google, "outlook": outlook}

    @api.model
    def _itlaw_cutoff(self):
        hours = self.env["ir.config_parameter"].sudo().get_param(CUTOFF_PARAM)
        try:
            return timedelta(hours=max(0, int(hours)))
        except (TypeError, ValueError):
            return timedelta(hours=DEFAULT_CUTOFF_HOURS)

    @api.model
    def _itlaw_cutoff_hours(self):
        return int(self._itlaw_cutoff().total_seconds() // 3600)

    def _itlaw_changeable(self, now=None):
        """Whether the prospect may still reschedule or cancel."""
        self.ensure_one()
        now = to_utc(now or fields.Datetime.now())
        return self.itlaw_state == "booked" and to_utc(self.start) - self._itlaw_cutoff() > now

    def _itlaw_check_changeable(self, now=None):
        self.ensure_one()
        if self.itlaw_state != "booked":
            raise UserError(self.env._("This consultation is no longer planned."))
        if not self._itlaw_changeable(now):
            raise UserError(
                self.env._(
                    "This consultation starts in less than %(hours)s hours: it can no longer be "
                    "changed online. Please call or write to the firm.",
                    hours=self._itlaw_cutoff_hours(),
                )
            )

    # ------------------------------------------------------------------
    # Prospect's actions
    # ------------------------------------------------------------------
    def _itlaw_reschedule(self, start, now=None):
        """Move the consultation to ``start`` with the same lawyer, under the lock."""
        self.ensure_one()
        event = queue_notifications(self.sudo())
        event._itlaw_check_changeable(now)
        ctype = event.itlaw_consultation_type_id
        now = to_utc(now or fields.Datetime.now())
        start = to_utc(start)
        lawyer = event.user_id
        ctype._lock_lawyer(lawyer)
        offered = ctype._free_slots_by_lawyer(lawyer, now=now, exclude_events=event).get(
            lawyer.id, []
        )
        if start not in offered or not ctype._is_free_now(lawyer, start, now, exclude_events=event):
            raise SlotUnavailable(ctype._slot_taken_message())
        previous = event._itlaw_when(lang=lawyer.lang, tz_name=lawyer.tz or FIRM_TZ)
        event.with_context(no_mail_to_attendees=True).write(
            {
                "start": start.replace(tzinfo=None),
                "stop": (start + timedelta(minutes=ctype.duration)).replace(tzinfo=None),
            }
        )
        env = self._itlaw_for_user(lawyer).env
        event._itlaw_notify_lawyer(
            env._(
                "The prospect moved the consultation of %(previous)s to %(new)s.",
                previous=previous,
                new=event._itlaw_when(lang=lawyer.lang, tz_name=lawyer.tz or FIRM_TZ),
            ),
            env._("Consultation rescheduled by the prospect"),
        )
        event._itlaw_send_to_prospect("itlaw_ai_advisory.mail_template_consultation_rescheduled")
        return True

    def _itlaw_cancel(self, now=None):
        self.ensure_one()
        event = queue_notifications(self.sudo())
        event._itlaw_check_changeable(now)
        lawyer = event.user_id
        when = event._itlaw_when(lang=lawyer.lang, tz_name=lawyer.tz or FIRM_TZ)
        event._itlaw_send_to_prospect(
            "itlaw_ai_advisory.mail_template_consultation_cancelled", with_ics=False
        )
        event.activity_ids.unlink()
        # Kept (the "Cancelled" filter finds it), but no longer busy time:
        # free, and declined by its attendees as calendar shows it.
        event.with_context(no_mail_to_attendees=True).write(
            {"itlaw_state": "cancelled", "show_as": "free"}
        )
        event.attendee_ids.write({"state": "declined"})
        env = self._itlaw_for_user(lawyer).env
        event._itlaw_notify_lawyer(
            env._("The prospect cancelled the consultation of %(when)s.", when=when),
            env._("Consultation cancelled: contact the prospect"),
        )
        event._itlaw_lead_unplanned()
        return True

    def _itlaw_cancel_for_erasure(self, now):
        """Cancel the planned consultations among ``self``, whose prospect's
        data is being erased: their time is free again. Returns them."""
        planned = self.filtered(lambda event: event.itlaw_state == "booked" and event.start > now)
        # Nothing left for the invitation cron to tell of them (a booking's
        # note, an assignment email) on an anonymised lead.
        planned.with_context(no_mail_to_attendees=True).write(
            {
                "itlaw_state": "cancelled",
                "show_as": "free",
                "itlaw_invitation_pending": False,
                "itlaw_assignment_pending": False,
            }
        )
        planned.attendee_ids.write({"state": "declined"})
        return planned

    def _itlaw_tell_lawyer_erased(self):
        """Tell each lawyer that their consultation was cancelled by an
        erasure (a note that notifies them; nothing names the person)."""
        for event in self:
            lawyer = event.user_id
            env = self._itlaw_for_user(lawyer).env
            event.with_env(env).message_post(
                body=env._(
                    "The consultation of %(when)s is cancelled: the prospect asked for the "
                    "erasure of their personal data. The time is free again.",
                    when=event._itlaw_when(lang=lawyer.lang, tz_name=lawyer.tz or FIRM_TZ),
                ),
                subtype_xmlid="mail.mt_note",
                partner_ids=lawyer.partner_id.ids,
            )

    # ------------------------------------------------------------------
    # Lawyer's actions
    # ------------------------------------------------------------------
    def action_itlaw_done(self):
        self._itlaw_close("done")
        return True

    def action_itlaw_no_show(self):
        self._itlaw_close("no_show")
        return True

    def _itlaw_close(self, state):
        not_booked = self.filtered(lambda event: event.itlaw_state != "booked")
        if not_booked:
            raise UserError(
                self.env._(
                    "Only planned consultations can be marked done or no-show: %(names)s",
                    names=", ".join(not_booked.mapped("name")),
                )
            )
        future = self.filtered(lambda event: not event.itlaw_can_close)
        if future:
            raise UserError(
                self.env._(
                    "These consultations have not started yet: they can be marked done or "
                    "no-show once they have begun. %(names)s",
                    names=", ".join(future.mapped("name")),
                )
            )
        self.check_access("write")
        self.write({"itlaw_state": state})
        # The lawyer may hold a consultation on a lead that a colleague owns.
        user = self.env.user
        for event in self.sudo():
            lead = event.opportunity_id
            # In the closing lawyer's terms, not the prospect's, and in the
            # language of the note's text.
            when = event._itlaw_when(lang=self.env.lang or "en_US", tz_name=user.tz or FIRM_TZ)
            event.activity_ids.action_feedback(
                feedback=self.env._("Consultation held")
                if state == "done"
                else self.env._("The prospect did not attend")
            )
            if not lead:
                continue
            if state == "done":
                lead.message_post(
                    body=self.env._("Consultation held on %(when)s.", when=when),
                    subtype_xmlid="mail.mt_note",
                )
                lead.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.env._("Consultation held: send the proposal or close the lead"),
                    user_id=(event.user_id or lead.user_id).id,
                )
            else:
                lead.message_post(
                    body=self.env._(
                        "The prospect did not attend the consultation of %(when)s.",
                        when=when,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
                lead.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.env._("No-show: offer the prospect a new consultation"),
                    user_id=(event.user_id or lead.user_id).id,
                )
                event._itlaw_lead_unplanned()

    # ------------------------------------------------------------------
    # Lead and notifications
    # ------------------------------------------------------------------
    def _itlaw_lead_booked(self):
        for event in self.filtered("opportunity_id"):
            lawyer = event.user_id
            owner = event.opportunity_id.user_id or lawyer
            # In the owner's language from the first write: the lead's tracking
            # (stage, salesperson) is written in the language of that write.
            lead = event.opportunity_id.with_env(self._itlaw_for_user(owner).env)
            if not lead.user_id:
                # Odoo's "assigned to you" email is rendered by the invitation cron.
                lead.with_context(mail_auto_subscribe_no_notify=True).user_id = lawyer
                event.sudo().itlaw_assignment_pending = True
            lead._itlaw_move_to_stage("itlaw_ai_advisory.crm_stage_consultation")

    def _itlaw_log_booked(self):
        """The lead's note of an online booking, in its owner's language: logged
        by the invitation cron, seconds after the booking (a note notifies no
        one; the visitor's request need not write it)."""
        for event in self.filtered("opportunity_id"):
            lawyer = event.user_id
            owner = event.opportunity_id.user_id or lawyer
            lead = event.opportunity_id.with_env(self._itlaw_for_user(owner).env)
            # Logged without computing recipients.
            lead._message_log(
                body=lead.env._(
                    "Consultation booked with %(lawyer)s on %(when)s.",
                    lawyer=lawyer.name,
                    when=event._itlaw_when(lang=owner.lang, tz_name=owner.tz or FIRM_TZ),
                ),
            )

    def _itlaw_tell_owner(self):
        """When another lawyer holds the consultation (the lead's owner was busy
        or not eligible), the owner gets an activity, with Odoo's email (queued
        when ``self`` comes from ``queue_notifications``)."""
        for event in self.filtered("opportunity_id"):
            lawyer, owner = event.user_id, event.opportunity_id.user_id
            if not owner or owner == lawyer:
                continue
            lead = event.opportunity_id.with_env(self._itlaw_for_user(owner).env)
            lead.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=lead.env._(
                    "%(lawyer)s holds the consultation of %(when)s",
                    lawyer=lawyer.name,
                    when=event._itlaw_when(lang=owner.lang, tz_name=owner.tz or FIRM_TZ),
                ),
                user_id=owner.id,
            )

    def _itlaw_lead_unplanned(self):
        """Back to the team's first stage when no consultation is planned any more."""
        stage = self.env.ref("itlaw_ai_advisory.crm_stage_consultation")
        for lead in self.opportunity_id.filtered(lambda lead: lead.stage_id == stage):
            if lead.itlaw_upcoming_consultation_count:
                continue
            first = self.env["crm.stage"].search(
                ["|", ("team_id", "=", False), ("team_id", "=", lead.team_id.id)],
                order="sequence, id",
                limit=1,
            )
            lead.with_env(self._itlaw_for_user(lead.user_id).env).stage_id = first

    def _itlaw_notify_lawyer(self, body, summary):
        """A note on the lead that pings the lawyer, and a to-do for them."""
        for event in self:
            lawyer_env = self._itlaw_for_user(event.user_id).env
            record = (event.opportunity_id or event).with_env(lawyer_env)
            record.message_post(
                body=body,
                subtype_xmlid="mail.mt_note",
                partner_ids=event.user_id.partner_id.ids,
            )
            if event.opportunity_id:
                record.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=summary,
                    note=body,
                    user_id=event.user_id.id,
                )

    def _itlaw_send_to_prospect(self, template_xmlid, with_ics=True):
        """Queue the email to the prospect, in their language, with the event's
        .ics through calendar's own invitation mechanism."""
        template = self.env.ref(template_xmlid).sudo()
        for event in self:
            attendees = event.attendee_ids.filtered(
                lambda attendee, event=event: attendee.partner_id == event.itlaw_prospect_id
            )
            if with_ics:
                attendees.with_context(mail_notify_author=True)._send_mail_to_attendees(template)
                continue
            for attendee in attendees:
                template.send_mail(
                    attendee.id,
                    force_send=False,
                    email_layout_xmlid=CONSULTATION_LAYOUT,
                    # Signed as calendar signs the invitations: by the lawyer.
                    email_values={"author_id": event.user_id.partner_id.id},
                )
