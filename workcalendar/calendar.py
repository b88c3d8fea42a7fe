"""Working days and working-time arithmetic (rules.md §2–3). Pure: no Django, no database.

Speed comes from one idea: number the working days of a range of years (0, 1, 2, …) and
measure every instant as "working microseconds since the start of working day 0". Adding a
time limit is then one addition, and turning a position back into a date is a divmod and a
bisect over the day's sessions, whatever the length of the limit.
"""

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from workcalendar.rules import DEFAULT_SESSIONS, MINUTES_PER_WORKING_DAY, TimeRule, TimeRuleKind

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
US_PER_MINUTE = 60_000_000
_MIN_YEAR, _MAX_YEAR = date.min.year, date.max.year

Sessions = tuple[tuple[time, time], ...]


@dataclass(frozen=True, slots=True)
class DueDate:
    effective_start: datetime
    due_at: datetime


@dataclass(frozen=True, slots=True)
class _Span:
    """The working days of the years [first_year, last_year], numbered from 0."""

    first_year: int
    last_year: int
    first: int  # ordinal of 1 January of first_year
    ords: list[int]  # ordinals of the working days, ascending
    # For each ordinal o of the range, at o - first: index in ords of the first working day >= o
    # (len(ords) when the range holds none).
    next_idx: list[int]
    midnights: list[datetime]  # 00:00 Vietnam time of each working day, same index as ords


class _NeedYears(Exception):
    """Raised inside a computation that ran off the precomputed range; carries an ordinal."""


class WorkCalendar:
    """Working days: the announced overrides win, else Monday–Friday minus `holidays.VN`.

    `overrides[d]` is True for an announced make-up working day (làm bù), False for an
    announced day off. The precomputed range grows on demand, so any year works.
    """

    def __init__(self, overrides: Mapping[date, bool] | None = None) -> None:
        self._overrides = dict(overrides or {})
        self._lock = threading.Lock()
        years = [day.year for day in self._overrides] or [datetime.now(VN_TZ).year]
        self._span = self._build(max(_MIN_YEAR, min(years) - 1), min(_MAX_YEAR, max(years) + 1))

    @property
    def overrides(self) -> Mapping[date, bool]:
        return dict(self._overrides)

    def is_working_day(self, day: date) -> bool:
        while True:
            span = self._span
            k = day.toordinal() - span.first
            if 0 <= k < len(span.next_idx):
                i = span.next_idx[k]
                return i < len(span.ords) and span.ords[i] == day.toordinal()
            self._grow(day.toordinal())

    def next_working_day(self, day: date, *, include_self: bool) -> date:
        """The first working day on or after `day` (strictly after unless include_self)."""
        while True:
            try:
                span = self._span
                return date.fromordinal(
                    span.ords[_index_at_or_after(span, day.toordinal() + (not include_self))]
                )
            except _NeedYears as need:
                self._grow(need.args[0])

    def _grow(self, ordinal: int) -> None:
        """Extend the range to the year of `ordinal` and one year beyond it on that side."""
        if not 1 <= ordinal <= date.max.toordinal():
            raise OverflowError("date outside the supported range")
        year = date.fromordinal(ordinal).year
        with self._lock:
            span = self._span
            first = max(_MIN_YEAR, min(span.first_year, year - 1))
            last = min(_MAX_YEAR, max(span.last_year, year + 1))
            if (first, last) != (span.first_year, span.last_year):
                self._span = self._build(first, last)
            elif not span.first <= ordinal < span.first + len(span.next_idx):
                raise OverflowError("no working day within the supported range")

    def _build(self, first_year: int, last_year: int) -> _Span:
        holiday_dates = set(holidays.VN(years=range(first_year, last_year + 1)).keys())
        first = date(first_year, 1, 1).toordinal()
        last = date(last_year, 12, 31).toordinal()
        ords: list[int] = []
        next_idx: list[int] = []
        for ordinal in range(first, last + 1):
            next_idx.append(len(ords))
            day = date.fromordinal(ordinal)
            working = self._overrides.get(day)
            if working is None:
                working = day.weekday() < 5 and day not in holiday_dates
            if working:
                ords.append(ordinal)
        midnights = [datetime.combine(date.fromordinal(o), time(), VN_TZ) for o in ords]
        return _Span(first_year, last_year, first, ords, next_idx, midnights)


