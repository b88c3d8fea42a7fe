"""The working calendar in force, built from the AnnouncedDay table and cached in-process."""

from common.stamps import CALENDAR, StampedCache, Stamps, stamps_read
from workcalendar.calendar import WorkCalendar
from workcalendar.models import AnnouncedDay

# This process's calendar, rebuilt when the AnnouncedDay table changes (common.stamps).
_calendar: StampedCache[None, WorkCalendar] = StampedCache(CALENDAR)


def _build() -> WorkCalendar:
    rows = AnnouncedDay.objects.values_list("date", "kind")
    return WorkCalendar({day: kind == AnnouncedDay.Kind.WORKING_DAY for day, kind in rows})


def get_work_calendar(stamps: Stamps | None = None) -> WorkCalendar:
    """The calendar of the AnnouncedDay table plus `holidays.VN`, rebuilt when the table
    changes: its change stamp (common.stamps) is checked on every call, in one cheap query,
    or taken from `stamps` when the caller has just read them."""
    calendar = _calendar.get(None, stamps_read() if stamps is None else stamps, _build)
    return _build() if calendar is None else calendar  # never None: _build always builds one
