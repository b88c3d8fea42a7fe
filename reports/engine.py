"""The report (Biểu II.06a figures) for a period, grouped, from the rollup or directly.

Both sources produce counts per (unit, procedure version); grouping them into rows is done
here, once, so a row means the same whatever the source.

Groupings: unit (key: the unit's code; two units of the period sharing a code after a
merger stay two rows with the same key, ordered by their valid_from), field (field code),
procedure (procedure code), level (the procedure's level), level_field (the II.06a layout:
key "<level>/<field code>", `section` the level), month ("YYYY-MM"). Grouped by month,
the period is cut at calendar month boundaries and each row is the report of its part
(its own carried over and pending; as_of = min(end of the part, as_of)); the total is the
report of the whole period, not the sum of the rows. For the other groupings every dossier
falls in exactly one row and the total is the sum of the rows.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import reduce
from typing import Any

from django.db.models import Q
from django.utils import timezone

from catalog.models import AdministrativeUnit, Field, Level, ProcedureVersion
from reports.definitions import Counts, Period
from reports.direct import direct_cells
from reports.rollup_read import rollup_cells

GROUPINGS = ("unit", "field", "procedure", "level", "level_field", "month")
SOURCES = {"rollup": rollup_cells, "direct": direct_cells}
Cells = dict[tuple[int, int], Counts]


@dataclass(frozen=True)
class Row:
    key: str
    name: str
    counts: Counts
    section: str = ""  # level_field: the level this field row sits under

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "name": self.name, **self.counts.as_dict()}


@dataclass(frozen=True)
class Report:
    date_from: date
    date_to: date
    as_of: datetime
    group_by: str
    rows: tuple[Row, ...]
    total: Counts


def report(
    *,
    date_from: date,
    date_to: date,
    as_of: datetime | None = None,
    group_by: str = "unit",
    unit_ids: list[int] | None = None,
    source: str = "rollup",
) -> Report:
    """as_of defaults to now and never goes past the end of date_to."""
    if group_by not in GROUPINGS:
        raise ValueError(f"Không có cách nhóm «{group_by}» (chọn: {', '.join(GROUPINGS)}).")
    if source not in SOURCES:
        raise ValueError(f"Không có nguồn số liệu «{source}».")
    if as_of is not None and timezone.is_naive(as_of):
        raise ValueError("Thời điểm tính số liệu (as_of) phải có múi giờ.")
    compute = SOURCES[source]
    period = Period(date_from, date_to)
    # In Vietnam time: an offset such as -17:19 is valid ISO 8601 but PostgreSQL refuses it.
    moment = timezone.localtime(period.as_of(as_of or timezone.now()))
    cells = compute(period=period, as_of=moment, unit_ids=unit_ids)
    total = _sum(cells.values())
    if group_by == "month":
        rows = tuple(
            Row(
                f"{part.start:%Y-%m}",
                f"Tháng {part.start:%m/%Y}",
                _sum(compute(period=part, as_of=part.as_of(moment), unit_ids=unit_ids).values()),
            )
            for part in period.months()
        )
    else:
        rows = _GROUPERS[group_by](cells, period, unit_ids)
    return Report(date_from, date_to, moment, group_by, rows, total)


def _sum(counts: Iterable[Counts]) -> Counts:
    return reduce(Counts.__add__, counts, Counts())


def _by(cells: Cells, key: Callable[[int, int], Any]) -> dict[Any, Counts]:
    groups: dict[Any, Counts] = defaultdict(Counts)
    for (unit_id, version_id), counts in cells.items():
        group = key(unit_id, version_id)
        groups[group] = groups[group] + counts
    return groups


def _versions(cells: Cells) -> dict[int, ProcedureVersion]:
    ids = {version_id for _, version_id in cells}
    return {
        v.pk: v
        for v in ProcedureVersion.objects.filter(pk__in=ids).select_related("procedure", "field")
    }


def _by_unit(cells: Cells, period: Period, unit_ids: list[int] | None) -> tuple[Row, ...]:
    """Every receiving unit of the period is listed, with zeros if it had nothing."""
    groups = _by(cells, lambda unit_id, _: unit_id)
    listed = AdministrativeUnit.objects.receiving().filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=period.start), valid_from__lte=period.end
    )
    if unit_ids is not None:
        listed = listed.filter(pk__in=unit_ids)
    units = AdministrativeUnit.objects.filter(
        Q(pk__in=groups) | Q(pk__in=listed.values("pk"))
    ).order_by("code", "valid_from")
    return tuple(Row(u.code, u.name, groups.get(u.pk, Counts())) for u in units)


def _by_field(cells: Cells, period: Period, unit_ids: list[int] | None) -> tuple[Row, ...]:
    versions = _versions(cells)
    groups = _by(cells, lambda _, v: versions[v].field_id)
    fields = Field.objects.filter(pk__in=groups).order_by("code")
    return tuple(Row(f.code, f.name, groups[f.pk]) for f in fields)


def _by_procedure(cells: Cells, period: Period, unit_ids: list[int] | None) -> tuple[Row, ...]:
    versions = _versions(cells)
    groups = _by(cells, lambda _, v: versions[v].procedure_id)
    # A procedure's name is that of its latest version.
    names: dict[int, str] = {}
    for version in ProcedureVersion.objects.filter(procedure_id__in=groups).order_by("version"):
        names[version.procedure_id] = version.name
    codes = {v.procedure_id: v.procedure.code for v in versions.values()}
    return tuple(
        Row(codes[pid], names[pid], groups[pid]) for pid in sorted(groups, key=codes.__getitem__)
    )


_LEVELS = [level.value for level in Level]


def _by_level(cells: Cells, period: Period, unit_ids: list[int] | None) -> tuple[Row, ...]:
    versions = _versions(cells)
    groups = _by(cells, lambda _, v: versions[v].level)
    return tuple(
        Row(level, str(Level(level).label), groups[level]) for level in _LEVELS if level in groups
    )


def _by_level_field(cells: Cells, period: Period, unit_ids: list[int] | None) -> tuple[Row, ...]:
    versions = _versions(cells)
    groups = _by(cells, lambda _, v: (versions[v].level, versions[v].field_id))
    fields = {f.pk: f for f in Field.objects.filter(pk__in={f for _, f in groups})}
    order = sorted(groups, key=lambda g: (_LEVELS.index(g[0]), fields[g[1]].code))
    return tuple(
        Row(f"{level}/{fields[fid].code}", fields[fid].name, groups[(level, fid)], section=level)
        for level, fid in order
    )


_GROUPERS = {
    "unit": _by_unit,
    "field": _by_field,
    "procedure": _by_procedure,
    "level": _by_level,
    "level_field": _by_level_field,
}
