"""The working calendar in force, built from the AnnouncedDay table and cached in-process."""

import threading

from django.db import connection

from workcalendar.calendar import WorkCalendar
from workcalendar.models import AnnouncedDay

Fingerprint = tuple[int, int, object]  # count, working days, latest updated_at as stored

_lock = threading.Lock()
_cached: tuple[Fingerprint, WorkCalendar] | None = None


def _fingerprint() -> Fingerprint:
    # One cheap query, on every due-date computation; the working-day count also catches a
    # kind flipped by queryset.update(), which does not touch updated_at. Written as SQL: the
    # ORM took longer to build it than the database to answer (the values are only compared).
    table = connection.ops.quote_name(AnnouncedDay._meta.db_table)
    with connection.cursor() as cursor:
        sql = (
            "SELECT COUNT(*), COALESCE(SUM(CASE WHEN kind = %s THEN 1 ELSE 0 END), 0), "  # noqa: S608
            f"MAX(updated_at) FROM {table}"  # no user text
        )
        cursor.execute(sql, [AnnouncedDay.Kind.WORKING_DAY.value])
        count, working, last = cursor.fetchone()
    return int(count), int(working), last


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
