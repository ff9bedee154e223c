import hashlib
import logging
from datetime import datetime

import pytz
from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..models.itlaw_consultation_type import (
    FIRM_TZ,
    SLOT_FORMAT,
    AlreadyBooked,
    SlotUnavailable,
)
from ..models.tools import clean_text, truncate_ip
from .intake import HONEYPOT_FIELD, IntakeController, intake_or_404
from .replica import replica_unless_just_posted
from .token_page import token_page

_logger = logging.getLogger(__name__)

# Offered in the timezone selector when JavaScript is off; the browser's own
# zone (any IANA name) is accepted from the URL too.
COMMON_TIMEZONES = (
    "Europe/Paris",
    "Europe/London",
    "Europe/Brussels",
    "Europe/Berlin",
    "Europe/Madrid",
    "Europe/Zurich",
    "Africa/Casablanca",
    "America/Montreal",
    "America/New_York",
    "America/Los_Angeles",
    "Asia/Dubai",
    "Asia/Singapore",
    "Asia/Tokyo",
    "UTC",
)


def clean_tz(value):
    return value if value in pytz.all_timezones_set else FIRM_TZ


def parse_slot(value):
    """A posted slot value as an aware UTC datetime, or None."""
    try:
        return pytz.utc.localize(datetime.strptime(value or "", SLOT_FORMAT))
    except (TypeError, ValueError):
        return None


def offers_cache_key(offers):
    """The slot picker's cache key: the days and times shown (``_slot_days``
    keeps only those), labels included."""
    return hashlib.sha1(repr(offers).encode()).hexdigest() if offers else None


def day_cache_key(day, selected_slot):
    """A day's key in the slot picker: its times, and the visitor's choice
    when it is one of them (a page shown again after an error keeps it)."""
    chosen = any(slot["value"] == selected_slot for slot in day["slots"])
    return offers_cache_key([day, selected_slot if chosen else None])


def parse_id(value):
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


