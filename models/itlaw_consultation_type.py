from bisect import bisect_left, bisect_right
from datetime import datetime, time, timedelta

import pytz
from babel import dates as babel_dates

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.misc import babel_locale_parse

from ..itlaw_ai_advisory import availability
from ..itlaw_ai_advisory.fees import amount_incl_vat
from .itlaw_slot_cache import CACHE_TTL
from .tools import data_record, queue_notifications, visitor_text_html

FIRM_TZ = "Europe/Paris"
# Bands whose consultations a partner (Associé) holds, as for the leads.
PARTNER_BANDS = ("critique",)
# "Fewest consultations in the coming weeks": the window the load is counted on.
LOAD_WINDOW_DAYS = 28
# How a slot travels in forms and links: its start, in UTC.
SLOT_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
# Days of free starts a public page shows (the templates show no more).
SHOWN_DAYS = 10
# Advisory lock namespace of the bookings of one lawyer (see _lock_lawyer).
LAWYER_LOCK = 0x17A9
PRACTICE_AREAS = [
    ("ai_projects", "AI projects (general)"),
    ("ai_act", "AI Act compliance"),
    ("gdpr", "Data protection (GDPR)"),
]


class SlotUnavailable(UserError):
    """The slot is no longer free (someone else took it) or was never offered."""


class AlreadyBooked(UserError):
    """The diagnostic already has a planned consultation: ``event``, to reschedule."""

    def __init__(self, message, event):
        super().__init__(message)
        self.event = event


def window(starts, first, last):
    """The sorted ``starts`` from ``first`` to ``last`` included."""
    return list(starts[bisect_left(starts, first) : bisect_right(starts, last)])


def to_utc(value):
    """An ORM datetime (naive UTC) as an aware UTC datetime."""
    return pytz.utc.localize(value) if value.tzinfo is None else value.astimezone(pytz.utc)


