from datetime import timedelta

from psycopg2.extensions import ISOLATION_LEVEL_READ_COMMITTED

from odoo import api, fields, models

RATE_LIMIT_PARAM = "itlaw_ai_advisory.intake_rate_limit"
DEFAULT_RATE_LIMIT = 10
# First key of the advisory lock taken per address.
RATE_LIMIT_LOCK = 0x17A6


class ItlawSubmissionAttempt(models.Model):
    """One public form post, kept an hour to rate-limit by (truncated) address."""

    _name = "itlaw.submission.attempt"
    _description = "Public form submission attempt"
    _log_access = False

    ip = fields.Char(required=True, index=True)
    attempted_at = fields.Datetime(required=True, default=fields.Datetime.now, index=True)

    @api.model
    def _rate_limit(self):
        """The hourly limit; a stored value that is not an integer of at least 1
        (edited by hand) reads as the default rather than breaking every form."""
        value = self.env["ir.config_parameter"].sudo().get_param(RATE_LIMIT_PARAM)
        try:
            limit = int(str(value).strip())
        except (TypeError, ValueError):
            return DEFAULT_RATE_LIMIT
        return limit if limit >= 1 else DEFAULT_RATE_LIMIT

    @api.model
    def _register_and_check(self, ip):
        """Record an attempt from ``ip``; False when it is over the hourly limit.

        Counting and recording happen in a short transaction of their own,
        under a lock per address and in READ COMMITTED (each statement sees
        what the previous holder of the lock committed): parallel requests
        cannot all read the same count. The attempt stays recorded whatever
        becomes of the request.
        """
        limit = self._rate_limit()
        registry = self.env.registry
        if registry.in_test_mode():
            # Every cursor shares the test transaction: nothing runs in parallel.
            return self._register_attempt(self.env.cr, ip, limit)
        with registry.cursor() as cr:
            cr.connection.set_isolation_level(ISOLATION_LEVEL_READ_COMMITTED)
            return self._register_attempt(cr, ip, limit)

    @api.model
    def _register_attempt(self, cr, ip, limit):
        now = fields.Datetime.now()
        cr.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [RATE_LIMIT_LOCK, ip])
        cr.execute(
            """
            INSERT INTO itlaw_submission_attempt (ip, attempted_at)
            SELECT %(ip)s, %(now)s
             WHERE (SELECT count(*) FROM itlaw_submission_attempt
                     WHERE ip = %(ip)s AND attempted_at >= %(since)s) < %(limit)s
            RETURNING id
            """,
            {"ip": ip, "now": now, "since": now - timedelta(hours=1), "limit": limit},
        )
        return bool(cr.fetchone())

    @api.autovacuum
    def _gc_old_attempts(self):
        expired = fields.Datetime.now() - timedelta(hours=2)
        self.sudo().search([("attempted_at", "<", expired)]).unlink()
