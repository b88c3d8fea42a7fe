"""The evidence pack of one unit for a programme's period: the II.06a figures the report
engine computes, the dossiers behind the late and overdue figures, online share,
satisfaction, Circular 01 scores, fees, and the integrity checks."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone

from catalog.models import AdministrativeUnit
from catalog.selectors import procedure_versions_in_force
from dossiers.models import Dossier, DossierEvent, Outcome
from oversight.integrity import Event, Trail, run_checks
from reports.definitions import Counts, Period
from reports.engine import report
from reports.evaluation_data import ONLINE_LEVELS, UnitEvaluation, evaluate
from reports.exports.ii06a import columns
from reports.ratios import one_decimal
from reports.selectors import RatingSummary, overdue_dossiers, rating_summary

# II.06a columns 3–13, in the order of reports.exports.ii06a.columns.
COLUMN_KEYS = (
    "received_total",
    "received_online",
    "received_direct_postal",
    "received_carried_over",
    "resolved_total",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "pending_total",
    "pending_within_time",
    "pending_overdue",
)


@dataclass(frozen=True)
class Comparison:
    key: str
    computed: int
    reported: int | None

    @property
    def differs(self) -> bool:
        return self.reported is not None and self.reported != self.computed


@dataclass
class EvidencePack:
    unit: AdministrativeUnit
    period: Period
    as_of: datetime
    counts: Counts
    overdue: list[Dossier]
    late: list[Dossier]
    late_with_apology: int
    late_without_apology: int
    online_share: Decimal | None
    on_time_share: Decimal | None
    procedures_eligible: int
    procedures_online: int
    ratings: RatingSummary
    evaluation: UnitEvaluation | None
    fees: int
    fee_dossiers: int
    checks: dict[str, list[int]] = field(default_factory=dict)

    @property
    def columns(self) -> dict[str, int]:
        return dict(zip(COLUMN_KEYS, columns(self.counts), strict=True))


def share(part: int, whole: int) -> Decimal | None:
    """part / whole in per cent, one decimal; None when there is nothing to divide."""
    return one_decimal(100 * part / whole) if whole else None


def period_dossiers(*, unit_id: int, period: Period) -> QuerySet[Dossier]:
    """The dossiers the period's report touches: received before its end and not finished
    before its start (carried over, new, resolved or pending)."""
    return Dossier.objects.filter(
        Q(finished_at__isnull=True) | Q(finished_at__gte=period.starts_at),
        unit_id=unit_id,
        received_at__lt=period.ends_at,
    )


def late_dossiers(*, unit_id: int, period: Period) -> QuerySet[Dossier]:
    """Finished in the period after their due time (the report's resolved_late)."""
    return (
        Dossier.objects.filter(
            unit_id=unit_id,
            finished_at__gte=period.starts_at,
            finished_at__lt=period.ends_at,
            finished_at__gt=F("due_at"),
        )
        .exclude(outcome=Outcome.WITHDRAWN)
        .select_related("assignee", "procedure_version")
        .order_by("finished_at", "pk")
    )


def trails(dossiers: QuerySet[Dossier]) -> list[Trail]:
    rows = list(
        dossiers.order_by("received_at", "pk").values_list(
            "pk",
            "code",
            "status",
            "received_at",
            "due_at",
            "finished_at",
            "returned_at",
            "appointment_at",
            "apology_at",
            "imported",
        )
    )
    events: dict[int, list[Event]] = {row[0]: [] for row in rows}
    for dossier_id, action, at, from_status, to_status, data in (
        DossierEvent.objects.filter(dossier_id__in=list(events))
        .order_by("dossier_id", "at", "pk")
        .values_list("dossier_id", "action", "at", "from_status", "to_status", "data")
    ):
        events[dossier_id].append(Event(action, at, from_status, to_status, data or {}))
    return [Trail(*row, events=tuple(events[row[0]])) for row in rows]


def evidence_pack(
    *, unit: AdministrativeUnit, period: Period, now: datetime | None = None
) -> EvidencePack:
    now = now or timezone.now()
    result = report(date_from=period.start, date_to=period.end, as_of=now, unit_ids=[unit.pk])
    as_of, counts = result.as_of, result.total
    overdue = list(overdue_dossiers(unit_ids=[unit.pk], end=period.ends_at, as_of=as_of))
    late = list(late_dossiers(unit_id=unit.pk, period=period))
    behind = late + overdue
    with_apology = sum(1 for d in behind if d.apology_at is not None)
    in_force = [
        online
        for level, online in procedure_versions_in_force(period.end).values_list(
            "level", "online_level"
        )
        if level == unit.level
    ]
    evaluation = next((u for u in evaluate(unit_ids=[unit.pk], period=period, now=now).units), None)
    fees = Dossier.objects.filter(
        unit=unit,
        returned_at__gte=period.starts_at,
        returned_at__lt=period.ends_at,
        fee_collected__isnull=False,
    ).aggregate(total=Sum("fee_collected"), n=Count("pk"))
    return EvidencePack(
        unit=unit,
        period=period,
        as_of=as_of,
        counts=counts,
        overdue=overdue,
        late=late,
        late_with_apology=with_apology,
        late_without_apology=len(behind) - with_apology,
        online_share=share(counts.received_online, counts.received_new),
        on_time_share=share(counts.resolved_early + counts.resolved_on_time, counts.resolved_total),
        procedures_eligible=len(in_force),
        procedures_online=sum(1 for online in in_force if online in ONLINE_LEVELS),
        ratings=rating_summary(unit_ids=[unit.pk], period=period, as_of=as_of),
        evaluation=evaluation,
        fees=fees["total"] or 0,
        fee_dossiers=fees["n"],
        checks=run_checks(trails(period_dossiers(unit_id=unit.pk, period=period))),
    )


def compare(pack: EvidencePack, reported: dict[str, int] | None) -> list[Comparison]:
    """The computed II.06a columns beside the unit's own figures."""
    reported = reported or {}
    return [Comparison(key, value, reported.get(key)) for key, value in pack.columns.items()]


# The II.06a identities (rules.md §5) over columns 3–13: a total and the columns it sums.
COLUMN_IDENTITIES = (
    ("received_total", ("received_online", "received_direct_postal", "received_carried_over")),
    ("received_total", ("resolved_total", "pending_total")),
    ("resolved_total", ("resolved_early", "resolved_on_time", "resolved_late")),
    ("pending_total", ("pending_within_time", "pending_overdue")),
)


def broken_column_identities(values: dict[str, int]) -> list[str]:
    """The identities a unit's own figures break, as "3 ≠ 4 + 5 + 6" (the form's column
    numbers). Such figures are kept as the unit reported them: they are evidence, and the
    page flags them."""

    def number(key: str) -> int:
        return COLUMN_KEYS.index(key) + 3

    return [
        f"{number(total)} ≠ {' + '.join(str(number(p)) for p in parts)}"
        for total, parts in COLUMN_IDENTITIES
        if values[total] != sum(values[p] for p in parts)
    ]
