"""What the forms read from a dossier's history: who received it, the last request or
refusal, the book number, and the hand-overs of the process control slip (Mẫu 05)."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from documents.timing import Timeliness, timeliness
from documents.wording import DESK, person_name, short_vi, unit_names
from dossiers.models import Dossier, DossierEvent, DossierTransfer, Status
from dossiers.transitions import RUNNING, Action


def dossier_events(dossier: Dossier) -> list[DossierEvent]:
    return list(dossier.events.select_related("actor").order_by("at", "id"))


def last_event(events: list[DossierEvent], action: Action) -> DossierEvent | None:
    matching = [event for event in events if event.action == action]
    return matching[-1] if matching else None


def receiving_officer(events: list[DossierEvent]) -> str:
    event = last_event(events, Action.RECEIVE)
    return person_name(event.actor) if event else ""


def parse_time(value: object) -> datetime | None:
    """History data keeps times as ISO 8601 text (dossiers.services._iso)."""
    if not isinstance(value, str) or not value:
        return None
    return datetime.fromisoformat(value)


def year_bounds(year: int) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime(year, 1, 1, tzinfo=tz), datetime(year + 1, 1, 1, tzinfo=tz)


def book_position(dossier: Dossier) -> tuple[int, int]:
    """(Quyển số, Số thứ tự): the book is the unit's year; dossiers are numbered in
    order of receipt, continuously through the year (Mẫu 06)."""
    year = timezone.localtime(dossier.received_at).year
    start, end = year_bounds(year)
    earlier = Dossier.objects.filter(
        Q(received_at__lt=dossier.received_at)
        | Q(received_at=dossier.received_at, pk__lt=dossier.pk),
        unit_id=dossier.unit_id,
        received_at__gte=start,
        received_at__lt=end,
    )
    return year, earlier.count() + 1


# ---------------------------------------------------------------- Mẫu 05


@dataclass(frozen=True)
class HandOver:
    """One row of the control slip: the dossier passes from one desk to another."""

    giver_place: str
    receiver_place: str
    at: datetime
    giver: str
    receiver: str
    result: Timeliness | None
    note: str


# Whose hands the dossier is in, by status; a transfer names its own agency.
_SPECIALIST = "Công chức chuyên môn"
_APPLICANT = "Cá nhân, tổ chức"


def _place(status: str, leader: str, agency: str) -> str:
    return {
        "": _APPLICANT,
        Status.RECEIVED: DESK,
        Status.IN_PROGRESS: _SPECIALIST,
        Status.AWAITING_APPROVAL: leader,
        Status.AWAITING_SUPPLEMENT: _APPLICANT,
        Status.TRANSFERRED: agency or "Cơ quan phối hợp",
        Status.RESULT_READY: DESK,
        Status.RETURNED: _APPLICANT,
        Status.REFUSED: DESK,
        Status.WITHDRAWN: _APPLICANT,
    }.get(status, status)


# Not hand-overs: an apology leaves the dossier where it is; an import only records it; a
# note or a scan is written by whoever holds the dossier, which stays in their hands.
_NOT_HAND_OVERS = {Action.APOLOGISE, Action.IMPORT, Action.NOTE, Action.ATTACH}


def hand_overs(dossier: Dossier, events: list[DossierEvent]) -> list[HandOver]:
    """The control slip's rows. A step's result is judged where the history allows: the
    finishing step against the due time then in force, a liên thông return against the
    agency's deadline, and any step taken after the due time while the clock ran as late."""
    leader = f"Lãnh đạo {unit_names(dossier.unit).agency_short}"
    transfers = {t.pk: t for t in dossier.transfers.all()}
    assignees = _assignees(events)
    due = _initial_due(dossier, events)
    assignee = ""
    rows: list[HandOver] = []
    steps = [e for e in events if e.action not in _NOT_HAND_OVERS]
    for index, event in enumerate(steps):
        action = event.action
        agency = str(event.data.get("agency", ""))
        if action == Action.RESUBMIT:
            due = parse_time(event.data.get("due_at")) or due
        if action == Action.ASSIGN:
            assignee = assignees.get(str(event.data.get("assignee", "")), "") or person_name(
                dossier.assignee
            )
        following = steps[index + 1] if index + 1 < len(steps) else None
        giver, receiver = _people(dossier, event, following, assignee)
        rows.append(
            HandOver(
                giver_place=_place(event.from_status, leader, agency),
                receiver_place=_place(event.to_status, leader, agency),
                at=event.at,
                giver=giver,
                receiver=receiver,
                result=_result(event, due, transfers),
                note=_note(event),
            )
        )
    return rows


