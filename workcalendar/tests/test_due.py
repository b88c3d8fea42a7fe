"""Counting rules of rules.md §3 on an ordinary week: Monday 2/3/2026 to Saturday 7/3/2026."""

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from workcalendar.calendar import (
    VN_TZ,
    DueDate,
    WorkCalendar,
    add_working_minutes,
    compute_due,
    effective_start,
)
from workcalendar.rules import TimeRule, TimeRuleKind
from workcalendar.tests.support import SHIPPED, days, hours, same_day, vn

UNIT_SESSIONS = ((time(7, 30), time(11, 30)), (time(13, 30), time(17)))  # 7.5 hours


@pytest.mark.parametrize(
    ("received", "start"),
    [
        (vn(2026, 3, 2, 9, 15), vn(2026, 3, 2, 9, 15)),  # inside the morning session
        (vn(2026, 3, 2, 11, 59), vn(2026, 3, 2, 11, 59)),
        (vn(2026, 3, 2, 12), vn(2026, 3, 2, 13)),  # end of the morning session
        (vn(2026, 3, 2, 12, 30), vn(2026, 3, 2, 13)),  # lunch break
        (vn(2026, 3, 2, 16, 59, 59), vn(2026, 3, 2, 16, 59, 59)),
        (vn(2026, 3, 2, 17), vn(2026, 3, 3, 8)),  # 17:00 sharp: next working day
        (vn(2026, 3, 2, 7, 59), vn(2026, 3, 2, 8)),  # before opening
        (vn(2026, 3, 2, 22), vn(2026, 3, 3, 8)),  # online at night
        (vn(2026, 3, 6, 23, 59), vn(2026, 3, 9, 8)),  # Friday night: Monday
        (vn(2026, 3, 7, 10), vn(2026, 3, 9, 8)),  # Saturday
        (vn(2026, 3, 8, 0), vn(2026, 3, 9, 8)),  # Sunday midnight
        (vn(2026, 4, 30, 9), vn(2026, 5, 4, 8)),  # holiday
    ],
)
def test_effective_start(received: datetime, start: datetime) -> None:
    assert effective_start(received, SHIPPED) == start


@pytest.mark.parametrize(
    ("start", "minutes", "end"),
    [
        (vn(2026, 3, 2, 11), 60, vn(2026, 3, 2, 12)),  # ends at 12:00, not 13:00
        (vn(2026, 3, 2, 16), 60, vn(2026, 3, 2, 17)),  # ends at 17:00, not 08:00 next day
        (vn(2026, 3, 2, 8), 480, vn(2026, 3, 2, 17)),
        (vn(2026, 3, 2, 13), 240, vn(2026, 3, 2, 17)),
        (vn(2026, 3, 2, 11, 30), 60, vn(2026, 3, 2, 13, 30)),  # across lunch
        (vn(2026, 3, 2, 11, 59), 60, vn(2026, 3, 2, 13, 59)),
        (vn(2026, 3, 2, 9), 240, vn(2026, 3, 2, 14)),
        (vn(2026, 3, 2, 12), 60, vn(2026, 3, 2, 14)),  # starts at a session end
        (vn(2026, 3, 2, 17), 60, vn(2026, 3, 3, 9)),
        (vn(2026, 3, 6, 16), 120, vn(2026, 3, 9, 9)),  # over the weekend
        (vn(2026, 3, 7, 10), 1, vn(2026, 3, 9, 8, 1)),
        (vn(2026, 3, 2, 10), 0, vn(2026, 3, 2, 10)),
        (vn(2026, 3, 7, 10), 0, vn(2026, 3, 7, 10)),  # nothing to add: the start itself
    ],
)
def test_add_working_minutes(start: datetime, minutes: int, end: datetime) -> None:
    assert add_working_minutes(start, minutes, SHIPPED) == end


