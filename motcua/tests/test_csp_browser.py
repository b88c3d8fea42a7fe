"""The main pages work under the Content Security Policy, in Chromium: no inline script or
style is blocked (the `page` fixture fails a test on any CSP violation), htmx and the charts
still run, and an administrator signs in with a real TOTP code."""

import pytest

from accounts.models import Role
from accounts.tests.factories import UserFactory, officer, totp_code, totp_device
from catalog.tests.factories import ProcedureVersionFactory, RequiredPaperFactory, UnitFactory
from dossiers.tests.counter_search import search_procedures
from dossiers.tests.factories import received_dossier

PASSWORD = "mat-khau-thu-nghiem"
pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")


def visit(page, url, selector="main h1"):
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(selector)


def test_main_pages_run_under_the_policy(live_server, page):
    unit = UnitFactory(name="Xã Hồng Sơn", agency_id="000.00.10.H26")
    version = ProcedureVersionFactory(name="Đăng ký kết hôn", time_rule_amount=5)
    RequiredPaperFactory(procedure_version=version, position=1, name="Tờ khai đăng ký kết hôn")
    reception = officer(unit, Role.RECEPTION, Role.SPECIALIST, username="tiepnhan")
    dossier = received_dossier(unit=unit, version=version, actor=reception)
    base = live_server.url

    visit(page, f"{base}/tai-khoan/dang-nhap/")
    visit(page, f"{base}/thu-tuc/")
    page.fill("#id_q", "dang ky")  # htmx search
    page.wait_for_selector("#results >> text=Đăng ký kết hôn")
    visit(page, f"{base}/tra-cuu/")
    visit(page, f"{base}/dich-vu-cong/dang-nhap/")
    visit(page, f"{base}/kiosk/{unit.code}/")
    page.click("#kiosk-ticket")
    page.click("button.kiosk-button >> nth=0")
    page.wait_for_selector("#ticket-number")
    page.evaluate("window.print = () => { window.printed = true; }")
    page.click("#print-ticket")  # the print button works without inline onclick
    assert page.evaluate("window.printed") is True

    sign_in(page, live_server, "tiepnhan")
    page.wait_for_url(f"{base}/can-bo/")
    visit(page, f"{base}/can-bo/tiep-nhan/")
    search_procedures(page, "dang ky ket hon")  # htmx
    page.click(".results button >> nth=0")
    page.wait_for_selector("#checklist input[type=number]")
    visit(page, f"{base}/can-bo/ho-so/{dossier.code}/")
    visit(page, f"{base}/can-bo/so-theo-doi/")
    visit(page, f"{base}/bao-cao/")
    visit(page, f"{base}/bao-cao/tong-quan/")
    page.wait_for_selector("canvas")  # Chart.js drew
    visit(page, f"{base}/tai-khoan/xac-thuc-hai-buoc/")
    assert page.locator("img.qr").evaluate("img => img.naturalWidth") > 0  # the data: QR
    visit(page, f"{base}/api/v1/docs", "#swagger-ui .info")  # Swagger UI, served locally


def test_an_administrator_signs_in_with_a_code_and_uses_the_admin(live_server, page):
    admin = UserFactory(username="quantri", is_staff=True, is_superuser=True)
    device = totp_device(admin)
    sign_in(page, live_server, "quantri")
    page.wait_for_url(f"{live_server.url}/tai-khoan/xac-thuc-hai-buoc/nhap-ma/**")
    page.goto(f"{live_server.url}/admin/")
    assert "/xac-thuc-hai-buoc/nhap-ma/" in page.url  # not the admin
    page.fill("#id_code", totp_code(device))
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/admin/")
    visit(page, f"{live_server.url}/admin/accounts/user/{admin.pk}/change/", "#content h1")
    visit(page, f"{live_server.url}/admin/workcalendar/announcedday/add/", "#content h1")


def test_the_error_pages_are_the_sites_own_under_the_policy(live_server, page):
    response = page.goto(f"{live_server.url}/khong-co-trang-nay/")
    assert response is not None and response.status == 404
    assert page.locator("main h1").inner_text() == "Không tìm thấy trang"
    page.click("text=Tra cứu hồ sơ")  # a way on
    page.wait_for_url(f"{live_server.url}/tra-cuu/")

    # A form left open while the cookies went (another sign-in, a cleaned browser): the
    # officer reads why it was not taken, in Vietnamese, not Django's English CSRF page.
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.context.clear_cookies()
    page.fill("#id_username", "tiepnhan")
    page.fill("#id_password", PASSWORD)
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.keyboard.press("Enter")
    assert posted.value.status == 403
    assert "Chưa có gì được ghi lại" in page.wait_for_selector("#stale-form").inner_text()
