"""The dashboard: ranking, monthly trend, online share, overdue list and satisfaction, as
the engine computes them; and its pure figures."""

import json
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from reports.dashboard import on_time_rate, online_share, ranking, trend
from reports.definitions import Counts
from reports.engine import Report, Row
from reports.tests.html import table_rows
from reports.tests.scenario import MARCH, NOW, engine, get, office

pytestmark = pytest.mark.django_db


@pytest.fixture
def o():
    return office()


def vn(percent: Decimal | None) -> str:
    """A percentage as the Vietnamese pages write it (decimal comma)."""
    return f"{percent}%".replace(".", ",")


def chart_json(html: str) -> dict:
    found = re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', html)
    assert found
    return json.loads(found.group(1))


def test_ranking_trend_and_kpis_are_the_engines(client, o):
    ids = [o.hong_son.unit.pk, o.tan_lap.unit.pk]
    html = get(client, o.overseer, "dashboard", MARCH).content.decode()
    ranked = ranking(engine(ids, "unit"))
    rows = table_rows(html, "table-ranking")[1:]
    assert [r[1] for r in rows] == ["Xã Tân Lập", "Xã Hồng Sơn"]
    assert rows[0] == ["1", "Xã Tân Lập", "1", "1", "0", "100,0%"]
    assert rows[1] == ["2", "Xã Hồng Sơn", "3", "2", "1", "66,7%"]
    assert [u.rate for u in ranked] == [Decimal("100.0"), Decimal("66.7")]

    months = trend(engine(ids, "month"), today=NOW.date())
    shown = table_rows(html, "table-trend")[1:]
    assert shown == [
        [m.name, str(m.received), str(m.resolved), str(m.late), str(m.online), vn(m.online_share)]
        for m in months
    ]
    assert shown == [["Tháng 3/2026", "6", "4", "1", "2", "33,3%"]]
    data = chart_json(html)
    assert data["ranking"]["rates"] == [100.0, 66.7]
    assert data["trend"]["received"] == [6] and data["online"]["shares"] == [33.3]
    assert "(2 / 6)" in html  # online share of the period: received_online / received_new


def test_the_trend_lists_the_months_begun_and_names_a_cut_month_with_its_days(client, o):
    """The default period is the official year (15/12/2025–14/12/2026); on 25/3/2026 the
    months still to come are not listed, and December 2025 counts from the 15th only."""
    html = get(client, o.overseer, "dashboard").content.decode()
    months = [row[0] for row in table_rows(html, "table-trend")[1:]]
    assert months == ["Tháng 12/2025 (15/12–31/12)", "Tháng 1/2026", "Tháng 2/2026", "Tháng 3/2026"]
    future = get(
        client, o.overseer, "dashboard", {"date_from": "2026-04-01", "date_to": "2026-04-30"}
    )
    assert "Kỳ này chưa bắt đầu: chưa có tháng nào để hiển thị." in future.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    with time_machine.travel(NOW, tick=False):
        english = client.get(reverse("reports:dashboard")).content.decode()
    assert [row[0] for row in table_rows(english, "table-trend")[1:]][::3] == [
        "Month 12/2025 (15/12–31/12)",
        "Month 3/2026",
    ]


def test_the_overdue_list_links_to_the_dossier_and_matches_the_count(client, o):
    ids = [o.hong_son.unit.pk, o.tan_lap.unit.pk]
    html = get(client, o.overseer, "dashboard", MARCH).content.decode()
    rows = table_rows(html, "table-overdue")[1:]
    assert [r[0] for r in rows] == [o.overdue.code]
    assert engine(ids).total.pending_overdue == len(rows) == 1
    assert f'href="{reverse("dossiers:detail", args=[o.overdue.code])}"' in html


def test_satisfaction_from_the_citizens_ratings(client, o):
    html = get(client, o.overseer, "dashboard", MARCH).content.decode()
    rows = table_rows(html, "table-satisfaction")[1:]
    # Two ratings: (2, 2, 2, 2) and (1, 2, 1, 1).
    assert [r[1] for r in rows] == ["1,5", "2,0", "1,5", "1,5"]
    assert "2 lượt đánh giá trong kỳ" in html and "<strong>1,6</strong>" in html
    assert chart_json(html)["satisfaction"]["scores"] == [1.5, 2.0, 1.5, 1.5]


def test_a_commune_leader_sees_their_commune_only(client, o):
    html = get(client, o.tan_lap.approver, "dashboard", MARCH).content.decode()
    assert [r[1] for r in table_rows(html, "table-ranking")[1:]] == ["Xã Tân Lập"]
    assert o.overdue.code not in html and "Hồng Sơn" not in html


def test_the_page_loads_the_chart_library_locally(client, o):
    html = get(client, o.overseer, "dashboard", MARCH).content.decode()
    assert '<script src="/static/vendor/chartjs/chart.umd.min.js" defer>' in html
    assert "/static/reports/dashboard.js" in html
    assert "http://" not in html.split("<main", 1)[1] and "https://" not in html


def counts(**values: int) -> Counts:
    return Counts(**values)


def test_rates_are_none_without_a_denominator():
    assert on_time_rate(Counts()) is None and online_share(Counts()) is None
    assert on_time_rate(counts(resolved_total=3, resolved_early=1, resolved_on_time=1)) == Decimal(
        "66.7"
    )
    assert online_share(counts(received_new=8, received_online=1)) == Decimal("12.5")


def test_units_that_resolved_nothing_come_last_unranked():
    def row(name, **values):
        return Row(name, name, counts(**values))

    by_unit = Report(
        date_from=None,  # type: ignore[arg-type]
        date_to=None,  # type: ignore[arg-type]
        as_of=None,  # type: ignore[arg-type]
        group_by="unit",
        rows=(
            row("A"),
            row("B", resolved_total=2, resolved_on_time=1, resolved_late=1),
            row("C", resolved_total=4, resolved_early=2, resolved_late=2),
            row("D", resolved_total=1, resolved_early=1),
        ),
        total=Counts(),
    )
    ranked = ranking(by_unit)
    assert [(u.name, u.rank) for u in ranked] == [("D", 1), ("C", 2), ("B", 3), ("A", None)]
    with pytest.raises(ValueError):
        trend(by_unit, today=NOW.date())
