import functools
import threading
import uuid

import psycopg2

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import DummyRLock, Registry
from odoo.service.model import retrying
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import CONTACT
from .concurrency import POOL_SIZE, ThreadConnections, refusal_message

# A regression must fail the test, not hang the run.
TIMEOUT = 30
# Fewer than the posts at once (POOL_SIZE), so that some of them are refused.
LIMIT = 3


@tagged("post_install", "-at_install")
class TestPublicConcurrency(TransactionCase):
    """Public posts arriving at once, each in a transaction of its own (as
    concurrent HTTP requests, retried by Odoo on serialization failures).

    Threads cannot share the test cursor: they work in committed transactions
    and what they create is removed afterwards; the test cursor writes nothing.
    """

    def setUp(self):
        super().setUp()
        # Odoo's own runner holds Registry._lock while tests run; the threads
        # look the registry up by name (retrying) and would wait forever.
        self.patch(Registry, "_lock", DummyRLock())
        self.tag = uuid.uuid4().hex[:12]
        self.addCleanup(self.remove_committed_data)

    def remove_committed_data(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
            env["itlaw.submission.attempt"].search([("ip", "=", self.ip)]).unlink()
            partners = env["res.partner"].search(
                ["|", ("email", "ilike", self.tag), ("name", "ilike", self.tag)]
            )
            partners.filtered("parent_id").unlink()
            partners.exists().unlink()

    @property
    def ip(self):
        return f"race-{self.tag}"

    def run_at_once(self, count, work):
        """Run ``work(env)`` in ``count`` threads, each in its own transaction
        opened (and its snapshot taken) before any of them starts working."""
        connections = ThreadConnections(self, count)
        barrier = threading.Barrier(count)
        results = [None] * count

        def visitor(index):
            try:
                with connections.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
                    cr.execute("SELECT 1")  # as a request, the snapshot is older than the work
                    barrier.wait(timeout=TIMEOUT)
                    results[index] = ("ok", retrying(functools.partial(work, env), env))
            except Exception as error:  # reported by the assertions
                results[index] = ("error", repr(error))

        threads = [
            threading.Thread(target=visitor, args=(index,), daemon=True) for index in range(count)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=TIMEOUT)
            self.assertFalse(thread.is_alive(), "a visitor did not finish in time")
        self.assertEqual([outcome for outcome, _value in results], ["ok"] * count, results)
        return [value for _outcome, value in results]

    def test_rate_limit_holds_under_parallel_posts(self):
        Attempt = type(self.env["itlaw.submission.attempt"])
        self.patch(Attempt, "_rate_limit", lambda self: LIMIT)
        allowed = self.run_at_once(
            POOL_SIZE, lambda env: env["itlaw.submission.attempt"]._register_and_check(self.ip)
        )
        self.assertEqual(allowed.count(True), LIMIT, allowed)
        with self.registry.cursor() as cr:
            cr.execute("SELECT count(*) FROM itlaw_submission_attempt WHERE ip = %s", [self.ip])
            self.assertEqual(cr.fetchone()[0], LIMIT)

    @mute_logger("odoo.sql_db", "odoo.service.model")  # the retried transactions
    def test_parallel_submissions_with_one_email_share_one_contact(self):
        contact = {
            **CONTACT,
            "email_from": f"Jeanne.{self.tag}@Example.fr",
            "partner_name": f"Recrut'IA {self.tag}",
        }

        def find_or_create(env):
            return env["itlaw.intake"]._find_or_create_partner(dict(contact), "fr_FR").id

        partner_ids = self.run_at_once(POOL_SIZE, find_or_create)
        self.assertEqual(len(set(partner_ids)), 1, partner_ids)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            contacts = env["res.partner"].search([("email", "ilike", self.tag)])
            companies = env["res.partner"].search(
                [("name", "ilike", self.tag), ("is_company", "=", True)]
            )
            self.assertEqual(len(contacts), 1)
            self.assertEqual(len(companies), 1)
            self.assertEqual(contacts.parent_id, companies)

    def test_a_refused_connection_fails_the_test_clearly(self):
        """When PostgreSQL refuses a connection the threads need, the test fails
        before any thread starts, saying so (here nothing listens on port 1)."""
        with self.assertRaises(AssertionError) as caught:
            ThreadConnections(self, 2, dsn={"host": "127.0.0.1", "port": 1})
        self.assertIn(
            "PostgreSQL refused connection 1 of the 2 this test opens for its threads",
            str(caught.exception),
        )
        # A full server: its limit and use are named, and who is not at fault.
        message = refusal_message(
            self.env.cr, 3, 8, psycopg2.OperationalError("FATAL:  sorry, too many clients already")
        )
        self.env.cr.execute("SHOW max_connections")
        self.assertIn(f"The server allows {self.env.cr.fetchone()[0]} connections", message)
        self.assertIn("the code under test is not at fault", message)
