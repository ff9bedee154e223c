"""Free-slot arithmetic: working time, busy time, buffers, notice, horizon, DST, visitor zones.

Every test fixes ``now``; times are written as Europe/Paris wall-clock times.
"""

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from itlaw_ai_advisory.availability import (
    free_slots,
    free_slots_by_lawyer,
    group_by_day,
    is_slot_free,
    merge_slots,
)

PARIS = ZoneInfo("Europe/Paris")
MONDAY, TUESDAY, WEDNESDAY = "2026-06-01", "2026-06-02", "2026-06-03"
HOUR = timedelta(hours=1)
MINUTE = timedelta(minutes=1)


def paris(day, clock="00:00"):
    """Paris wall-clock time as an aware UTC datetime."""
    local = datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=PARIS)
    return local.astimezone(timezone.utc)


def hours(day, *ranges):
    """Intervals of one Paris day: hours("2026-06-01", "09:00-12:00", ...)."""
    return [(paris(day, start), paris(day, end)) for start, end in (r.split("-") for r in ranges)]


def labels(slots):
    return [slot.astimezone(PARIS).strftime("%Y-%m-%d %H:%M") for slot in slots]


def on(day, *clocks):
    return [f"{day} {clock}" for clock in clocks]


def half_hours(first, last):
    """Wall-clock times every 30 minutes from ``first`` to ``last``, both included."""
    clock, end = (datetime.strptime(value, "%H:%M") for value in (first, last))
    times = []
    while clock <= end:
        times.append(clock.strftime("%H:%M"))
        clock += 30 * MINUTE
    return times


RULES = {"duration": HOUR, "now": paris("2026-05-31")}
FULL_DAY = on(MONDAY, *half_hours("09:00", "11:00"))