@pytest.mark.parametrize(
    ("received", "rule", "due"),
    [
        (vn(2026, 3, 2, 8), days(1), vn(2026, 3, 2, 17)),  # one day from opening: same close
        (vn(2026, 3, 2, 11, 59), days(1), vn(2026, 3, 3, 11, 59)),
        (vn(2026, 3, 2, 17), days(1), vn(2026, 3, 3, 17)),  # 17:00 sharp
        (vn(2026, 3, 2, 12, 30), days(3), vn(2026, 3, 5, 12)),  # from 13:00, ends at 12:00
        (vn(2026, 3, 4, 14), days(5), vn(2026, 3, 11, 14)),
        (vn(2026, 3, 6, 22), days(1), vn(2026, 3, 9, 17)),  # night online receipt
        (vn(2026, 3, 7, 10), hours(4), vn(2026, 3, 9, 12)),  # Saturday online receipt
        (vn(2026, 3, 2, 15), hours(2), vn(2026, 3, 2, 17)),
        (vn(2026, 3, 2, 15, 1), hours(2), vn(2026, 3, 3, 8, 1)),
        (vn(2026, 3, 2, 10), hours(16), vn(2026, 3, 4, 10)),
    ],
)
def test_working_days_and_hours(received: datetime, rule: TimeRule, due: datetime) -> None:
    assert compute_due(received, rule, SHIPPED).due_at == due


@pytest.mark.parametrize(
    ("received", "rule", "due"),
    [
        (vn(2026, 3, 2, 8), same_day(), vn(2026, 3, 2, 17)),
        (vn(2026, 3, 2, 14, 59, 59), same_day(), vn(2026, 3, 2, 17)),  # before the cut-off
        (vn(2026, 3, 2, 15), same_day(), vn(2026, 3, 3, 17)),  # at the cut-off
        (vn(2026, 3, 2, 16), same_day(), vn(2026, 3, 3, 17)),  # after the cut-off
        (vn(2026, 3, 2, 17), same_day(), vn(2026, 3, 3, 17)),  # after hours: next morning
        (vn(2026, 3, 2, 21), same_day(), vn(2026, 3, 3, 17)),
        (vn(2026, 3, 6, 15, 30), same_day(), vn(2026, 3, 9, 17)),  # Friday after cut-off
        (vn(2026, 3, 7, 9), same_day(), vn(2026, 3, 9, 17)),  # Saturday
        (vn(2026, 4, 29, 14), same_day(), vn(2026, 4, 29, 17)),  # day before 30/4
        (vn(2026, 4, 29, 15), same_day(), vn(2026, 5, 4, 17)),  # cut-off before a holiday
        (vn(2026, 2, 13, 15, 30), same_day(), vn(2026, 2, 23, 17)),  # cut-off before Tết
        (vn(2026, 3, 2, 10, 59), same_day(time(11)), vn(2026, 3, 2, 17)),
        (vn(2026, 3, 2, 11), same_day(time(11)), vn(2026, 3, 3, 17)),
        (vn(2026, 3, 2, 12, 30), same_day(time(12, 45)), vn(2026, 3, 3, 17)),  # starts 13:00
    ],
)
def test_same_day(received: datetime, rule: TimeRule, due: datetime) -> None:
    assert compute_due(received, rule, SHIPPED).due_at == due


def test_compute_due_returns_both_times_in_vietnam_time() -> None:
    received = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)  # 08:30 in Hà Nội
    result = compute_due(received, days(2), SHIPPED)
    assert result == DueDate(vn(2026, 3, 2, 8, 30), vn(2026, 3, 4, 8, 30))
    for moment in (result.effective_start, result.due_at):
        assert moment.tzinfo is VN_TZ
        assert moment.utcoffset() == timedelta(hours=7)
    west = datetime(2026, 3, 1, 21, tzinfo=timezone(timedelta(hours=-5)))  # Mon 09:00 in VN
    assert compute_due(west, hours(1), SHIPPED).due_at == vn(2026, 3, 2, 10)


