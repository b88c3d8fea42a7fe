"""Reports read from the rollup: O(units × versions × a few dozen rows), whatever the
number of dossiers.

For a period [D1, D2] per (unit, procedure version):
- received and resolved columns: the sums of their counters over [D1, D2];
- carried over: received − resolved over all days before D1;
- pending: carried over + new − resolved (the identity, which is also the definition);
- overdue at the end of D2: the sum of the overdue deltas over all days up to D2.
"All days before" starts at the first year in the table.

When as_of falls before the end of D2 (the current period: as_of = now), overdue depends
on the exact instant. The rollup gives it at 00:00 of as_of's day; the dossiers that can
judge differently at as_of are those received or finished since that midnight (up to the
end of D2), or still pending and due or stopped since that midnight. They are read from
the Dossier table (a few, for the current day) and counted with `definitions.is_overdue`.
"""

from collections import defaultdict
from datetime import date, datetime, timedelta

from django.db.models import Min, Q, Sum

from catalog.models import AdministrativeUnit
from dossiers.models import Dossier
from reports.definitions import (
    CHANNELS,
    FACT_FIELDS,
    REFUSED,
    WITHDRAWN,
    Counts,
    DossierFacts,
    Period,
    Timeliness,
    day_start,
    is_overdue,
    local_date,
)
from reports.models import COUNTERS, DailyCounter, Grain

Cell = tuple[int, int]  # unit_id, procedure_version_id
Run = tuple[int, date, date]  # grain, first, stop: rows of that grain with first ≤ day < stop

_RECEIVED = [COUNTERS.index(f"received_{c}") for c in CHANNELS]
_RESOLVED = [COUNTERS.index(f"resolved_{t}") for t in Timeliness]
_OVERDUE = COUNTERS.index("overdue")


def cover(first: date, stop: date) -> list[Run]:
    """The days [first, stop) as the fewest rows: whole years, whole months, single days."""
    if first >= stop:
        return []
    month_first, month_stop = _month_ceil(first), stop.replace(day=1)
    if month_first >= month_stop:
        return [(Grain.DAY, first, stop)]
    year_first, year_stop = _year_ceil(month_first), date(month_stop.year, 1, 1)
    runs = [(Grain.DAY, first, month_first)]
    if year_first < year_stop:
        runs += [
            (Grain.MONTH, month_first, year_first),
            (Grain.YEAR, year_first, year_stop),
            (Grain.MONTH, year_stop, month_stop),
        ]
    else:
        runs.append((Grain.MONTH, month_first, month_stop))
    runs.append((Grain.DAY, month_stop, stop))
    return [run for run in runs if run[1] < run[2]]


def _month_ceil(day: date) -> date:
    if day.day == 1:
        return day
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _year_ceil(day: date) -> date:
    return day if (day.month, day.day) == (1, 1) else date(day.year + 1, 1, 1)


def rollup_cells(
    *, period: Period, as_of: datetime, unit_ids: list[int] | None
) -> dict[Cell, Counts]:
    origin = _origin()
    if origin is None:
        return {}
    before = _sums(cover(origin, period.start), unit_ids)
    during = _sums(cover(period.start, period.end + timedelta(days=1)), unit_ids)
    if as_of < period.ends_at:
        overdue = _overdue_at(period=period, as_of=as_of, unit_ids=unit_ids, origin=origin)
    else:  # as_of at the end of D2: the deltas of every day up to D2
        overdue = defaultdict(int)
        for sums in (before, during):
            for cell, row in sums.items():
                overdue[cell] += row[_OVERDUE]
    cells = {}
    for cell in before.keys() | during.keys() | overdue.keys():
        b, d = before.get(cell), during.get(cell)
        counts = Counts.build(
            carried_over=sum(b[i] for i in _RECEIVED) - sum(b[i] for i in _RESOLVED) if b else 0,
            received={c: d[i] for c, i in zip(CHANNELS, _RECEIVED, strict=True)} if d else {},
            finished=_finished(d) if d else {},
            overdue=overdue.get(cell, 0),
        )
        if not counts.is_zero():
            cells[cell] = counts
    return cells


def _finished(row: list[int]) -> dict[str, int]:
    out = {t.value: row[COUNTERS.index(f"resolved_{t}")] for t in Timeliness}
    out[REFUSED] = row[COUNTERS.index("resolved_refused")]
    out[WITHDRAWN] = row[COUNTERS.index("resolved_withdrawn")]
    return out


def _origin() -> date | None:
    """1 January of the first year in the rollup: where "all days before" starts."""
    return DailyCounter.objects.filter(grain=Grain.YEAR).aggregate(first=Min("day"))["first"]


def _sums(runs: list[Run], unit_ids: list[int] | None) -> dict[Cell, list[int]]:
    if not runs:
        return {}
    where = Q()
    for grain, first, stop in runs:
        where |= Q(grain=grain, day__gte=first, day__lt=stop)
    rows = DailyCounter.objects.filter(where)
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    sums = (
        rows.order_by()
        .values_list("unit_id", "procedure_version_id")
        .annotate(*[Sum(c) for c in COUNTERS])
    )
    return {(row[0], row[1]): list(row[2:]) for row in sums}


def _overdue_at(
    *, period: Period, as_of: datetime, unit_ids: list[int] | None, origin: date
) -> dict[Cell, int]:
    """Overdue at an instant before the end of the period (see the module's docstring)."""
    day = local_date(as_of)
    midnight = day_start(day)
    counts: dict[Cell, int] = defaultdict(int)
    for cell, row in _sums(cover(origin, day), unit_ids).items():
        counts[cell] += row[_OVERDUE]
    for facts in _changed_since(midnight, period.ends_at, as_of, unit_ids):
        now = is_overdue(facts, end=period.ends_at, as_of=as_of)
        then = is_overdue(facts, end=midnight, as_of=midnight)
        if now != then:
            counts[(facts.unit_id, facts.procedure_version_id)] += 1 if now else -1
    return counts


def _changed_since(
    midnight: datetime, end: datetime, as_of: datetime, unit_ids: list[int] | None
) -> list[DossierFacts]:
    """Dossiers whose overdue state at (end, as_of) may differ from (midnight, midnight).

    Three queries, each along an index on (unit, time): the units are always listed."""
    units = unit_ids
    if units is None:
        units = list(AdministrativeUnit.objects.values_list("pk", flat=True))
    clock = Q(due_at__gte=midnight, due_at__lt=as_of) | Q(
        clock_stopped_at__gte=midnight, clock_stopped_at__lte=as_of
    )
    queries = [
        Q(received_at__gte=midnight, received_at__lt=end),
        Q(finished_at__gte=midnight) & (Q(finished_at__lt=end) | (Q(received_at__lt=end) & clock)),
        # Not "received_at < end" here: SQLite would then walk the receipt index instead
        # of the few unfinished dossiers; a superset is harmless (their difference is 0).
        Q(finished_at__isnull=True) & clock,
    ]
    found: dict[int, DossierFacts] = {}
    for where in queries:
        rows = Dossier.objects.filter(where, unit_id__in=units).values_list("pk", *FACT_FIELDS)
        for pk, *values in rows.order_by():
            found[pk] = DossierFacts(*values)
    return list(found.values())
