"""One wake-up of the cron workers per commit (models/ir_cron.py): a public
request that triggers its own cron and the mail queue notifies them once, not
twice, and every trigger is still kept; the notification goes out on a
connection each process keeps open, opened again when it broke."""

import select
import time
from unittest.mock import patch

import psycopg2

from odoo import sql_db
from odoo.tests import TransactionCase, tagged

from odoo.addons.itlaw_ai_advisory.models.ir_cron import CronWakeUp, cron_wake_up


@tagged("post_install", "-at_install")
class TestCronWakeUp(TransactionCase):
    def trigger_and_commit(self, *xmlids):
        """Trigger the crons, then run what Odoo runs after a commit (the
        test transaction itself is never committed)."""
        postcommit = self.env.cr.postcommit
        postcommit.clear()
        crons = [self.env.ref(xmlid).sudo() for xmlid in xmlids]
        with patch.object(cron_wake_up, "send") as notify:
            triggers = [cron._trigger() for cron in crons]
            postcommit.run()
        return notify, triggers

    def test_two_crons_triggered_wake_the_workers_once(self):
        notify, triggers = self.trigger_and_commit(
            "itlaw_ai_advisory.ir_cron_intake_confirmation",
            "mail.ir_cron_mail_scheduler_action",
        )
        notify.assert_called_once_with(self.env.cr.dbname)
        # Both crons are due: the worker woken runs each of them.
        self.assertEqual(
            [trigger.cron_id.id for trigger in triggers],
            [
                self.env.ref("itlaw_ai_advisory.ir_cron_intake_confirmation").id,
                self.env.ref("mail.ir_cron_mail_scheduler_action").id,
            ],
        )

    def test_each_commit_wakes_the_workers_again(self):
        first, _triggers = self.trigger_and_commit("mail.ir_cron_mail_scheduler_action")
        second, _triggers = self.trigger_and_commit("mail.ir_cron_mail_scheduler_action")
        self.assertEqual((first.call_count, second.call_count), (1, 1))


@tagged("post_install", "-at_install")
class TestCronWakeUpConnection(TransactionCase):
    """The notification as the cron workers receive it: LISTEN on the
    maintenance database, as Odoo's cron workers do."""

    def setUp(self):
        super().setUp()
        _dbname, info = sql_db.connection_info_for("postgres")
        self.listener = psycopg2.connect(**info)
        self.listener.autocommit = True
        self.addCleanup(self.listener.close)
        with self.listener.cursor() as cr:
            cr.execute("LISTEN cron_trigger")
        self.wake_up = CronWakeUp()
        self.addCleanup(self.wake_up._discard)

    def received(self, count):
        """The next ``count`` notifications: (sender's server process, payload)."""
        deadline = time.monotonic() + 10
        while len(self.listener.notifies) < count and time.monotonic() < deadline:
            select.select([self.listener], [], [], 0.5)
            self.listener.poll()
        notes = self.listener.notifies[:count]
        del self.listener.notifies[:count]
        return [(note.pid, note.payload) for note in notes]

    def test_notifications_share_one_connection(self):
        self.wake_up.send("itlaw_db_a")
        self.wake_up.send("itlaw_db_b")
        (first_pid, first), (second_pid, second) = self.received(2)
        self.assertEqual((first, second), ("itlaw_db_a", "itlaw_db_b"))
        self.assertEqual(first_pid, second_pid)
        self.assertEqual(first_pid, self.wake_up.connection.get_backend_pid())

    def test_a_broken_connection_is_opened_again(self):
        self.wake_up.send("itlaw_db_a")
        ((old_pid, _payload),) = self.received(1)
        # The server ends that process, as a restart of PostgreSQL would.
        with self.listener.cursor() as cr:
            cr.execute("SELECT pg_terminate_backend(%s)", [old_pid])
        self.wake_up.send("itlaw_db_b")
        ((new_pid, payload),) = self.received(1)
        self.assertEqual(payload, "itlaw_db_b")
        self.assertNotEqual(new_pid, old_pid)

    def test_a_forked_process_opens_its_own(self):
        self.wake_up.send("itlaw_db_a")
        ((parent_pid, _payload),) = self.received(1)
        parent_connection = self.wake_up.connection
        # As in a worker forked after the master sent one: the inherited
        # connection is kept open (closing it would end the parent's too).
        self.wake_up.pid = -1
        self.wake_up.send("itlaw_db_b")
        ((child_pid, _payload),) = self.received(1)
        self.assertNotEqual(child_pid, parent_pid)
        self.assertIs(self.wake_up.inherited[-1], parent_connection)
        self.assertFalse(parent_connection.closed)
        self.addCleanup(parent_connection.close)

    def test_a_server_that_cannot_be_reached_is_not_an_error(self):
        """After the request's commit, a wake-up that cannot be sent must not
        give its visitor an error page: the workers find the jobs within a
        minute."""
        _dbname, info = sql_db.connection_info_for("postgres")
        unreachable = {**info, "host": "127.0.0.1", "port": 1, "connect_timeout": 2}
        with (
            patch.object(sql_db, "connection_info_for", return_value=("postgres", unreachable)),
            self.assertLogs("odoo.addons.itlaw_ai_advisory.models.ir_cron", "WARNING") as logs,
        ):
            self.assertFalse(self.wake_up.send("itlaw_db_a"))
        self.assertIn("cron workers not woken up", logs.output[0])
        self.assertIsNone(self.wake_up.connection)
        # Reachable again: the next wake-up goes out.
        self.assertTrue(self.wake_up.send("itlaw_db_b"))
        ((_pid, payload),) = self.received(1)
        self.assertEqual(payload, "itlaw_db_b")
