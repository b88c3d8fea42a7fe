"""The working calendar in force, built from the AnnouncedDay table and cached in-process."""

import threading

from common.stamps import CALENDAR, Stamps, stamps_read
from workcalendar.calendar import WorkCalendar
from workcalendar.models import AnnouncedDay

_lock = threading.Lock()
_cached: tuple[int, WorkCalendar] | None = None


def _build() -> WorkCalendar:
    rows = AnnouncedDay.objects.values_list("date", "kind")
    return WorkCalendar({day: kind == AnnouncedDay.Kind.WORKING_DAY for day, kind in rows})


def get_work_calendar(stamps: Stamps | None = None) -> WorkCalendar:
    """The calendar of the AnnouncedDay table plus `holidays.VN`, rebuilt when the table
    changes: its change stamp (common.stamps) is checked on every call, in one cheap query,
    or taken from `stamps` when the caller has just read them."""
    global _cached
    stamp = (stamps_read() if stamps is None else stamps).get(CALENDAR)
    if stamp is None:  # no stamp row (a flushed database): nothing is kept
        return _build()
    cached = _cached
    if cached is not None and cached[0] == stamp:
        return cached[1]
    with _lock:
        if _cached is not None and _cached[0] == stamp:
            return _cached[1]
        # Rows are read after the stamp: at worst newer than it, as if read a moment later.
        calendar = _build()
        _cached = (stamp, calendar)
        return calendar