class BookingController(http.Controller):
    # ------------------------------------------------------------------
    # Booking
    # ------------------------------------------------------------------
    @http.route(
        "/consultation", type="http", auth="public", website=True, sitemap=True, readonly=True
    )
    def consultation(self, type_id=None, tz=None, lawyer_id=None, **_params):
        ctype, errors = self._get_type(type_id)
        return self._render_booking(ctype, tz, lawyer_id=lawyer_id, errors=errors)

    @http.route(
        "/consultation/book",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
        sitemap=False,
    )
    def book(self, **_params):
        form = request.httprequest.form
        tz = clean_tz(form.get("tz"))
        intake_sudo = self._get_intake(form.get("intake_id"), form.get("intake_token"))
        ctype, errors = self._get_type(form.get("type_id"), strict=True)
        lawyer_id = form.get("lawyer_id")
        # Every booking counts, with a diagnostic's token or not.
        ip = request.httprequest.remote_addr or ""
        if not request.env["itlaw.submission.attempt"]._register_and_check(truncate_ip(ip) or ip):
            return request.render("itlaw_ai_advisory.intake_rate_limited", status=429)
        if not ctype:
            return self._render_booking(ctype, tz, values=form, errors=errors, intake=intake_sudo)
        contact = {}
        if not intake_sudo:
            if form.get(HONEYPOT_FIELD):
                return request.redirect("/diagnostic-ia/merci")
            contact, errors = request.env["itlaw.intake"]._parse_contact(form)
            # The parties, as on the diagnostic: the conflict check can run
            # before the first consultation.
            contact["parties"], party_errors = request.env["itlaw.party"]._parse_public_parties(
                form
            )
            errors.update(party_errors)
            if "privacy_consent" in errors:
                # The diagnostic's message speaks of a pre-assessment.
                errors["privacy_consent"] = request.env._(
                    "Please accept the processing of your data so that we can organise "
                    "the consultation."
                )
        start = parse_slot(form.get("slot"))
        if start is None:
            errors["slot"] = request.env._("Please choose one of the times offered.")
        elif start <= pytz.utc.localize(fields.Datetime.now()):
            errors["slot"] = request.env._(
                "This time is already past. Please choose one of the times offered."
            )
        if errors:
            return self._render_booking(
                ctype, tz, lawyer_id=lawyer_id, values=form, errors=errors, intake=intake_sudo
            )
        try:
            with request.env.cr.savepoint():
                event = self._book(ctype, start, tz, contact, intake_sudo, lawyer_id)
        except AlreadyBooked as error:
            # The diagnostic's planned consultation, to reschedule or cancel.
            return request.redirect(
                request.env["ir.http"]._url_for(self._event_path(error.event, "?already=1"))
            )
        except (SlotUnavailable, UserError, ValidationError) as error:
            # Nothing was written (savepoint): fresh slots and the reason.
            errors["slot"] = error.args[0]
            return self._render_booking(
                ctype, tz, lawyer_id=lawyer_id, values=form, errors=errors, intake=intake_sudo
            )
        return request.redirect(
            request.env["ir.http"]._url_for(self._event_path(event, "?booked=1"))
        )

    def _book(self, ctype, start, tz, contact, intake_sudo, lawyer_id):
        lawyer = self._get_lawyer(ctype, lawyer_id)
        if intake_sudo:
            partner, lead = intake_sudo.partner_id, intake_sudo.lead_id
            if not lead:
                raise UserError(request.env._("This diagnostic can no longer be booked online."))
        else:
            # Created by the booking once the time is known to be free (the
            # contact) and its lawyer chosen (the lead, assigned and in its
            # stage from the start).
            partner, lead = None, request.env["crm.lead"]
        event = ctype._book(
            start,
            partner,
            lead,
            tz,
            intake=intake_sudo,
            lawyer=lawyer,
            new_lead=None if intake_sudo else (contact, request.lang.code),
        )
        form = request.httprequest.form
        request.env["itlaw.consent"]._itlaw_record_booking(
            event,
            {
                "lang": request.lang.code,
                "ip": request.httprequest.remote_addr,
                "user_agent": clean_text(request.httprequest.user_agent.string),
            },
            marketing=bool(form.get("marketing_consent")),
        )
        return event

    # ------------------------------------------------------------------
    # Reschedule / cancel (tokenised links of the emails)
    # ------------------------------------------------------------------
    @http.route(
        "/consultation/<int:event_id>",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
        readonly=replica_unless_just_posted,
    )
    @token_page
    def manage(self, event_id, token=None, booked=None, already=None, **_params):
        event_sudo = self._get_event(event_id, token)
        return request.render(
            "itlaw_ai_advisory.consultation_manage",
            self._event_values(event_sudo, token, booked=bool(booked), already=bool(already)),
        )

    @http.route(
        "/consultation/<int:event_id>/calendar.ics",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
    )
    @token_page
    def calendar_file(self, event_id, token=None, **_params):
        """The consultation as an .ics file, for the prospect's calendar."""
        event_sudo = self._get_event(event_id, token)
        if event_sudo.itlaw_state != "booked":
            raise NotFound()
        ics = event_sudo.with_context(lang=request.lang.code)._get_ics_file().get(event_sudo.id)
        if not ics:
            raise NotFound()
        return request.make_response(
            ics,
            headers=[
                ("Content-Type", "text/calendar; charset=utf-8"),
                ("Content-Disposition", 'attachment; filename="consultation.ics"'),
            ],
        )

    @http.route(
        "/consultation/<int:event_id>/reschedule",
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
        sitemap=False,
        readonly=replica_unless_just_posted,
    )
    @token_page
    def reschedule(self, event_id, token=None, tz=None, **_params):
        event_sudo = self._get_event(event_id, token)
        tz = clean_tz(tz or event_sudo.itlaw_booking_tz)
        errors = {}
        if not event_sudo._itlaw_changeable():
            return self._render_message(event_sudo, token, self._not_changeable(event_sudo))
        if request.httprequest.method == "POST":
            start = parse_slot(request.httprequest.form.get("slot"))
            if start is None:
                errors["slot"] = request.env._("Please choose one of the times offered.")
            else:
                try:
                    with request.env.cr.savepoint():
                        event_sudo._itlaw_reschedule(start)
                except (SlotUnavailable, UserError, ValidationError) as error:
                    errors["slot"] = error.args[0]
                else:
                    return request.redirect(self._event_path(event_sudo, "?rescheduled=1"))
        ctype = event_sudo.itlaw_consultation_type_id
        offers = ctype._slot_days(
            ctype._free_slots_by_lawyer(event_sudo.user_id, exclude_events=event_sudo)[
                event_sudo.user_id.id
            ],
            tz,
            request.lang.code,
        )
        values = self._event_values(event_sudo, token)
        values.update(offers=offers, tz=tz, errors=errors, timezones=self._timezones(tz))
        return request.render("itlaw_ai_advisory.consultation_reschedule", values)

    @http.route(
        "/consultation/<int:event_id>/cancel",
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
        sitemap=False,
        readonly=replica_unless_just_posted,
    )
    @token_page
    def cancel(self, event_id, token=None, **_params):
        event_sudo = self._get_event(event_id, token)
        if event_sudo.itlaw_state == "cancelled":
            return self._render_message(
                event_sudo, token, request.env._("This consultation is already cancelled.")
            )
        if not event_sudo._itlaw_changeable():
            return self._render_message(event_sudo, token, self._not_changeable(event_sudo))
        if request.httprequest.method == "POST":
            try:
                with request.env.cr.savepoint():
                    event_sudo._itlaw_cancel()
            except UserError as error:
                return self._render_message(event_sudo, token, error.args[0])
            return self._render_message(
                event_sudo,
                token,
                request.env._("Your consultation is cancelled. A confirmation was sent by email."),
                success=True,
            )
        return request.render(
            "itlaw_ai_advisory.consultation_cancel", self._event_values(event_sudo, token)
        )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _get_type(self, type_id, strict=False):
        """The requested consultation type, else the first one (with a message)."""
        Type = request.env["itlaw.consultation.type"].sudo()
        errors = {}
        ctype = Type
        if type_id:
            ctype = Type.browse(parse_id(type_id)).exists().filtered("active")
            if not ctype:
                errors["_form"] = request.env._(
                    "This type of consultation is not offered any more. Please choose another one."
                )
        if not ctype and not (strict and type_id):
            ctype = Type.search([("company_id", "in", [request.website.company_id.id, False])])[:1]
        if strict and not ctype:
            errors.setdefault("_form", request.env._("Please choose the type of consultation."))
        return ctype, errors

    def _get_lawyer(self, ctype, lawyer_id):
        if not (lawyer_id and ctype.allow_lawyer_choice):
            return None
        lawyer = ctype.lawyer_ids.filtered(lambda user: user.id == parse_id(lawyer_id))
        if not lawyer:
            raise UserError(request.env._("This lawyer cannot be chosen for this consultation."))
        return lawyer

    def _get_intake(self, intake_id, token):
        if not intake_id:
            return None
        return intake_or_404(parse_id(intake_id), token)

    def _get_event(self, event_id, token):
        event_sudo = (
            request.env["calendar.event"]
            .sudo()
            .with_context(active_test=False)
            .browse(event_id)
            .exists()
        )
        if (
            not event_sudo
            or not event_sudo.itlaw_consultation_type_id
            or not event_sudo._itlaw_check_token(token)
        ):
            raise NotFound()
        return event_sudo

    @staticmethod
    def _event_path(event, query=""):
        token = event.sudo().itlaw_booking_token
        separator = "&" if query else "?"
        return f"/consultation/{event.id}{query}{separator}token={token}"

    def _event_values(self, event_sudo, token, **extra):
        tz = clean_tz(event_sudo.itlaw_booking_tz)
        return {
            "event": event_sudo,
            "token": token,
            "tz": tz,
            "when": event_sudo._itlaw_when(lang=request.lang.code, tz_name=tz),
            "changeable": event_sudo._itlaw_changeable(),
            "cutoff_hours": event_sudo._itlaw_cutoff_hours(),
            "rescheduled": bool(request.params.get("rescheduled")),
            **extra,
        }

    def _not_changeable(self, event_sudo):
        if event_sudo.itlaw_state != "booked":
            return request.env._("This consultation is no longer planned.")
        return request.env._(
            "This consultation starts in less than %(hours)s hours: it can no longer be changed "
            "online. Please call or write to the firm.",
            hours=event_sudo._itlaw_cutoff_hours(),
        )

    def _render_message(self, event_sudo, token, message, success=False):
        values = self._event_values(event_sudo, token)
        values.update(message=message, success=success)
        return request.render("itlaw_ai_advisory.consultation_message", values)

    @staticmethod
    def _timezones(tz):
        return ([tz] if tz not in COMMON_TIMEZONES else []) + list(COMMON_TIMEZONES)

    def _booking_values(self, ctype, tz, lawyer_id=None, values=None, errors=None, intake=None):
        """What the slot picker needs, for the booking page and the result page."""
        tz = clean_tz(tz)
        errors = dict(errors or {})
        lawyer = None
        if ctype:
            try:
                lawyer = self._get_lawyer(ctype, lawyer_id)
            except UserError as error:
                errors["lawyer_id"] = error.args[0]
        offers = (
            ctype._slot_offers(tz, request.lang.code, intake=intake, lawyer=lawyer) if ctype else []
        )
        types = (
            request.env["itlaw.consultation.type"]
            .sudo()
            .search([("company_id", "in", [request.website.company_id.id, False])])
        )
        return {
            "ctype": ctype,
            "types": types,
            "lawyer": lawyer,
            "offers": offers,
            "offers_key": offers_cache_key(offers),
            "day_keys": [day_cache_key(day, (values or {}).get("slot")) for day in offers],
            "tz": tz,
            "timezones": self._timezones(tz),
            "values": values or {},
            "selected_slot": (values or {}).get("slot"),
            "errors": errors,
            "intake": intake,
            "honeypot_field": HONEYPOT_FIELD,
        }

    def _render_booking(self, ctype, tz, lawyer_id=None, values=None, errors=None, intake=None):
        return request.render(
            "itlaw_ai_advisory.consultation_page",
            self._booking_values(ctype, tz, lawyer_id, values, errors, intake),
        )


