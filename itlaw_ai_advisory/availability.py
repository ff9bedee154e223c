"""Free consultation slots: working time minus busy time, on a local-clock grid.

Pure arithmetic on aware datetimes; the Odoo side supplies each lawyer's
working intervals (resource calendar, leaves and public holidays already
removed) and busy intervals (calendar events), and gets aware UTC start times.

The rules, shared by :func:`free_slots` and :func:`is_slot_free`, for a start
``s`` of a consultation lasting ``duration``:

* the consultation ``[s, s + duration]`` lies inside one working interval
  (touching or overlapping working intervals are merged first);
* the padded consultation ``[s - buffer_before, s + duration + buffer_after]``
  overlaps no busy interval. Buffers are preparation and recovery time, as in
  Cal.com: they keep other events away but need not be working time, so a
  lawyer working from 9:00 can be booked at 9:00 even with a buffer before.
  Touching is not overlapping: with no buffers, a slot may end exactly when a
  busy event starts;
* ``s >= now + min_notice`` and ``s + duration <= now + horizon``;
* ``s`` is on the grid: its wall-clock time in the firm's timezone is a
  multiple of ``step`` after local midnight (9:00, 9:30, ... with 30 minutes).
  Across daylight saving changes the grid follows the wall clock: local times
  that do not exist (the skipped hour in spring) are never offered, and in the
  autumn's repeated hour only the first occurrence is offered, so no two slots
  of one day ever show the same time.
"""

from bisect import bisect_right
from datetime import date, datetime, timedelta, timezone
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

FIRM_TZ = "Europe/Paris"
NO_TIME = timedelta(0)
ONE_DAY = timedelta(days=1)


def free_slots(
    working_intervals,
    busy_intervals=(),
    *,
    duration,
    buffer_before=NO_TIME,
    buffer_after=NO_TIME,
    now,
    min_notice=NO_TIME,
    horizon=timedelta(days=28),
    step=timedelta(minutes=30),
    tz=FIRM_TZ,
) -> list[datetime]:
    """Every start that the rules above allow, sorted, as aware UTC datetimes.

    ``working_intervals`` and ``busy_intervals`` are iterables of ``(start, end)``
    aware datetimes, in any order, possibly overlapping.
    """
    zone = _grid_zone(tz, duration, step)
    working = _clipped(_merged(working_intervals), *_window(now, min_notice, horizon))
    # Padding the busy intervals by the buffers is the same as padding the
    # consultation: busy [b0, b1] blocks s when b0 - buffer_after < s + duration
    # and b1 + buffer_before > s.
    blocked = _merged(busy_intervals, before=buffer_after, after=buffer_before)
    return [
        start
        for free_start, free_end in _difference(working, blocked)
        for start in _grid_starts(free_start, free_end, duration, step, zone)
    ]


def is_slot_free(
    start,
    working_intervals,
    busy_intervals=(),
    *,
    duration,
    buffer_before=NO_TIME,
    buffer_after=NO_TIME,
    now,
    min_notice=NO_TIME,
    horizon=timedelta(days=28),
    step=timedelta(minutes=30),
    tz=FIRM_TZ,
) -> bool:
    """Whether :func:`free_slots` would offer ``start`` (aware): the re-check
    made under a lock when a booking is confirmed, checking the rules directly."""
    zone = _grid_zone(tz, duration, step)
    earliest, latest = _window(now, min_notice, horizon)
    start = _utc(start, "start")
    end = start + duration
    if start < earliest or end > latest or not _on_grid(start, step, zone):
        return False
    if not any(
        work_start <= start and end <= work_end
        for work_start, work_end in _merged(working_intervals)
    ):
        return False
    padded_start, padded_end = start - buffer_before, end + buffer_after
    return not any(
        busy_start < padded_end and busy_end > padded_start
        for busy_start, busy_end in _merged(busy_intervals)
    )


def free_slots_by_lawyer(working_by_lawyer, busy_by_lawyer=None, **rules):
    """:func:`free_slots` of each lawyer: ``{key: [start, ...]}``.

    ``working_by_lawyer`` and ``busy_by_lawyer`` map a lawyer key (e.g. a user
    id) to intervals; a lawyer without busy intervals is simply free. ``rules``
    are the keyword arguments of :func:`free_slots`, common to all lawyers.
    """
    busy_by_lawyer = busy_by_lawyer or {}
    return {
        lawyer: free_slots(working, busy_by_lawyer.get(lawyer, ()), **rules)
        for lawyer, working in working_by_lawyer.items()
    }


