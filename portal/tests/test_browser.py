"""End to end in Chromium: a citizen finds a procedure typing without diacritics, looks a
dossier up by code + 4 digits and rates it after the return; the kiosk gives a number and
the counter calls it. Screenshots go to var/screenshots/portal-*.png; axe-core finds no
serious or critical violation on any page."""

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings

from portal.models import DossierRating, QueueTicket, TicketStatus
from portal.tests.factories import at, desk

SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "mat-khau-thu-nghiem"
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def office():
    return desk(name="Xã Hồng Sơn", code="10105")


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"portal-{name}.png"), full_page=True)


def serious_violations(page) -> list[str]:
    page.evaluate(AXE.read_text())  # not a <script> tag: the CSP refuses inline script
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def checked(page, name):
    shot(page, name)
    assert serious_violations(page) == [], name


def test_citizen_finds_a_procedure_looks_up_and_rates(live_server, page, office):
    dossier = office.returned(
        at(2026, 3, 2, 9), at(2026, 3, 3, 10), at(2026, 3, 4, 9), name="Nguyễn Viết An"
    )
    page.goto(f"{live_server.url}/")
    page.click("main a[href='/thu-tuc/']")
    page.wait_for_url("**/thu-tuc/")  # loaded, htmx too: a change before that goes unheard
    page.fill("#id_q", "dang ky ket hon")  # no diacritics
    page.wait_for_selector("#results >> text=1 thủ tục.")
    checked(page, "catalogue")
    page.click("#results a:has-text('Đăng ký kết hôn')")
    page.wait_for_selector("#time-limit")
    assert page.locator("#time-limit").inner_text() == "3 ngày làm việc"
    checked(page, "procedure")

    # The QR of Mẫu 01 leads here with the code filled in.
    page.goto(
        settings.PUBLIC_LOOKUP_URL_TEMPLATE.format(code=dossier.code).replace(
            "http://127.0.0.1:8000", live_server.url
        )
    )
    assert page.input_value("#id_code") == dossier.code
    page.fill("#id_digits", "0000")
    page.click("#lookup-form button[type=submit]")
    page.wait_for_selector("#lookup-error")
    checked(page, "lookup-not-found")
    page.fill("#id_digits", "2345")
    page.click("#lookup-form button[type=submit]")
    page.wait_for_selector("#timeline")
    assert page.locator("#status").inner_text() == "Đã trả kết quả"
    assert page.locator("#masked-name").inner_text() == "Nguyễn V*** A*"
    assert "Đã trả kết quả." in page.locator("#timeline").inner_text()
    checked(page, "lookup-result")
    for indicator, score in (("i1", 2), ("i3", 2), ("i4", 1), ("i7", 2)):
        page.check(f"#indicator-{indicator} input[value='{score}']")
    page.fill("#id_comment", "Cán bộ hướng dẫn tận tình")
    page.click("#rating-form button[type=submit]")
    page.wait_for_selector("#rated")
    checked(page, "rated")
    rating = DossierRating.objects.get()
    assert (rating.time_score, rating.contacts_score, rating.agencies_score) == (2, 2, 1)
    assert rating.channel == "lookup" and rating.comment == "Cán bộ hướng dẫn tận tình"

    page.click(".public-nav a[href='/cong-khai/']")
    page.click("#units a:has-text('Xã Hồng Sơn')")
    page.wait_for_selector("#figures")
    assert page.locator("#row-satisfaction td").first.inner_text().startswith("1,8")
    checked(page, "figures")


def test_a_prefix_still_asked_gives_way_to_the_whole_query(live_server, page, office):
    def asks(url: str, query: str) -> bool:
        return parse_qs(urlsplit(url).query).get("q") == [query]

    page.goto(f"{live_server.url}/thu-tuc/")
    page.route(lambda url: asks(url, "dang"), lambda route: None)  # held back for ever
    page.focus("#id_q")
    with page.expect_request(lambda request: asks(request.url, "dang")):
        page.keyboard.type("dang")
    # Asking the whole query cancels the prefix's request (htmx's default would drop the
    # whole query's request instead, and the list would wait on the prefix).
    with page.expect_event("requestfailed", lambda request: asks(request.url, "dang")):
        page.keyboard.type(" ky ket hon")
    page.wait_for_url(lambda url: asks(url, "dang ky ket hon"))  # htmx pushes the answered query
    assert page.locator("#results >> text=1 thủ tục.").count() == 1


def test_kiosk_ticket_and_the_counter_calls_it(live_server, page, office):
    page.goto(f"{live_server.url}/kiosk/{office.unit.code}/")
    checked(page, "kiosk")
    page.click("#kiosk-ticket")
    page.wait_for_selector("text=Chọn quầy hoặc lĩnh vực")
    checked(page, "kiosk-lines")
    page.click("button.kiosk-button:has-text('Hộ tịch')")
    page.wait_for_selector("#ticket-number")
    assert page.locator("#ticket-number").inner_text() == "001"
    checked(page, "ticket")

    display = page.context.new_page()
    display.goto(f"{live_server.url}/kiosk/{office.unit.code}/man-hinh/")
    assert "Chưa gọi số nào." in display.locator("#board").inner_text()

    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/?next=/kiosk/{office.unit.code}/goi-so/")
    page.fill("#id_username", office.reception.username)
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_selector("#call-form")
    page.fill("#id_counter_label", "Quầy 1")
    page.select_option("#id_line", "Hộ tịch")
    page.click("#call-next")
    page.wait_for_selector(".messages >> text=Mời số 001 (Hộ tịch) đến Quầy 1.")
    checked(page, "call-next")
    assert QueueTicket.objects.get().status == TicketStatus.CALLED

    # The public screen polls with htmx and shows the called number without a reload.
    display.wait_for_selector("#called .board-number:has-text('001')", timeout=10_000)
    assert "Quầy 1" in display.locator("#called").inner_text()
    checked(display, "display")
