"""When the desk is open: a working day, inside one of the unit's sessions, ends included."""

from datetime import UTC, datetime, time

import pytest

from workcalendar.calendar import office_open_at
from workcalendar.tests.support import SHIPPED, vn

AFTERNOONS_ONLY = ((time(13, 30), time(17, 30)),)


@pytest.mark.parametrize(
    ("moment", "open_"),
    [
        (vn(2026, 12, 3, 8), True),  # Thursday, the morning session's start
        (vn(2026, 12, 3, 12), True),  # its end
        (vn(2026, 12, 3, 12, 30), False),  # lunch
        (vn(2026, 12, 3, 17), True),  # the day's closing: a due time
        (vn(2026, 12, 3, 17, 0, 1), False),
        (vn(2026, 12, 3, 2), False),  # the night
        (vn(2026, 12, 5, 9), False),  # Saturday
        (vn(2026, 9, 2, 9), False),  # National Day
        (vn(2027, 2, 8, 9), False),  # Tết
        (datetime(2026, 12, 3, 2, tzinfo=UTC), True),  # 09:00 in Vietnam
    ],
)
def test_default_sessions(moment, open_):
    assert office_open_at(moment, SHIPPED) is open_


def test_a_units_own_sessions():
    assert office_open_at(vn(2026, 12, 3, 17, 30), SHIPPED, AFTERNOONS_ONLY)
    assert not office_open_at(vn(2026, 12, 3, 9), SHIPPED, AFTERNOONS_ONLY)


def test_a_naive_moment_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        office_open_at(datetime(2026, 12, 3, 9), SHIPPED)
