"""The periods a report page offers one click away: the official ones (15th → 14th cut-off,
Decree 09/2019 art. 12) and calendar ones, around a given day."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from reports.definitions import Period, PeriodKind, calendar_period, official_period


@dataclass(frozen=True)
class Shortcut:
    label: str
    period: Period
    official: bool


def official_month_of(day: date) -> tuple[int, int]:
    """(year, month) of the official month holding `day`: from the 15th it is the next one."""
    if day.day < 15:
        return day.year, day.month
    if day.month == 12:
        return day.year + 1, 1
    return day.year, day.month + 1


def shortcuts(today: date) -> list[Shortcut]:
    """Official month (this and last), quarter (this and last), 6 and 9 months and year of
    the official year holding `today`, last year; calendar month, quarter and year."""
    year, month = official_month_of(today)
    quarter = (month - 1) // 3 + 1
    last_month = (year, month - 1) if month > 1 else (year - 1, 12)
    last_quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)

    def official(kind: PeriodKind, label: str, y: int, n: int = 1) -> Shortcut:
        return Shortcut(label, official_period(kind=kind, year=y, number=n), True)

    def calendar(kind: PeriodKind, label: str, y: int, n: int = 1) -> Shortcut:
        return Shortcut(label, calendar_period(kind=kind, year=y, number=n), False)

    cal_quarter = (today.month - 1) // 3 + 1
    return [
        official(PeriodKind.MONTH, _("Tháng %(n)s/%(y)s") % {"n": month, "y": year}, year, month),
        official(
            PeriodKind.MONTH,
            _("Tháng %(n)s/%(y)s") % {"n": last_month[1], "y": last_month[0]},
            *last_month,
        ),
        official(
            PeriodKind.QUARTER, _("Quý %(n)s/%(y)s") % {"n": quarter, "y": year}, year, quarter
        ),
        official(
            PeriodKind.QUARTER,
            _("Quý %(n)s/%(y)s") % {"n": last_quarter[1], "y": last_quarter[0]},
            *last_quarter,
        ),
        official(PeriodKind.SIX_MONTHS, _("6 tháng %(y)s") % {"y": year}, year),
        official(PeriodKind.NINE_MONTHS, _("9 tháng %(y)s") % {"y": year}, year),
        official(PeriodKind.YEAR, _("Năm %(y)s") % {"y": year}, year),
        official(PeriodKind.YEAR, _("Năm %(y)s") % {"y": year - 1}, year - 1),
        calendar(
            PeriodKind.MONTH,
            _("Tháng %(n)s/%(y)s") % {"n": today.month, "y": today.year},
            today.year,
            today.month,
        ),
        calendar(
            PeriodKind.QUARTER,
            _("Quý %(n)s/%(y)s") % {"n": cal_quarter, "y": today.year},
            today.year,
            cal_quarter,
        ),
        calendar(PeriodKind.YEAR, _("Năm %(y)s") % {"y": today.year}, today.year),
    ]