def merge_slots(slots_by_lawyer, load=None):
    """``{start: [lawyer, ...]}`` in time order: who is free at each start.

    The lawyers of a start come in routing order: fewest consultations first
    according to ``load`` (``{lawyer: count}``, missing means 0), ties in the
    order of ``slots_by_lawyer``.
    """
    load = load or {}
    routed = sorted(slots_by_lawyer, key=lambda lawyer: load.get(lawyer, 0))
    lawyers_by_start = {}
    for lawyer in routed:
        for start in slots_by_lawyer[lawyer]:
            lawyers_by_start.setdefault(start, []).append(lawyer)
    return dict(sorted(lawyers_by_start.items()))


def group_by_day(slots, tz=FIRM_TZ, max_days=None) -> tuple[str, list[tuple[date, list[datetime]]]]:
    """Slots as the visitor reads them: ``(zone, [(day, [local start, ...]), ...])``.

    ``tz`` is the visitor's IANA timezone name; an unknown one falls back to
    the firm's timezone, and ``zone`` says which one was used, for the label.
    Days and starts are sorted; starts are aware datetimes in ``zone``. With
    ``max_days``, only the first that many days (the later starts are not
    converted).
    """
    zone_name = tz if tz in _iana_zones() else FIRM_TZ
    zone = ZoneInfo(zone_name)
    days = {}
    for start in sorted(slots):
        local = start.astimezone(zone)
        day = local.date()
        if day not in days and max_days is not None and len(days) >= max_days:
            break
        days.setdefault(day, []).append(local)
    return zone_name, list(days.items())


@cache
def _iana_zones():
    # Looked up in the known names rather than tried on the filesystem: the
    # name comes from the visitor's browser.
    return frozenset(available_timezones())


def _grid_zone(tz, duration, step):
    if duration <= NO_TIME:
        raise ValueError("duration must be positive")
    if step <= NO_TIME or ONE_DAY % step:
        raise ValueError("step must divide a day")
    return ZoneInfo(tz)


def _window(now, min_notice, horizon):
    """(earliest start, latest end) of a consultation."""
    now = _utc(now, "now")
    return now + min_notice, now + horizon


def _utc(moment, name):
    # In UTC, adding a timedelta adds real time, even across a DST change.
    if moment.tzinfo is None:
        raise ValueError(f"{name} must be an aware datetime")
    return moment.astimezone(timezone.utc)


def _merged(intervals, before=NO_TIME, after=NO_TIME):
    """Sorted, disjoint UTC intervals covering the given ones widened by
    ``before`` and ``after``; touching intervals are joined."""
    merged = []
    for start, end in sorted(intervals):
        if end < start:
            raise ValueError(f"interval ends before it starts: {start} - {end}")
        start = _utc(start, "interval start") - before
        end = _utc(end, "interval end") + after
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def _clipped(intervals, earliest, latest):
    """Parts of ``intervals`` between ``earliest`` and ``latest``."""
    return [
        (max(start, earliest), min(end, latest))
        for start, end in intervals
        if start < latest and earliest < end
    ]


def _difference(intervals, holes):
    """Parts of sorted disjoint ``intervals`` outside sorted disjoint ``holes``,
    in one sweep; a part ends where a hole starts, so touching is allowed."""
    hole_ends = [end for _start, end in holes]
    for start, end in intervals:
        cursor = start
        # From the first hole that ends after the interval starts.
        index = bisect_right(hole_ends, start)
        while index < len(holes) and holes[index][0] < end:
            hole_start, hole_end = holes[index]
            if hole_start > cursor:
                yield cursor, hole_start
            cursor = max(cursor, hole_end)
            index += 1
        if cursor < end:
            yield cursor, end


def _grid_starts(free_start, free_end, duration, step, zone):
    """Grid starts s with [s, s + duration] inside [free_start, free_end]."""
    wall = free_start.astimezone(zone).replace(tzinfo=None)
    midnight = wall.replace(hour=0, minute=0, second=0, microsecond=0)
    wall = midnight - (midnight - wall) // step * step  # rounded up to the grid
    while True:
        start = wall.replace(tzinfo=zone).astimezone(timezone.utc)
        exists = start.astimezone(zone).replace(tzinfo=None) == wall
        wall += step
        # A wall time skipped in spring maps to an instant out of order: drop it
        # before deciding to stop.
        if not exists:
            continue
        if start + duration > free_end:
            return
        # In the repeated autumn hour the grid's first occurrence may precede free_start.
        if start >= free_start:
            yield start


def _on_grid(start, step, zone):
    local = start.astimezone(zone)
    since_midnight = timedelta(
        hours=local.hour, minutes=local.minute, seconds=local.second, microseconds=local.microsecond
    )
    return local.fold == 0 and not since_midnight % step
