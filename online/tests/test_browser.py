"""End to end in Chromium: a citizen registers with the code the SMS backend delivered,
submits with uploads, an officer accepts, the citizen sees the received dossier. axe-core
finds no serious or critical problem; screenshots go to var/screenshots/online-*.png."""

import re
import signal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import officer
from notifications.models import Kind, Notification
from online.models import CitizenProfile, Submission
from online.tests.factories import PASSWORD, PDF, PNG, make_desk

SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
OFFICER_PASSWORD = "mat-khau-thu-nghiem"
pytestmark = pytest.mark.django_db(transaction=True)


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"online-{name}.png"), full_page=True)


def serious_violations(page) -> list[str]:
    page.evaluate(AXE.read_text())  # not a <script> tag: the CSP refuses inline script
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def deliver_queued_messages() -> None:
    """Run the real notification worker once (`db_worker --batch`), as production does."""
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command(
            "db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0
        )
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)


def code_from_sms(folder: Path, phone: str) -> str:
    """The code in the SMS file the FileSMSBackend wrote for `phone`."""
    for message in sorted(folder.glob("*.txt")):
        text = message.read_text(encoding="utf-8")
        if text.startswith(f"To: {phone}\n"):
            match = re.search(r"Ma xac nhan Mot Cua: (\d{6})", text)
            if match:
                return match.group(1)
    raise AssertionError(f"no code for {phone} in {folder}")


def test_register_submit_accept_and_follow(live_server, page, settings, tmp_path):
    sms = tmp_path / "sms"
    settings.SMS_BACKEND = "notifications.sms.FileSMSBackend"
    settings.SMS_FILE_PATH = sms
    desk = make_desk(name="Xã Hồng Sơn", agency_id="000.00.10.H26")
    officer(desk.unit, Role.RECEPTION, username="tiepnhan", first_name="Lan", last_name="Ngô")
    scans = tmp_path / "scans"
    scans.mkdir()
    (scans / "to-khai.pdf").write_bytes(PDF)
    (scans / "xac-nhan.pdf").write_bytes(PNG)  # a PNG with a .pdf name: kept as PNG

    # Register: details → code by SMS → password.
    page.goto(f"{live_server.url}/")
    page.click("text=Nộp hồ sơ trực tuyến")
    page.click("text=Đăng ký tài khoản")
    page.fill("#id_full_name", "Hoàng Thị Mai")
    page.fill("#id_id_number", "001190054321")
    page.fill("#id_contact", "0987 111 222")
    page.fill("#id_address", "Thôn Đồng Bèn, xã Hồng Sơn")
    shot(page, "register")
    assert serious_violations(page) == []
    page.click("button[type=submit]:has-text('Gửi mã xác nhận')")
    page.wait_for_url("**/dang-ky/xac-nhan/")
    deliver_queued_messages()
    assert Notification.objects.get(kind=Kind.OTP).status == "sent"
    page.fill("#id_code", code_from_sms(sms, "0987111222"))
    shot(page, "confirm")
    assert serious_violations(page) == []
    page.click("button:has-text('Xác nhận')")
    page.wait_for_url("**/dang-ky/mat-khau/")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.click("button:has-text('Tạo tài khoản')")
    page.wait_for_url("**/dich-vu-cong/cua-toi/")
    assert CitizenProfile.objects.get().phone == "0987111222"

    # Submit with one upload per paper.
    page.click("nav.tabs >> text=Nộp hồ sơ mới")
    page.wait_for_url("**/nop-ho-so/")  # loaded, htmx too: a change before that goes unheard
    page.select_option("#id_unit", str(desk.unit.pk))
    page.wait_for_selector("#procedures >> text=Đăng ký kết hôn")
    shot(page, "new")
    assert serious_violations(page) == []
    page.click("#procedures button:has-text('Nộp hồ sơ')")
    page.wait_for_url("**/ho-so-nop/**")
    first, second, _optional = desk.papers
    page.set_input_files(f"#paper_{first.pk}", str(scans / "to-khai.pdf"))
    page.click("button:has-text('Lưu nháp')")
    page.wait_for_selector("text=Đã lưu hồ sơ nháp.")
    page.click("#submit")
    page.wait_for_selector("text=Hồ sơ còn thiếu giấy tờ: Giấy xác nhận tình trạng hôn nhân.")
    page.set_input_files(f"#paper_{second.pk}", str(scans / "xac-nhan.pdf"))
    page.click("#submit")
    page.wait_for_selector("#status >> text=Đã nộp, chờ cán bộ tiếp nhận")
    assert page.locator("table.list a", has_text="xac-nhan.png").count() == 1
    shot(page, "submitted")
    assert serious_violations(page) == []
    submission = Submission.objects.get()

    # The officer accepts it.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.fill("#id_username", "tiepnhan")
    page.fill("#id_password", OFFICER_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/can-bo/")
    page.click("header nav >> text=Hồ sơ trực tuyến")
    page.click(f"text={submission.reference}")
    page.wait_for_selector("text=to-khai.pdf")
    page.click("#action-accept summary")
    shot(page, "officer-submission")
    assert serious_violations(page) == []
    page.click("#action-accept button[type=submit]")
    page.wait_for_selector(".messages >> text=Đã tiếp nhận hồ sơ.")
    submission.refresh_from_db()
    dossier = submission.dossier
    assert dossier is not None and dossier.channel == "online"
    assert dossier.attachments.count() == 2
    deliver_queued_messages()  # the worker composes the receipt notices and sends them
    receipt = Notification.objects.get(dossier=dossier, kind=Kind.RECEIPT, channel="sms")
    assert receipt.status == "sent"

    # The citizen signs in by phone and sees the received dossier.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/dich-vu-cong/dang-nhap/")
    page.fill("#id_identifier", "0987111222")
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/dich-vu-cong/cua-toi/")
    shot(page, "mine")
    assert serious_violations(page) == []
    page.click(f"text={dossier.code}")
    page.wait_for_selector("#status >> text=Đã tiếp nhận")
    due = timezone.localtime(dossier.due_at)
    assert page.locator("#due").inner_text() == f"{due:%H:%M %d/%m/%Y}"
    shot(page, "dossier")
    assert serious_violations(page) == []
