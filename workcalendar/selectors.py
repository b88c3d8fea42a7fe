"""The working calendar in force, built from the AnnouncedDay table and cached in-process."""

import threading
from datetime import datetime

from django.db.models import Count, Max, Q

from workcalendar.calendar import WorkCalendar
from workcalendar.models import AnnouncedDay

Fingerprint = tuple[int, int, datetime | None]

_lock = threading.Lock()
_cached: tuple[Fingerprint, WorkCalendar] | None = None


def _fingerprint() -> Fingerprint:
    # One cheap query; the working-day count also catches a kind flipped by queryset.update(),
    # which does not touch updated_at.
    row = AnnouncedDay.objects.aggregate(
        count=Count("id"),
        working=Count("id", filter=Q(kind=AnnouncedDay.Kind.WORKING_DAY)),
        last=Max("updated_at"),
    )
    return row["count"], row["working"], row["last"]


def get_work_calendar() -> WorkCalendar:
    """The calendar of the AnnouncedDay table plus `holidays.VN`, rebuilt when the table changes."""
    global _cached
    fingerprint = _fingerprint()
    cached = _cached
    if cached is not None and cached[0] == fingerprint:
        return cached[1]
    with _lock:
        if _cached is not None and _cached[0] == fingerprint:
            return _cached[1]
        # Rows are read after the fingerprint: at worst the next call rebuilds once more.
        rows = AnnouncedDay.objects.values_list("date", "kind")
        calendar = WorkCalendar({day: kind == AnnouncedDay.Kind.WORKING_DAY for day, kind in rows})
        _cached = (fingerprint, calendar)
        return calendar
