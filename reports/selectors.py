"""Reads of dossiers and ratings for the report pages, always within unit ids the caller got
from reports.scope (the units the user may see)."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Avg, Count, Q, QuerySet

from dossiers.models import Dossier
from portal.indicators import INDICATORS
from portal.models import DossierRating
from reports.definitions import Period
from reports.ratios import one_decimal


def overdue_dossiers(*, unit_ids: list[int], end: datetime, as_of: datetime) -> QuerySet[Dossier]:
    """The dossiers a report ending at `end` counts as pending_overdue at `as_of`
    (reports.definitions.is_overdue): received before the end, not finished before it, due
    before as_of and not waiting for a supplement then. Most overdue first."""
    return (
        Dossier.objects.filter(
            Q(clock_stopped_at__isnull=True) | Q(clock_stopped_at__gt=as_of),
            Q(finished_at__isnull=True) | Q(finished_at__gte=end),
            unit_id__in=unit_ids,
            received_at__lt=end,
            due_at__lt=as_of,
        )
        .select_related("unit", "procedure_version", "assignee")
        .order_by("due_at", "pk")
    )


@dataclass(frozen=True)
class RatingSummary:
    count: int
    per_indicator: tuple[tuple[int, Decimal | None], ...]  # (indicator number, mean 0–2)
    overall: Decimal | None  # mean of every score given


def rating_summary(*, unit_ids: list[int], period: Period, as_of: datetime) -> RatingSummary:
    """The citizens' ratings given in the period (up to as_of), as the public figures page
    counts them (portal.figures.rating_scores), over several units."""
    averages = {f"avg_{i.number}": Avg(i.field) for i in INDICATORS}
    row = DossierRating.objects.filter(
        dossier__unit_id__in=unit_ids,
        rated_at__gte=period.starts_at,
        rated_at__lt=period.ends_at,
        rated_at__lte=as_of,
    ).aggregate(count=Count("pk"), **averages)
    if not row["count"]:
        return RatingSummary(0, tuple((i.number, None) for i in INDICATORS), None)
    means = [float(row[f"avg_{i.number}"]) for i in INDICATORS]
    # Every rating scores every indicator: the mean of the means is the mean of all scores.
    return RatingSummary(
        count=row["count"],
        per_indicator=tuple(
            (i.number, one_decimal(m)) for i, m in zip(INDICATORS, means, strict=True)
        ),
        overall=one_decimal(sum(means) / len(means)),
    )
