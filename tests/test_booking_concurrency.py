import threading
import time
from datetime import timedelta

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.modules.registry import DummyRLock, Registry
from odoo.service.model import retrying
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.itlaw_ai_advisory.models.itlaw_consultation_type import SlotUnavailable, to_utc

from .booking_common import calendar_vals
from .concurrency import ThreadConnections

VISITORS = 4
# A regression must fail the test, not hang the run.
TIMEOUT = 25
EVERY_DAY = [(day, 0.0, 24.0, "morning") for day in "0123456"]


class ConcurrentBookingCase(TransactionCase):
    """Several visitors confirm the same lawyer and time at once, each in their
    own transaction (as concurrent HTTP requests, through Odoo's own retry on
    serialization failures): exactly one consultation is created.

    The test cursor cannot be shared between threads, so the setup is committed
    through a cursor of its own and removed afterwards. This class writes
    nothing in the test cursor: a row it touched would stay locked until the
    end of the test and block the visitors."""

    LAWYERS = 1

    def setUp(self):
        super().setUp()
        # Odoo's own runner (odoo-bin --test-enable) holds Registry._lock while
        # the tests run; the visitors look the registry up by name (Environment,
        # retrying) and would wait on it forever. Odoo's own multi-thread tests
        # (auth_ldap) do the same; the registry is loaded and does not change.
        self.patch(Registry, "_lock", DummyRLock())
        # One connection per visitor, opened now: a refusal fails here, clearly.
        self.connections = ThreadConnections(self, VISITORS)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            self.max_trigger = env["ir.cron.trigger"].search([], order="id desc", limit=1).id
            calendar = env["resource.calendar"].create(
                calendar_vals("Concurrency test hours", EVERY_DAY)
            )
            lawyers = env["res.users"]
            for number in range(self.LAWYERS):
                lawyers |= new_test_user(
                    env,
                    f"concurrency_lawyer_{number}",
                    groups="base.group_user,itlaw_ai_advisory.group_lawyer",
                    tz="Europe/Paris",
                )
            env["resource.resource"].create(
                [
                    {"name": user.name, "user_id": user.id, "calendar_id": calendar.id}
                    for user in lawyers
                ]
            )
            lawyer = lawyers[0]
            ctype = env["itlaw.consultation.type"].create(
                {
                    "name": "Concurrency test consultation",
                    "duration": 30,
                    "min_notice": 1,
                    "horizon": 3,
                    "slot_step": 30,
                    "location_type": "video",
                    "video_link": "https://meet.example/race",
                    "lawyer_ids": [Command.set(lawyers.ids)],
                }
            )
            partners = env["res.partner"].create(
                [
                    {"name": f"Visitor {n}", "email": f"visitor{n}@race.example"}
                    for n in range(VISITORS)
                ]
            )
            leads = env["crm.lead"].create(
                [
                    {"name": f"Race {n}", "type": "opportunity", "partner_id": partner.id}
                    for n, partner in enumerate(partners)
                ]
            )
            self.start = ctype._free_slots_by_lawyer(lawyer)[lawyer.id][0]
            self.ids = {
                "calendar": calendar.id,
                "lawyer": lawyer.id,
                "lawyers": lawyers.ids,
                "partner": lawyer.partner_id.id,
                "lawyer_partners": lawyers.partner_id.ids,
                "type": ctype.id,
                "partners": partners.ids,
                "leads": leads.ids,
            }
        self.addCleanup(self.remove_committed_data)

    def remove_committed_data(self):
        ids = self.ids
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
            events = env["calendar.event"].search(
                [("itlaw_consultation_type_id", "=", ids["type"])]
            )
            records = [
                ("calendar.event", events.ids),
                ("crm.lead", ids["leads"]),
            ]
            for model, record_ids in records:
                env["mail.message"].search(
                    [("model", "=", model), ("res_id", "in", record_ids)]
                ).unlink()
                env["mail.activity"].search(
                    [("res_model", "=", model), ("res_id", "in", record_ids)]
                ).unlink()
            env["mail.mail"].search(
                [("recipient_ids", "in", ids["partners"] + ids["lawyer_partners"])]
            ).unlink()
            events.unlink()
            env["crm.lead"].browse(ids["leads"]).unlink()
            env["itlaw.consultation.type"].browse(ids["type"]).unlink()
            lawyers = env["res.users"].browse(ids["lawyers"])
            lawyers.resource_ids.unlink()
            lawyers.unlink()
            env["res.partner"].browse(ids["partners"] + ids["lawyer_partners"]).unlink()
            env["resource.calendar"].browse(ids["calendar"]).unlink()
            env["ir.cron.trigger"].search([("id", ">", self.max_trigger)]).unlink()

    def run_visitors(self):
        # Transactions each visitor ran (Odoo replays one after a serialization failure).
        self.attempts = {}
        barrier = threading.Barrier(VISITORS)
        results = [None] * VISITORS
        threads = [
            threading.Thread(target=self.visitor, args=(index, barrier, results), daemon=True)
            for index in range(VISITORS)
        ]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 2 * TIMEOUT
        for thread in threads:
            thread.join(timeout=max(0, deadline - time.monotonic()))
        self.assertFalse([thread for thread in threads if thread.is_alive()], "visitors hang")
        return results

    def visitor(self, index, barrier, results):
        ids = self.ids
        self.attempts[index] = 0
        try:
            with self.connections.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})

                def confirm():
                    self.attempts[index] += 1
                    ctype = env["itlaw.consultation.type"].browse(ids["type"])
                    partner = env["res.partner"].browse(ids["partners"][index])
                    lead = env["crm.lead"].browse(ids["leads"][index])
                    return ctype._book(self.start, partner, lead, "Europe/Paris").id

                barrier.wait(timeout=TIMEOUT)
                results[index] = ("booked", retrying(confirm, env))
        except SlotUnavailable:
            results[index] = ("taken", None)
        except Exception as error:  # reported by the assertions
            results[index] = ("error", repr(error))


