"""End to end in Chromium: the desk's daily paths, keyboard intake, screenshots and axe-core.

Screenshots of the main pages go to var/screenshots/ for people to look at."""

import io
import json
import time
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.models import Role
from accounts.tests.factories import officer
from catalog.tests.factories import ProcedureVersionFactory, RequiredPaperFactory, UnitFactory
from dossiers.models import Dossier, Status
from dossiers.tests.counter_search import search_procedures

SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "mat-khau-thu-nghiem"
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def desk():
    unit = UnitFactory(name="Xã Hồng Sơn", agency_id="000.00.10.H26")
    version = ProcedureVersionFactory(name="Đăng ký kết hôn", time_rule_amount=5)
    RequiredPaperFactory(procedure_version=version, position=1, name="Tờ khai đăng ký kết hôn")
    RequiredPaperFactory(
        procedure_version=version, position=2, name="Giấy xác nhận tình trạng hôn nhân"
    )
    return {
        "unit": unit,
        "version": version,
        "reception": officer(
            unit, Role.RECEPTION, username="tiepnhan", first_name="Thị Lan", last_name="Nguyễn"
        ),
        "specialist": officer(
            unit, Role.SPECIALIST, username="chuyenvien", first_name="Văn Minh", last_name="Trần"
        ),
        "approver": officer(
            unit, Role.APPROVER, username="lanhdao", first_name="Quốc Hùng", last_name="Lê"
        ),
    }


