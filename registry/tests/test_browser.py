"""End to end in Chromium: register an incoming letter, assign it, answer it with an outgoing
document, download both registers; axe-core on every page, screenshots to var/screenshots/."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts.models import Role
from accounts.tests.factories import officer
from catalog.tests.factories import UnitFactory
from registry.models import IncomingLetter, LetterStatus, OutgoingDocument

SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "mat-khau-thu-nghiem"
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def desk():
    unit = UnitFactory(name="Xã Hồng Sơn", kind="Xã", agency_id="000.00.11.H26")
    return {
        "unit": unit,
        "clerk": officer(
            unit, Role.RECEPTION, username="vanthu", first_name="Thị Lan", last_name="Nguyễn"
        ),
        "specialist": officer(
            unit, Role.SPECIALIST, username="chuyenvien", first_name="Văn Minh", last_name="Trần"
        ),
    }


def sign_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/can-bo/")


def check(page, name):
    """A full-page screenshot, and no serious or critical axe-core violation."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"registry-{name}.png"), full_page=True)
    page.evaluate(AXE.read_text())  # not a <script> tag: the CSP refuses inline script
    result = page.evaluate("async () => await axe.run(document)")
    serious = [
        f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert serious == [], name


def download(page, register, file_format):
    page.select_option("#id_register", register)
    page.select_option("#id_format", file_format)
    with page.expect_download() as info:
        page.click("#book-form button[type=submit]")
    return Path(info.value.path()).read_bytes()


def test_register_assign_answer_and_print(live_server, page, desk):
    sign_in(page, live_server, "vanthu")
    page.click("nav >> text=Công văn")
    page.wait_for_url("**/cong-van/")
    check(page, "incoming-list")

    page.click("#register-incoming")
    page.fill("#id_sender", "Sở Xây dựng tỉnh Hà Nam")
    page.fill("#id_original_number", "123/SXD-QLN")
    page.fill("#id_original_date", "02/03/2026")
    page.select_option("#id_doc_type", "cong_van")
    page.select_option("#id_urgency", "urgent")
    page.fill("#id_summary", "V/v rà soát hiện trạng đất đai khu dân cư")
    page.fill("#id_reply_days", "1")
    check(page, "incoming-form")
    page.click("form.card button[type=submit]")
    page.wait_for_url(re.compile(r".*/cong-van/den/\d+/$"))
    letter = IncomingLetter.objects.get(sender="Sở Xây dựng tỉnh Hà Nam")
    assert page.locator("#number").inner_text() == str(letter.number)
    assert page.locator("#status").inner_text() == "Mới đến"
    page.click("#action-assign summary")
    page.select_option("#id_assign-handler", str(desk["specialist"].pk))
    page.fill("#id_assign-note", "Đề nghị trả lời trong ngày")
    with page.expect_navigation():  # the registration's message is still on this page
        page.click("#action-assign button[type=submit]")
    page.wait_for_selector(".messages")
    assert page.locator("#handler").inner_text() == "Trần Văn Minh"
    check(page, "incoming-detail")

    sign_in(page, live_server, "chuyenvien")
    page.goto(f"{live_server.url}/cong-van/han-tra-loi/")
    assert "Sở Xây dựng tỉnh Hà Nam" in page.content()
    check(page, "due")
    page.click(f"text={letter.number}/{letter.year}")
    page.click("#reply")
    page.wait_for_url("**/cong-van/di/moi/?tra-loi=*")
    assert page.input_value("#id_recipients") == "Sở Xây dựng tỉnh Hà Nam"
    page.fill("#id_drafting_unit", "VP")
    page.fill("#id_summary", "V/v báo cáo hiện trạng đất đai khu dân cư")
    page.fill("#id_signer", "Lê Quốc Hùng")
    check(page, "outgoing-form")
    page.click("form.card button[type=submit]")
    page.wait_for_url(re.compile(r".*/cong-van/di/\d+/$"))
    assert page.locator("#symbol").inner_text() == "01/UBND-VP"
    check(page, "outgoing-detail")
    page.click("#reply-to")
    assert page.locator("#status").inner_text() == "Đã xử lý"
    letter.refresh_from_db()
    assert letter.status == LetterStatus.HANDLED
    assert OutgoingDocument.objects.get().reply_to == letter

    page.click("nav.tabs >> text=Văn bản đi")
    page.wait_for_url("**/cong-van/di/")  # read the list only once it is the page shown
    assert "01/UBND-VP" in page.content()
    check(page, "outgoing-list")
    page.click("nav.tabs >> text=In sổ")
    page.wait_for_url("**/cong-van/so/**")
    check(page, "book")
    incoming_pdf = download(page, "den", "pdf")
    text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(incoming_pdf)).pages
    )
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN" in text and "Sở Xây dựng tỉnh Hà Nam" in text
    assert "Đã trả lời bằng 01/UBND-VP" in text
    outgoing_pdf = download(page, "di", "pdf")
    assert "01/UBND-VP" in PdfReader(io.BytesIO(outgoing_pdf)).pages[0].extract_text()
    workbook = load_workbook(io.BytesIO(download(page, "di", "xlsx")))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[5][0] == "01/UBND-VP" and rows[5][3] == "Lê Quốc Hùng"
