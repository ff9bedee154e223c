"""One wake-up of the cron workers per commit (models/ir_cron.py): a public
request that triggers its own cron and the mail queue opens one connection to
PostgreSQL's maintenance database, not two, and every trigger is still kept."""

from unittest.mock import patch

from odoo.tests import TransactionCase, tagged

from odoo.addons.base.models.ir_cron import ir_cron as BaseIrCron


@tagged("post_install", "-at_install")
class TestCronWakeUp(TransactionCase):
    def trigger_and_commit(self, *xmlids):
        """Trigger the crons, then run what Odoo runs after a commit (the
        test transaction itself is never committed)."""
        postcommit = self.env.cr.postcommit
        postcommit.clear()
        crons = [self.env.ref(xmlid).sudo() for xmlid in xmlids]
        with patch.object(BaseIrCron, "_notifydb", autospec=True) as notify:
            triggers = [cron._trigger() for cron in crons]
            postcommit.run()
        return notify, triggers

    def test_two_crons_triggered_wake_the_workers_once(self):
        notify, triggers = self.trigger_and_commit(
            "itlaw_ai_advisory.ir_cron_intake_confirmation",
            "mail.ir_cron_mail_scheduler_action",
        )
        self.assertEqual(notify.call_count, 1)
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