CASES = [
    # (id, working, busy, rules, expected)
    (
        "working hours",
        hours(MONDAY, "09:00-12:00", "14:00-18:00"),
        [],
        {},
        FULL_DAY + on(MONDAY, *half_hours("14:00", "17:00")),
    ),
    (
        "touching working intervals are one",
        hours(MONDAY, "10:00-11:00", "09:00-10:00"),
        [],
        {},
        on(MONDAY, "09:00", "09:30", "10:00"),
    ),
    (
        "overlapping working intervals are one",
        hours(MONDAY, "09:00-10:30", "10:00-11:00"),
        [],
        {},
        on(MONDAY, "09:00", "09:30", "10:00"),
    ),
    (
        "day of leave",
        hours(MONDAY, "09:00-11:00") + hours(WEDNESDAY, "09:00-11:00"),
        [],
        {},
        on(MONDAY, "09:00", "09:30", "10:00") + on(WEDNESDAY, "09:00", "09:30", "10:00"),
    ),
    (
        "hour of leave: no slot across the gap",
        hours(MONDAY, "09:00-10:00", "11:00-12:00"),
        [],
        {},
        on(MONDAY, "09:00", "11:00"),
    ),
    (
        "working time starting off the grid",
        hours(MONDAY, "09:10-11:00"),
        [],
        {},
        on(MONDAY, "09:30", "10:00"),
    ),
    (
        "busy event outside working hours",
        hours(MONDAY, "09:00-12:00"),
        hours(MONDAY, "12:00-14:00"),
        {},
        FULL_DAY,
    ),
    (
        "slots exactly adjacent to a busy event",
        hours(MONDAY, "09:00-12:00"),
        hours(MONDAY, "10:00-11:00"),
        {},
        on(MONDAY, "09:00", "11:00"),
    ),
    (
        "busy event off the grid",
        hours(MONDAY, "09:00-12:00"),
        hours(MONDAY, "09:45-10:15"),
        {},
        on(MONDAY, "10:30", "11:00"),
    ),
    (
        "overlapping, unsorted busy events",
        hours(MONDAY, "09:00-13:00"),
        hours(MONDAY, "10:15-10:45", "09:30-10:00", "09:45-10:30"),
        {"duration": 30 * MINUTE},
        on(MONDAY, "09:00", "11:00", "11:30", "12:00", "12:30"),
    ),
    (
        "instant busy event blocks the slots around it",
        hours(MONDAY, "09:00-11:00"),
        hours(MONDAY, "09:30-09:30"),
        {},
        on(MONDAY, "09:30", "10:00"),
    ),
    (
        "busy all day",
        hours(MONDAY, "09:00-12:00"),
        [(paris(MONDAY), paris(TUESDAY))],
        {},
        [],
    ),
    (
        "buffers keep busy events away",
        hours(MONDAY, "09:00-13:00"),
        hours(MONDAY, "10:00-11:00"),
        {"buffer_before": 15 * MINUTE, "buffer_after": 15 * MINUTE},
        on(MONDAY, "11:30", "12:00"),
    ),
    (
        "buffer after a slot, before the next event",
        hours(MONDAY, "09:00-13:00"),
        hours(MONDAY, "10:00-11:00"),
        {"buffer_after": 30 * MINUTE},
        on(MONDAY, "11:00", "11:30", "12:00"),
    ),
    (
        "buffer before a slot, after an event outside working hours",
        hours(MONDAY, "09:00-11:00"),
        hours(MONDAY, "08:00-09:00"),
        {"buffer_before": 15 * MINUTE},
        on(MONDAY, "09:30", "10:00"),
    ),
    (
        "buffers need not be working time",
        hours(MONDAY, "09:00-12:00"),
        [],
        {"buffer_before": 30 * MINUTE, "buffer_after": 30 * MINUTE},
        FULL_DAY,
    ),
    (
        "minimum notice",
        hours(MONDAY, "09:00-12:00"),
        [],
        {"now": paris(MONDAY, "08:00"), "min_notice": 2 * HOUR},
        on(MONDAY, "10:00", "10:30", "11:00"),
    ),
    (
        "minimum notice ending off the grid",
        hours(MONDAY, "09:00-12:00"),
        [],
        {"now": paris(MONDAY, "08:10"), "min_notice": HOUR},
        on(MONDAY, "09:30", "10:00", "10:30", "11:00"),
    ),
    (
        "nothing in the past",
        hours(MONDAY, "09:00-12:00"),
        [],
        {"now": paris(MONDAY, "10:20")},
        on(MONDAY, "10:30", "11:00"),
    ),
    (
        "horizon: the consultation ends by now + horizon",
        hours(MONDAY, "09:00-12:00") + hours(TUESDAY, "09:00-12:00"),
        [],
        {"now": paris(MONDAY), "horizon": 11 * HOUR},
        on(MONDAY, "09:00", "09:30", "10:00"),
    ),
    (
        "quarter-hour grid",
        hours(MONDAY, "09:00-10:30"),
        [],
        {"step": 15 * MINUTE},
        on(MONDAY, "09:00", "09:15", "09:30"),
    ),
    (
        "hourly grid",
        hours(MONDAY, "09:30-12:00"),
        [],
        {"step": HOUR},
        on(MONDAY, "10:00", "11:00"),
    ),
    (
        "long consultation",
        hours(MONDAY, "09:00-12:00"),
        [],
        {"duration": 90 * MINUTE},
        on(MONDAY, "09:00", "09:30", "10:00", "10:30"),
    ),
    (
        "horizon counts real time across the spring change",
        hours("2026-03-30", "09:00-12:00"),
        [],
        {"now": paris("2026-03-28", "10:00"), "horizon": timedelta(days=2)},
        on("2026-03-30", "09:00", "09:30", "10:00"),
    ),
    (
        "horizon counts real time, whatever the zone of now",
        hours("2026-03-30", "09:00-12:00"),
        [],
        {"now": datetime(2026, 3, 28, 10, tzinfo=PARIS), "horizon": timedelta(days=2)},
        on("2026-03-30", "09:00", "09:30", "10:00"),
    ),
]