@tagged("post_install", "-at_install")
class TestConcurrentBooking(ConcurrentBookingCase):
    @mute_logger("odoo.sql_db")  # the losers' serialization failures, retried
    def test_same_slot_confirmed_concurrently_gives_one_consultation(self):
        results = self.run_visitors()
        outcomes = sorted(outcome for outcome, _value in results)
        self.assertEqual(outcomes, ["booked"] + ["taken"] * (VISITORS - 1), results)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            events = env["calendar.event"].search(
                [("itlaw_consultation_type_id", "=", self.ids["type"])]
            )
            self.assertEqual(len(events), 1)
            self.assertEqual(to_utc(events.start), self.start)
            self.assertEqual(events.user_id.id, self.ids["lawyer"])
            winner = next(value for outcome, value in results if outcome == "booked")
            self.assertEqual(events.id, winner)
            # The losers' leads were left as they were: nothing half-written.
            leads = env["crm.lead"].browse(self.ids["leads"]) - events.opportunity_id
            self.assertFalse(leads.calendar_event_ids)
            self.assertFalse(leads.stage_id & env.ref("itlaw_ai_advisory.crm_stage_consultation"))
            self.assertGreater(to_utc(events.start), to_utc(fields.Datetime.now()))
            self.assertLess(events.stop - events.start, timedelta(hours=1))
        # The losers were told at once: no request replayed after a
        # serialization failure (which held a server worker for up to 2 s).
        self.assertEqual(set(self.attempts.values()), {1}, self.attempts)


@tagged("post_install", "-at_install")
class TestConcurrentBookingTwoLawyers(ConcurrentBookingCase):
    """The same race with two lawyers free at that time: the concurrent
    bookings take one lawyer each instead of queueing for the same one, and
    still no lawyer is booked twice."""

    LAWYERS = 2

    @mute_logger("odoo.sql_db")
    def test_concurrent_bookings_take_one_free_lawyer_each(self):
        results = self.run_visitors()
        outcomes = sorted(outcome for outcome, _value in results)
        self.assertEqual(outcomes, ["booked"] * 2 + ["taken"] * (VISITORS - 2), results)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            events = env["calendar.event"].search(
                [("itlaw_consultation_type_id", "=", self.ids["type"])]
            )
            self.assertEqual(sorted(events.user_id.ids), sorted(self.ids["lawyers"]))
            self.assertEqual({to_utc(start) for start in events.mapped("start")}, {self.start})
        # Both at their first attempt: neither waited for the other's lawyer.
        booked = [index for index, (outcome, _value) in enumerate(results) if outcome == "booked"]
        self.assertEqual([self.attempts[index] for index in booked], [1, 1], self.attempts)