@dataclass(frozen=True, slots=True)
class _Layout:
    """A day's office sessions in microseconds since midnight."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    before: tuple[int, ...]  # working time of the day before each session starts
    through: tuple[int, ...]  # working time of the day up to each session's end
    day: int  # working time of a whole day
    closing: int  # end of the last session


def _us(moment: time) -> int:
    return (
        (moment.hour * 60 + moment.minute) * 60 + moment.second
    ) * 1_000_000 + moment.microsecond


@lru_cache(maxsize=64)
def _layout(sessions: Sessions) -> _Layout:
    if not sessions:
        raise ValueError("Cần ít nhất một buổi làm việc.")
    starts: list[int] = []
    ends: list[int] = []
    before: list[int] = []
    through: list[int] = []
    total = 0
    for start, end in sessions:
        if start.tzinfo is not None or end.tzinfo is not None:
            raise ValueError("Giờ làm việc không được kèm múi giờ.")
        if not start < end:
            raise ValueError(
                f"Buổi làm việc {start:%H:%M}–{end:%H:%M}: giờ bắt đầu phải trước giờ kết thúc."
            )
        if ends and _us(start) < ends[-1]:
            raise ValueError(
                "Các buổi làm việc phải theo thứ tự thời gian và không chồng lên nhau."
            )
        starts.append(_us(start))
        ends.append(_us(end))
        before.append(total)
        total += ends[-1] - starts[-1]
        through.append(total)
    return _Layout(tuple(starts), tuple(ends), tuple(before), tuple(through), total, ends[-1])


_DEFAULT_LAYOUT = _layout(DEFAULT_SESSIONS)


def _layout_of(sessions: Sessions) -> _Layout:
    return _DEFAULT_LAYOUT if sessions is DEFAULT_SESSIONS else _layout(sessions)


def _local(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a timezone-aware datetime is required")
    return moment.astimezone(VN_TZ)


def _index_at_or_after(span: _Span, ordinal: int) -> int:
    k = ordinal - span.first
    if k < 0:
        raise _NeedYears(ordinal)
    if k < len(span.next_idx):
        i = span.next_idx[k]
        if i < len(span.ords):
            return i
    raise _NeedYears(max(ordinal, span.first + len(span.next_idx)))


def _start(span: _Span, layout: _Layout, moment: datetime) -> tuple[datetime, int, int, int]:
    """Effective start of `moment`: (start, working-day index, µs since midnight, position)."""
    local = _local(moment)
    ordinal = local.toordinal()
    tod = ((local.hour * 60 + local.minute) * 60 + local.second) * 1_000_000 + local.microsecond
    i = _index_at_or_after(span, ordinal)
    if span.ords[i] == ordinal:
        s = bisect_right(layout.starts, tod) - 1
        if s >= 0 and tod < layout.ends[s]:
            return local, i, tod, i * layout.day + layout.before[s] + tod - layout.starts[s]
        if s + 1 < len(layout.starts):  # between two sessions, or before the first one
            tod = layout.starts[s + 1]
            start = span.midnights[i] + timedelta(microseconds=tod)
            return start, i, tod, i * layout.day + layout.before[s + 1]
        i = _index_at_or_after(span, ordinal + 1)
    tod = layout.starts[0]
    return span.midnights[i] + timedelta(microseconds=tod), i, tod, i * layout.day


def _moment(span: _Span, layout: _Layout, position: int) -> datetime:
    """The instant at `position` (> 0); a position on a session boundary is that session's end."""
    q, r = divmod(position, layout.day)
    if r == 0:  # a count that ends at the day's close ends there, not at next morning's start
        q, r = q - 1, layout.day
    if q >= len(span.ords):
        # Roughly 250 working days a year: ask for enough years at once.
        raise _NeedYears(span.first + len(span.next_idx) + (q - len(span.ords)) * 7 // 5 + 31)
    s = bisect_left(layout.through, r)
    return span.midnights[q] + timedelta(microseconds=layout.starts[s] + r - layout.before[s])


def _closing(span: _Span, layout: _Layout, i: int) -> datetime:
    if i >= len(span.ords):
        raise _NeedYears(span.first + len(span.next_idx))
    return span.midnights[i] + timedelta(microseconds=layout.closing)


def effective_start(
    received_at: datetime, cal: WorkCalendar, sessions: Sessions = DEFAULT_SESSIONS
) -> datetime:
    """The receipt time if inside a session of a working day, else the next session's start."""
    layout = _layout_of(sessions)
    while True:
        try:
            return _start(cal._span, layout, received_at)[0]
        except _NeedYears as need:
            cal._grow(need.args[0])


def office_open_at(
    moment: datetime, cal: WorkCalendar, sessions: Sessions = DEFAULT_SESSIONS
) -> bool:
    """Whether `moment` falls on a working day inside one of its sessions, ends included (a
    due time is a session's end): when a citizen can be asked to come to the desk."""
    local = _local(moment)
    clock = local.time().replace(tzinfo=None)
    return cal.is_working_day(local.date()) and any(
        start <= clock <= end for start, end in sessions
    )


def add_working_minutes(
    start: datetime, minutes: int, cal: WorkCalendar, sessions: Sessions = DEFAULT_SESSIONS
) -> datetime:
    """`start` plus `minutes` counted only inside sessions of working days (0 → `start`)."""
    if minutes < 0:
        raise ValueError("minutes must not be negative")
    if minutes == 0:
        return _local(start)
    layout = _layout_of(sessions)
    while True:
        try:
            span = cal._span
            position = _start(span, layout, start)[3]
            return _moment(span, layout, position + minutes * US_PER_MINUTE)
        except _NeedYears as need:
            cal._grow(need.args[0])


def compute_due(
    received_at: datetime, rule: TimeRule, cal: WorkCalendar, sessions: Sessions = DEFAULT_SESSIONS
) -> DueDate:
    """The effective start and due time of a dossier received at `received_at` (rules.md §3)."""
    layout = _layout_of(sessions)
    while True:
        try:
            return _compute_due(cal._span, layout, received_at, rule)
        except _NeedYears as need:
            cal._grow(need.args[0])


def _compute_due(span: _Span, layout: _Layout, received_at: datetime, rule: TimeRule) -> DueDate:
    start, i, tod, position = _start(span, layout, received_at)
    kind = rule.kind
    if kind == TimeRuleKind.WORKING_DAYS:
        due = _moment(
            span, layout, position + rule.amount * MINUTES_PER_WORKING_DAY * US_PER_MINUTE
        )
    elif kind == TimeRuleKind.WORKING_HOURS:
        due = _moment(span, layout, position + rule.amount * 60 * US_PER_MINUTE)
    elif kind == TimeRuleKind.SAME_DAY:
        before_cutoff = tod < _us(rule.effective_cutoff)
        due = _closing(span, layout, i if before_cutoff else i + 1)
    else:
        raise ValueError(f"unknown time rule kind: {kind!r}")
    return DueDate(start, due)
