"""A receiving unit's public figures (công khai) for this calendar month, quarter and year.

The counts are the periodic report's (reports.engine.report with as_of now, calendar
periods): nothing here decides what a dossier counts as. Two figures the report does not
have are computed in SQL: the mean processing time of the dossiers resolved in the period
(finished_at − received_at, the same dossiers as `resolved_total`), and the mean of the
citizens' rating scores given in the period."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, DurationField, F
from django.utils.translation import gettext as _

from catalog.models import AdministrativeUnit
from dossiers.models import Dossier
from portal.indicators import INDICATORS
from portal.models import DossierRating
from reports.definitions import Counts, Period, PeriodKind, calendar_period, local_date
from reports.engine import report

ONE_DECIMAL = Decimal("0.1")
KINDS = (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR)


def one_decimal(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def percent(part: int, whole: int) -> Decimal | None:
    return one_decimal(Decimal(100 * part) / whole) if whole else None


@dataclass(frozen=True)
class PeriodFigures:
    kind: PeriodKind
    label: str
    period: Period
    as_of: datetime
    counts: Counts
    average_days: Decimal | None  # mean processing time of the dossiers resolved
    ratings: int
    indicator_scores: tuple[tuple[int, Decimal | None], ...]  # (indicator number, mean)
    satisfaction: Decimal | None  # mean of every score given in the period (0–2)

    @property
    def early_percent(self) -> Decimal | None:
        return percent(self.counts.resolved_early, self.counts.resolved_total)

    @property
    def on_time_percent(self) -> Decimal | None:
        return percent(self.counts.resolved_on_time, self.counts.resolved_total)

    @property
    def late_percent(self) -> Decimal | None:
        return percent(self.counts.resolved_late, self.counts.resolved_total)

    @property
    def online_percent(self) -> Decimal | None:
        return percent(self.counts.received_online, self.counts.received_new)


def period_of(kind: PeriodKind, now: datetime) -> tuple[Period, str]:
    today = local_date(now)
    if kind is PeriodKind.MONTH:
        number = today.month
        label = _("Tháng %(month)s/%(year)s") % {"month": f"{number:02d}", "year": today.year}
    elif kind is PeriodKind.QUARTER:
        number = (today.month - 1) // 3 + 1
        label = _("Quý %(quarter)s/%(year)s") % {"quarter": number, "year": today.year}
    else:
        number = 1
        label = _("Năm %(year)s") % {"year": today.year}
    return calendar_period(kind=kind, year=today.year, number=number), label


def average_processing_days(*, unit: AdministrativeUnit, period: Period, as_of: datetime):
    """Mean of finished_at − received_at, in days with one decimal, over the unit's
    dossiers finished in the period (up to as_of); None when there are none."""
    mean = Dossier.objects.filter(
        unit=unit,
        finished_at__gte=period.starts_at,
        finished_at__lt=period.ends_at,
        finished_at__lte=as_of,
    ).aggregate(mean=Avg(F("finished_at") - F("received_at"), output_field=DurationField()))["mean"]
    if mean is None:
        return None
    if not isinstance(mean, timedelta):  # some backends hand back microseconds
        mean = timedelta(microseconds=float(mean))
    return one_decimal(mean.total_seconds() / 86400)


def rating_scores(*, unit: AdministrativeUnit, period: Period, as_of: datetime):
    """(count, per-indicator means, overall mean) of the ratings given in the period."""
    averages = {f"avg_{i.number}": Avg(i.field) for i in INDICATORS}
    row = DossierRating.objects.filter(
        dossier__unit=unit,
        rated_at__gte=period.starts_at,
        rated_at__lt=period.ends_at,
        rated_at__lte=as_of,
    ).aggregate(count=Count("pk"), **averages)
    if not row["count"]:
        return 0, tuple((i.number, None) for i in INDICATORS), None
    means = [float(row[f"avg_{i.number}"]) for i in INDICATORS]
    # Every rating scores every indicator, so the mean of the means is the mean of all scores.
    overall = one_decimal(sum(means) / len(means))
    per_indicator = tuple(
        (i.number, one_decimal(mean)) for i, mean in zip(INDICATORS, means, strict=True)
    )
    return row["count"], per_indicator, overall


def unit_public_figures(*, unit: AdministrativeUnit, now: datetime) -> list[PeriodFigures]:
    """The figures of `unit` for the calendar month, quarter and year containing `now`."""
    figures = []
    for kind in KINDS:
        period, label = period_of(kind, now)
        result = report(date_from=period.start, date_to=period.end, as_of=now, unit_ids=[unit.pk])
        count, per_indicator, overall = rating_scores(unit=unit, period=period, as_of=result.as_of)
        figures.append(
            PeriodFigures(
                kind=kind,
                label=label,
                period=period,
                as_of=result.as_of,
                counts=result.total,
                average_days=average_processing_days(unit=unit, period=period, as_of=result.as_of),
                ratings=count,
                indicator_scores=per_indicator,
                satisfaction=overall,
            )
        )
    return figures
