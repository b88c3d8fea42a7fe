"""Properties of the due-date arithmetic, and a slow minute-walking reference to compare with."""

from datetime import UTC, datetime, time, timedelta, timezone

from hypothesis import example, given
from hypothesis import strategies as st

from workcalendar.calendar import VN_TZ, WorkCalendar, add_working_minutes, compute_due
from workcalendar.rules import MINUTES_PER_WORKING_DAY, TimeRule, TimeRuleKind
from workcalendar.tests.support import SHIPPED, days, hours, same_day, vn

SESSIONS = st.sampled_from(
    [
        ((time(8), time(12)), (time(13), time(17))),
        ((time(7, 30), time(11, 30)), (time(13, 30), time(17))),
        ((time(8), time(12)),),
        ((time(7), time(9)), (time(9), time(11, 15)), (time(14), time(16, 45))),
    ]
)
RECEIPTS = st.datetimes(
    min_value=datetime(2017, 1, 1),
    max_value=datetime(2026, 12, 31, 23, 59, 59),
    timezones=st.sampled_from([VN_TZ, UTC, timezone(timedelta(hours=-5))]),
)
RULES = st.one_of(
    st.integers(1, 60).map(days),
    st.integers(1, 200).map(hours),
    st.sampled_from([None, time(11), time(15), time(16, 30)]).map(same_day),
)


def _inside_or_at_end(moment: datetime, cal: WorkCalendar, sessions) -> bool:
    local = moment.astimezone(VN_TZ)
    at = local.timetz().replace(tzinfo=None)
    return cal.is_working_day(local.date()) and any(s <= at <= e for s, e in sessions)


def _walk(start: datetime, minutes: int, cal: WorkCalendar, sessions) -> datetime:
    """Obviously correct and slow: count the working minutes one by one."""
    moment, left = start.astimezone(VN_TZ), minutes
    while left:
        at = moment.time()
        if cal.is_working_day(moment.date()) and any(s <= at < e for s, e in sessions):
            left -= 1
        moment += timedelta(minutes=1)
    return moment


@given(RECEIPTS, RULES, SESSIONS)
def test_due_never_before_start_and_start_never_before_receipt(received, rule, sessions) -> None:
    result = compute_due(received, rule, SHIPPED, sessions)
    assert received <= result.effective_start <= result.due_at
    assert result.effective_start < result.due_at


@given(RECEIPTS, RULES, SESSIONS)
def test_times_are_inside_sessions_of_working_days(received, rule, sessions) -> None:
    result = compute_due(received, rule, SHIPPED, sessions)
    assert _inside_or_at_end(result.due_at, SHIPPED, sessions)
    local = result.effective_start.astimezone(VN_TZ)
    at = local.time()
    assert SHIPPED.is_working_day(local.date()) and any(s <= at < e for s, e in sessions)
    assert result.due_at.tzinfo is VN_TZ and result.effective_start.tzinfo is VN_TZ


@given(RECEIPTS, RECEIPTS, RULES, SESSIONS)
def test_monotone_in_the_receipt_time(first, second, rule, sessions) -> None:
    early, late = sorted((first, second))
    assert (
        compute_due(early, rule, SHIPPED, sessions).due_at
        <= compute_due(late, rule, SHIPPED, sessions).due_at
    )


@given(RECEIPTS, st.integers(1, 60), SESSIONS)
def test_working_days_are_eight_working_hours(received, n, sessions) -> None:
    assert (
        compute_due(received, days(n), SHIPPED, sessions).due_at
        == compute_due(received, hours(8 * n), SHIPPED, sessions).due_at
        == add_working_minutes(
            compute_due(received, days(n), SHIPPED, sessions).effective_start,
            n * MINUTES_PER_WORKING_DAY,
            SHIPPED,
            sessions,
        )
    )


DEFAULT = ((time(8), time(12)), (time(13), time(17)))


@given(RECEIPTS, st.integers(0, 3000), SESSIONS)
@example(vn(2026, 2, 13, 16), 600, DEFAULT)  # across Tết Bính Ngọ
@example(vn(2026, 1, 9, 16, 30), 90, DEFAULT)  # into make-up Saturday 10/1/2026
@example(vn(2026, 8, 21, 16), 1500, DEFAULT)  # make-up Saturday 22/8, then the 31/8 swap
@example(vn(2019, 12, 31, 16), 120, DEFAULT)  # across 1/1 and a year boundary
def test_add_working_minutes_matches_the_walk(received, minutes, sessions) -> None:
    start = received.astimezone(VN_TZ).replace(second=0, microsecond=0)
    assert add_working_minutes(start, minutes, SHIPPED, sessions) == _walk(
        start, minutes, SHIPPED, sessions
    )


@given(RECEIPTS, SESSIONS)
def test_same_day_is_the_close_of_the_start_day_or_the_next(received, sessions) -> None:
    rule = TimeRule(TimeRuleKind.SAME_DAY)
    result = compute_due(received, rule, SHIPPED, sessions)
    start, due = result.effective_start, result.due_at
    assert due.time() == sessions[-1][1]
    if start.time() < rule.effective_cutoff:
        assert due.date() == start.date()
    else:
        assert due.date() == SHIPPED.next_working_day(start.date(), include_self=False)
