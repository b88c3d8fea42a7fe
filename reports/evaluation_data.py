"""The evaluation (Circular 01/2018 art. 13–15) of the units a user may see for a period:
reads the dossiers finished in the period (the report's resolved dossiers), their liên
thông transfers and ratings, and scores them with reports.evaluation."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from accounts.models import User
from catalog.models import AdministrativeUnit, ProcedureVersion
from catalog.selectors import procedure_versions_in_force
from dossiers.models import Channel, Dossier, DossierTransfer
from portal.models import DossierRating
from reports import evaluation as ev
from reports.definitions import Period, Timeliness, timeliness
from reports.engine import report
from reports.selectors import overdue_dossiers

ONLINE_LEVELS = (ProcedureVersion.OnlineLevel.FULL, ProcedureVersion.OnlineLevel.PARTIAL)


@dataclass(frozen=True)
class Scored:
    dossier: ev.DossierInput
    scores: dict[int, int | None]


@dataclass(frozen=True)
class UnitEvaluation:
    unit: AdministrativeUnit
    resolved: int  # the report's resolved_total: the dossiers scored
    scores: dict[int, Decimal | int | None]  # indicator → score, None: left out
    facts: dict[str, int]  # the counts behind indicators 5 and 9
    total: Decimal
    cls: ev.UnitClass


@dataclass(frozen=True)
class OfficerEvaluation:
    officer: User
    dossiers: int
    scores: dict[int, Decimal | None]
    total: Decimal
    cls: ev.StaffClass


@dataclass(frozen=True)
class Evaluation:
    period: Period
    as_of: datetime
    units: list[UnitEvaluation]
    officers: list[OfficerEvaluation]
    dossiers: list[Scored]  # by finish time


def load_dossiers(*, unit_ids: list[int], period: Period, as_of: datetime) -> list[ev.DossierInput]:
    """The dossiers finished in the period (those the report counts as resolved), with their
    transfers and the ratings given up to as_of."""
    rows = list(
        Dossier.objects.filter(
            unit_id__in=unit_ids,
            finished_at__gte=period.starts_at,
            finished_at__lt=period.ends_at,
        )
        .order_by("finished_at", "pk")
        .values_list(
            "pk",
            "code",
            "unit_id",
            "assignee_id",
            "procedure_version__procedure_id",
            "channel",
            "due_at",
            "finished_at",
            "outcome",
        )
    )
    ids = [row[0] for row in rows]
    transfers: dict[int, list[ev.Transfer]] = defaultdict(list)
    for dossier_id, deadline, returned_at in DossierTransfer.objects.filter(
        dossier_id__in=ids
    ).values_list("dossier_id", "deadline", "returned_at"):
        transfers[dossier_id].append(ev.Transfer(deadline, returned_at))
    ratings = {
        r[0]: ev.Rating(*r[1:])
        for r in DossierRating.objects.filter(dossier_id__in=ids, rated_at__lte=as_of).values_list(
            "dossier_id", "time_score", "contacts_score", "agencies_score", "attitude_score"
        )
    }
    made = []
    for pk, code, unit_id, assignee_id, procedure_id, channel, due, done, outcome in rows:
        made.append(
            ev.DossierInput(
                code=code,
                unit_id=unit_id,
                assignee_id=assignee_id,
                procedure_id=procedure_id,
                channel=channel,
                due_at=due,
                finished_at=done,  # type: ignore[arg-type]  # filtered on it: never None
                outcome=outcome,
                transfers=tuple(transfers.get(pk, ())),
                rating=ratings.get(pk),
            )
        )
    return made


def evaluate(*, unit_ids: list[int], period: Period, now: datetime) -> Evaluation:
    by_unit = report(
        date_from=period.start, date_to=period.end, as_of=now, group_by="unit", unit_ids=unit_ids
    )
    as_of = by_unit.as_of
    dossiers = load_dossiers(unit_ids=unit_ids, period=period, as_of=as_of)
    scored = [Scored(d, ev.dossier_scores(d)) for d in dossiers]
    units = AdministrativeUnit.objects.receiving().filter(pk__in=unit_ids).order_by("name")
    rows = {row.key: row.counts for row in by_unit.rows}
    overdue_online: defaultdict[int, int] = defaultdict(int)
    for unit_id in (
        overdue_dossiers(unit_ids=unit_ids, end=period.ends_at, as_of=as_of)
        .filter(channel=Channel.ONLINE)
        .values_list("unit_id", flat=True)
    ):
        overdue_online[unit_id] += 1
    in_force = list(procedure_versions_in_force(period.end).values_list("level", "online_level"))

    unit_results = []
    for unit, version_ids in _units_by_code(units, period):
        mine = [s for s in scored if s.dossier.unit_id in version_ids]
        counts = rows.get(unit.code)
        if counts is None or not (mine or counts.received_total):
            continue
        facts = _unit_facts(unit, mine, in_force, overdue_online[unit.pk])
        facts["received"] = counts.received_new
        facts["online"] = counts.received_online
        scores: dict[int, Decimal | int | None] = dict.fromkeys(ev.ALL)
        scores.update(ev.indicator_means(s.scores for s in mine))
        scores[5] = ev.indicator_5(
            level=unit.level, procedures=facts["procedures"], at_one_stop=facts["at_one_stop"]
        )
        scores[9] = ev.indicator_9(
            eligible=facts["eligible"],
            offered=facts["offered"],
            received=facts["received"],
            online=facts["online"],
            online_late=facts["online_late"],
        )
        points = ev.total(scores)
        unit_results.append(
            UnitEvaluation(
                unit, counts.resolved_total, scores, facts, points, ev.unit_class(points)
            )
        )
    return Evaluation(period, as_of, unit_results, _officers(scored), scored)


def _units_by_code(
    units: Iterable[AdministrativeUnit], period: Period
) -> list[tuple[AdministrativeUnit, set[int]]]:
    """One entry per unit code, as the report groups its rows: the unit that is last in force
    during the period names it, and the dossiers of every unit that held the code count (2025's
    merged communes took the code of one they absorbed). A code none held during the period
    (a unit dissolved before it) has no entry."""
    versions: defaultdict[str, list[AdministrativeUnit]] = defaultdict(list)
    for unit in units:
        versions[unit.code].append(unit)
    entries = []
    for held in versions.values():
        in_force = [
            u
            for u in held
            if u.valid_from <= period.end and (u.valid_to is None or u.valid_to > period.start)
        ]
        if in_force:
            named = max(in_force, key=lambda u: u.valid_from)
            entries.append((named, {u.pk for u in held}))
    return sorted(entries, key=lambda entry: entry[0].name)


def _unit_facts(
    unit: AdministrativeUnit,
    mine: list[Scored],
    in_force: list[tuple[str, str]],
    overdue_online: int,
) -> dict[str, int]:
    procedures: dict[int, bool] = {}
    for s in mine:
        d = s.dossier
        procedures[d.procedure_id] = procedures.get(d.procedure_id, True) and not d.transfers
    late_online = sum(
        1
        for s in mine
        if s.dossier.channel == Channel.ONLINE
        and timeliness(
            finished_at=s.dossier.finished_at, due_at=s.dossier.due_at, outcome=s.dossier.outcome
        )
        is Timeliness.LATE
    )
    levels = [online for level, online in in_force if level == unit.level]
    return {
        "procedures": len(procedures),
        "at_one_stop": sum(procedures.values()),
        "eligible": len(levels),
        "offered": sum(1 for online in levels if online in ONLINE_LEVELS),
        "online_late": late_online + overdue_online,
        "online_resolved_late": late_online,
        "online_overdue": overdue_online,
    }


def _officers(scored: list[Scored]) -> list[OfficerEvaluation]:
    """Officers by the dossiers assigned to them (Dossier.assignee); dossiers never assigned
    are not attributed to anyone."""
    by_officer: dict[int, list[Scored]] = defaultdict(list)
    for s in scored:
        if s.dossier.assignee_id is not None:
            by_officer[s.dossier.assignee_id].append(s)
    people = User.objects.in_bulk(list(by_officer))
    results = []
    for officer_id, mine in by_officer.items():
        means = ev.indicator_means(s.scores for s in mine)
        points = ev.total(dict(means))
        results.append(
            OfficerEvaluation(people[officer_id], len(mine), means, points, ev.staff_class(points))
        )
    results.sort(key=lambda o: (-o.total, str(o.officer)))
    return results
