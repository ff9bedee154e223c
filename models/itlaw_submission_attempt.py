from datetime import timedelta

from odoo import api, fields, models

RATE_LIMIT_PARAM = "itlaw_ai_advisory.intake_rate_limit"
DEFAULT_RATE_LIMIT = 10


class ItlawSubmissionAttempt(models.Model):
    """One public form post, kept an hour to rate-limit by (truncated) address."""

    _name = "itlaw.submission.attempt"
    _description = "Public form submission attempt"
    _log_access = False

    ip = fields.Char(required=True, index=True)
    attempted_at = fields.Datetime(required=True, default=fields.Datetime.now, index=True)

    @api.model
    def _register_and_check(self, ip):
        """Record an attempt from ``ip``; False when it is over the hourly limit."""
        limit = int(
            self.env["ir.config_parameter"].sudo().get_param(RATE_LIMIT_PARAM, DEFAULT_RATE_LIMIT)
        )
        since = fields.Datetime.now() - timedelta(hours=1)
        recent = self.sudo().search_count([("ip", "=", ip), ("attempted_at", ">=", since)])
        if limit and recent >= limit:
            return False
        self.sudo().create({"ip": ip})
        return True

    @api.autovacuum
    def _gc_old_attempts(self):
        expired = fields.Datetime.now() - timedelta(hours=2)
        self.sudo().search([("attempted_at", "<", expired)]).unlink()
