"""Circular 01/2018/TT-VPCP art. 13–15: the nine indicators, scored 0/1/2, per dossier, per
officer and per unit, and the classes. Pure functions over plain values; the rules applied
where the data or the text leaves a choice are written next to each function (and on the
evaluation page).

- Per dossier (art. 14): indicators 1, 2, 3, 4, 7 (6 is per dossier too, but publication is
  not recorded: left out). Per unit: 5 and 9 (6 and 8: no data, left out).
- Per-indicator score = Σ dossier scores / number of dossiers scored, rounded to one decimal
  (art. 15); an indicator without data is left out; the total is the sum of the others.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from reports.definitions import Timeliness, timeliness
from reports.ratios import mean

PER_DOSSIER = (1, 2, 3, 4, 7)
PER_UNIT = (5, 9)
NO_DATA = (6, 8)  # publication; feedback (PAKN) handling: not recorded by the system
ALL = tuple(range(1, 10))

TIMELINESS_SCORE = {Timeliness.EARLY: 2, Timeliness.ON_TIME: 1, Timeliness.LATE: 0}


@dataclass(frozen=True)
class Transfer:
    """A liên thông hand-over: the other agency's deadline and when it gave the dossier back."""

    deadline: datetime
    returned_at: datetime | None


@dataclass(frozen=True)
class Rating:
    """The citizen's scores (portal.models.DossierRating) for indicators 1, 3, 4 and 7."""

    time: int
    contacts: int
    agencies: int
    attitude: int


@dataclass(frozen=True)
class DossierInput:
    code: str
    unit_id: int
    assignee_id: int | None
    procedure_id: int
    channel: str
    due_at: datetime
    finished_at: datetime
    outcome: str
    transfers: tuple[Transfer, ...] = ()
    rating: Rating | None = None


# ---------------------------------------------------------------- per dossier


def indicator_1(d: DossierInput) -> int:
    """Total time against the limit: 2 early, 1 on time, 0 late, by the report's own
    timeliness (reports.definitions.timeliness: a withdrawal counts on time)."""
    return TIMELINESS_SCORE[
        timeliness(finished_at=d.finished_at, due_at=d.due_at, outcome=d.outcome)
    ]


def indicator_2(d: DossierInput) -> int:
    """Each agency's time against its own limit, on the same 2/1/0 basis; the dossier scores
    the lowest of its agencies. The liên thông agencies are judged by when they gave the
    dossier back against their deadline (not back: when the dossier finished); the receiving
    unit by the dossier's own timeliness. A dossier without transfers: the unit's own time,
    so the same score as indicator 1."""
    scores = [indicator_1(d)]
    for t in d.transfers:
        back = t.returned_at or d.finished_at
        scores.append(TIMELINESS_SCORE[timeliness(finished_at=back, due_at=t.deadline, outcome="")])
    return min(scores)


def indicator_3(d: DossierInput) -> int | None:
    """Contacts needed to complete the dossier: the citizen's rating; None if not rated."""
    return None if d.rating is None else d.rating.contacts


def indicator_4(d: DossierInput) -> int | None:
    """Agencies contacted: the citizen's rating; None if not rated."""
    return None if d.rating is None else d.rating.agencies


def indicator_7(d: DossierInput) -> int | None:
    """Staff attitude: the citizen's rating; None if not rated."""
    return None if d.rating is None else d.rating.attitude


def dossier_scores(d: DossierInput) -> dict[int, int | None]:
    return {
        1: indicator_1(d),
        2: indicator_2(d),
        3: indicator_3(d),
        4: indicator_4(d),
        7: indicator_7(d),
    }


def indicator_means(scored: Iterable[dict[int, int | None]]) -> dict[int, Decimal | None]:
    """Per indicator of PER_DOSSIER: the mean over the dossiers that have a score, one
    decimal (art. 15); None when no dossier has one (left out)."""
    values: dict[int, list[int]] = {n: [] for n in PER_DOSSIER}
    for scores in scored:
        for n in PER_DOSSIER:
            score = scores.get(n)
            if score is not None:
                values[n].append(score)
    return {n: mean(values[n]) for n in PER_DOSSIER}


