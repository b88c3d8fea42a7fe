"""The dashboard's figures, computed from reports of the engine (nothing here decides what a
dossier counts as): units ranked by on-time rate, the monthly trend and the online share."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from reports.definitions import Counts, Period
from reports.engine import Report
from reports.ratios import percent


def on_time_rate(counts: Counts) -> Decimal | None:
    """(early + on time) / resolved, in percent: None when nothing was resolved."""
    return percent(counts.resolved_early + counts.resolved_on_time, counts.resolved_total)


def online_share(counts: Counts) -> Decimal | None:
    """Dossiers received online / dossiers received in the period, in percent."""
    return percent(counts.received_online, counts.received_new)


@dataclass(frozen=True)
class RankedUnit:
    rank: int | None  # None: nothing resolved, not ranked
    key: str
    name: str
    resolved: int
    in_time: int  # early + on time
    late: int
    rate: Decimal | None


def ranking(by_unit: Report) -> list[RankedUnit]:
    """Units by on-time rate, best first (ties: more dossiers resolved first, then name);
    units that resolved nothing come last, unranked."""
    if by_unit.group_by != "unit":
        raise ValueError("ranking needs a report grouped by unit")
    rows = [(row, on_time_rate(row.counts)) for row in by_unit.rows]
    rows.sort(
        key=lambda item: (
            item[1] is None,
            -(item[1] or 0),
            -item[0].counts.resolved_total,
            item[0].name,
        )
    )
    ranked, rank = [], 0
    for row, rate in rows:
        c = row.counts
        if rate is not None:
            rank += 1
        ranked.append(
            RankedUnit(
                rank=rank if rate is not None else None,
                key=row.key,
                name=row.name,
                resolved=c.resolved_total,
                in_time=c.resolved_early + c.resolved_on_time,
                late=c.resolved_late,
                rate=rate,
            )
        )
    return ranked


@dataclass(frozen=True)
class MonthPoint:
    key: str
    name: str
    received: int  # received_new
    resolved: int
    late: int  # resolved_late
    online: int
    online_share: Decimal | None


def trend(by_month: Report, *, today: date) -> list[MonthPoint]:
    """The report's months up to today's: a month still to come would only draw a fall to
    zero on the chart."""
    if by_month.group_by != "month":
        raise ValueError("trend needs a report grouped by month")
    begun = len(Period(by_month.date_from, by_month.date_to).months(begun_by=today))
    return [
        MonthPoint(
            key=row.key,
            name=row.name,
            received=row.counts.received_new,
            resolved=row.counts.resolved_total,
            late=row.counts.resolved_late,
            online=row.counts.received_online,
            online_share=online_share(row.counts),
        )
        for row in by_month.rows[:begun]
    ]


def chart_data(
    *,
    ranked: list[RankedUnit],
    months: list[MonthPoint],
    satisfaction: list[tuple[str, Decimal | None]],
) -> dict:
    """What dashboard.js draws, the same numbers as the tables beside the charts."""

    def number(value: Decimal | None) -> float | None:
        return None if value is None else float(value)

    return {
        "ranking": {
            "labels": [u.name for u in ranked],
            "rates": [number(u.rate) for u in ranked],
        },
        "trend": {
            "labels": [m.name for m in months],
            "received": [m.received for m in months],
            "resolved": [m.resolved for m in months],
            "late": [m.late for m in months],
        },
        "online": {
            "labels": [m.name for m in months],
            "shares": [number(m.online_share) for m in months],
        },
        "satisfaction": {
            "labels": [label for label, _ in satisfaction],
            "scores": [number(score) for _, score in satisfaction],
        },
    }
