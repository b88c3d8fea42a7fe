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

import operator
from collections import defaultdict
from datetime import date, datetime, timedelta
from functools import reduce

from django.db.models import F, Q, QuerySet, Sum
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Coalesce

from catalog.models import AdministrativeUnit
from dossiers.models import Dossier
from reports.definitions import (
    CHANNELS,
    FACT_FIELDS,
    Counts,
    DossierFacts,
    Period,
    Timeliness,
    day_start,
    is_overdue,
    local_date,
)
from reports.models import DailyCounter, Grain

Key = tuple[str, ...]  # the fields a report groups by, e.g. ("unit_id",)
Run = tuple[int, date, date]  # grain, first, stop: rows of that grain with first ≤ day < stop


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


# Before any dossier: "all days before D" runs from here. cover() turns it into one run of
# year rows, so the range costs nothing and needs no query for the first year in the table.
ORIGIN = date(1, 1, 1)

_RECEIVED = tuple(f"received_{c}" for c in CHANNELS)
_RESOLVED = tuple(f"resolved_{t}" for t in Timeliness)
_FINISHED = (*_RESOLVED, "resolved_refused", "resolved_withdrawn")


def rollup_groups(
    *, period: Period, as_of: datetime, unit_ids: list[int] | None, by: Key
) -> dict[tuple, Counts]:
    """The report's counts per group of `by` (paths from DailyCounter, which the Dossier
    model shares: "unit_id", "procedure_version__field_id"…; () for one total).

    One query: the rows of every run needed, each sum taking the runs of its part, grouped
    by `by` in SQL: the database returns one row per group, not per unit × version."""
    before = cover(ORIGIN, period.start)
    during = cover(period.start, period.end + timedelta(days=1))
    runs = before + during
    # Overdue at the end of D2: the deltas of every day up to D2, i.e. of every run.
    overdue_sum: Sum | CombinedExpression = Sum("overdue")
    if as_of < period.ends_at:
        # At 00:00 of as_of's day: less the deltas of the days from then to D2 (the rest of
        # that month in day rows, the other runs already read; future days have few rows).
        after = cover(local_date(as_of), period.end + timedelta(days=1))
        runs += after
        overdue_sum = Coalesce(Sum("overdue", filter=_within(before + during)), 0) - Coalesce(
            Sum("overdue", filter=_within(after)), 0
        )
    sums = {
        "carried_over": Sum(_plus(_RECEIVED) - _plus(_RESOLVED), filter=_within(before)),
        **{name: Sum(name, filter=_within(during)) for name in (*_RECEIVED, *_FINISHED)},
        "overdue": overdue_sum,
    }
    rows = DailyCounter.objects.filter(_within(runs))
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    if by:
        found = {
            tuple(row[k] for k in by): row for row in rows.order_by().values(*by).annotate(**sums)
        }
    else:
        found = {(): rows.aggregate(**sums)}
    overdue = {key: row["overdue"] or 0 for key, row in found.items()}
    if as_of < period.ends_at:
        for key, delta in _overdue_change(period, as_of, unit_ids, by).items():
            overdue[key] = overdue.get(key, 0) + delta
    groups = {}
    for key in found.keys() | overdue.keys():
        row = found.get(key, {})
        counts = Counts.build(
            carried_over=row.get("carried_over") or 0,
            received={c: row.get(name) or 0 for c, name in zip(CHANNELS, _RECEIVED, strict=True)},
            finished={name.removeprefix("resolved_"): row.get(name) or 0 for name in _FINISHED},
            overdue=overdue[key],
        )
        if not counts.is_zero():
            groups[key] = counts
    return groups


def rollup_months(
    *, parts: list[Period], as_of: datetime, unit_ids: list[int] | None
) -> list[Counts]:
    """The report of each part of a period cut by month (`Period.months`), each judged at
    min(its end, as_of), as `rollup_groups` gives it part by part, in two queries for the
    parts that ended by as_of (a dashboard over ten years has 130 of them): the sums before
    the first part, then the rows of every part grouped by month, in month and day rows
    (never a year row, which would span twelve parts). Each part's carried over is then the
    previous part's pending, and its overdue the running sum of the deltas. A part still
    open at as_of, or not yet begun, is read on its own."""
    closed = [part for part in parts if as_of >= part.ends_at]  # a prefix: parts run in order
    if len(closed) < 2:
        closed = []  # one part is one query read on its own: two would not pay
    out: list[Counts] = []
    if closed:
        first, stop = closed[0].start, closed[-1].end + timedelta(days=1)
        rows = DailyCounter.objects.order_by()
        if unit_ids is not None:
            rows = rows.filter(unit_id__in=unit_ids)
        before = rows.filter(_within(cover(ORIGIN, first))).aggregate(
            carried_over=Sum(_plus(_RECEIVED) - _plus(_RESOLVED)), overdue=Sum("overdue")
        )
        names = (*_RECEIVED, *_FINISHED, "overdue")
        by_month: dict[date, list[int]] = defaultdict(lambda: [0] * len(names))
        during = rows.filter(_within(_cover_by_month(first, stop)))
        for row in during.values("day").annotate(**{n: Sum(n) for n in names}):
            month = by_month[row["day"].replace(day=1)]
            for i, name in enumerate(names):
                month[i] += row[name] or 0
        carried, overdue = before["carried_over"] or 0, before["overdue"] or 0
        for part in closed:
            sums = dict(zip(names, by_month[part.start.replace(day=1)], strict=True))
            overdue += sums["overdue"]
            out.append(
                Counts.build(
                    carried_over=carried,
                    received={c: sums[n] for c, n in zip(CHANNELS, _RECEIVED, strict=True)},
                    finished={n.removeprefix("resolved_"): sums[n] for n in _FINISHED},
                    overdue=overdue,
                )
            )
            carried += sum(sums[n] for n in _RECEIVED) - sum(sums[n] for n in _RESOLVED)
    for part in parts[len(closed) :]:
        groups = rollup_groups(period=part, as_of=part.as_of(as_of), unit_ids=unit_ids, by=())
        out.append(groups.get((), Counts()))
    return out


