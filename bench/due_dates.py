"""Benchmark of compute_due (rules.md §3), with naive implementations as a same-run baseline.

Run: .venv/bin/python bench/due_dates.py [--calls N] [--seed S]
Pure Python: no Django, no database. The calendar is the shipped CSV plus holidays.VN.
"""

import argparse
import csv
import os
import platform
import random
import statistics
import sys
import time as clock
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workcalendar.calendar import VN_TZ, DueDate, Sessions, WorkCalendar, compute_due  # noqa: E402
from workcalendar.rules import (  # noqa: E402
    DEFAULT_SESSIONS,
    MINUTES_PER_WORKING_DAY,
    TimeRule,
    TimeRuleKind,
)

CSV_FILE = ROOT / "workcalendar" / "data" / "announced_days.csv"
UNIT_SESSIONS = ((time(7, 30), time(11, 30)), (time(13, 30), time(17)))


def load_calendar() -> WorkCalendar:
    with CSV_FILE.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle)
        return WorkCalendar(
            {date.fromisoformat(r["date"]): r["kind"] == "working_day" for r in rows}
        )


def workload(n: int, seed: int) -> list[tuple[datetime, TimeRule, Sessions]]:
    """Receipt instants uniform over 2017–2026 (so most fall outside office hours) and a mix of
    rules close to a commune's catalogue: mostly a few working days, some hours, some same-day."""
    rnd = random.Random(seed)
    low = datetime(2017, 1, 1, tzinfo=VN_TZ).timestamp()
    high = datetime(2027, 1, 1, tzinfo=VN_TZ).timestamp()
    rules = [
        *(TimeRule(TimeRuleKind.WORKING_DAYS, n) for n in (1, 2, 3, 5, 7, 10, 15, 20, 30)),
        *(TimeRule(TimeRuleKind.WORKING_HOURS, n) for n in (4, 8, 12, 40)),
        TimeRule(TimeRuleKind.SAME_DAY),
        TimeRule(TimeRuleKind.SAME_DAY, cutoff=time(11)),
    ]
    return [
        (
            datetime.fromtimestamp(rnd.uniform(low, high), VN_TZ),
            rnd.choice(rules),
            UNIT_SESSIONS if rnd.random() < 0.2 else DEFAULT_SESSIONS,
        )
        for _ in range(n)
    ]


def naive_day_walk(
    received: datetime, rule: TimeRule, cal: WorkCalendar, sessions: Sessions
) -> DueDate:
    """The usual straightforward implementation: walk day by day, session by session."""
    moment = received.astimezone(VN_TZ)
    day = moment.date()
    while True:  # effective start
        if cal.is_working_day(day):
            opening = next(
                (max(moment, _at(day, s)) for s, e in sessions if moment < _at(day, e)), None
            )
            if opening is not None:
                break
        day += timedelta(1)
        moment = _at(day, time())
    start = opening
    if rule.kind == TimeRuleKind.SAME_DAY:
        due_day = day if start.time() < rule.effective_cutoff else day + timedelta(1)
        while not cal.is_working_day(due_day):
            due_day += timedelta(1)
        return DueDate(start, _at(due_day, sessions[-1][1]))
    per_unit = MINUTES_PER_WORKING_DAY if rule.kind == TimeRuleKind.WORKING_DAYS else 60
    left = timedelta(minutes=rule.amount * per_unit)
    moment = start
    while True:
        if cal.is_working_day(day):
            for s, e in sessions:
                begin, end = max(moment, _at(day, s)), _at(day, e)
                if begin < end:
                    if left <= end - begin:
                        return DueDate(start, begin + left)
                    left -= end - begin
        day += timedelta(1)
        moment = _at(day, time())


def naive_minute_walk(
    received: datetime, rule: TimeRule, cal: WorkCalendar, sessions: Sessions
) -> DueDate:
    """The slowest obvious one: step one minute at a time (whole-minute receipts only)."""
    if rule.kind == TimeRuleKind.SAME_DAY:
        return naive_day_walk(received, rule, cal, sessions)

    def working(at: datetime) -> bool:
        clock_time = at.time()
        return cal.is_working_day(at.date()) and any(s <= clock_time < e for s, e in sessions)

    moment = received.astimezone(VN_TZ)
    while not working(moment):
        moment += timedelta(minutes=1)
    start = moment
    per_unit = MINUTES_PER_WORKING_DAY if rule.kind == TimeRuleKind.WORKING_DAYS else 60
    left = rule.amount * per_unit
    while left:
        if working(moment):
            left -= 1
        moment += timedelta(minutes=1)
    return DueDate(start, moment)


def _at(day: date, at: time) -> datetime:
    return datetime.combine(day, at, VN_TZ)


Job = list[tuple[datetime, TimeRule, Sessions]]
Impl = Callable[[datetime, TimeRule, WorkCalendar, Sessions], DueDate]


def rate(impl: Impl, cal: WorkCalendar, jobs: Job) -> float:
    started = clock.perf_counter()
    for received, rule, sessions in jobs:
        impl(received, rule, cal, sessions)
    return len(jobs) / (clock.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=20260101)
    args = parser.parse_args()

    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs")
    started = clock.perf_counter()
    cal = load_calendar()
    print(f"calendar built (CSV + holidays.VN) in {(clock.perf_counter() - started) * 1000:.0f} ms")
    jobs = workload(args.calls, args.seed)

    fast = [rate(compute_due, cal, jobs) for _ in range(3)]
    print(
        f"compute_due: {args.calls:,} calls x 3 runs, median {statistics.median(fast):,.0f} calls/s"
        f" (runs: {', '.join(f'{r:,.0f}' for r in fast)})"
    )

    day_jobs = jobs[:20_000]
    day_walk = rate(naive_day_walk, cal, day_jobs)
    fast_same = rate(compute_due, cal, day_jobs)
    minute_jobs = [(r.replace(second=0, microsecond=0), rule, s) for r, rule, s in jobs[:300]]
    minute_walk = rate(naive_minute_walk, cal, minute_jobs)
    print(
        f"naive day walk: {len(day_jobs):,} calls, {day_walk:,.0f} calls/s;"
        f" compute_due on the same calls {fast_same:,.0f} calls/s: x{fast_same / day_walk:.1f}"
    )
    print(
        f"naive minute walk: {len(minute_jobs):,} calls, {minute_walk:,.0f} calls/s:"
        f" compute_due is x{statistics.median(fast) / minute_walk:,.0f}"
    )

    mismatches = sum(
        compute_due(*job[:2], cal, job[2]) != naive_day_walk(*job[:2], cal, job[2])
        for job in day_jobs
    ) + sum(
        compute_due(*job[:2], cal, job[2]) != naive_minute_walk(*job[:2], cal, job[2])
        for job in minute_jobs
    )
    print(
        f"results identical to the naive implementations: {'yes' if not mismatches else 'NO'}"
        f" ({mismatches} mismatches)"
    )
    if mismatches:
        sys.exit(1)


if __name__ == "__main__":
    main()
