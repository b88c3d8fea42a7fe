"""End to end in Chromium: the overseeing office opens the dashboard, the charts are drawn
by Chart.js (served locally) with their tables beside them, and a click on the overdue list
opens the dossier. axe-core finds no serious or critical violation on the report pages.
Screenshots go to var/screenshots/reports-*.png."""

from pathlib import Path

import pytest
from django.conf import settings

from reports.tests.scenario import office

SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "mat-khau-thu-nghiem"
MARCH = "date_from=2026-03-01&date_to=2026-03-31"
pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/can-bo/")


def checked(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"reports-{name}.png"), full_page=True)
    page.evaluate(AXE.read_text())  # not a <script> tag: the CSP refuses inline script
    result = page.evaluate("async () => await axe.run(document)")
    serious = [
        f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert serious == [], name


def test_dashboard_charts_tables_and_click_through(live_server, page):
    o = office()
    sign_in(page, live_server, o.overseer.username)
    page.click("header nav a:has-text('Báo cáo')")
    page.wait_for_selector("#report-table")
    checked(page, "report")

    page.goto(f"{live_server.url}/bao-cao/tong-quan/?{MARCH}")
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-trend')")
    for chart in ("ranking", "trend", "online", "satisfaction"):
        size = page.evaluate(
            "(id) => { const c = document.getElementById(id);"
            " return [c.width, c.height, !!Chart.getChart(c)]; }",
            f"chart-{chart}",
        )
        assert size[0] > 0 and size[1] > 0 and size[2], (chart, size)
    drawn = page.evaluate("() => Chart.getChart('chart-trend').data.datasets[0].data")
    assert drawn == [6]  # received in March, as in the table
    assert page.locator("#table-trend tbody tr").count() == 1
    assert page.locator("#table-ranking tbody tr").count() == 2
    checked(page, "dashboard")

    page.click(f"#table-overdue a:has-text('{o.overdue.code}')")
    page.wait_for_url(f"**/can-bo/ho-so/{o.overdue.code}/")
    assert o.overdue.code in page.content()

    page.goto(f"{live_server.url}/bao-cao/danh-gia/?kind=year&year=2026")
    page.wait_for_selector("#table-units")
    checked(page, "evaluation")
    page.goto(f"{live_server.url}/bao-cao/chi-so-766/?{MARCH}")
    page.wait_for_selector("#d766-total")
    checked(page, "decision766")
