from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    itlaw_timeline = fields.Selection(
        [
            ("regulation_2024", "AI Act as published (Regulation 2024/1689)"),
            ("omnibus_2026", "Digital omnibus dates (unverified)"),
        ],
        string="AI Act timeline",
        default="regulation_2024",
        config_parameter="itlaw_ai_advisory.timeline",
    )
    itlaw_intake_rate_limit = fields.Integer(
        string="Diagnostic submissions per hour and address",
        default=10,
        config_parameter="itlaw_ai_advisory.intake_rate_limit",
    )
    itlaw_consent_version = fields.Char(
        string="Privacy notice version",
        default="2026-11",
        config_parameter="itlaw_ai_advisory.consent_version",
    )
    itlaw_booking_cutoff_hours = fields.Integer(
        string="Reschedule / cancel online until (hours before)",
        default=24,
        config_parameter="itlaw_ai_advisory.booking_cutoff_hours",
    )