# ---------------------------------------------------------------- per unit


def indicator_5(*, level: str, procedures: int, at_one_stop: int) -> int | None:
    """Receipt, appraisal, decision and result at the one-stop.

    Every dossier of this system is received and returned at the unit's one-stop desk, so
    the 1-point condition always holds. `procedures` are the procedures with dossiers
    finished in the period; `at_one_stop` those none of whose dossiers went to another agency
    (liên thông transfer): received, appraised and decided at the one-stop. Commune: 2 points
    when that is 100%; district: when ≥ 50%; else 1. Province: the text sets no threshold, so
    the indicator is left out. No procedure with dossiers: no data."""
    if procedures == 0 or level not in ("commune", "district"):
        return None
    if level == "commune":
        return 2 if at_one_stop == procedures else 1
    return 2 if 2 * at_one_stop >= procedures else 1


def indicator_9(
    *, eligible: int, offered: int, received: int, online: int, online_late: int
) -> int | None:
    """Online service. 2: ≥ 20% of the procedures in force offered online (toàn trình or
    một phần, the old mức 3/4), online dossiers ≥ 30% of those received, and no online
    dossier late or overdue. 1: online dossiers ≥ 15% and none late (the text says 15–<30%;
    a unit at ≥ 30% that misses the 20% offer is read as meeting the 1-point floor). Else 0.
    Nothing received in the period: no data."""
    if received == 0:
        return None
    if online_late:
        return 0
    if eligible and 5 * offered >= eligible and 10 * online >= 3 * received:
        return 2
    if 20 * online >= 3 * received:
        return 1
    return 0


# ---------------------------------------------------------------- totals and classes


class UnitClass(StrEnum):
    EXCELLENT = "excellent"
    GOOD = "good"
    FAIR = "fair"
    AVERAGE = "average"
    WEAK = "weak"

    @property
    def label(self) -> str:
        return str(UNIT_CLASS_LABELS[self])


UNIT_CLASS_LABELS = {
    UnitClass.EXCELLENT: _("Xuất sắc"),
    UnitClass.GOOD: _("Tốt"),
    UnitClass.FAIR: _("Khá"),
    UnitClass.AVERAGE: _("Trung bình"),
    UnitClass.WEAK: _("Yếu"),
}
UNIT_THRESHOLDS = (
    (Decimal(15), UnitClass.EXCELLENT),
    (Decimal(12), UnitClass.GOOD),
    (Decimal(9), UnitClass.FAIR),
    (Decimal(6), UnitClass.AVERAGE),
)


class StaffClass(StrEnum):
    FULL = "full"
    MOSTLY = "mostly"
    BELOW = "below"

    @property
    def label(self) -> str:
        return str(STAFF_CLASS_LABELS[self])


STAFF_CLASS_LABELS = {
    StaffClass.FULL: _("Hoàn thành 100% nhiệm vụ"),
    StaffClass.MOSTLY: _("Hoàn thành từ 70% đến dưới 100% nhiệm vụ"),
    StaffClass.BELOW: _("Hoàn thành dưới 70% nhiệm vụ"),
}


def total(scores: dict[int, Decimal | int | None]) -> Decimal:
    """The sum of the indicators that have data."""
    return sum((Decimal(s) for s in scores.values() if s is not None), Decimal(0))


def unit_class(points: Decimal) -> UnitClass:
    """Art. 15: ≥ 15 xuất sắc; 12–<15 tốt; 9–<12 khá; 6–<9 trung bình; < 6 yếu."""
    for threshold, cls in UNIT_THRESHOLDS:
        if points >= threshold:
            return cls
    return UnitClass.WEAK


def staff_class(points: Decimal) -> StaffClass:
    """Art. 15: ≥ 5 points, 100% of duties; 3.5–<5, 70–<100%; < 3.5, below 70%."""
    if points >= 5:
        return StaffClass.FULL
    if points >= Decimal("3.5"):
        return StaffClass.MOSTLY
    return StaffClass.BELOW