@pytest.mark.parametrize(
    ("working", "busy", "rules", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_free_slots(working, busy, rules, expected):
    params = {**RULES, **rules}
    slots = free_slots(working, busy, **params)
    assert labels(slots) == expected
    assert all(slot.utcoffset() == timedelta(0) for slot in slots)
    assert all(is_slot_free(slot, working, busy, **params) for slot in slots)


def test_intervals_in_any_aware_timezone():
    in_paris = [
        (start.astimezone(PARIS), end.astimezone(PARIS))
        for start, end in hours(MONDAY, "09:00-12:00")
    ]
    busy_in_tokyo = [
        (start.astimezone(ZoneInfo("Asia/Tokyo")), end)
        for start, end in hours(MONDAY, "10:00-11:00")
    ]
    slots = free_slots(in_paris, busy_in_tokyo, **RULES)
    assert labels(slots) == on(MONDAY, "09:00", "11:00")
    assert all(slot.tzinfo is timezone.utc for slot in slots)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # 02:00 jumps to 03:00: the hour in between does not exist.
        ("2026-03-29", half_hours("00:00", "01:30") + half_hours("03:00", "04:30")),
        # 03:00 falls back to 02:00: the repeated hour is offered once.
        ("2026-10-25", half_hours("00:00", "04:30")),
    ],
    ids=["spring forward", "fall back"],
)
def test_night_of_the_dst_change(day, expected):
    working = [(paris(day), paris(day, "05:00"))]
    slots = free_slots(
        working, duration=30 * MINUTE, now=paris("2026-03-01"), horizon=timedelta(days=365)
    )
    assert [slot.astimezone(PARIS).strftime("%H:%M") for slot in slots] == expected
    assert slots == sorted(set(slots))


def test_repeated_hour_second_occurrence_is_not_offered():
    rules = {"duration": 30 * MINUTE, "now": paris("2026-10-01")}
    working = [(paris("2026-10-25"), paris("2026-10-25", "05:00"))]
    first_two_am = datetime(2026, 10, 25, 0, 0, tzinfo=timezone.utc)
    second_two_am = datetime(2026, 10, 25, 1, 0, tzinfo=timezone.utc)
    assert first_two_am.astimezone(PARIS).strftime("%H:%M") == "02:00"
    assert second_two_am.astimezone(PARIS).strftime("%H:%M") == "02:00"
    assert is_slot_free(first_two_am, working, **rules)
    assert not is_slot_free(second_two_am, working, **rules)


def test_working_time_starting_in_the_repeated_hour():
    # 01:15 UTC is 02:15 the second time; 02:30 the first time (00:30 UTC) is before it.
    working = [(datetime(2026, 10, 25, 1, 15, tzinfo=timezone.utc), paris("2026-10-25", "05:00"))]
    slots = free_slots(working, duration=30 * MINUTE, now=paris("2026-10-01"))
    assert labels(slots) == on("2026-10-25", "03:00", "03:30", "04:00", "04:30")


@pytest.mark.parametrize(
    ("monday", "utc_hours_of_nine"),
    [("2026-03-23", (8, 7)), ("2026-10-19", (7, 8))],
    ids=["week of 29 March", "week of 25 October"],
)
def test_dst_weeks_keep_the_office_hours(monday, utc_hours_of_nine):
    first = date.fromisoformat(monday)
    days = [(first + timedelta(days=offset)).isoformat() for offset in range(12)]
    weekdays = [day for day in days if date.fromisoformat(day).weekday() < 5]
    working = [
        interval for day in weekdays for interval in hours(day, "09:00-12:00", "14:00-18:00")
    ]
    slots = free_slots(working, now=paris(monday), duration=HOUR)
    office = half_hours("09:00", "11:00") + half_hours("14:00", "17:00")
    assert labels(slots) == [label for day in weekdays for label in on(day, *office)]
    first_nine, last_nine = slots[0], slots[-len(office)]
    assert (first_nine.hour, last_nine.hour) == utc_hours_of_nine


SHOWN = [paris(MONDAY, "09:00"), paris(TUESDAY, "09:00"), paris(MONDAY, "17:00")]
IN_PARIS = [("2026-06-01", ["09:00", "17:00"]), ("2026-06-02", ["09:00"])]


@pytest.mark.parametrize(
    ("visitor_tz", "used", "expected"),
    [
        ("Europe/Paris", "Europe/Paris", IN_PARIS),
        (
            "America/New_York",
            "America/New_York",
            [("2026-06-01", ["03:00", "11:00"]), ("2026-06-02", ["03:00"])],
        ),
        (
            "Asia/Tokyo",
            "Asia/Tokyo",
            [("2026-06-01", ["16:00"]), ("2026-06-02", ["00:00", "16:00"])],
        ),
        ("Mars/Olympus_Mons", "Europe/Paris", IN_PARIS),
        ("../../etc/passwd", "Europe/Paris", IN_PARIS),
        ("zone.tab", "Europe/Paris", IN_PARIS),
        ("", "Europe/Paris", IN_PARIS),
        (None, "Europe/Paris", IN_PARIS),
    ],
)
def test_group_by_day_in_the_visitor_timezone(visitor_tz, used, expected):
    zone, days = group_by_day(SHOWN, visitor_tz)
    assert zone == used
    assert [
        (day.isoformat(), [start.strftime("%H:%M") for start in starts]) for day, starts in days
    ] == expected
    assert {start.tzinfo.key for _day, starts in days for start in starts} == {used}


