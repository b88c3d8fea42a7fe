"""The counts Decision 766 needs (reports.decision766.Facts) for units and a period: the
report's figures from the engine, the rest counted on the dossiers, catalogue and ratings."""

from django.db.models import Count, Q, Sum

from catalog.models import AdministrativeUnit, ProcedureVersion
from catalog.selectors import procedure_versions_in_force
from dossiers.models import Dossier, Outcome
from portal.models import DossierRating
from reports.decision766 import Facts
from reports.definitions import Period
from reports.engine import Report

ONLINE_LEVELS = (ProcedureVersion.OnlineLevel.FULL, ProcedureVersion.OnlineLevel.PARTIAL)


def facts_766(*, unit_ids: list[int], period: Period, result: Report) -> Facts:
    """`result`: the engine's report for the same units and period."""
    t = result.total
    received = Dossier.objects.filter(
        unit_id__in=unit_ids, received_at__gte=period.starts_at, received_at__lt=period.ends_at
    ).aggregate(
        fee=Count("pk", filter=~Q(procedure_version__fee_kind=ProcedureVersion.FeeKind.FREE)),
        paid=Count(
            "pk",
            filter=Q(paid_online=True)
            & ~Q(procedure_version__fee_kind=ProcedureVersion.FeeKind.FREE),
        ),
        digitised=Count("pk", filter=Q(papers_digitised=True)),
        reused=Count("pk", filter=Q(papers_reused=True)),
    )
    results = Dossier.objects.filter(
        unit_id__in=unit_ids,
        finished_at__gte=period.starts_at,
        finished_at__lt=period.ends_at,
        outcome=Outcome.RESOLVED,
    ).aggregate(all=Count("pk"), digitised=Count("pk", filter=Q(result_digitised=True)))
    levels = set(
        AdministrativeUnit.objects.receiving()
        .filter(pk__in=unit_ids)
        .values_list("level", flat=True)
    )
    in_force = procedure_versions_in_force(period.end).filter(level__in=levels)
    ratings = DossierRating.objects.filter(
        dossier__unit_id__in=unit_ids,
        rated_at__gte=period.starts_at,
        rated_at__lt=period.ends_at,
        rated_at__lte=result.as_of,
    ).aggregate(
        count=Count("pk"),
        points=Sum("time_score")
        + Sum("contacts_score")
        + Sum("agencies_score")
        + Sum("attitude_score"),
    )
    return Facts(
        received_new=t.received_new,
        received_online=t.received_online,
        resolved_total=t.resolved_total,
        resolved_in_time=t.resolved_early + t.resolved_on_time,
        pending_total=t.pending_total,
        pending_overdue=t.pending_overdue,
        fee_dossiers=received["fee"],
        paid_online=received["paid"],
        papers_digitised=received["digitised"],
        papers_reused=received["reused"],
        results=results["all"],
        results_digitised=results["digitised"],
        procedures=in_force.count(),
        procedures_online=in_force.filter(online_level__in=ONLINE_LEVELS).count(),
        ratings=ratings["count"],
        rating_points=ratings["points"] or 0,
    )