def _cover_by_month(first: date, stop: date) -> list[Run]:
    """The days [first, stop) as whole months and single days, without year rows."""
    month_first, month_stop = _month_ceil(first), stop.replace(day=1)
    if month_first >= month_stop:
        return [(Grain.DAY, first, stop)]
    runs = [
        (Grain.DAY, first, month_first),
        (Grain.MONTH, month_first, month_stop),
        (Grain.DAY, month_stop, stop),
    ]
    return [run for run in runs if run[1] < run[2]]


def _within(runs: list[Run]) -> Q:
    """The rows of `runs`; none when there is no run (a period starting on 1/1/0001 has
    no day before it): no grain is -1."""
    return reduce(
        operator.or_,
        (Q(grain=g, day__gte=first, day__lt=stop) for g, first, stop in runs),
        Q(grain=-1),
    )


def _plus(names: tuple[str, ...]) -> CombinedExpression | F:
    return reduce(operator.add, (F(name) for name in names))


def _overdue_change(
    period: Period, as_of: datetime, unit_ids: list[int] | None, by: Key
) -> dict[tuple, int]:
    """Overdue at an instant before the end of the period differs from the rollup's figure
    (at 00:00 of as_of's day) by the dossiers that changed since (see the module's
    docstring)."""
    midnight = day_start(local_date(as_of))
    counts: dict[tuple, int] = defaultdict(int)
    for facts, key in _changed_since(midnight, period.ends_at, as_of, unit_ids, by):
        now = is_overdue(facts, end=period.ends_at, as_of=as_of)
        then = is_overdue(facts, end=midnight, as_of=midnight)
        if now != then:
            counts[key] += 1 if now else -1
    return counts


def _changed_since(
    midnight: datetime, end: datetime, as_of: datetime, unit_ids: list[int] | None, by: Key
) -> list[tuple[DossierFacts, tuple]]:
    """Dossiers whose overdue state at (end, as_of) may differ from (midnight, midnight),
    with their group's key."""
    units = unit_ids
    if units is None:
        units = list(AdministrativeUnit.objects.values_list("pk", flat=True))
    found: dict[int, tuple[DossierFacts, tuple]] = {}
    width = len(FACT_FIELDS)
    for rows in changed_queries(midnight, end, as_of, units):
        for pk, *values in rows.values_list("pk", *FACT_FIELDS, *by):
            found[pk] = (DossierFacts(*values[:width]), tuple(values[width:]))
    return list(found.values())


def changed_queries(
    midnight: datetime, end: datetime, as_of: datetime, units: list[int]
) -> list[QuerySet[Dossier]]:
    """The queries of `_changed_since`: four, each along an index on (unit, time), so the
    units are always listed (reports/tests/test_plans.py pins the indexes)."""
    due = Q(due_at__gte=midnight, due_at__lt=as_of)
    stopped = Q(clock_stopped_at__gte=midnight, clock_stopped_at__lte=as_of)
    queries = [
        Q(received_at__gte=midnight, received_at__lt=end),
        Q(finished_at__gte=midnight)
        & (Q(finished_at__lt=end) | (Q(received_at__lt=end) & (due | stopped))),
        # Unfinished: two queries, one per partial index (dossier_unit_pending_due,
        # dossier_unit_stopped), not one with OR, which reads every pending dossier's row.
        # Not "received_at < end" here: a superset is harmless (their difference is 0).
        Q(finished_at__isnull=True) & due,
        Q(finished_at__isnull=True) & stopped,
    ]
    # Overdue at either instant means due before it, and midnight ≤ as_of: a dossier due
    # later is overdue at neither, whatever else changed (most of the day's receipts).
    return [
        Dossier.objects.filter(where, unit_id__in=units, due_at__lt=as_of).order_by()
        for where in queries
    ]
