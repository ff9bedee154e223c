"""Free slots on the Odoo side: 10 lawyers × 8 weeks with 2,000 busy events.

Runs in-process on a database where the addon is installed (no server), inside
one transaction that is rolled back at the end: nothing is left behind. Times
``itlaw.consultation.type._free_slots_by_lawyer`` (resource calendars, leaves,
the busy-events query and the engine) with a cold ORM cache, and counts its
queries for a 1-week and an 8-week horizon, beside the engine's share measured
in the same run. On the benchmarks' own database (`tools/bench_db.sh` creates
or updates `itlaw_bench` and prints the Odoo options to reach it). From the
checkout:

    $(bash tools/odoo_env.sh) bench/bench_booking.py $(bash tools/bench_db.sh) -n 20
"""

import argparse
import random
import statistics
import time
from datetime import datetime, timedelta
from unittest.mock import patch

import pytz
from database import vacuum
from machine import describe

import odoo
from odoo import SUPERUSER_ID, Command, api

LAWYERS = 10
WEEKS = 8
BUSY_EVENTS = 2_000
PARIS = pytz.timezone("Europe/Paris")


def setup(env):
    calendar = env["resource.calendar"].create(
        {
            "name": "Bench hours",
            "tz": "Europe/Paris",
            "attendance_ids": [Command.clear()]
            + [
                Command.create(
                    {
                        "name": f"{day} {start}",
                        "dayofweek": day,
                        "hour_from": start,
                        "hour_to": end,
                        "day_period": period,
                    }
                )
                for day in "01234"
                for start, end, period in ((9.0, 12.5, "morning"), (14.0, 18.5, "afternoon"))
            ],
        }
    )
    group = env.ref("itlaw_ai_advisory.group_lawyer")
    lawyers = env["res.users"].create(
        [
            {
                "name": f"Bench lawyer {n}",
                "login": f"bench_lawyer_{n}_{time.time_ns()}",
                "tz": "Europe/Paris",
                "groups_id": [Command.set([env.ref("base.group_user").id, group.id])],
            }
            for n in range(LAWYERS)
        ]
    )
    env["resource.resource"].create(
        [{"name": u.name, "user_id": u.id, "calendar_id": calendar.id} for u in lawyers]
    )
    ctype = env["itlaw.consultation.type"].create(
        {
            "name": "Bench consultation",
            "duration": 60,
            "buffer_before": 15,
            "buffer_after": 15,
            "min_notice": 24,
            "horizon": WEEKS * 7,
            "slot_step": 30,
            "location_type": "video",
            "video_link": "https://meet.example/bench",
            "lawyer_ids": [Command.set(lawyers.ids)],
        }
    )
    rng = random.Random(20261130)
    today = datetime.now(PARIS).replace(hour=0, minute=0, second=0, microsecond=0)
    events = []
    for _n in range(BUSY_EVENTS):
        lawyer = rng.choice(lawyers)
        day = today + timedelta(days=rng.randrange(WEEKS * 7))
        start = day.replace(hour=rng.randrange(8, 18), minute=rng.choice((0, 30)))
        stop = start + timedelta(minutes=rng.choice((30, 60, 90, 120)))
        events.append(
            {
                "name": "Busy",
                "start": start.astimezone(pytz.utc).replace(tzinfo=None),
                "stop": stop.astimezone(pytz.utc).replace(tzinfo=None),
                "user_id": lawyer.id,
                "partner_ids": [Command.set(lawyer.partner_id.ids)],
            }
        )
    env["calendar.event"].with_context(no_mail_to_attendees=True, dont_notify=True).create(events)
    env.flush_all()
    # Statistics as autovacuum would keep them: without, the planner believes
    # the just-filled tables are empty and picks a nested loop.
    env.cr.execute("ANALYZE calendar_event, calendar_attendee")
    return ctype, lawyers


class EngineTimer:
    """Wraps the engine's free_slots_by_lawyer, as the model calls it, to time its share."""

    def __init__(self, original):
        self.original = original
        self.elapsed = 0.0

    def __call__(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return self.original(*args, **kwargs)
        finally:
            self.elapsed += time.perf_counter() - started


def measure(env, ctype, lawyers, horizon_days):
    ctype.horizon = horizon_days
    env.flush_all()
    env.invalidate_all()
    queries = env.cr.sql_log_count
    started = time.perf_counter()
    slots = ctype._free_slots_by_lawyer(lawyers)
    return time.perf_counter() - started, env.cr.sql_log_count - queries, slots


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20, help="timed runs")
    args, odoo_args = parser.parse_known_args()
    odoo.tools.config.parse_config(odoo_args)
    # The addon is importable once the options gave Odoo its addons path.
    from odoo.addons.itlaw_ai_advisory.itlaw_ai_advisory import availability

    registry = odoo.modules.registry.Registry(odoo.tools.config["db_name"])
    vacuum(registry, "calendar_event", "calendar_attendee")
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        try:
            ctype, lawyers = setup(env)
            _t, week_queries, _s = measure(env, ctype, lawyers, 7)
            timings, queries, engine_shares = [], set(), []
            timer = EngineTimer(availability.free_slots_by_lawyer)
            with patch.object(availability, "free_slots_by_lawyer", timer):
                for _run in range(args.n):
                    timer.elapsed = 0.0
                    elapsed, count, slots = measure(env, ctype, lawyers, WEEKS * 7)
                    timings.append(elapsed)
                    engine_shares.append(timer.elapsed)
                    queries.add(count)
            offered = sum(map(len, slots.values()))
            p50 = statistics.median(timings) * 1000
            engine_p50 = statistics.median(engine_shares) * 1000
            print(f"machine: {describe()}")
            print(
                f"{LAWYERS} lawyers x {WEEKS} weeks, {BUSY_EVENTS} busy events: "
                f"p50 {p50:.1f} ms, max {max(timings) * 1000:.1f} ms over {args.n} runs; "
                f"{offered} free starts; queries: 1 week {week_queries}, "
                f"{WEEKS} weeks {sorted(queries)}"
            )
            print(
                f"engine share p50 {engine_p50:.1f} ms: the whole call costs "
                f"{p50 / engine_p50:.1f} x the engine's arithmetic (same runs)"
            )
        finally:
            cr.rollback()


if __name__ == "__main__":
    main()
