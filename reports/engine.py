"""The report (Biểu II.06a figures) for a period, grouped, from the rollup or directly.

Both sources sum their counts per group in SQL, grouped by the same fields (`_BY`: the
unit, or the procedure version's field, procedure or level: both tables have the two
foreign keys); naming and ordering the groups as rows is done here, once, so a row means
the same whatever the source.

Groupings: unit (key: the unit's code; two units of the period sharing a code after a
merger stay two rows with the same key, ordered by their valid_from), field (field code),
procedure (procedure code), level (the procedure's level), level_field (the II.06a layout:
key "<level>/<field code>", `section` the level), month ("YYYY-MM"). Grouped by month,
the period is cut at calendar month boundaries and each row is the report of its part
(its own carried over and pending; as_of = min(end of the part, as_of)); the total is the
report of the whole period, not the sum of the rows. For the other groupings every dossier
falls in exactly one row and the total is the sum of the rows.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import reduce
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import AdministrativeUnit, Field, Level, ProcedureVersion
from reports.definitions import Counts, Period
from reports.direct import direct_groups
from reports.rollup_read import rollup_groups, rollup_months

GROUPINGS = ("unit", "field", "procedure", "level", "level_field", "month")
SOURCES = {"rollup": rollup_groups, "direct": direct_groups}
# What each grouping groups by in SQL (fields of both DailyCounter and Dossier): the
# database sums per group, and Python sees one row per line of the report. By month:
# one total per part.
_BY: dict[str, tuple[str, ...]] = {
    "unit": ("unit_id",),
    "field": ("procedure_version__field_id",),
    "procedure": ("procedure_version__procedure_id",),
    "level": ("procedure_version__level",),
    "level_field": ("procedure_version__level", "procedure_version__field_id"),
    "month": (),
}
Groups = dict[tuple, Counts]


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
    # The period, or (grouped by month) some of its months, begin after today: none of their
    # own figures exist yet, and what they show as carried over is what is pending now.
    # (Not judged by as_of, which only sets when lateness is judged.)
    not_begun: bool = False
    months_not_begun: bool = False


def report(
    *,
    date_from: date,
    date_to: date,
    as_of: datetime | None = None,
    group_by: str = "unit",
    unit_ids: list[int] | None = None,
    source: str = "rollup",
) -> Report:
    """as_of defaults to now and never goes past now or the end of date_to (rules.md §5)."""
    if group_by not in GROUPINGS:
        raise ValueError(f"Không có cách nhóm «{group_by}» (chọn: {', '.join(GROUPINGS)}).")
    if source not in SOURCES:
        raise ValueError(f"Không có nguồn số liệu «{source}».")
    if as_of is not None and timezone.is_naive(as_of):
        raise ValueError("Thời điểm tính số liệu (as_of) phải có múi giờ.")
    compute = SOURCES[source]
    period = Period(date_from, date_to)
    now = timezone.now()
    today = timezone.localdate(now)
    # A moment still to come cannot be judged: what is pending then is not known yet. In
    # Vietnam time: an offset such as -17:19 is valid ISO 8601 but PostgreSQL refuses it.
    moment = timezone.localtime(period.as_of(min(as_of or now, now)))
    groups = compute(period=period, as_of=moment, unit_ids=unit_ids, by=_BY[group_by])
    total = _sum(groups.values())
    if group_by == "month":
        parts = period.months()
        if source == "rollup":  # the same figures, in two queries rather than one per part
            per_part = rollup_months(parts=parts, as_of=moment, unit_ids=unit_ids)
        else:
            per_part = [
                _sum(compute(period=p, as_of=p.as_of(moment), unit_ids=unit_ids, by=()).values())
                for p in parts
            ]
        rows = tuple(
            Row(f"{part.start:%Y-%m}", month_label(part, today), counts)
            for part, counts in zip(parts, per_part, strict=True)
        )
    else:
        rows = _GROUPERS[group_by](groups, period, unit_ids)
    return Report(
        date_from,
        date_to,
        moment,
        group_by,
        rows,
        total,
        not_begun=today < date_from,
        months_not_begun=group_by == "month" and today < period.months()[-1].start,
    )


def month_label(part: Period, today: date) -> str:
    """A month's name, "Tháng 3/2026", with the days when the report holds only part of the
    month (an official period starts on the 15th: "Tháng 12/2025 (15/12–31/12)"), and said
    not begun when it starts after `today`; in the active language: the page's; the
    downloads and the API are made in Vietnamese."""
    name = _("Tháng %(n)s/%(y)s") % {"n": part.start.month, "y": part.start.year}
    if not part.whole_month:
        name = f"{name} ({part.start:%d/%m}–{part.end:%d/%m})"
    if today < part.start:
        name = _("%(month)s — chưa bắt đầu") % {"month": name}
    return name


def _sum(counts: Iterable[Counts]) -> Counts:
    return reduce(Counts.__add__, counts, Counts())


def _by_unit(groups: Groups, period: Period, unit_ids: list[int] | None) -> tuple[Row, ...]:
    """Every receiving unit of the period is listed, with zeros if it had nothing."""
    counts = {unit_id: c for (unit_id,), c in groups.items()}
    listed = AdministrativeUnit.objects.receiving().filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=period.start), valid_from__lte=period.end
    )
    if unit_ids is not None:
        listed = listed.filter(pk__in=unit_ids)
    units = AdministrativeUnit.objects.filter(
        Q(pk__in=counts) | Q(pk__in=listed.values("pk"))
    ).order_by("code", "valid_from")
    # a commune merged in 2025 is named with its last day beside the one that took its code
    return tuple(Row(u.code, u.dated_name, counts.get(u.pk, Counts())) for u in units)


def _by_field(groups: Groups, period: Period, unit_ids: list[int] | None) -> tuple[Row, ...]:
    counts = {field_id: c for (field_id,), c in groups.items()}
    fields = Field.objects.filter(pk__in=counts).order_by("code")
    return tuple(Row(f.code, f.name, counts[f.pk]) for f in fields)


def _by_procedure(groups: Groups, period: Period, unit_ids: list[int] | None) -> tuple[Row, ...]:
    counts = {procedure_id: c for (procedure_id,), c in groups.items()}
    # A procedure's name is that of its latest version.
    codes: dict[int, str] = {}
    names: dict[int, str] = {}
    versions = ProcedureVersion.objects.filter(procedure_id__in=counts).select_related("procedure")
    for version in versions.order_by("version"):
        codes[version.procedure_id] = version.procedure.code
        names[version.procedure_id] = version.name
    return tuple(
        Row(codes[pid], names[pid], counts[pid]) for pid in sorted(counts, key=codes.__getitem__)
    )


_LEVELS = [level.value for level in Level]


def _by_level(groups: Groups, period: Period, unit_ids: list[int] | None) -> tuple[Row, ...]:
    counts = {level: c for (level,), c in groups.items()}
    return tuple(
        Row(level, str(Level(level).label), counts[level]) for level in _LEVELS if level in counts
    )


def _by_level_field(groups: Groups, period: Period, unit_ids: list[int] | None) -> tuple[Row, ...]:
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
