from odoo import api, fields, models

from .itlaw_settings import (
    DEFAULT_TIMELINE,
    TIMELINE_SELECTION,
    check_integer_settings,
    read_param,
)


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    itlaw_timeline = fields.Selection(
        TIMELINE_SELECTION,
        string="AI Act timeline",
        default=DEFAULT_TIMELINE,
        config_parameter="itlaw_ai_advisory.timeline",
    )
    itlaw_intake_rate_limit = fields.Integer(
        string="Diagnostic submissions per hour and address",
        default=10,
        config_parameter="itlaw_ai_advisory.intake_rate_limit",
    )
    itlaw_consent_version = fields.Char(
        string="Privacy notice version",
        default="2026-12",
        config_parameter="itlaw_ai_advisory.consent_version",
    )
    itlaw_booking_cutoff_hours = fields.Integer(
        string="Reschedule / cancel online until (hours before)",
        default=24,
        config_parameter="itlaw_ai_advisory.booking_cutoff_hours",
    )
    itlaw_engagement_reminder_days = fields.Integer(
        string="Remind regulatory deadlines (days before)",
        default=30,
        config_parameter="itlaw_ai_advisory.engagement_reminder_days",
    )

    itlaw_privacy_link_days = fields.Integer(
        string="Personal data links valid for (days)",
        default=7,
        config_parameter="itlaw_ai_advisory.privacy_link_days",
    )
    itlaw_retention_years = fields.Integer(
        string="Keep prospects' data for (years after the last contact)",
        default=3,
        config_parameter="itlaw_ai_advisory.retention_years",
    )

    itlaw_fee_reminder_days = fields.Integer(
        string="Remind the client of an unsigned fee agreement after (days)",
        default=7,
        config_parameter="itlaw_ai_advisory.fee_reminder_days",
    )
    itlaw_fee_expiry_alert_days = fields.Integer(
        string="Alert the lawyer before a fee agreement's link expires (days)",
        default=3,
        config_parameter="itlaw_ai_advisory.fee_expiry_alert_days",
    )

    @api.constrains(
        "itlaw_intake_rate_limit",
        "itlaw_booking_cutoff_hours",
        "itlaw_engagement_reminder_days",
        "itlaw_privacy_link_days",
        "itlaw_retention_years",
        "itlaw_fee_reminder_days",
        "itlaw_fee_expiry_alert_days",
    )
    def _check_itlaw_integer_settings(self):
        for settings in self:
            check_integer_settings(
                self.env,
                {
                    "intake_rate_limit": settings.itlaw_intake_rate_limit,
                    "booking_cutoff_hours": settings.itlaw_booking_cutoff_hours,
                    "engagement_reminder_days": settings.itlaw_engagement_reminder_days,
                    "privacy_link_days": settings.itlaw_privacy_link_days,
                    "retention_years": settings.itlaw_retention_years,
                    "fee_reminder_days": settings.itlaw_fee_reminder_days,
                    "fee_expiry_alert_days": settings.itlaw_fee_expiry_alert_days,
                },
            )

    @api.model
    def get_values(self):
        # A hand-edited, non-integer value would read as 0 (no limit at all):
        # show the default instead, so that saving the form repairs it.
        return {
            **super().get_values(),
            "itlaw_intake_rate_limit": read_param(self.env, "intake_rate_limit"),
            "itlaw_booking_cutoff_hours": read_param(self.env, "booking_cutoff_hours"),
            "itlaw_engagement_reminder_days": read_param(self.env, "engagement_reminder_days"),
            "itlaw_privacy_link_days": read_param(self.env, "privacy_link_days"),
            "itlaw_retention_years": read_param(self.env, "retention_years"),
            "itlaw_fee_reminder_days": read_param(self.env, "fee_reminder_days"),
            "itlaw_fee_expiry_alert_days": read_param(self.env, "fee_expiry_alert_days"),
        }
