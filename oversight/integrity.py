"""Integrity checks: tests of a unit's figures against its dossiers' history.

Pure functions over `Trail` (a dossier's stored fields and its history, oldest first). Each
check is one function whose docstring says exactly what it flags; `CHECKS` lists them in
the order the evidence pack shows them.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from workcalendar.calendar import VN_TZ

RECEIVE, IMPORT, RESUBMIT, APPROVE, APOLOGISE = (
    "receive",
    "import",
    "resubmit",
    "approve",
    "apologise",
)
REFUSE, WITHDRAW, RETURN_RESULT = "refuse", "withdraw", "return_result"
FINISHING = frozenset({APPROVE, REFUSE, WITHDRAW})
RETURNED = "returned"
BURST_SIZE = 3  # dossiers received and finished in one same minute that make a burst


@dataclass(frozen=True)
class Event:
    action: str
    at: datetime
    from_status: str
    to_status: str
    data: dict


@dataclass(frozen=True)
class Trail:
    dossier_id: int
    code: str
    status: str
    received_at: datetime
    due_at: datetime
    finished_at: datetime | None
    returned_at: datetime | None
    appointment_at: datetime | None
    apology_at: datetime | None
    imported: bool
    events: tuple[Event, ...]

    def first(self, *actions: str) -> Event | None:
        return next((e for e in self.events if e.action in actions), None)

    def has(self, action: str) -> bool:
        return any(e.action == action for e in self.events)


def _parse(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def finished_before_received(t: Trail) -> bool:
    """Flags a dossier whose history has any event dated before its receive (or import)
    event, or a finishing event (approve, refuse, withdraw) dated before its stored receipt
    time. The database forbids finished_at < received_at, so this can only show in the
    history."""
    start = t.first(RECEIVE, IMPORT)
    if start is not None and any(e.at < start.at for e in t.events):
        return True
    return any(e.action in FINISHING and e.at < t.received_at for e in t.events)


def returned_without_approval(t: Trail) -> bool:
    """Flags a dossier (not imported) that is marked returned or has a return event whose
    history has no approval step (an approve event)."""
    if t.imported:
        return False
    returned = t.status == RETURNED or t.has(RETURN_RESULT)
    return returned and not t.has(APPROVE)


def history_gaps(t: Trail) -> bool:
    """Flags a dossier (not imported) whose history does not start with a receive event,
    whose events do not chain (an event's from-status differs from the previous event's
    to-status), or whose stored status differs from the last event's to-status."""
    if t.imported:
        return False
    if not t.events or t.events[0].action != RECEIVE:
        return True
    for previous, event in zip(t.events, t.events[1:], strict=False):
        if event.from_status != previous.to_status:
            return True
    return t.events[-1].to_status != t.status


def times_edited(t: Trail) -> bool:
    """Flags a dossier (not imported) whose receipt or due time was changed after the fact:
    an event other than receive or resubmit carries a due_at or received_at; or the stored
    due time differs from the one the last receive/resubmit event recorded; or the stored
    receipt date differs from the date written in the dossier's code (…-YYMMDD-NNNN)."""
    if t.imported:
        return False
    for e in t.events:
        if e.action not in (RECEIVE, RESUBMIT) and ({"due_at", "received_at"} & set(e.data)):
            return True
    recorded = [e for e in t.events if e.action in (RECEIVE, RESUBMIT)]
    if recorded:
        due = _parse(recorded[-1].data.get("due_at"))
        if due is not None and due != t.due_at:
            return True
    parts = t.code.rsplit("-", 2)
    if len(parts) == 3 and len(parts[1]) == 6 and parts[1].isdigit():
        return f"{t.received_at.astimezone(VN_TZ):%y%m%d}" != parts[1]
    return False


def due_moved_without_apology(t: Trail) -> bool:
    """Flags a dossier whose due time or appointment was moved later without an apology
    (Mẫu 04): a new appointment is stored but there is no apologise event, or the stored due
    time is later than the one the last receive/resubmit event recorded and there is no
    apologise event."""
    if t.has(APOLOGISE):
        return False
    if t.appointment_at is not None:
        return True
    recorded = [e for e in t.events if e.action in (RECEIVE, RESUBMIT)]
    if not recorded:
        return False
    due = _parse(recorded[-1].data.get("due_at"))
    return due is not None and t.due_at > due


def returned_without_record(t: Trail) -> bool:
    """Flags a dossier (not imported) marked returned that has no return time stored or no
    return-result event in its history."""
    if t.imported or t.status != RETURNED:
        return False
    return t.returned_at is None or not t.has(RETURN_RESULT)


def same_minute_bursts(trails: Iterable[Trail], size: int = BURST_SIZE) -> set[int]:
    """Flags every dossier received and finished within the same clock minute when at least
    `size` such dossiers of the unit share that minute (received and finished all in it)."""
    by_minute: dict[datetime, list[int]] = defaultdict(list)
    for t in trails:
        if t.finished_at is None:
            continue
        minute = t.received_at.replace(second=0, microsecond=0)
        if t.finished_at.replace(second=0, microsecond=0) == minute:
            by_minute[minute].append(t.dossier_id)
    return {pk for ids in by_minute.values() if len(ids) >= size for pk in ids}


PER_DOSSIER: dict[str, Callable[[Trail], bool]] = {
    "finished_before_received": finished_before_received,
    "returned_without_approval": returned_without_approval,
    "history_gaps": history_gaps,
    "times_edited": times_edited,
    "due_moved_without_apology": due_moved_without_apology,
    "returned_without_record": returned_without_record,
}
CHECKS = (*PER_DOSSIER, "same_minute_bursts")


def run_checks(trails: list[Trail]) -> dict[str, list[int]]:
    """Check name → ids of the dossiers it flags (in the trails' order)."""
    found = {
        name: [t.dossier_id for t in trails if check(t)] for name, check in PER_DOSSIER.items()
    }
    bursts = same_minute_bursts(trails)
    found["same_minute_bursts"] = [t.dossier_id for t in trails if t.dossier_id in bursts]
    return found
