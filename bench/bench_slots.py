"""Free-slot arithmetic: 10 lawyers × 8 weeks with 2,000 busy events, pure engine, no database.

Working hours Mon–Fri 9–12 and 14–18 Europe/Paris over the 8 weeks from
2026-03-16 (the spring DST change included); 2,000 busy events of 30 min to
2 h spread at random (seeded) over the lawyers and days. Times
``free_slots_by_lawyer`` against sorting the same busy intervals, in the same
run: the figure of merit is their ratio, printed with both times and the
machine. From the checkout:

    $(bash tools/odoo_env.sh) bench/bench_slots.py --repeat 200
"""

import argparse
import random
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from machine import describe

from itlaw_ai_advisory.availability import free_slots_by_lawyer

PARIS = ZoneInfo("Europe/Paris")
FIRST_MONDAY = datetime(2026, 3, 16)
WEEKS = 8
LAWYERS = 10
BUSY_EVENTS = 2_000
OPENING_HOURS = ((9, 12), (14, 18))
RULES = {
    "duration": timedelta(hours=1),
    "buffer_before": timedelta(minutes=15),
    "buffer_after": timedelta(minutes=15),
    "now": datetime(2026, 3, 16, tzinfo=PARIS).astimezone(timezone.utc),
    "min_notice": timedelta(hours=24),
    "horizon": timedelta(weeks=WEEKS),
    "step": timedelta(minutes=30),
}


def utc(local_naive):
    return local_naive.replace(tzinfo=PARIS).astimezone(timezone.utc)


def working_intervals():
    days = (FIRST_MONDAY + timedelta(days=offset) for offset in range(7 * WEEKS))
    return [
        (utc(day.replace(hour=opens)), utc(day.replace(hour=closes)))
        for day in days
        if day.weekday() < 5
        for opens, closes in OPENING_HOURS
    ]


def busy_intervals(rng):
    busy = {lawyer: [] for lawyer in range(LAWYERS)}
    for _event in range(BUSY_EVENTS):
        day = FIRST_MONDAY + timedelta(days=rng.randrange(7 * WEEKS))
        start = day.replace(hour=8) + timedelta(minutes=15 * rng.randrange(40))
        end = start + timedelta(minutes=15 * rng.randint(2, 8))
        busy[rng.randrange(LAWYERS)].append((utc(start), utc(end)))
    return busy


def ms_per_call(function, repeat):
    timings = []
    for _run in range(repeat):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    working = dict.fromkeys(range(LAWYERS), working_intervals())
    busy = busy_intervals(random.Random(args.seed))
    slots = free_slots_by_lawyer(working, busy, **RULES)

    free_ms = ms_per_call(lambda: free_slots_by_lawyer(working, busy, **RULES), args.repeat)
    sort_ms = ms_per_call(lambda: [sorted(events) for events in busy.values()], args.repeat)
    print(f"machine: {describe()}")
    print(
        f"{LAWYERS} lawyers × {WEEKS} weeks, {BUSY_EVENTS} busy events, "
        f"{sum(map(len, slots.values()))} free slots; median of {args.repeat} runs"
    )
    print(f"free_slots_by_lawyer  {free_ms:8.2f} ms")
    print(f"baseline: sort busy   {sort_ms:8.2f} ms")
    print(f"ratio                 {free_ms / sort_ms:8.1f} ×")


if __name__ == "__main__":
    main()
