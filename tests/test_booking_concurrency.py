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


@tagged("post_install", "-at_install")
class TestConcurrentBooking(TransactionCase):
    """Several visitors confirm the same lawyer and time at once, each in their
    own transaction (as concurrent HTTP requests, through Odoo's own retry on
    serialization failures): exactly one consultation is created.

    The test cursor cannot be shared between threads, so the setup is committed
    through a cursor of its own and removed afterwards. This class writes
    nothing in the test cursor: a row it touched would stay locked until the
    end of the test and block the visitors."""

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
            lawyer = new_test_user(
                env,
                "concurrency_lawyer",
                groups="base.group_user,itlaw_ai_advisory.group_lawyer",
                tz="Europe/Paris",
            )
            env["resource.resource"].create(
                {"name": lawyer.name, "user_id": lawyer.id, "calendar_id": calendar.id}
            )
            ctype = env["itlaw.consultation.type"].create(
                {
                    "name": "Concurrency test consultation",
                    "duration": 30,
                    "min_notice": 1,
                    "horizon": 3,
                    "slot_step": 30,
                    "location_type": "video",
                    "video_link": "https://meet.example/race",
                    "lawyer_ids": [Command.set(lawyer.ids)],
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
                "partner": lawyer.partner_id.id,
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
                [("recipient_ids", "in", ids["partners"] + [ids["partner"]])]
            ).unlink()
            events.unlink()
            env["crm.lead"].browse(ids["leads"]).unlink()
            env["itlaw.consultation.type"].browse(ids["type"]).unlink()
            lawyer = env["res.users"].browse(ids["lawyer"])
            lawyer.resource_ids.unlink()
            lawyer.unlink()
            env["res.partner"].browse(ids["partners"] + [ids["partner"]]).unlink()
            env["resource.calendar"].browse(ids["calendar"]).unlink()
            env["ir.cron.trigger"].search([("id", ">", self.max_trigger)]).unlink()

    def visitor(self, index, barrier, results):
        ids = self.ids
        try:
            with self.connections.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})

                def confirm():
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

    @mute_logger("odoo.sql_db")  # the losers' serialization failures, retried
    def test_same_slot_confirmed_concurrently_gives_one_consultation(self):
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
