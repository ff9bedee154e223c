from odoo import models

CRON_WORKERS_WOKEN = "itlaw_ai_advisory.cron_workers_woken"


class IrCron(models.Model):
    _inherit = "ir.cron"

    def _notifydb(self):
        """Wake the cron workers once per commit, however many crons it triggered.

        The notification names only the database, and the worker it wakes runs
        every job that is due. Each wake-up opens a connection to PostgreSQL's
        maintenance database (Odoo keeps none open to it), i.e. a server
        process started and ended: a diagnostic or a booking triggers two crons
        (its own and the mail queue), and the second connection woke no one.
        """
        woken = self.env.cr.postcommit.data
        if woken.get(CRON_WORKERS_WOKEN):
            return
        woken[CRON_WORKERS_WOKEN] = True
        super()._notifydb()
