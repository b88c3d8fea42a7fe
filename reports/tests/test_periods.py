"""The period shortcuts of the report pages."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from reports.periods import official_month_of, shortcuts


def test_from_the_15th_the_official_month_is_the_next():
    assert official_month_of(date(2026, 3, 14)) == (2026, 3)
    assert official_month_of(date(2026, 3, 15)) == (2026, 4)
    assert official_month_of(date(2026, 12, 15)) == (2027, 1)
    assert official_month_of(date(2027, 1, 1)) == (2027, 1)


@given(st.dates(min_value=date(2001, 1, 1), max_value=date(2098, 12, 31)))
def test_the_current_official_periods_hold_today(today):
    found = shortcuts(today)
    month, quarter, year = found[0].period, found[2].period, found[6].period
    for period in (month, quarter, year):
        assert period.start <= today <= period.end
    assert (month.start.day, month.end.day) == (15, 14)
    assert found[1].period.end.toordinal() + 1 == month.start.toordinal()  # last month
    assert found[3].period.end.toordinal() + 1 == quarter.start.toordinal()  # last quarter
    assert [s.official for s in found] == [True] * 8 + [False] * 3
    calendar_month = found[8].period
    assert calendar_month.start == today.replace(day=1) and calendar_month.start <= today


def test_labels_name_the_period():
    labels = [s.label for s in shortcuts(date(2026, 3, 25))]
    assert labels[:4] == ["Tháng 4/2026", "Tháng 3/2026", "Quý 2/2026", "Quý 1/2026"]
    assert labels[6:8] == ["Năm 2026", "Năm 2025"]
