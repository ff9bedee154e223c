from freezegun import freeze_time

from odoo.tests import Form, TransactionCase, tagged
from odoo.tools import SQL

from .common import CV_SCREENING, AdvisoryCase, clear_conflict_check, request_info

NOW = "2026-11-30 08:00:00"


def contact(n):
    return {
        "contact_name": f"Prospect Retention {n}",
        "email_from": f"retention{n}@exemple-rgpd.fr",
        "partner_name": "",
    }


@freeze_time(NOW)
@tagged("post_install", "-at_install")
class TestGdprRetention(AdvisoryCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_firm()
        cls.env["ir.config_parameter"].set_param("itlaw_ai_advisory.retention_years", 3)
        cls.Partner = cls.env["res.partner"]
        cls.counter = 0

    def prospect(self, last_contact):
        """A prospect with a diagnostic whose every trace dates from ``last_contact``."""
        TestGdprRetention.counter += 1
        intake = self.env["itlaw.intake"]._submit(
            dict(CV_SCREENING), contact(self.counter), request_info(marketing_consent=True)
        )
        self.env.flush_all()
        partner = intake.partner_id
        for table, columns in (
            ("itlaw_intake", ["create_date"]),
            ("crm_lead", ["create_date", "date_closed", "date_last_stage_update", "date_open"]),
            ("itlaw_consent", ["date"]),
        ):
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET %s WHERE partner_id = %s",
                    SQL.identifier(table),
                    SQL(", ").join(
                        SQL("%s = %s", SQL.identifier(column), last_contact) for column in columns
                    ),
                    partner.id,
                )
            )
        self.env.invalidate_all()
        return partner

    def test_only_prospects_past_retention_are_anonymised(self):
        old = self.prospect("2023-11-29 07:00:00")
        recent = self.prospect("2023-12-01 07:00:00")
        client = self.prospect("2022-01-10 07:00:00")
        client_lead = self.env["crm.lead"].search([("partner_id", "=", client.id)])
        clear_conflict_check(client_lead)
        client_lead.action_set_won()
        self.env.cr.execute(
            "UPDATE crm_lead SET date_closed = '2022-01-10', date_last_stage_update = '2022-01-10' "
            "WHERE id = %s",
            [client_lead.id],
        )
        self.env.invalidate_all()
        done = self.Partner._cron_itlaw_retention()
        self.assertEqual(done, old)
        self.assertTrue(old.itlaw_anonymised_on)
        self.assertFalse(recent.itlaw_anonymised_on)
        self.assertFalse(client.itlaw_anonymised_on)
        self.assertTrue(client.name.startswith("Prospect Retention"))
        log = self.env["privacy.log"].search([("itlaw_kind", "=", "retention")])
        self.assertEqual(len(log), 1)
        self.assertIn("3 years", log.execution_details)
        # Idempotent: nothing more to do, nothing logged again.
        self.assertFalse(self.Partner._cron_itlaw_retention())
        self.assertEqual(len(self.env["privacy.log"].search([("itlaw_kind", "=", "retention")])), 1)

    def test_setting_moves_the_retention_date(self):
        partner = self.prospect("2024-06-01 07:00:00")
        self.assertFalse(self.Partner._itlaw_retention_candidates())
        self.env["ir.config_parameter"].set_param("itlaw_ai_advisory.retention_years", 2)
        self.assertEqual([p for p, _at in self.Partner._itlaw_retention_candidates()], [partner])

    def test_batches_and_bounded_queries(self):
        def run(count, batch_size):
            partners = self.Partner.browse(
                [self.prospect("2020-01-01 07:00:00").id for _i in range(count)]
            )
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            done = self.Partner._cron_itlaw_retention(batch_size=batch_size)
            self.env.flush_all()
            return partners, done, self.env.cr.sql_log_count - before

        few, done_few, queries_few = run(2, 50)
        self.assertEqual(done_few, few)
        many, done_many, queries_many = run(7, 50)
        self.assertEqual(done_many, many)
        # The same queries for 7 as for 2 (caches warm up on the first run).
        self.assertLessEqual(queries_many, queries_few)
        self.assertLess(queries_few, 100)
        # In batches: three left, two at a time, the cron triggered again.
        rest, done, _queries = run(3, 2)
        self.assertEqual(len(done), 2)
        self.assertEqual(self.Partner._cron_itlaw_retention(batch_size=2), rest - done)

    def test_dry_run_lists_and_changes_nothing(self):
        old = self.prospect("2021-05-01 07:00:00")
        self.prospect("2026-05-01 07:00:00")
        wizard = Form(self.env["itlaw.retention.wizard"].with_user(self.associe)).save()
        self.assertEqual(wizard.count, 1)
        self.assertEqual(wizard.line_ids.partner_id, old)
        self.assertFalse(old.itlaw_anonymised_on)
        wizard.action_anonymise()
        self.assertTrue(old.itlaw_anonymised_on)
