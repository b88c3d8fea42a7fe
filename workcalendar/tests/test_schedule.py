"""The announced schedules (rules.md §2), checked day by day and through due dates."""

from datetime import date, timedelta

import pytest

from workcalendar.calendar import WorkCalendar, compute_due
from workcalendar.reference import read_announced_days
from workcalendar.tests.support import SHIPPED, days, vn

# Written from the announcements, independently of the CSV: "weekdays off", "make-up days".
EXPECTED: dict[int, tuple[str, str]] = {
    2017: ("01-02 01-26 01-27 01-30 01-31 02-01 04-06 05-01 05-02 09-04", ""),
    2018: ("01-01 02-14 02-15 02-16 02-19 02-20 04-25 04-30 05-01 09-03 12-31", ""),
    2019: ("01-01 02-04 02-05 02-06 02-07 02-08 04-15 04-29 04-30 05-01 09-02", "01-05 05-04"),
    2020: ("01-01 01-23 01-24 01-27 01-28 01-29 04-02 04-30 05-01 09-02", ""),
    2021: ("01-01 02-10 02-11 02-12 02-15 02-16 04-21 04-30 05-03 09-02 09-03", ""),
    2022: ("01-03 01-31 02-01 02-02 02-03 02-04 04-11 05-02 05-03 09-01 09-02", ""),
    2023: ("01-02 01-20 01-23 01-24 01-25 01-26 05-01 05-02 05-03 09-01 09-04", ""),
    2024: ("01-01 02-08 02-09 02-12 02-13 02-14 04-18 04-29 04-30 05-01 09-02 09-03", "05-04"),
    2025: ("01-01 01-27 01-28 01-29 01-30 01-31 04-07 04-30 05-01 05-02 09-01 09-02", "04-26"),
    2026: (
        "01-01 01-02 02-16 02-17 02-18 02-19 02-20 04-27 04-30 05-01 08-31 09-01 09-02",
        "01-10 08-22",
    ),
}


def _dates(year: int, month_days: str) -> set[date]:
    return {date.fromisoformat(f"{year}-{md}") for md in month_days.split()}


@pytest.mark.parametrize("year", sorted(EXPECTED))
def test_shipped_calendar_equals_the_announced_schedule(year: int) -> None:
    off, makeup = (_dates(year, days_) for days_ in EXPECTED[year])
    assert all(day.weekday() < 5 for day in off) and all(day.weekday() == 5 for day in makeup)
    day = date(year, 1, 1)
    while day.year == year:
        expected = (day.weekday() < 5 and day not in off) or day in makeup
        assert SHIPPED.is_working_day(day) is expected, day
        day += timedelta(1)


