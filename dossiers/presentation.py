"""How a dossier's timeliness is shown to officers (flags on queues and pages)."""

from datetime import datetime

from dossiers.models import Dossier
from dossiers.transitions import RUNNING
from workcalendar.calendar import WorkCalendar, add_working_minutes
from workcalendar.rules import MINUTES_PER_WORKING_DAY
from workcalendar.selectors import get_work_calendar


def due_flag(dossier: Dossier, now: datetime, calendar: WorkCalendar | None = None) -> str:
    """ "overdue" past the due time; "soon" when due within one working day; else "".
    A page of many dossiers passes the `calendar` (taking it costs a query)."""
    if dossier.status not in RUNNING:
        return ""
    if dossier.due_at < now:
        return "overdue"
    one_day_ahead = add_working_minutes(
        now, MINUTES_PER_WORKING_DAY, calendar or get_work_calendar(), dossier.unit.sessions()
    )
    return "soon" if dossier.due_at <= one_day_ahead else ""