def test_sub_second_receipt_is_kept() -> None:
    received = vn(2026, 3, 2, 9).replace(microsecond=123456)
    result = compute_due(received, hours(1), SHIPPED)
    assert result.effective_start == received
    assert result.due_at == vn(2026, 3, 2, 10).replace(microsecond=123456)


def test_unit_sessions() -> None:
    # N working days are N × 8 working hours (rules.md §3), even where a day has 7.5.
    assert compute_due(vn(2026, 3, 2, 7, 30), days(1), SHIPPED, UNIT_SESSIONS).due_at == vn(
        2026, 3, 3, 8
    )
    assert effective_start(vn(2026, 3, 2, 12), SHIPPED, UNIT_SESSIONS) == vn(2026, 3, 2, 13, 30)
    assert effective_start(vn(2026, 3, 2, 7), SHIPPED, UNIT_SESSIONS) == vn(2026, 3, 2, 7, 30)
    assert compute_due(vn(2026, 3, 2, 9), same_day(), SHIPPED, UNIT_SESSIONS).due_at == vn(
        2026, 3, 2, 17
    )
    one_session = ((time(8), time(12)),)
    assert compute_due(vn(2026, 3, 2, 11), hours(2), SHIPPED, one_session).due_at == vn(
        2026, 3, 3, 9
    )
    assert compute_due(vn(2026, 3, 2, 9), same_day(), SHIPPED, one_session).due_at == vn(
        2026, 3, 2, 12
    )


@pytest.mark.parametrize(
    "sessions",
    [
        (),
        ((time(12), time(8)),),
        ((time(8), time(12)), (time(11), time(17))),
        ((time(13), time(17)), (time(8), time(12))),
        ((time(8, tzinfo=UTC), time(12)),),
    ],
)
def test_bad_sessions_are_refused(sessions) -> None:
    with pytest.raises(ValueError):
        compute_due(vn(2026, 3, 2, 9), days(1), SHIPPED, sessions)


def test_naive_and_negative_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        compute_due(datetime(2026, 3, 2, 9), days(1), SHIPPED)
    with pytest.raises(ValueError, match="timezone-aware"):
        effective_start(datetime(2026, 3, 2, 9), SHIPPED)
    with pytest.raises(ValueError):
        add_working_minutes(vn(2026, 3, 2, 9), -1, SHIPPED)


def test_rule_kind_given_as_plain_string() -> None:
    rule = TimeRule(TimeRuleKind("working_hours"), 1)
    assert compute_due(vn(2026, 3, 2, 9), rule, SHIPPED).due_at == vn(2026, 3, 2, 10)


def test_range_grows_on_demand() -> None:
    cal = WorkCalendar({date(2026, 1, 2): False})
    assert cal.is_working_day(date(1995, 10, 3)) is True  # outside the first range: a Tuesday
    assert cal.is_working_day(date(1995, 9, 4)) is False  # compensatory day for Quốc khánh
    assert cal.is_working_day(date(2150, 6, 1)) is True  # a Monday, beyond holidays' tables
    # A long count runs off the end of the range and is finished after growing it.
    far = compute_due(vn(2160, 12, 20, 9), days(2000), cal).due_at
    assert far.year >= 2168 and cal.is_working_day(far.date())
    assert cal.next_working_day(date(2026, 1, 1), include_self=True) == date(2026, 1, 5)
    assert cal.next_working_day(date(2026, 1, 5), include_self=True) == date(2026, 1, 5)
    assert cal.next_working_day(date(2026, 1, 5), include_self=False) == date(2026, 1, 6)
    assert cal.next_working_day(date(1899, 12, 29), include_self=False) == date(1900, 1, 1)


def test_dates_at_the_end_of_time_overflow_cleanly() -> None:
    cal = WorkCalendar()
    with pytest.raises(OverflowError):
        cal.next_working_day(date(9999, 12, 31), include_self=False)