@pytest.mark.parametrize("year", sorted(EXPECTED))
def test_csv_lists_exactly_the_announced_days(year: int) -> None:
    rows = [row for row in read_announced_days() if row.date.year == year]
    off, makeup = (_dates(year, days_) for days_ in EXPECTED[year])
    assert {row.date for row in rows if row.kind == "day_off"} == off
    # 24/11/2026 is listed as a working day on purpose (see test_table_wins_over_holidays).
    flagged = {date(2026, 11, 24)} if year == 2026 else set()
    assert {row.date for row in rows if row.kind == "working_day"} == makeup | flagged
    assert all(row.source and row.name for row in rows)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        # 2024
        (date(2024, 1, 1), False),  # Tết Dương lịch
        (date(2024, 2, 7), True),  # last day before Tết
        *[(date(2024, 2, d), False) for d in (8, 9, 12, 13, 14)],  # Tết, 13–14 compensatory
        (date(2024, 2, 15), True),
        (date(2024, 4, 18), False),  # Giỗ Tổ
        (date(2024, 4, 29), False),  # swapped
        (date(2024, 4, 30), False),
        (date(2024, 5, 1), False),
        (date(2024, 5, 4), True),  # make-up Saturday
        (date(2024, 9, 2), False),
        (date(2024, 9, 3), False),
        # 2025
        (date(2025, 1, 1), False),
        *[(date(2025, 1, d), False) for d in (27, 28, 29, 30, 31)],  # Tết
        (date(2025, 2, 3), True),
        (date(2025, 4, 7), False),  # Giỗ Tổ
        (date(2025, 4, 26), True),  # make-up Saturday
        (date(2025, 4, 30), False),
        (date(2025, 5, 1), False),
        (date(2025, 5, 2), False),  # swapped
        (date(2025, 9, 1), False),
        (date(2025, 9, 2), False),
        # 2026
        (date(2026, 1, 1), False),
        (date(2026, 1, 2), False),  # swapped: not a holidays.VN holiday, the table says so
        (date(2026, 1, 10), True),  # make-up Saturday
        *[(date(2026, 2, d), False) for d in (16, 17, 18, 19, 20)],  # Tết
        (date(2026, 2, 13), True),
        (date(2026, 2, 23), True),
        (date(2026, 4, 27), False),  # compensatory for Giỗ Tổ on Sunday 26/4
        (date(2026, 4, 30), False),
        (date(2026, 5, 1), False),
        (date(2026, 8, 22), True),  # make-up Saturday
        (date(2026, 8, 31), False),  # swapped
        (date(2026, 9, 1), False),
        (date(2026, 9, 2), False),
        (date(2026, 9, 3), True),
        (date(2026, 11, 24), True),  # in holidays.VN, not in the announced schedule
    ],
)
def test_announced_days_2024_2026(day: date, working: bool) -> None:
    assert SHIPPED.is_working_day(day) is working


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (vn(2023, 12, 29, 10), vn(2024, 1, 2, 10)),  # Tết Dương lịch 2024
        (vn(2024, 2, 7, 10), vn(2024, 2, 15, 10)),  # Tết Giáp Thìn
        (vn(2024, 4, 17, 15), vn(2024, 4, 19, 15)),  # Giỗ Tổ
        (vn(2024, 4, 26, 10), vn(2024, 5, 2, 10)),  # 27/4–1/5 with the 29/4 swap
        (vn(2024, 5, 3, 10), vn(2024, 5, 4, 10)),  # into make-up Saturday 4/5
        (vn(2024, 5, 4, 16), vn(2024, 5, 6, 16)),  # from make-up Saturday 4/5
        (vn(2024, 8, 30, 10), vn(2024, 9, 4, 10)),  # Quốc khánh 31/8–3/9
        (vn(2024, 12, 31, 10), vn(2025, 1, 2, 10)),  # Tết Dương lịch 2025
        (vn(2025, 1, 24, 10), vn(2025, 2, 3, 10)),  # Tết Ất Tỵ
        (vn(2025, 4, 4, 10), vn(2025, 4, 8, 10)),  # Giỗ Tổ Monday 7/4
        (vn(2025, 4, 25, 10), vn(2025, 4, 26, 10)),  # into make-up Saturday 26/4
        (vn(2025, 4, 29, 10), vn(2025, 5, 5, 10)),  # 30/4–4/5 with the 2/5 swap
        (vn(2025, 8, 29, 10), vn(2025, 9, 3, 10)),  # Quốc khánh 30/8–2/9
        (vn(2025, 12, 31, 10), vn(2026, 1, 5, 10)),  # Tết Dương lịch 2026, 2/1 swapped
        (vn(2026, 1, 9, 10), vn(2026, 1, 10, 10)),  # into make-up Saturday 10/1
        (vn(2026, 1, 10, 16), vn(2026, 1, 12, 16)),  # from make-up Saturday 10/1
        (vn(2026, 2, 13, 10), vn(2026, 2, 23, 10)),  # Tết Bính Ngọ
        (vn(2026, 4, 24, 10), vn(2026, 4, 28, 10)),  # Giỗ Tổ on Sunday, Monday 27/4 off
        (vn(2026, 4, 29, 10), vn(2026, 5, 4, 10)),  # 30/4–3/5
        (vn(2026, 8, 21, 10), vn(2026, 8, 22, 10)),  # into make-up Saturday 22/8
        (vn(2026, 8, 28, 10), vn(2026, 9, 3, 10)),  # Quốc khánh 29/8–2/9, 31/8 swapped
        (vn(2026, 11, 23, 10), vn(2026, 11, 24, 10)),  # 24/11 stays a working day
    ],
)
def test_one_working_day_across_each_announcement(received, due) -> None:
    result = compute_due(received, days(1), SHIPPED)
    assert result.effective_start == received
    assert result.due_at == due


def test_receipt_during_a_break_starts_after_it() -> None:
    assert compute_due(vn(2024, 2, 10, 9), days(1), SHIPPED).effective_start == vn(2024, 2, 15, 8)
    assert compute_due(vn(2026, 1, 2, 9), days(1), SHIPPED).effective_start == vn(2026, 1, 5, 8)
    # A make-up Saturday is a working day with the usual sessions.
    assert compute_due(vn(2026, 8, 22, 7), days(1), SHIPPED).effective_start == vn(2026, 8, 22, 8)


def test_table_wins_over_holidays() -> None:
    plain = WorkCalendar()
    assert plain.is_working_day(date(2026, 11, 24)) is False  # holidays.VN 0.109 lists it
    assert SHIPPED.is_working_day(date(2026, 11, 24)) is True
    assert plain.is_working_day(date(2026, 1, 2)) is True  # holidays.VN misses this swap
    assert plain.is_working_day(date(2026, 1, 10)) is False  # and every make-up Saturday
    made_up = WorkCalendar(
        {date(2026, 3, 4): False, date(2026, 3, 7): True, date(2025, 9, 2): True}
    )
    assert made_up.is_working_day(date(2026, 3, 4)) is False  # an ordinary Wednesday
    assert made_up.is_working_day(date(2026, 3, 7)) is True  # an ordinary Saturday
    assert made_up.is_working_day(date(2025, 9, 2)) is True  # a statutory holiday
    assert compute_due(vn(2026, 3, 3, 10), days(1), made_up).due_at == vn(2026, 3, 5, 10)
    assert compute_due(vn(2026, 3, 6, 10), days(1), made_up).due_at == vn(2026, 3, 7, 10)