class IntakeBookingController(IntakeController):
    @http.route()
    def result(self, intake_id, access_token=None, tz=None, lawyer_id=None, **params):
        """The diagnostic's result page, with its booking step."""
        response = super().result(intake_id, access_token=access_token, **params)
        qcontext = getattr(response, "qcontext", None)
        if qcontext and qcontext.get("intake"):
            intake_sudo = qcontext["intake"]
            ctype = request.env["itlaw.consultation.type"]._for_intake(intake_sudo)
            qcontext["booking"] = BookingController()._booking_values(
                ctype, tz, lawyer_id=lawyer_id, intake=intake_sudo
            )
            qcontext["consultations"] = (
                request.env["calendar.event"]
                .sudo()
                .search(
                    [
                        ("opportunity_id", "=", intake_sudo.lead_id.id),
                        ("itlaw_state", "=", "booked"),
                        # A past one no longer counts: a new one may be booked.
                        ("start", ">", fields.Datetime.now()),
                    ]
                )
                if intake_sudo.lead_id
                else request.env["calendar.event"]
            )
        return response


class ConsultationPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "itlaw_consultation_count" in counters:
            values["itlaw_consultation_count"] = request.env["calendar.event"].search_count(
                self._consultation_domain()
            )
        return values

    @staticmethod
    def _consultation_domain():
        # The calendar's portal rule already limits events to those the user attends.
        return [
            ("itlaw_consultation_type_id", "!=", False),
            ("itlaw_prospect_id", "=", request.env.user.partner_id.id),
        ]

    @http.route("/my/consultations", type="http", auth="user", website=True)
    def portal_my_consultations(self, **_params):
        # Searched as the user (access rules apply), shown through sudo: the
        # lawyer's name and the links need more than a portal user may read.
        consultations = (
            request.env["calendar.event"]
            .search(self._consultation_domain(), order="start desc")
            .sudo()
        )
        values = self._prepare_portal_layout_values()
        values.update(
            consultations=consultations,
            links={event.id: event._itlaw_public_url() for event in consultations},
            page_name="itlaw_consultations",
        )
        return request.render("itlaw_ai_advisory.portal_my_consultations", values)