class ItlawConsultationType(models.Model):
    _name = "itlaw.consultation.type"
    _description = "Consultation type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    description = fields.Text(translate=True, help="Shown to the prospect on the booking page")
    duration = fields.Integer(string="Duration (minutes)", required=True, default=45)
    buffer_before = fields.Integer(string="Buffer before (minutes)", default=0)
    buffer_after = fields.Integer(string="Buffer after (minutes)", default=15)
    min_notice = fields.Integer(
        string="Minimum notice (hours)",
        default=24,
        help="A slot starting sooner than this is not offered.",
    )
    horizon = fields.Integer(
        string="Booking horizon (days)",
        default=28,
        help="Slots are offered up to this many days ahead.",
    )
    slot_step = fields.Integer(
        string="Start times every (minutes)",
        default=15,
        help="Offered start times are aligned on this step, in the firm's timezone.",
    )
    location_type = fields.Selection(
        [("video", "Video call"), ("office", "At the office")],
        required=True,
        default="video",
    )
    address = fields.Char(string="Office address")
    video_link = fields.Char(
        help="Link of the video room; left empty, each consultation gets its own Odoo Discuss room."
    )
    lawyer_ids = fields.Many2many(
        "res.users",
        string="Eligible lawyers",
        domain=lambda self: [
            ("groups_id", "in", data_record(self.env, "itlaw_ai_advisory.group_lawyer").id),
            ("share", "=", False),
        ],
    )
    practice_area = fields.Selection(PRACTICE_AREAS, required=True, default="ai_projects")
    price = fields.Monetary(string="Displayed price (excl. VAT)", help="0 shows as free of charge")
    vat_rate = fields.Float(string="VAT rate (%)", default=20.0, digits=(5, 2))
    currency_id = fields.Many2one(related="company_id.currency_id")
    price_display = fields.Char(compute="_compute_price_display")
    allow_lawyer_choice = fields.Boolean(
        string="Prospect may choose the lawyer",
        help="Otherwise the firm's routing chooses: partners for critical projects, then "
        "the lawyer with the fewest consultations in the coming weeks.",
    )
    consultation_count = fields.Integer(compute="_compute_consultation_count")

    _sql_constraints = [
        ("duration_positive", "CHECK(duration > 0)", "The duration must be positive."),
        (
            "buffers_positive",
            "CHECK(buffer_before >= 0 AND buffer_after >= 0 AND min_notice >= 0)",
            "Buffers and minimum notice cannot be negative.",
        ),
        ("horizon_positive", "CHECK(horizon > 0)", "The booking horizon must be positive."),
        (
            "vat_rate_range",
            "CHECK(vat_rate >= 0 AND vat_rate <= 100)",
            "The VAT rate must be between 0 and 100%.",
        ),
        ("slot_step_positive", "CHECK(slot_step > 0)", "The step must be positive."),
    ]

    @api.depends("price", "vat_rate", "currency_id")
    @api.depends_context("lang")
    def _compute_price_display(self):
        for ctype in self:
            if ctype.currency_id.is_zero(ctype.price):
                ctype.price_display = self.env._("Free of charge")
            else:
                ctype.price_display = self.env._(
                    "%(excl)s excl. VAT (%(incl)s incl. VAT)",
                    excl=ctype.currency_id.format(ctype.price),
                    incl=ctype.currency_id.format(amount_incl_vat(ctype.price, ctype.vat_rate)),
                )

    def _compute_consultation_count(self):
        counts = dict(
            self.env["calendar.event"]._read_group(
                [("itlaw_consultation_type_id", "in", self.ids)],
                ["itlaw_consultation_type_id"],
                ["__count"],
            )
        )
        for ctype in self:
            ctype.consultation_count = counts.get(ctype, 0)

    @api.constrains("location_type", "address")
    def _check_location(self):
        missing = self.filtered(lambda t: t.location_type == "office" and not t.address)
        if missing:
            raise ValidationError(
                self.env._(
                    "Enter the office address of these consultation types: %(names)s",
                    names=", ".join(missing.mapped("name")),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        types = super().create(vals_list)
        types.lawyer_ids._itlaw_ensure_resource()
        self.env["itlaw.slot.cache"]._invalidate()
        return types

    def write(self, vals):
        result = super().write(vals)
        if "lawyer_ids" in vals:
            self.lawyer_ids._itlaw_ensure_resource()
        self.env["itlaw.slot.cache"]._invalidate()
        return result

    def unlink(self):
        self.env["itlaw.slot.cache"]._invalidate()
        return super().unlink()

    def action_view_consultations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "itlaw_ai_advisory.calendar_event_action_consultation"
        )
        action["domain"] = [("itlaw_consultation_type_id", "=", self.id)]
        action["context"] = {"active_test": False}
        return action

    # ------------------------------------------------------------------
    # Availability
    # ------------------------------------------------------------------
    def _booking_window(self, now):
        """(earliest start, latest end) that this type may offer, aware UTC."""
        self.ensure_one()
        now = to_utc(now)
        return now + timedelta(hours=self.min_notice), now + timedelta(days=self.horizon)

    @api.model
    def _lawyer_intervals(self, lawyers, start, end, exclude_events=None):
        """Working and busy intervals of ``lawyers`` between two aware datetimes.

        Returns ``(working, busy)``, two dicts user id -> list of aware UTC
        ``(start, end)``. The number of queries depends on the number of
        distinct working calendars, never on the number of days or lawyers:
        attendances and leaves (personal and public holidays) through
        ``_work_intervals_batch``, busy events in one query.
        """
        working = self._lawyer_working_intervals(lawyers, start, end)
        busy = self._lawyer_busy_intervals(lawyers, start, end, exclude_events)
        return working, busy

    @api.model
    def _lawyer_working_intervals(self, lawyers, start, end):
        """Working intervals of ``lawyers`` (attendances less leaves and public
        holidays): user id -> list of aware UTC ``(start, end)``."""
        lawyers = lawyers.sudo().sorted("id")
        by_calendar = {}
        for lawyer in lawyers:
            resource = lawyer.resource_ids[:1]
            calendar = (
                resource.calendar_id
                or lawyer.company_id.resource_calendar_id
                or self.env.company.resource_calendar_id
            )
            by_calendar.setdefault(calendar, []).append((lawyer, resource))
        working = {lawyer.id: [] for lawyer in lawyers}
        for calendar, members in by_calendar.items():
            if not calendar:
                continue
            resources = self.env["resource.resource"].concat(*(r for _l, r in members if r))
            intervals = calendar._work_intervals_batch(start, end, resources=resources or None)
            for lawyer, resource in members:
                working[lawyer.id] = [
                    (s.astimezone(pytz.utc), e.astimezone(pytz.utc))
                    for s, e, _meta in intervals[resource.id]
                ]
        return working

    @api.model
    def _lawyer_busy_intervals(self, lawyers, start, end, exclude_events=None):
        """Busy events (``show_as = busy``, not declined, not a cancelled
        consultation) of the lawyers, in one query."""
        partner_to_user = {lawyer.partner_id.id: lawyer.id for lawyer in lawyers}
        busy = {lawyer.id: [] for lawyer in lawyers}
        if not partner_to_user:
            return busy
        self.env["calendar.event"].flush_model(
            [
                "start",
                "stop",
                "allday",
                "start_date",
                "stop_date",
                "show_as",
                "active",
                "itlaw_state",
            ]
        )
        self.env["calendar.attendee"].flush_model(["partner_id", "event_id", "state"])
        # All-day events run from start_date to stop_date (inclusive) whatever
        # their stored times: widen the time filter by a day, refine below.
        self.env.cr.execute(
            SQL(
                """
                SELECT a.partner_id, e.start, e.stop, e.allday, e.start_date, e.stop_date
                  FROM calendar_attendee a
                  JOIN calendar_event e ON e.id = a.event_id
                 WHERE a.partner_id = ANY(%(partners)s)
                   AND a.state != 'declined'
                   AND e.active
                   AND e.show_as = 'busy'
                   AND e.itlaw_state IS DISTINCT FROM 'cancelled'
                   AND e.start < %(end)s
                   AND e.stop > %(start)s
                   AND e.id != ALL(%(excluded)s)
                """,
                partners=list(partner_to_user),
                start=(start - timedelta(days=1)).astimezone(pytz.utc).replace(tzinfo=None),
                end=(end + timedelta(days=1)).astimezone(pytz.utc).replace(tzinfo=None),
                excluded=list(exclude_events.ids if exclude_events else []),
            )
        )
        firm_tz = pytz.timezone(FIRM_TZ)
        for partner_id, ev_start, ev_stop, allday, start_date, stop_date in self.env.cr.fetchall():
            if allday and start_date and stop_date:
                interval = (
                    firm_tz.localize(datetime.combine(start_date, time.min)).astimezone(pytz.utc),
                    firm_tz.localize(
                        datetime.combine(stop_date + timedelta(days=1), time.min)
                    ).astimezone(pytz.utc),
                )
            else:
                interval = (to_utc(ev_start), to_utc(ev_stop))
            busy[partner_to_user[partner_id]].append(interval)
        return busy

    def _eligible_lawyers(self, intake=None, lawyer=None):
        """Lawyers who may hold this consultation for this prospect.

        Critical or prohibited projects go to the partners among the type's
        lawyers (if there are any); a lawyer picked by the prospect narrows the
        choice when the type allows it."""
        self.ensure_one()
        lawyers = self.sudo().lawyer_ids.filtered("active")
        if lawyer and self.allow_lawyer_choice:
            return lawyers & lawyer
        if intake and (intake.band in PARTNER_BANDS or intake.prohibited):
            partners = lawyers.filtered(lambda u: u.has_group("itlaw_ai_advisory.group_partner"))
            lawyers = partners or lawyers
        return lawyers

    def _free_slots_by_lawyer(
        self, lawyers, now=None, exclude_events=None, extra=None, working=None
    ):
        """Free consultation starts of each lawyer: user id -> [start] aware UTC.

        ``extra`` (a timedelta) widens the horizon, for the cache; ``working``
        (user id -> intervals covering that horizon) spares computing them."""
        self.ensure_one()
        now = to_utc(now or fields.Datetime.now())
        start, end = self._interval_range(now, extra)
        if working is None:
            working, busy = self._lawyer_intervals(lawyers, start, end, exclude_events)
        else:
            busy = self._lawyer_busy_intervals(lawyers.sudo(), start, end, exclude_events)
        params = self._engine_params(now)
        params["horizon"] += extra or timedelta()
        return availability.free_slots_by_lawyer(working, busy, **params)

    def _interval_range(self, now, extra=None):
        """(start, end) of the working and busy time the free starts of the
        window at ``now``, widened by ``extra``, depend on."""
        earliest, latest = self._booking_window(now)
        # Buffers reach outside the window: fetch a little more around it.
        margin = timedelta(minutes=self.buffer_before + self.buffer_after)
        return earliest - margin, latest + (extra or timedelta()) + margin

    def _cached_free_slots_by_lawyer(self, lawyers, now=None):
        """``_free_slots_by_lawyer`` for the public pages and the routing, from
        this process's cache when no change since (see ``itlaw.slot.cache``).

        The cache holds the starts of a horizon widened by its lifetime: the
        starts offered at any moment of it are those within the window then,
        since the grid does not depend on the moment (whole steps from local
        midnight) and the window only clips the working intervals."""
        self.ensure_one()
        now = to_utc(now or fields.Datetime.now())
        cache = self.env["itlaw.slot.cache"]
        lawyers = lawyers.sudo()
        versions = cache._versions(lawyers.ids)
        by_lawyer, missing = {}, lawyers.browse()
        for lawyer in lawyers:
            starts = cache._get((self.id, lawyer.id), versions[lawyer.id], now)
            if starts is None:
                missing |= lawyer
            else:
                by_lawyer[lawyer.id] = starts
        if missing:
            working = self._cached_working_intervals(missing, versions, now)
            for user_id, starts in self._free_slots_by_lawyer(
                missing, now=now, extra=CACHE_TTL, working=working
            ).items():
                cache._put((self.id, user_id), versions[user_id], now, starts)
                by_lawyer[user_id] = starts
        earliest, latest = self._booking_window(now)
        last_start = latest - timedelta(minutes=self.duration)
        # In the order of _free_slots_by_lawyer (by id): routing breaks ties on
        # it. Starts are sorted: the window is a slice.
        return {
            user_id: window(by_lawyer[user_id], earliest, last_start)
            for user_id in sorted(by_lawyer)
        }

    def _cached_working_intervals(self, lawyers, versions, now):
        """The lawyers' working intervals over the cache's widest horizon, from
        this process's cache while their working time has not changed (a
        booking changes only their busy time).

        Kept for CACHE_TTL, they cover every horizon the starts' cache may ask
        for in that time (its own CACHE_TTL beyond the window), hence twice it;
        the engine clips them to the window of the moment."""
        self.ensure_one()
        cache = self.env["itlaw.slot.cache"]
        working, missing = {}, lawyers.browse()
        for lawyer in lawyers:
            key = ("working", self.id, lawyer.id)
            intervals = cache._get(key, versions[lawyer.id][:2], now)
            if intervals is None:
                missing |= lawyer
            else:
                working[lawyer.id] = list(intervals)
        if missing:
            computed = self._lawyer_working_intervals(
                missing, *self._interval_range(now, 2 * CACHE_TTL)
            )
            for user_id, intervals in computed.items():
                cache._put(("working", self.id, user_id), versions[user_id][:2], now, intervals)
                working[user_id] = intervals
        return working

    def _engine_params(self, now):
        self.ensure_one()
        return {
            "duration": timedelta(minutes=self.duration),
            "buffer_before": timedelta(minutes=self.buffer_before),
            "buffer_after": timedelta(minutes=self.buffer_after),
            "now": to_utc(now),
            "min_notice": timedelta(hours=self.min_notice),
            "horizon": timedelta(days=self.horizon),
            "step": timedelta(minutes=self.slot_step),
            "tz": FIRM_TZ,
        }

    def _lawyer_loads(self, lawyers, now=None):
        """Booked consultations of each lawyer in the coming weeks: user id -> count."""
        now = to_utc(now or fields.Datetime.now()).replace(tzinfo=None)
        groups = (
            self.env["calendar.event"]
            .sudo()
            ._read_group(
                [
                    ("user_id", "in", lawyers.ids),
                    ("itlaw_consultation_type_id", "!=", False),
                    ("itlaw_state", "=", "booked"),
                    ("start", ">=", now),
                    ("start", "<", now + timedelta(days=LOAD_WINDOW_DAYS)),
                ],
                ["user_id"],
                ["__count"],
            )
        )
        return {user.id: count for user, count in groups}

    def _slot_offers(self, tz_name, lang, intake=None, lawyer=None, now=None):
        """Free start times for the public pages, grouped by day in ``tz_name``.

        A time is offered when at least one eligible lawyer is free then; the
        lawyer is chosen only at confirmation."""
        self.ensure_one()
        lawyers = self._eligible_lawyers(intake, lawyer)
        by_lawyer = self._cached_free_slots_by_lawyer(lawyers, now=now)
        return self._slot_days(list(availability.merge_slots(by_lawyer)), tz_name, lang)

    @api.model
    def _slot_days(self, starts, tz_name, lang):
        """Starts as the templates show them: the first SHOWN_DAYS days in the
        visitor's timezone, with radio values (UTC) and labels (local time)."""
        locale = babel_locale_parse(lang)
        _zone, days = availability.group_by_day(starts, tz_name, max_days=SHOWN_DAYS)
        return [
            {
                "date": day.isoformat(),
                "label": babel_dates.format_date(day, format="EEEE d MMMM y", locale=locale),
                # "HH:mm" reads the same in every language: no babel per slot.
                "slots": [
                    {
                        "value": start.astimezone(pytz.utc).strftime(SLOT_FORMAT),
                        "label": f"{start.hour:02d}:{start.minute:02d}",
                    }
                    for start in day_starts
                ],
            }
            for day, day_starts in days
        ]

    # ------------------------------------------------------------------
    # Booking
    # ------------------------------------------------------------------
    @api.model
    def _lock_lawyer(self, lawyer, wait=True):
        """Serialise bookings of one lawyer; without ``wait``, only if no other
        transaction is booking them (returns whether the lawyer is locked).

        A transaction-level advisory lock, held until the commit: the check
        that follows (``_is_free_now``) reads what is committed when it runs,
        and a booking of the lawyer not yet committed still holds the lock.
        Two bookings of one lawyer thus never both commit, and the loser is
        told the time is taken without its request being replayed (a row lock
        under REPEATABLE READ failed with a serialization error once the
        winner committed, and Odoo replayed the whole request after a pause
        of up to two seconds, holding its worker)."""
        if wait:
            self.env.cr.execute(SQL("SELECT pg_advisory_xact_lock(%s, %s)", LAWYER_LOCK, lawyer.id))
            return True
        self.env.cr.execute(SQL("SELECT pg_try_advisory_xact_lock(%s, %s)", LAWYER_LOCK, lawyer.id))
        return self.env.cr.fetchone()[0]

    def _book(
        self, start, partner, lead, tz_name, intake=None, lawyer=None, now=None, new_lead=None
    ):
        """Create the consultation at ``start`` (aware) for ``partner``, or raise
        :class:`SlotUnavailable`. The caller's transaction must be committed as a
        whole (nothing is written before the lawyer is locked and the slot checked).

        ``new_lead`` (contact values, language) instead of ``lead``: a booking
        without a diagnostic, whose lead is created for the lawyer chosen (and
        its contact too when ``partner`` is None)."""
        self.ensure_one()
        now = to_utc(now or fields.Datetime.now())
        start = to_utc(start)
        if intake:
            self._check_no_planned_consultation(intake, lead, now)
        candidates = self._eligible_lawyers(intake, lawyer)
        # Routing may read the cache: the chosen lawyer is locked and checked afresh.
        by_lawyer = self._cached_free_slots_by_lawyer(candidates, now=now)
        if not any(start in starts for starts in by_lawyer.values()):
            # Taken since the page was shown: nothing is created for it.
            raise SlotUnavailable(self._slot_taken_message())
        # The invitation cron, started after this transaction, sends what a
        # booking tells (calendar.event._cron_send_invitations); what Odoo
        # itself may send (the stage's tracking to the team's followers) waits
        # in the mail queue.
        self = queue_notifications(self)
        if partner is None:
            partner = self.env["itlaw.intake"]._find_or_create_partner(*new_lead)
        # Lawyers free at that start, fewest consultations first.
        routed = availability.merge_slots(by_lawyer, self._lawyer_loads(candidates, now))
        # The lead's owner holds it when eligible and free: one lawyer per prospect.
        owner = lead.user_id
        order = sorted(routed[start], key=lambda user_id: user_id != owner.id)
        lawyers = self.env["res.users"].sudo().browse(order)
        # Concurrent bookings take the next free lawyer rather than queue for
        # the one another booking is taking; when every one is being booked,
        # wait for the first. Whoever is locked is checked afresh.
        tried = False
        for chosen in lawyers:
            if not self._lock_lawyer(chosen, wait=False):
                continue
            tried = True
            if self._is_free_now(chosen, start, now):
                return self._create_consultation(
                    chosen, start, partner, lead, tz_name, intake, new_lead
                )
        if not tried:
            chosen = lawyers[0]
            self._lock_lawyer(chosen)
            if self._is_free_now(chosen, start, now):
                return self._create_consultation(
                    chosen, start, partner, lead, tz_name, intake, new_lead
                )
        raise SlotUnavailable(self._slot_taken_message())

    def _create_consultation(self, lawyer, start, partner, lead, tz_name, intake, new_lead=None):
        if new_lead:
            contact, lang = new_lead
            lead = self._create_booking_lead(partner, contact, lang, lawyer=lawyer)
        event = self.env["calendar.event"]._itlaw_create_consultation(
            self, lawyer, start, partner, lead, tz_name, intake
        )
        if new_lead:
            # Odoo's "assigned to you" email, rendered by the invitation cron.
            event.itlaw_assignment_pending = True
        return event

    def _check_no_planned_consultation(self, intake, lead, now):
        """One planned consultation per diagnostic: the prospect reschedules it
        instead. The lead is locked as the lawyer is (see ``_lock_lawyer``), so
        that two bookings of one diagnostic cannot both commit."""
        if lead:
            self.env.cr.execute(
                SQL("UPDATE crm_lead SET write_date = write_date WHERE id = %s", lead.id)
            )
        domain = [("itlaw_intake_id", "=", intake.id)]
        if lead:
            domain = ["|", ("opportunity_id", "=", lead.id), *domain]
        planned = (
            self.env["calendar.event"]
            .sudo()
            .search(
                [
                    *domain,
                    ("itlaw_consultation_type_id", "!=", False),
                    ("itlaw_state", "=", "booked"),
                    ("start", ">", to_utc(now).replace(tzinfo=None)),
                ],
                order="start",
                limit=1,
            )
        )
        if planned:
            raise AlreadyBooked(
                self.env._(
                    "A consultation is already planned for this diagnostic. You can reschedule "
                    "or cancel it."
                ),
                planned,
            )

    def _is_free(self, lawyer, start, now, exclude_events=None):
        """Fresh check that ``lawyer`` can hold this consultation at ``start``."""
        self.ensure_one()
        margin = timedelta(minutes=self.buffer_before + self.buffer_after + self.duration)
        working, busy = self._lawyer_intervals(
            lawyer, start - margin, start + margin, exclude_events
        )
        return availability.is_slot_free(
            start,
            working[lawyer.id],
            busy[lawyer.id],
            **self._engine_params(now),
        )

    def _is_free_now(self, lawyer, start, now, exclude_events=None):
        """``_is_free`` on what is committed now, ``lawyer`` being locked.

        This transaction's snapshot may predate a booking of the lawyer
        committed before the lock was granted: every change of the lawyer's
        time adds a version row, and when a fresh transaction sees one this
        transaction does not, the check runs in that fresh transaction."""
        registry = self.env.registry
        if registry.in_test_mode() or not registry.ready:
            # Every cursor shares the test transaction; while modules load
            # (demo data) no visitor runs in parallel.
            return self._is_free(lawyer, start, now, exclude_events)
        cache = self.env["itlaw.slot.cache"]
        seen = cache._version_rows(self.env.cr, lawyer.id)
        with registry.cursor() as cr:
            if cache._version_rows(cr, lawyer.id) <= seen:
                return self._is_free(lawyer, start, now, exclude_events)
            fresh = self.with_env(self.env(cr=cr))
            return fresh._is_free(
                lawyer.with_env(fresh.env),
                start,
                now,
                exclude_events.with_env(fresh.env) if exclude_events else None,
            )

    def _slot_taken_message(self):
        return self.env._(
            "This slot has just been booked by someone else. Please choose another one below."
        )

    @api.model
    def _for_intake(self, intake):
        """The consultation type suggested after a diagnostic: one of the
        project's practice area if there is one, else the first type."""
        types = self.sudo().search([("company_id", "in", [intake.company_id.id, False])])
        area = "ai_act" if intake.ai_act_tier in ("prohibited", "high") else "gdpr"
        return types.filtered(lambda t: t.practice_area == area)[:1] or types[:1]

    def _create_booking_lead(self, partner, contact, lang, lawyer=None):
        """The opportunity of a booking made without a diagnostic, ``lawyer``'s
        when given: named in their language, in the consultation stage."""
        self.ensure_one()
        team = data_record(self.env, "itlaw_ai_advisory.crm_team_ai_advisory")
        env = self.with_context(lang=lawyer.lang or self.env.lang).env if lawyer else self.env
        assignment = {}
        if lawyer:
            stage = data_record(self.env, "itlaw_ai_advisory.crm_stage_consultation")
            assignment = {"user_id": lawyer.id, "stage_id": stage.id}
        # As a diagnostic's lead: the booking's note replaces the "created" one;
        # the lawyer's "assigned to you" email is sent after the commit.
        return (
            self.env["crm.lead"]
            .sudo()
            .with_context(mail_create_nolog=True, mail_auto_subscribe_no_notify=True)
            .create(
                {
                    "name": env._(
                        "Consultation request – %(who)s",
                        who=contact.get("partner_name") or contact["contact_name"],
                    ),
                    "type": "opportunity",
                    "partner_id": partner.id,
                    "contact_name": contact["contact_name"],
                    "partner_name": contact.get("partner_name") or False,
                    "email_from": contact["email_from"],
                    "phone": contact.get("phone") or False,
                    "function": contact.get("function") or False,
                    "description": visitor_text_html(contact.get("description")),
                    "team_id": team.id,
                    "company_id": self.company_id.id,
                    "user_id": False,
                    **assignment,
                    # Set, so that none comes from the visitor's cookies.
                    "source_id": False,
                    "campaign_id": False,
                    "medium_id": data_record(self.env, "utm.utm_medium_website").id,
                    "lang_id": self.env["res.lang"]._get_data(code=lang).id,
                    "itlaw_party_ids": self.env["itlaw.party"]._prepare_lead_parties(
                        contact.get("parties") or []
                    ),
                    **self.env["crm.lead"]._itlaw_no_enrichment_vals(),
                }
            )
        )