def _assignees(events: list[DossierEvent]) -> dict[str, str]:
    usernames = {str(e.data["assignee"]) for e in events if e.data.get("assignee")}
    users = User.objects.filter(username__in=usernames) if usernames else []
    return {user.username: person_name(user) for user in users}


def _initial_due(dossier: Dossier, events: list[DossierEvent]) -> datetime:
    """The due time set at receipt. `dossier.due_at` is the latest one: a resubmission
    after a supplement restarts the clock and moves it."""
    receipt = last_event(events, Action.RECEIVE)
    at_receipt = parse_time(receipt.data.get("due_at")) if receipt else None
    if at_receipt is not None:
        return at_receipt
    resubmit = next((e for e in events if e.action == Action.RESUBMIT), None)
    before_restart = parse_time(resubmit.data.get("previous_due_at")) if resubmit else None
    return before_restart or dossier.due_at


def _people(
    dossier: Dossier, event: DossierEvent, following: DossierEvent | None, assignee: str
) -> tuple[str, str]:
    actor = person_name(event.actor)
    action = event.action
    if action == Action.RECEIVE_BACK:
        return str(event.data.get("agency", "")), actor
    if action in {Action.RECEIVE, Action.RESUBMIT}:
        return dossier.applicant_name, actor
    if action in {Action.ASSIGN, Action.SEND_BACK}:
        return actor, assignee
    if action == Action.TRANSFER:
        return actor, str(event.data.get("agency", ""))
    if action in {Action.REQUEST_SUPPLEMENT, Action.WITHDRAW}:
        return actor, dossier.applicant_name
    if action == Action.RETURN_RESULT:
        return actor, str(event.data.get("returned_to", "")) or dossier.returned_to
    # Otherwise whoever takes the next step has received the dossier.
    receiver = person_name(following.actor) if following is not None else ""
    return actor, receiver


def _result(
    event: DossierEvent, due: datetime, transfers: dict[int, DossierTransfer]
) -> Timeliness | None:
    if event.action in {Action.APPROVE, Action.REFUSE}:
        return timeliness(done_at=event.at, due_at=due)
    if event.action == Action.RECEIVE_BACK:
        transfer = transfers.get(int(event.data.get("transfer_id") or 0))
        if transfer is not None:
            return timeliness(done_at=event.at, due_at=transfer.deadline)
    if event.from_status in RUNNING and event.at > due:
        return Timeliness.LATE
    return None


def _note(event: DossierEvent) -> str:
    label = Action(event.action).label if event.action in Action.values else event.action
    data = event.data
    parts = [str(label)]
    if event.action == Action.REQUEST_SUPPLEMENT and data.get("missing_papers"):
        parts.append("Bổ sung: " + "; ".join(str(p) for p in data["missing_papers"]))
    deadline, new_due = parse_time(data.get("deadline")), parse_time(data.get("due_at"))
    if event.action == Action.TRANSFER and deadline:
        parts.append(f"Thời hạn: {short_vi(deadline)}")
    if event.action == Action.RESUBMIT and new_due:
        parts.append(f"Hạn mới: {short_vi(new_due)}")
    if event.action == Action.APPROVE and data.get("result"):
        parts.append(f"Kết quả: {data['result']}")
    if event.note:
        parts.append(event.note)
    return ". ".join(part.rstrip(".") for part in parts if part) + "."
