"""Public figures per unit: the report engine's numbers for this calendar month, quarter and
year, plus the mean processing time and the satisfaction score, computed in SQL."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from dossiers import services
from dossiers.models import Channel
from portal.figures import unit_public_figures
from portal.services import dossier_rating_submit
from portal.tests.factories import at, desk
from reports.definitions import PeriodKind, calendar_period
from reports.engine import report

pytestmark = pytest.mark.django_db
NOW = at(2026, 5, 20, 10)  # Wednesday: month May, quarter II, year 2026


@pytest.fixture
def office():
    """Dossiers of one desk received and finished across the year (3 working days each)."""
    o = desk(name="Xã Hồng Sơn")
    other = desk()  # another unit's dossiers never count here
    other.returned(at(2026, 5, 4, 9), at(2026, 5, 5, 9), at(2026, 5, 6, 9))
    # January: resolved early in January (year only); rated in January.
    jan = o.returned(at(2026, 1, 5, 9), at(2026, 1, 6, 9), at(2026, 1, 6, 10))
    with time_machine.travel(at(2026, 1, 7, 9), tick=False):
        dossier_rating_submit(
            dossier=jan, scores={1: 2, 3: 2, 4: 2, 7: 2}, comment="", channel="lookup"
        )
    # March: received, resolved late in April (quarter II, year).
    mar = o.receive(at(2026, 3, 30, 9), channel=Channel.ONLINE)
    o.approve(mar, at(2026, 4, 6, 9))
    # April: received, still pending and overdue by May.
    o.receive(at(2026, 4, 20, 9), channel=Channel.POSTAL)
    # May: one resolved early and rated in May, one on time, one pending within time, one
    # online waiting for a supplement.
    early = o.returned(at(2026, 5, 4, 9), at(2026, 5, 5, 15), at(2026, 5, 6, 9))
    with time_machine.travel(at(2026, 5, 7, 9), tick=False):
        dossier_rating_submit(
            dossier=early, scores={1: 2, 3: 1, 4: 1, 7: 0}, comment="", channel="tablet"
        )
    on_time = o.receive(at(2026, 5, 11, 9))
    o.approve(on_time, at(2026, 5, 14, 9))  # due Thu 14/5 09:00
    o.receive(at(2026, 5, 19, 9))
    waiting = o.receive(at(2026, 5, 12, 9), channel=Channel.ONLINE)
    with time_machine.travel(at(2026, 5, 12, 10), tick=False):
        services.dossier_request_supplement(
            actor=o.reception, dossier=waiting, missing_papers=["Tờ khai"], reason="Thiếu"
        )
    return o


def figures_by_kind(unit):
    with time_machine.travel(NOW, tick=False):
        return {f.kind: f for f in unit_public_figures(unit=unit, now=NOW)}


def test_counts_equal_the_report_engine_for_each_calendar_period(office):
    figures = figures_by_kind(office.unit)
    for kind, number in ((PeriodKind.MONTH, 5), (PeriodKind.QUARTER, 2), (PeriodKind.YEAR, 1)):
        period = calendar_period(kind=kind, year=2026, number=number)
        expected = report(
            date_from=period.start, date_to=period.end, as_of=NOW, unit_ids=[office.unit.pk]
        )
        direct = report(
            date_from=period.start,
            date_to=period.end,
            as_of=NOW,
            unit_ids=[office.unit.pk],
            source="direct",
        )
        assert figures[kind].period == period
        assert figures[kind].counts == expected.total == direct.total
        assert not figures[kind].counts.is_zero()


def test_the_figures_themselves(office):
    f = figures_by_kind(office.unit)
    month, quarter, year = f[PeriodKind.MONTH], f[PeriodKind.QUARTER], f[PeriodKind.YEAR]
    assert (month.counts.received_new, month.counts.received_carried_over) == (4, 1)
    assert (month.counts.resolved_early, month.counts.resolved_on_time) == (1, 1)
    assert month.early_percent == Decimal("50.0") and month.late_percent == Decimal("0.0")
    assert month.online_percent == Decimal("25.0")  # 1 of 4 new
    assert month.counts.pending_overdue == 1  # April's; the one waiting for papers is in time
    assert quarter.counts.resolved_late == 1 and quarter.late_percent == Decimal("33.3")
    assert year.counts.resolved_total == 4 and year.counts.received_new == 7
    assert year.online_percent == Decimal("28.6")  # 2 of 7


def test_average_processing_time_in_days_with_one_decimal(office):
    f = figures_by_kind(office.unit)
    # May: 30 h (4/5 09:00 → 5/5 15:00) and 72 h (11/5 → 14/5): mean 2.125 days → 2.1
    assert f[PeriodKind.MONTH].average_days == Decimal("2.1")
    # Quarter adds March's late one, 7 days: (1.25 + 3 + 7) / 3 = 3.75 → 3.8
    assert f[PeriodKind.QUARTER].average_days == Decimal("3.8")
    # Year adds January's, 1 day: (1 + 1.25 + 3 + 7) / 4 = 3.06 → 3.1
    assert f[PeriodKind.YEAR].average_days == Decimal("3.1")


def test_satisfaction_is_the_mean_of_the_scores_given_in_the_period(office):
    f = figures_by_kind(office.unit)
    month, year = f[PeriodKind.MONTH], f[PeriodKind.YEAR]
    assert month.ratings == 1 and month.satisfaction == Decimal("1.0")  # (2+1+1+0)/4
    assert dict(month.indicator_scores) == {
        1: Decimal("2.0"),
        3: Decimal("1.0"),
        4: Decimal("1.0"),
        7: Decimal("0.0"),
    }
    assert year.ratings == 2 and year.satisfaction == Decimal("1.5")  # (8 + 4) / 8
    assert dict(year.indicator_scores)[3] == Decimal("1.5")


def test_an_empty_unit_shows_dashes_not_zero_percent():
    empty = desk()
    f = figures_by_kind(empty.unit)[PeriodKind.MONTH]
    assert f.counts.is_zero()
    assert f.early_percent is None and f.average_days is None and f.satisfaction is None


def test_public_pages_list_units_and_show_current_figures(client, office):
    with time_machine.travel(NOW, tick=False):
        units = client.get(reverse("portal:figures")).content.decode()
        assert "Xã Hồng Sơn" in units
        url = reverse("portal:unit_figures", args=[office.unit.code])
        assert url in units
        page = client.get(url).content.decode()
    assert "Tháng 05/2026" in page and "Quý 2/2026" in page and "Năm 2026" in page
    assert "50,0%" in page and "33,3%" in page and "2,1" in page  # Vietnamese decimals
    assert client.get(reverse("portal:unit_figures", args=["99999"])).status_code == 404
    # always current: a dossier received now shows at once
    with time_machine.travel(NOW + timedelta(minutes=5), tick=False):
        before = figures_by_kind(office.unit)[PeriodKind.MONTH].counts.received_new
    office.receive(NOW + timedelta(minutes=10))
    with time_machine.travel(NOW + timedelta(minutes=15), tick=False):
        later = unit_public_figures(unit=office.unit, now=NOW + timedelta(minutes=15))
    assert later[0].counts.received_new == before + 1
