"""Who held a dossier and for how long at each step, from its history (pure)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Stop:
    action: str  # the event that started the step
    actor: str  # who took that step (the dossier stays with them until the next one)
    status: str  # the status the dossier was in during the step
    start: datetime
    end: datetime

    @property
    def duration(self) -> timedelta:
        return self.end - self.start

    @property
    def hours(self) -> float:
        return round(self.duration.total_seconds() / 3600, 1)


def holding_steps(
    events: Sequence[tuple[str, str, str, datetime]], *, until: datetime
) -> list[Stop]:
    """`events` as (action, actor, to_status, at), oldest first. Each status-moving event
    starts a step that lasts until the next one; the last step lasts until `until` (the
    finish, or the as-of moment for an open dossier). Notes and scans that leave the status
    as it was do not start a step."""
    stops: list[Stop] = []
    for action, actor, status, at in events:
        if stops and stops[-1].status == status and action in {"note", "attach", "apologise"}:
            continue
        if stops:
            last = stops[-1]
            stops[-1] = Stop(last.action, last.actor, last.status, last.start, max(at, last.start))
        stops.append(Stop(action, actor, status, at, at))
    if stops:
        last = stops[-1]
        stops[-1] = Stop(last.action, last.actor, last.status, last.start, max(until, last.start))
    return stops


def longest(stops: Sequence[Stop]) -> Stop | None:
    return max(stops, key=lambda s: s.duration, default=None)
