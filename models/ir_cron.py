import contextlib
import logging
import os
import threading

import psycopg2
from psycopg2 import sql

from odoo import models, sql_db

from odoo.addons.base.models.ir_cron import ODOO_NOTIFY_FUNCTION

_logger = logging.getLogger(__name__)

CRON_WORKERS_WOKEN = "itlaw_ai_advisory.cron_workers_woken"
# What Odoo's ir.cron._notifydb sends; the cron workers LISTEN on cron_trigger.
NOTIFY_QUERY = sql.SQL("SELECT {}('cron_trigger', %s)").format(sql.Identifier(ODOO_NOTIFY_FUNCTION))


class CronWakeUp:
    """The cron workers' wake-up, on a connection each Odoo process keeps open
    to PostgreSQL's maintenance database.

    The workers listen there. Odoo opens and closes a connection for each
    wake-up (its pool keeps none to that database): a PostgreSQL server
    process started and ended for every diagnostic and booking posted, more
    than the notification itself costs. A connection that broke (a restart of
    the server) is opened again once; when that fails too (the server is
    down), the jobs wait for the workers' own look every minute.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.connection = None
        self.pid = None
        # A forked worker must not close its parent's connection (closing
        # ends the server process both share): it keeps it, unused.
        self.inherited = []

    def send(self, dbname):
        """Notify the cron workers of ``dbname``; True when it was sent."""
        with self.lock:
            for last_try in (False, True):
                try:
                    with self._connection().cursor() as cr:
                        cr.execute(NOTIFY_QUERY, [dbname])
                    return True
                except psycopg2.Error as error:
                    self._discard()
                    if last_try:
                        # The request has committed: its visitor must not get
                        # an error page. The workers also look for due jobs
                        # every minute.
                        _logger.warning("cron workers not woken up: %s", error)
                        return False
                    _logger.info("cron wake-up connection lost, opening it again")

    def _connection(self):
        if self.pid != os.getpid():
            if self.connection is not None:
                self.inherited.append(self.connection)
            self.connection, self.pid = None, os.getpid()
        if self.connection is None or self.connection.closed:
            _dbname, info = sql_db.connection_info_for("postgres")
            self.connection = psycopg2.connect(**info)
            self.connection.autocommit = True
        return self.connection

    def _discard(self):
        connection, self.connection = self.connection, None
        if connection is not None:
            with contextlib.suppress(psycopg2.Error):
                connection.close()


cron_wake_up = CronWakeUp()


class IrCron(models.Model):
    _inherit = "ir.cron"

    def _notifydb(self):
        """Wake the cron workers once per commit, however many crons it triggered.

        The notification names only the database, and the worker it wakes runs
        every job that is due: a diagnostic or a booking triggers two crons
        (its own and the mail queue), one wake-up is enough. It is sent on the
        process's open connection (``CronWakeUp``).
        """
        woken = self.env.cr.postcommit.data
        if woken.get(CRON_WORKERS_WOKEN):
            return
        woken[CRON_WORKERS_WOKEN] = True
        cron_wake_up.send(self.env.cr.dbname)
