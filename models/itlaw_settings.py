from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from .. import itlaw_ai_advisory as engine
from .calendar_event import CUTOFF_PARAM, DEFAULT_CUTOFF_HOURS
from .itlaw_intake import CONSENT_VERSION_PARAM, DEFAULT_CONSENT_VERSION, TIMELINE_PARAM
from .itlaw_submission_attempt import DEFAULT_RATE_LIMIT, RATE_LIMIT_PARAM

PRIVACY_LINK_DAYS_PARAM = "itlaw_ai_advisory.privacy_link_days"
RETENTION_YEARS_PARAM = "itlaw_ai_advisory.retention_years"
TIMELINE_SELECTION = [
    ("omnibus_2026", "AI Act as amended by Regulation (EU) 2026/1744 (law in force)"),
    ("regulation_2024", "AI Act as first published in 2024 (for comparison)"),
]
# The law in force on the catalog's date (catalog 2.0.0: the amended text).
DEFAULT_TIMELINE = engine.get_catalog().default_timeline
# Field of the settings form -> (system parameter, default).
PARAMS = {
    "timeline": (TIMELINE_PARAM, DEFAULT_TIMELINE),
    "intake_rate_limit": (RATE_LIMIT_PARAM, DEFAULT_RATE_LIMIT),
    "consent_version": (CONSENT_VERSION_PARAM, DEFAULT_CONSENT_VERSION),
    "booking_cutoff_hours": (CUTOFF_PARAM, DEFAULT_CUTOFF_HOURS),
    "engagement_reminder_days": ("itlaw_ai_advisory.engagement_reminder_days", 30),
    "privacy_link_days": (PRIVACY_LINK_DAYS_PARAM, 7),
    "retention_years": (RETENTION_YEARS_PARAM, 3),
    "fee_reminder_days": ("itlaw_ai_advisory.fee_reminder_days", 7),
    "fee_expiry_alert_days": ("itlaw_ai_advisory.fee_expiry_alert_days", 3),
}
# Integer settings -> their smallest valid value (a rate limit of 0 would let
# every submission through).
MINIMUMS = {
    "intake_rate_limit": 1,
    "booking_cutoff_hours": 0,
    "engagement_reminder_days": 0,
    "privacy_link_days": 1,
    "retention_years": 1,
    "fee_reminder_days": 1,
    "fee_expiry_alert_days": 0,
}


def read_param(env, name):
    """The stored value of the setting ``name``; a setting never set, or a
    value that is not a valid integer where one is expected (edited by hand in
    the system parameters), reads as the default rather than breaking the page
    that needs it."""
    key, default = PARAMS[name]
    value = env["ir.config_parameter"].sudo().get_param(key)
    if name == "timeline":
        return value if value in engine.TIMELINES else default
    if name not in MINIMUMS:
        return value or default
    if value in (False, None, ""):
        # Never set: get_param answers False, which int() would read as 0
        # (a deadline reminder on the day itself).
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if number >= MINIMUMS[name] else default


def check_integer_settings(env, values):
    """Raise one translated error naming every integer setting out of range."""
    errors = []
    if values.get("intake_rate_limit", 1) < MINIMUMS["intake_rate_limit"]:
        errors.append(env._("The number of diagnostic submissions per hour must be at least 1."))
    if values.get("booking_cutoff_hours", 0) < MINIMUMS["booking_cutoff_hours"]:
        errors.append(env._("The reschedule / cancel cut-off cannot be negative."))
    if values.get("engagement_reminder_days", 0) < MINIMUMS["engagement_reminder_days"]:
        errors.append(env._("The reminder of regulatory deadlines cannot be negative."))
    if values.get("privacy_link_days", 1) < MINIMUMS["privacy_link_days"]:
        errors.append(env._("The personal data links must stay valid at least one day."))
    if values.get("retention_years", 1) < MINIMUMS["retention_years"]:
        errors.append(env._("Prospects' data must be kept at least one year."))
    if values.get("fee_reminder_days", 1) < MINIMUMS["fee_reminder_days"]:
        errors.append(env._("The fee agreement reminder is sent at least one day after sending."))
    if values.get("fee_expiry_alert_days", 0) < MINIMUMS["fee_expiry_alert_days"]:
        errors.append(env._("The alert before a fee agreement's link expires cannot be negative."))
    if errors:
        raise ValidationError("\n".join(errors))


class ItlawSettings(models.TransientModel):
    """The addon's settings for partners, who are not system administrators
    (only those may open the general Settings)."""

    _name = "itlaw.settings"
    _description = "AI Advisory settings"

    timeline = fields.Selection(
        TIMELINE_SELECTION,
        string="AI Act timeline",
        required=True,
        default=lambda self: read_param(self.env, "timeline"),
    )
    intake_rate_limit = fields.Integer(
        string="Diagnostic submissions per hour and address",
        required=True,
        default=lambda self: read_param(self.env, "intake_rate_limit"),
    )
    consent_version = fields.Char(
        string="Privacy notice version",
        required=True,
        default=lambda self: read_param(self.env, "consent_version"),
    )
    booking_cutoff_hours = fields.Integer(
        string="Reschedule / cancel online until (hours before)",
        required=True,
        default=lambda self: read_param(self.env, "booking_cutoff_hours"),
    )
    engagement_reminder_days = fields.Integer(
        string="Remind regulatory deadlines (days before)",
        required=True,
        default=lambda self: read_param(self.env, "engagement_reminder_days"),
    )

    privacy_link_days = fields.Integer(
        string="Personal data links valid for (days)",
        required=True,
        default=lambda self: read_param(self.env, "privacy_link_days"),
    )
    retention_years = fields.Integer(
        string="Keep prospects' data for (years after the last contact)",
        required=True,
        default=lambda self: read_param(self.env, "retention_years"),
    )

    fee_reminder_days = fields.Integer(
        string="Remind the client of an unsigned fee agreement after (days)",
        required=True,
        default=lambda self: read_param(self.env, "fee_reminder_days"),
    )
    fee_expiry_alert_days = fields.Integer(
        string="Alert the lawyer before a fee agreement's link expires (days)",
        required=True,
        default=lambda self: read_param(self.env, "fee_expiry_alert_days"),
    )

    @api.constrains(
        "intake_rate_limit",
        "booking_cutoff_hours",
        "engagement_reminder_days",
        "privacy_link_days",
        "retention_years",
        "fee_reminder_days",
        "fee_expiry_alert_days",
    )
    def _check_integer_settings(self):
        for settings in self:
            check_integer_settings(
                self.env,
                {name: settings[name] for name in MINIMUMS},
            )

    def action_save(self):
        self.ensure_one()
        if not self.env.user.has_group("itlaw_ai_advisory.group_partner"):
            raise AccessError(self.env._("Only partners may change the AI Advisory settings."))
        parameters = self.env["ir.config_parameter"].sudo()
        for name, (key, _default) in PARAMS.items():
            parameters.set_param(key, self[name])
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": self.env._("AI Advisory settings saved."),
                "type": "success",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