def test_new_york_visitor_across_the_weeks_when_only_the_us_changed_time():
    # The US switched on 8 March, France on 29 March: 5 hours apart, then 6.
    zone, days = group_by_day(
        [paris("2026-03-27", "09:00"), paris("2026-03-30", "09:00")], "America/New_York"
    )
    assert zone == "America/New_York"
    assert [(day.isoformat(), starts[0].strftime("%H:%M")) for day, starts in days] == [
        ("2026-03-27", "04:00"),
        ("2026-03-30", "03:00"),
    ]


@pytest.mark.parametrize("max_days", [0, 1, 2, 3, None])
def test_group_by_day_keeps_the_first_days_only(max_days):
    # In Tokyo, Paris's Monday 17:00 is already Tuesday: the cut follows the visitor's days.
    whole = group_by_day(SHOWN, "Asia/Tokyo")
    assert group_by_day(SHOWN, "Asia/Tokyo", max_days=max_days) == (
        "Asia/Tokyo",
        whole[1][:max_days] if max_days is not None else whole[1],
    )
    assert len(group_by_day(SHOWN, "Europe/Paris", max_days=1)[1]) == 1


def test_group_by_day_without_slots_still_names_the_zone():
    assert group_by_day([], "Asia/Tokyo") == ("Asia/Tokyo", [])


def test_free_slots_by_lawyer():
    working = {"alice": hours(MONDAY, "09:00-11:00"), "bob": hours(MONDAY, "09:00-11:00")}
    busy = {"alice": hours(MONDAY, "09:00-10:00"), "nobody": hours(MONDAY, "09:00-11:00")}
    by_lawyer = free_slots_by_lawyer(working, busy, **RULES)
    assert {lawyer: labels(slots) for lawyer, slots in by_lawyer.items()} == {
        "alice": on(MONDAY, "10:00"),
        "bob": on(MONDAY, "09:00", "09:30", "10:00"),
    }
    assert by_lawyer == {
        lawyer: free_slots(intervals, busy.get(lawyer, ()), **RULES)
        for lawyer, intervals in working.items()
    }


def test_merge_slots_routes_to_the_least_loaded_lawyer_first():
    nine, ten, eleven = paris(MONDAY, "09:00"), paris(MONDAY, "10:00"), paris(MONDAY, "11:00")
    slots_by_lawyer = {"alice": [ten, nine], "bob": [ten, eleven], "carol": [ten], "dan": []}
    merged = merge_slots(slots_by_lawyer, load={"alice": 3, "bob": 1})
    assert merged == {nine: ["alice"], ten: ["carol", "bob", "alice"], eleven: ["bob"]}
    assert list(merged) == [nine, ten, eleven]
    assert merge_slots(slots_by_lawyer)[ten] == ["alice", "bob", "carol"]


WORK = hours(MONDAY, "09:00-12:00")
BUSY = hours(MONDAY, "10:00-11:00")


