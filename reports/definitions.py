"""The periodic report's definitions (rules.md §5), in one place.

Everything that decides what a dossier counts as lives here, as plain Python over a dossier's
stored fields (`DossierFacts`): the direct SQL computation (`reports.direct`) and the daily
rollup (`reports.rollup`) both follow these functions, and the tests hold them to it.

Times are compared as instants; "dates" are local dates in Asia/Ho_Chi_Minh. A period
[D1, D2] runs from 00:00 of D1 (`starts_at`) to 00:00 of D2 + 1 (`ends_at`, exclusive).
"""

from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Self

from workcalendar.calendar import VN_TZ

if TYPE_CHECKING:
    from dossiers.models import Dossier

# Report keys, in the order of the JSON, the API and every export.
KEYS = (
    "received_total",
    "received_carried_over",
    "received_new",
    "received_online",
    "received_direct",
    "received_postal",
    "resolved_total",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "resolved_refused",
    "resolved_withdrawn",
    "pending_total",
    "pending_within_time",
    "pending_overdue",
)
CHANNELS = ("online", "direct", "postal")
# Outcome values (dossiers.models.Outcome), spelled here so this module needs no Django.
RESOLVED, REFUSED, WITHDRAWN = "resolved", "refused", "withdrawn"


class Timeliness(StrEnum):
    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"


# ---------------------------------------------------------------- time


def local_date(moment: datetime) -> date:
    return moment.astimezone(VN_TZ).date()


def day_start(day: date) -> datetime:
    """00:00 of `day`, Vietnam time."""
    return datetime.combine(day, time(0), tzinfo=VN_TZ)


