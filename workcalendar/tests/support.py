"""Shared helpers for the calendar tests: Vietnam-time datetimes, rules, the shipped calendar."""

from datetime import datetime, time

from workcalendar.calendar import VN_TZ, WorkCalendar
from workcalendar.reference import overrides_from, read_announced_days
from workcalendar.rules import TimeRule, TimeRuleKind

# Built once per test process: pure tests and Hypothesis examples share it.
SHIPPED = WorkCalendar(overrides_from(read_announced_days()))


def vn(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=VN_TZ)


def days(n: int) -> TimeRule:
    return TimeRule(TimeRuleKind.WORKING_DAYS, n)


def hours(n: int) -> TimeRule:
    return TimeRule(TimeRuleKind.WORKING_HOURS, n)


def same_day(cutoff: time | None = None) -> TimeRule:
    return TimeRule(TimeRuleKind.SAME_DAY, cutoff=cutoff)