def pdf_text(content: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


def sign_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/can-bo/")


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def serious_violations(page) -> list[str]:
    page.evaluate(AXE.read_text())  # not a <script> tag: the CSP refuses inline script
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def receive_with_keyboard(page, live_server, applicant="Nguyễn Thị Hoa"):
    """Counter intake with the keyboard alone."""
    page.goto(f"{live_server.url}/can-bo/tiep-nhan/")
    search_procedures(page, "dang ky ket hon")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector("#checklist input[name=procedure]", state="attached")
    page.focus("#id_applicant_name")
    page.keyboard.type(applicant)
    page.keyboard.press("Tab")
    page.keyboard.type("001190012345")
    page.keyboard.press("Tab")
    page.keyboard.type("0912345678")
    page.keyboard.press("Enter")
    page.wait_for_url("**/can-bo/ho-so/**")
    return Dossier.objects.get(applicant_name=applicant)


def act(page, action, fields=None):
    page.click(f"#action-{action} summary")
    for selector, value in (fields or {}).items():
        if selector.endswith("assignee"):
            page.select_option(selector, value)
        else:
            page.fill(selector, value)
    # Wait for the page the action leads to, not for a message left on the current one.
    with page.expect_navigation():
        page.click(f"#action-{action} button[type=submit]")
    page.wait_for_selector(".messages")


def test_receive_process_approve_and_return(live_server, page, desk):
    sign_in(page, live_server, "tiepnhan")
    shot(page, "queue")
    assert serious_violations(page) == []
    began = time.monotonic()
    dossier = receive_with_keyboard(page, live_server)
    assert time.monotonic() - began < 60  # keyboard alone, well under a minute
    assert page.locator("#status").inner_text() == "Đã tiếp nhận"
    receipt = page.locator("#print-receipt")
    expect(receipt).to_be_focused()  # Enter prints at once
    pdf = page.context.request.get(live_server.url + receipt.get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf"
    assert dossier.code in pdf_text(pdf.body())
    shot(page, "dossier-received")
    assert serious_violations(page) == []
    act(page, "assign", {"#id_assign-assignee": str(desk["specialist"].pk)})

    sign_in(page, live_server, "chuyenvien")
    page.goto(f"{live_server.url}/can-bo/hang-doi/mine/")
    page.click(f"text={dossier.code}")
    act(page, "submit_for_approval")

    sign_in(page, live_server, "lanhdao")
    page.goto(f"{live_server.url}/can-bo/hang-doi/awaiting_approval/")
    page.click(f"text={dossier.code}")
    act(page, "approve", {"#id_approve-result": "Giấy chứng nhận kết hôn"})
    assert page.locator("#status").inner_text() == "Có kết quả, chờ trả"

    sign_in(page, live_server, "tiepnhan")
    page.goto(f"{live_server.url}/can-bo/hang-doi/ready/")
    page.click(f"text={dossier.code}")
    act(page, "return_result")
    assert page.locator("#status").inner_text() == "Đã trả kết quả"
    shot(page, "dossier-returned")
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED and dossier.returned_to == "Nguyễn Thị Hoa"


def test_counter_screen_is_accessible(live_server, page, desk):
    sign_in(page, live_server, "tiepnhan")
    page.goto(f"{live_server.url}/can-bo/tiep-nhan/")
    search_procedures(page, "ket hon")
    page.click(".results button")
    page.wait_for_selector("#checklist input[name=procedure]", state="attached")
    shot(page, "counter")
    assert serious_violations(page) == []


def test_a_prefix_still_asked_gives_way_to_the_whole_query(live_server, page, desk):
    sign_in(page, live_server, "tiepnhan")
    page.goto(f"{live_server.url}/can-bo/tiep-nhan/")

    def prefix(url: str) -> bool:
        return url.endswith("?q=dang")

    page.route(prefix, lambda route: None)  # the answer to "dang" is held back for ever
    expect(page.locator("#procedure-search")).to_be_focused()  # autofocus, maybe after load
    with page.expect_request(lambda request: prefix(request.url)):
        page.keyboard.type("dang")
    # Asking the whole query cancels the prefix's request (htmx's default would drop the
    # whole query's request instead, and the box would wait on the prefix).
    with page.expect_event("requestfailed", lambda request: prefix(request.url)):
        search_procedures(page, " ky ket hon")
    assert page.locator(".results").get_attribute("data-query") == "dang ky ket hon"
    assert "Đăng ký kết hôn" in page.locator(".results").inner_text()


def test_supplement_then_resubmission(live_server, page, desk):
    sign_in(page, live_server, "tiepnhan")
    dossier = receive_with_keyboard(page, live_server, applicant="Trần Văn Nam")
    act(
        page,
        "request_supplement",
        {
            "#id_request_supplement-missing_papers": "Giấy xác nhận cư trú",
            "#id_request_supplement-reason": "Thiếu giấy xác nhận cư trú",
        },
    )
    assert page.locator("#status").inner_text() == "Chờ bổ sung"
    page.goto(f"{live_server.url}/can-bo/hang-doi/awaiting_supplement/")
    assert dossier.code in page.content()
    page.click(f"text={dossier.code}")
    act(page, "resubmit")
    assert page.locator("#status").inner_text() == "Đang xử lý"


def test_refusal_transfer_and_apology(live_server, page, desk):
    sign_in(page, live_server, "tiepnhan")
    refused = receive_with_keyboard(page, live_server, applicant="Lê Văn Tú")
    transferred = receive_with_keyboard(page, live_server, applicant="Phạm Thị Thu")
    for dossier in (refused, transferred):
        page.goto(f"{live_server.url}/can-bo/ho-so/{dossier.code}/")
        act(page, "assign", {"#id_assign-assignee": str(desk["specialist"].pk)})

    sign_in(page, live_server, "chuyenvien")
    page.goto(f"{live_server.url}/can-bo/ho-so/{refused.code}/")
    act(page, "refuse", {"#id_refuse-reason": "Không đủ điều kiện kết hôn"})
    assert page.locator("#status").inner_text() == "Từ chối giải quyết"
    page.goto(f"{live_server.url}/can-bo/ho-so/{transferred.code}/")
    act(
        page,
        "transfer",
        {
            "#id_transfer-agency_name": "Công an xã",
            "#id_transfer-task": "Xác minh nơi cư trú",
            "#id_transfer-deadline": "2099-01-05T17:00",
        },
    )
    assert page.locator("#status").inner_text() == "Đang chuyển liên thông"
    act(page, "receive_back")
    assert page.locator("#status").inner_text() == "Đang xử lý"

    sign_in(page, live_server, "lanhdao")
    page.goto(f"{live_server.url}/can-bo/ho-so/{transferred.code}/")
    act(
        page,
        "apologise",
        {
            "#id_apologise-reason": "Chờ kết quả xác minh",
            "#id_apologise-new_appointment": "2099-02-05T17:00",
        },
    )
    shot(page, "dossier-apology")
    transferred.refresh_from_db()
    assert transferred.apology_at is not None
    assert json.dumps(transferred.appointment_at.year) == "2099"


def test_a_counter_slip_needs_its_reason_before_its_tab_opens(live_server, page, desk):
    """Mẫu 03 prints in a new tab: without a reason that tab would show only the form's
    error, so the button asks for the reason first (static/js/counter.js)."""
    sign_in(page, live_server, "tiepnhan")
    page.goto(f"{live_server.url}/can-bo/tiep-nhan/")
    search_procedures(page, "ket hon")
    page.click(".results button")
    page.wait_for_selector("#checklist input[name=procedure]", state="attached")
    page.fill("#id_applicant_name", "Nguyễn Thị Hoa")
    page.fill("#id_applicant_id_number", "001190012345")
    page.fill("#id_applicant_phone", "0912345678")
    posts = []
    page.context.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.click("details.action summary")
    button = page.locator("button[value=mau03]")
    button.click()
    reason = page.locator("#counter_reason_refusal")
    expect(reason).to_be_focused()
    assert reason.evaluate("e => e.validationMessage") == "Cần ghi lý do trên phiếu."
    page.wait_for_timeout(300)  # time for a tab or a request that must not come
    assert posts == [] and len(page.context.pages) == 1
    reason.fill("Thủ tục không thuộc thẩm quyền giải quyết của xã")
    with page.context.expect_event(
        "response", lambda r: r.request.method == "POST" and "tiep-nhan" in r.url
    ) as answer:
        button.click()
    # the slip itself is read back in test_counter's Mẫu 03 test; here: it came, in a tab
    assert answer.value.headers["content-type"] == "application/pdf"
    assert "mau03-" in answer.value.headers["content-disposition"]
    assert posts and not Dossier.objects.exists()
    # The live server shares this test's SQLite connection: let the tab's last requests end
    # before the test's database is flushed (a flush beside one fails: "table is locked").
    for each in page.context.pages:
        each.wait_for_load_state("networkidle")