@dataclass(frozen=True, slots=True)
class Period:
    """The dates [start, end], both included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(
                f"Ngày bắt đầu {self.start:%d/%m/%Y} sau ngày kết thúc {self.end:%d/%m/%Y}."
            )

    @property
    def starts_at(self) -> datetime:
        return day_start(self.start)

    @property
    def ends_at(self) -> datetime:
        """00:00 of the day after `end`: the exclusive bound, "the end of D2"."""
        return day_start(self.end + timedelta(days=1))

    def as_of(self, now: datetime) -> datetime:
        """as_of = min(end of D2, now)."""
        return min(self.ends_at, now)

    def months(self, *, begun_by: date | None = None) -> list["Period"]:
        """The period cut at calendar month boundaries (for reports grouped by month); with
        `begun_by`, only the pieces that start on or before that day: a month still to come
        has nothing to count yet."""
        pieces, start = [], self.start
        last = self.end if begun_by is None else min(self.end, begun_by)
        while start <= last:
            next_month = _month_after(start.replace(day=1))
            end = min(self.end, next_month - timedelta(days=1))
            pieces.append(Period(start, end))
            start = next_month
        return pieces

    @property
    def whole_month(self) -> bool:
        """Exactly one calendar month (a report's first or last month may be cut short)."""
        return self.start.day == 1 and self.end == _month_after(self.start) - timedelta(days=1)


def _month_after(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


# ---------------------------------------------------------------- official periods


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    SIX_MONTHS = "six_months"
    NINE_MONTHS = "nine_months"
    YEAR = "year"


_LAST_MONTH = {
    PeriodKind.SIX_MONTHS: 6,
    PeriodKind.NINE_MONTHS: 9,
    PeriodKind.YEAR: 12,
}


def official_period(*, kind: PeriodKind | str, year: int, number: int = 1) -> Period:
    """The reporting periods of Decree 09/2019 art. 12: from the 15th to the 14th.

    Month M: 15th of M−1 to 14th of M. Quarter Q: 15th of the month before the quarter to
    the 14th of its last month. Six and nine months, year: from 15/12 of the previous year
    to 14/6, 14/9 and 14/12. `number` is the month (1–12) or the quarter (1–4).
    """
    kind = PeriodKind(kind)
    if kind is PeriodKind.MONTH:
        _check_number(number, 12, "Tháng")
        first_month, last_month = number, number
    elif kind is PeriodKind.QUARTER:
        _check_number(number, 4, "Quý")
        first_month, last_month = 3 * number - 2, 3 * number
    else:
        first_month, last_month = 1, _LAST_MONTH[kind]
    start = date(year, first_month - 1, 15) if first_month > 1 else date(year - 1, 12, 15)
    return Period(start, date(year, last_month, 14))


def calendar_period(*, kind: PeriodKind | str, year: int, number: int = 1) -> Period:
    """Calendar month (1–12), quarter (1–4) or year."""
    kind = PeriodKind(kind)
    if kind is PeriodKind.MONTH:
        _check_number(number, 12, "Tháng")
        first, months = date(year, number, 1), 1
    elif kind is PeriodKind.QUARTER:
        _check_number(number, 4, "Quý")
        first, months = date(year, 3 * number - 2, 1), 3
    elif kind is PeriodKind.YEAR:
        first, months = date(year, 1, 1), 12
    else:
        raise ValueError(f"Không có kỳ dương lịch loại «{kind}».")
    stop = first
    for _ in range(months):
        stop = _month_after(stop)
    return Period(first, stop - timedelta(days=1))


def _check_number(number: int, top: int, label: str) -> None:
    if not 1 <= number <= top:
        raise ValueError(f"{label} phải từ 1 đến {top}, không phải {number}.")


# ---------------------------------------------------------------- one dossier

FACT_FIELDS = (
    "unit_id",
    "procedure_version_id",
    "channel",
    "received_at",
    "due_at",
    "finished_at",
    "outcome",
    "clock_stopped_at",
)


@dataclass(frozen=True, slots=True)
class DossierFacts:
    """The stored fields of a dossier that the report reads, and nothing else."""

    unit_id: int
    procedure_version_id: int
    channel: str
    received_at: datetime
    due_at: datetime
    finished_at: datetime | None
    outcome: str
    clock_stopped_at: datetime | None

    @classmethod
    def of(cls, dossier: "Dossier") -> Self:
        return cls(*(getattr(dossier, name) for name in FACT_FIELDS))


def timeliness(*, finished_at: datetime, due_at: datetime, outcome: str) -> Timeliness:
    """Early: finished on an earlier calendar date than the due date. On time: on the due
    date, at or before the due time. Late: after the due time. A withdrawal is on time."""
    if outcome == WITHDRAWN:
        return Timeliness.ON_TIME
    if finished_at > due_at:
        return Timeliness.LATE
    if local_date(finished_at) < local_date(due_at):
        return Timeliness.EARLY
    return Timeliness.ON_TIME


def is_pending(facts: DossierFacts, *, end: datetime) -> bool:
    """Received before `end` and not finished before it."""
    return facts.received_at < end and (facts.finished_at is None or facts.finished_at >= end)


def is_waiting(facts: DossierFacts, *, as_of: datetime) -> bool:
    """Waiting for the citizen's supplement at `as_of`: the clock is stopped."""
    return facts.clock_stopped_at is not None and facts.clock_stopped_at <= as_of


def is_overdue(facts: DossierFacts, *, end: datetime, as_of: datetime) -> bool:
    """Pending at `end`, due before `as_of` and not waiting for a supplement at `as_of`."""
    return (
        is_pending(facts, end=end) and facts.due_at < as_of and not is_waiting(facts, as_of=as_of)
    )


def overdue_days(facts: DossierFacts) -> tuple[date, date | None] | None:
    """The days D for which the dossier is overdue in a report ending on D with as_of at
    the end of D (00:00 of D + 1): [first, stop), stop None when it never stops.

    Each condition of `is_overdue(end=as_of=00:00 of D+1)` bounds D on one side:
    received_at < end ⇔ D ≥ date(received_at); due_at < end ⇔ D ≥ date(due_at);
    finished_at ≥ end ⇔ D < date(finished_at); clock_stopped_at > end ⇔ D < date(stop)
    when the clock stopped after midnight, D < date(stop) − 1 when exactly at midnight.
    """
    first = max(local_date(facts.received_at), local_date(facts.due_at))
    stops = []
    if facts.finished_at is not None:
        stops.append(local_date(facts.finished_at))
    if facts.clock_stopped_at is not None:
        stopped = facts.clock_stopped_at.astimezone(VN_TZ)
        at_midnight = stopped.time() == time(0)
        stops.append(stopped.date() - timedelta(days=1) if at_midnight else stopped.date())
    stop = min(stops) if stops else None
    if stop is not None and stop <= first:
        return None
    return first, stop


# ---------------------------------------------------------------- the counts


@dataclass(frozen=True, slots=True)
class Counts:
    """One row of the report: every key, in KEYS order."""

    received_total: int = 0
    received_carried_over: int = 0
    received_new: int = 0
    received_online: int = 0
    received_direct: int = 0
    received_postal: int = 0
    resolved_total: int = 0
    resolved_early: int = 0
    resolved_on_time: int = 0
    resolved_late: int = 0
    resolved_refused: int = 0
    resolved_withdrawn: int = 0
    pending_total: int = 0
    pending_within_time: int = 0
    pending_overdue: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(*(a + b for a, b in zip(self.values(), other.values(), strict=True)))

    def values(self) -> tuple[int, ...]:
        return tuple(getattr(self, key) for key in KEYS)

    def as_dict(self) -> dict[str, int]:
        return {key: getattr(self, key) for key in KEYS}

    def is_zero(self) -> bool:
        return not any(self.values())

    def broken_identities(self) -> list[str]:
        """The identities of rules.md §5 that these counts break (none, normally)."""
        checks = {
            "received_total = carried_over + new": self.received_total
            == self.received_carried_over + self.received_new,
            "received_total = resolved_total + pending_total": self.received_total
            == self.resolved_total + self.pending_total,
            "received_new = online + direct + postal": self.received_new
            == self.received_online + self.received_direct + self.received_postal,
            "resolved_total = early + on_time + late": self.resolved_total
            == self.resolved_early + self.resolved_on_time + self.resolved_late,
            "pending_total = within_time + overdue": self.pending_total
            == self.pending_within_time + self.pending_overdue,
            "every count ≥ 0": min(self.values()) >= 0,
        }
        return [name for name, holds in checks.items() if not holds]

    @classmethod
    def build(
        cls,
        *,
        carried_over: int,
        received: dict[str, int],
        finished: dict[str, int],
        overdue: int,
    ) -> "Counts":
        """Counts from the additive parts; everything else follows from the identities.

        `received` by channel, `finished` by timeliness plus "refused" and "withdrawn"."""
        new = sum(received.get(channel, 0) for channel in CHANNELS)
        resolved = sum(finished.get(t, 0) for t in Timeliness)
        total = carried_over + new
        return cls(
            received_total=total,
            received_carried_over=carried_over,
            received_new=new,
            received_online=received.get("online", 0),
            received_direct=received.get("direct", 0),
            received_postal=received.get("postal", 0),
            resolved_total=resolved,
            resolved_early=finished.get(Timeliness.EARLY, 0),
            resolved_on_time=finished.get(Timeliness.ON_TIME, 0),
            resolved_late=finished.get(Timeliness.LATE, 0),
            resolved_refused=finished.get(REFUSED, 0),
            resolved_withdrawn=finished.get(WITHDRAWN, 0),
            pending_total=total - resolved,
            pending_within_time=total - resolved - overdue,
            pending_overdue=overdue,
        )


def counts_of(facts: DossierFacts, *, period: Period, as_of: datetime) -> Counts:
    """What one dossier adds to a report: the definitions spelled out one by one (the
    reference the SQL and the rollup are tested against)."""
    start, end = period.starts_at, period.ends_at
    values: dict[str, Any] = dict.fromkeys(KEYS, 0)
    finished = facts.finished_at
    if facts.received_at < start and (finished is None or finished >= start):
        values["received_carried_over"] = 1
    if start <= facts.received_at < end:
        values["received_new"] = 1
        values[f"received_{facts.channel}"] = 1
    values["received_total"] = values["received_carried_over"] + values["received_new"]
    if finished is not None and start <= finished < end:
        values["resolved_total"] = 1
        t = timeliness(finished_at=finished, due_at=facts.due_at, outcome=facts.outcome)
        values[f"resolved_{t}"] = 1
        values["resolved_refused"] = int(facts.outcome == REFUSED)
        values["resolved_withdrawn"] = int(facts.outcome == WITHDRAWN)
    if is_pending(facts, end=end):
        values["pending_total"] = 1
        overdue = is_overdue(facts, end=end, as_of=as_of)
        values["pending_overdue" if overdue else "pending_within_time"] = 1
    return Counts(**values)


assert [f.name for f in fields(Counts)] == list(KEYS)  # noqa: S101 (a module invariant)
