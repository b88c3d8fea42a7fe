"""The definitions module on its own: periods, timeliness, the overdue span."""

from datetime import date, timedelta

import pytest

from reports.definitions import (
    DossierFacts,
    Period,
    PeriodKind,
    Timeliness,
    calendar_period,
    official_period,
    overdue_days,
    timeliness,
)
from reports.tests.helpers import at

US = timedelta(microseconds=1)


@pytest.mark.parametrize(
    ("kind", "year", "number", "start", "end"),
    [
        ("quarter", 2018, 1, date(2017, 12, 15), date(2018, 3, 14)),
        ("quarter", 2018, 2, date(2018, 3, 15), date(2018, 6, 14)),
        ("quarter", 2018, 4, date(2018, 9, 15), date(2018, 12, 14)),
        ("year", 2017, 1, date(2016, 12, 15), date(2017, 12, 14)),
        ("month", 2018, 1, date(2017, 12, 15), date(2018, 1, 14)),
        ("month", 2018, 3, date(2018, 2, 15), date(2018, 3, 14)),
        ("six_months", 2019, 1, date(2018, 12, 15), date(2019, 6, 14)),
        ("nine_months", 2019, 1, date(2018, 12, 15), date(2019, 9, 14)),
    ],
)
def test_official_periods_run_from_the_15th_to_the_14th(kind, year, number, start, end):
    assert official_period(kind=kind, year=year, number=number) == Period(start, end)


@pytest.mark.parametrize(
    ("kind", "year", "number", "start", "end"),
    [
        ("month", 2024, 2, date(2024, 2, 1), date(2024, 2, 29)),
        ("month", 2018, 12, date(2018, 12, 1), date(2018, 12, 31)),
        ("quarter", 2018, 1, date(2018, 1, 1), date(2018, 3, 31)),
        ("quarter", 2018, 4, date(2018, 10, 1), date(2018, 12, 31)),
        ("year", 2018, 1, date(2018, 1, 1), date(2018, 12, 31)),
    ],
)
def test_calendar_periods(kind, year, number, start, end):
    assert calendar_period(kind=kind, year=year, number=number) == Period(start, end)


def test_bad_periods_say_why_in_vietnamese():
    with pytest.raises(ValueError, match="Quý phải từ 1 đến 4"):
        official_period(kind=PeriodKind.QUARTER, year=2018, number=5)
    with pytest.raises(ValueError, match="Tháng phải từ 1 đến 12"):
        calendar_period(kind="month", year=2018, number=0)
    with pytest.raises(ValueError, match="sau ngày kết thúc"):
        Period(date(2018, 3, 2), date(2018, 3, 1))


def test_period_bounds_and_months():
    period = official_period(kind="quarter", year=2018, number=1)
    assert period.starts_at == at(2017, 12, 15)
    assert period.ends_at == at(2018, 3, 15)
    assert period.as_of(at(2030, 1, 1)) == at(2018, 3, 15)
    assert period.as_of(at(2018, 1, 1, 9)) == at(2018, 1, 1, 9)
    assert period.months() == [
        Period(date(2017, 12, 15), date(2017, 12, 31)),
        Period(date(2018, 1, 1), date(2018, 1, 31)),
        Period(date(2018, 2, 1), date(2018, 2, 28)),
        Period(date(2018, 3, 1), date(2018, 3, 14)),
    ]


DUE = at(2018, 3, 9, 17)


@pytest.mark.parametrize(
    ("finished", "outcome", "expected"),
    [
        (DUE, "resolved", Timeliness.ON_TIME),
        (at(2018, 3, 9, 0), "resolved", Timeliness.ON_TIME),
        (at(2018, 3, 9) - US, "resolved", Timeliness.EARLY),
        (DUE + US, "resolved", Timeliness.LATE),
        (DUE + US, "refused", Timeliness.LATE),
        (at(2018, 3, 1), "refused", Timeliness.EARLY),
        (at(2018, 4, 1), "withdrawn", Timeliness.ON_TIME),
        (at(2018, 3, 1), "withdrawn", Timeliness.ON_TIME),
    ],
)
def test_timeliness(finished, outcome, expected):
    assert timeliness(finished_at=finished, due_at=DUE, outcome=outcome) == expected


def facts(**fields) -> DossierFacts:
    base = {
        "unit_id": 1,
        "procedure_version_id": 1,
        "channel": "direct",
        "received_at": at(2018, 3, 5, 9),
        "due_at": DUE,
        "finished_at": None,
        "outcome": "",
        "clock_stopped_at": None,
    }
    return DossierFacts(**{**base, **fields})


def test_overdue_span_in_days_ending_a_report():
    # Due 9/3 17:00: a report ending 9/3 (as_of 00:00 10/3) finds it overdue.
    assert overdue_days(facts()) == (date(2018, 3, 9), None)
    # Finished 12/3: the report ending 11/3 still finds it pending; ending 12/3, not.
    assert overdue_days(facts(finished_at=at(2018, 3, 12, 8))) == (
        date(2018, 3, 9),
        date(2018, 3, 12),
    )
    # Finished exactly at midnight 12/3: pending at the end of 11/3 (finished_at ≥ end).
    assert overdue_days(facts(finished_at=at(2018, 3, 12))) == (date(2018, 3, 9), date(2018, 3, 12))
    # The clock stopped at 10:00 11/3: overdue at the end of 9/3 and 10/3 only.
    assert overdue_days(facts(clock_stopped_at=at(2018, 3, 11, 10))) == (
        date(2018, 3, 9),
        date(2018, 3, 11),
    )
    # Stopped exactly at midnight 11/3: waiting already at the end of 10/3.
    assert overdue_days(facts(clock_stopped_at=at(2018, 3, 11))) == (
        date(2018, 3, 9),
        date(2018, 3, 10),
    )
    # Finished on time: never overdue.
    assert overdue_days(facts(finished_at=at(2018, 3, 9, 16))) is None


def test_months_cut_at_month_boundaries_and_stop_at_the_day_given():
    year = Period(date(2025, 12, 15), date(2026, 12, 14))  # the official year 2026
    months = year.months()
    assert (months[0].start, months[0].end) == (date(2025, 12, 15), date(2025, 12, 31))
    assert (months[-1].start, months[-1].end) == (date(2026, 12, 1), date(2026, 12, 14))
    assert len(months) == 13
    assert [m.whole_month for m in months] == [False] + [True] * 11 + [False]
    begun = year.months(begun_by=date(2026, 11, 26))
    assert begun == months[:12] and begun[-1].start == date(2026, 11, 1)
    assert year.months(begun_by=date(2026, 12, 1)) == months
    assert year.months(begun_by=date(2025, 12, 14)) == []
    assert Period(date(2024, 2, 1), date(2024, 2, 29)).whole_month  # leap year
    assert not Period(date(2024, 2, 1), date(2024, 2, 28)).whole_month
