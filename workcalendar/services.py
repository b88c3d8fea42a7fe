"""Due dates for dossiers: the one entry point the rest of the project calls (rules.md §3)."""

from datetime import datetime

from workcalendar.calendar import DueDate, Sessions, WorkCalendar, compute_due, office_open_at
from workcalendar.rules import DEFAULT_SESSIONS, TimeRule
from workcalendar.selectors import get_work_calendar


def due_for(
    *,
    received_at: datetime,
    rule: TimeRule,
    sessions: Sessions = DEFAULT_SESSIONS,
    calendar: WorkCalendar | None = None,
) -> DueDate:
    """Effective start and due time of a dossier received at `received_at` (timezone-aware).

    Without `calendar`, the cached calendar of the AnnouncedDay table is used (one cheap query
    to check it is current); bulk callers may pass `get_work_calendar()` once per batch.
    """
    if calendar is None:
        calendar = get_work_calendar()
    return compute_due(received_at, rule, calendar, sessions)


def desk_open_at(*, moment: datetime, sessions: Sessions = DEFAULT_SESSIONS) -> bool:
    """Whether a citizen can be asked to come at `moment`: a working day of the announced
    calendar, inside one of the unit's sessions."""
    return office_open_at(moment, get_work_calendar(), sessions)