@pytest.mark.parametrize(
    ("start", "rules", "free"),
    [
        (paris(MONDAY, "09:00"), {}, True),
        (paris(MONDAY, "11:00"), {}, True),
        (paris(MONDAY, "09:30"), {}, False),
        (paris(MONDAY, "09:10"), {"duration": 30 * MINUTE}, False),
        (paris(MONDAY, "08:30"), {}, False),
        (paris(MONDAY, "11:30"), {}, False),
        (paris(MONDAY, "09:00"), {"buffer_after": MINUTE}, False),
        (paris(MONDAY, "11:00"), {"buffer_before": MINUTE}, False),
        (paris(MONDAY, "09:00"), {"now": paris(MONDAY, "08:30"), "min_notice": HOUR}, False),
        (paris(MONDAY, "09:00"), {"now": paris(MONDAY, "08:00"), "min_notice": HOUR}, True),
        (paris(MONDAY, "09:00"), {"now": paris(MONDAY, "09:01")}, False),
        (paris(MONDAY, "11:00"), {"now": paris(MONDAY), "horizon": 12 * HOUR}, True),
        (paris(MONDAY, "11:00"), {"now": paris(MONDAY), "horizon": 11 * HOUR}, False),
    ],
    ids=[
        "offered",
        "adjacent after a busy event",
        "overlapping a busy event",
        "off the grid",
        "before working hours",
        "past the end of working hours",
        "buffer after reaching a busy event",
        "buffer before reaching a busy event",
        "within the minimum notice",
        "exactly at the minimum notice",
        "in the past",
        "ending exactly at the horizon",
        "ending after the horizon",
    ],
)
def test_is_slot_free(start, rules, free):
    params = {**RULES, **rules}
    assert is_slot_free(start, WORK, BUSY, **params) is free
    assert (start in free_slots(WORK, BUSY, **params)) is free


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"now": datetime(2026, 5, 31)}, "aware"),
        ({"duration": timedelta(0)}, "duration"),
        ({"step": timedelta(minutes=7)}, "step"),
        ({"step": timedelta(0)}, "step"),
    ],
)
def test_bad_rules_are_refused(change, message):
    params = {**RULES, **change}
    with pytest.raises(ValueError, match=message):
        free_slots(WORK, BUSY, **params)
    with pytest.raises(ValueError, match=message):
        is_slot_free(paris(MONDAY, "09:00"), WORK, BUSY, **params)


def test_bad_intervals_are_refused():
    with pytest.raises(ValueError, match="ends before it starts"):
        free_slots(WORK, [(paris(MONDAY, "11:00"), paris(MONDAY, "10:00"))], **RULES)
    with pytest.raises(ValueError, match="aware"):
        free_slots([(datetime(2026, 6, 1, 9), datetime(2026, 6, 1, 12))], **RULES)
    with pytest.raises(ValueError, match="aware"):
        is_slot_free(datetime(2026, 6, 1, 9), WORK, BUSY, **RULES)


# Property: free_slots and is_slot_free agree on every start of the grid, in
# weeks where Paris or New York changes time, for firm zones with whole and
# half-hour offsets.
ANCHORS = [paris(day) for day in ("2026-03-05", "2026-03-26", "2026-10-22", "2026-10-29")]
SPAN = timedelta(days=6)


@st.composite
def scenarios(draw):
    anchor = draw(st.sampled_from(ANCHORS))

    def intervals(longest, most):
        start = st.integers(0, SPAN // (5 * MINUTE)).map(lambda n: anchor + n * 5 * MINUTE)
        length = st.integers(0, longest // (5 * MINUTE)).map(lambda n: n * 5 * MINUTE)
        return st.lists(
            st.tuples(start, length).map(lambda pair: (pair[0], pair[0] + pair[1])),
            max_size=most,
        )

    minutes = st.sampled_from([0, 5, 15, 30, 45]).map(lambda n: n * MINUTE)
    rules = {
        "duration": draw(st.sampled_from([15, 30, 45, 60, 90]).map(lambda n: n * MINUTE)),
        "buffer_before": draw(minutes),
        "buffer_after": draw(minutes),
        "now": anchor + draw(st.integers(0, 2 * 24 * 12)) * 5 * MINUTE,
        "min_notice": draw(st.sampled_from([timedelta(0), HOUR, 24 * HOUR])),
        "horizon": draw(st.sampled_from([timedelta(days=days) for days in (1, 3, 7)])),
        "step": draw(st.sampled_from([15, 30, 60]).map(lambda n: n * MINUTE)),
        "tz": draw(st.sampled_from(["Europe/Paris", "America/New_York", "Asia/Kolkata"])),
    }
    working = draw(intervals(12 * HOUR, 8))
    busy = draw(intervals(3 * HOUR, 12))
    return anchor, working, busy, rules


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_free_slots_and_is_slot_free_agree(scenario):
    anchor, working, busy, rules = scenario
    slots = free_slots(working, busy, **rules)
    # Every grid start of every zone above is on a UTC quarter hour.
    quarter_hours = (anchor + n * 15 * MINUTE for n in range((SPAN + 12 * HOUR) // (15 * MINUTE)))
    assert slots == [
        start for start in quarter_hours if is_slot_free(start, working, busy, **rules)
    ]
    local_clocks = [slot.astimezone(ZoneInfo(rules["tz"])).replace(tzinfo=None) for slot in slots]
    assert local_clocks == sorted(set(local_clocks))
