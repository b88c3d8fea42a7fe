"""End to end in Chromium over the demo units (huyện Mỹ Đức as it stood in 2017–2018):
the office lays down a programme for 01/01/2017–31/03/2018, a member opens one commune's
evidence pack, records findings and a recommendation and exports the report; the commune
answers; the committee closes the recommendation. axe-core finds no serious or critical
violation; screenshots go to var/screenshots/oversight-*.png."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from docx import Document

from accounts.models import Role
from accounts.tests.factories import officer
from catalog.models import AdministrativeUnit
from catalog.reference import load_units
from catalog.tests.factories import ProcedureVersionFactory, RequiredPaperFactory
from oversight.models import Programme, ReadLog, RecommendationStatus
from reports.tests.helpers import at
from reports.tests.scenario import desk

SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "mat-khau-thu-nghiem"
pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/can-bo/")


def checked(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"oversight-{name}.png"), full_page=True)
    page.evaluate(AXE.read_text())  # not a <script> tag: the CSP refuses inline script
    result = page.evaluate("async () => await axe.run(document)")
    serious = [
        f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert serious == [], name


def test_programme_from_evidence_to_closed_recommendation(live_server, page):
    load_units()
    district = AdministrativeUnit.objects.get(code="282")
    communes = list(district.children.exclude(agency_id="").filter(valid_from__year__lte=2017))
    assert len(communes) >= 20
    hong_son = next(u for u in communes if u.name == "Xã Hồng Sơn")
    version = ProcedureVersionFactory(name="Đăng ký khai sinh", time_rule_amount=3)
    RequiredPaperFactory(procedure_version=version, position=1, name="Tờ khai")
    commune = desk(hong_son, version, "hongson")
    commune.finish(commune.receive(at(2017, 11, 1, 9)), at(2017, 11, 2, 9))
    commune.finish(commune.receive(at(2018, 3, 1, 9)), at(2018, 3, 12, 9))
    overseer = officer(district, Role.OVERSEER, username="vanphong")
    member = officer(district, Role.SUPERVISOR, username="daibieu", first_name="Quang Lộ")

    sign_in(page, live_server, overseer.username)
    page.click("header nav a:has-text('Giám sát')")
    page.click("#new-programme")
    page.fill("#id_decision_number", "12/QĐ-HĐND")
    page.fill("#id_decision_date", "2018-04-20")
    page.fill("#id_body", "Ban Pháp chế HĐND huyện")
    page.fill("#id_head", "Phạm Quang Lộ")
    page.fill("#id_subject", "Giám sát Bộ phận tiếp nhận và trả kết quả TTHC các xã, thị trấn")
    page.fill("#id_period_start", "2017-01-01")
    page.fill("#id_period_end", "2018-03-31")
    for unit in communes:
        page.check(f"input[name=units][value='{unit.pk}']")
    page.check(f"input[name=members][value='{member.pk}']")
    checked(page, "new")
    page.click("#create")
    page.wait_for_selector("#units")
    programme = Programme.objects.get()
    assert programme.units.count() == len(communes)

    sign_in(page, live_server, member.username)
    page.goto(f"{live_server.url}/giam-sat/{programme.pk}/")
    checked(page, "programme")
    page.click(f"#units a:has-text('{hong_son.name}')")
    page.wait_for_selector("#figures")
    assert page.inner_text("#figures td[data-key=received_total]") == "2"
    assert page.inner_text("#figures td[data-key=resolved_late]") == "1"
    checked(page, "evidence")
    page.click("#list-late")
    page.wait_for_selector("#dossiers")
    assert page.locator("#dossiers tbody tr").count() == 1
    checked(page, "dossiers")
    assert ReadLog.objects.filter(user=member, what="late").count() == 1

    page.goto(f"{live_server.url}/giam-sat/{programme.pk}/")
    page.select_option("#finding-form select[name=kind]", "shortcoming")
    page.fill("#finding-form textarea[name=text]", "Còn hồ sơ giải quyết quá hạn.")
    page.click("#finding-form button")
    page.wait_for_selector("#findings li:has-text('Còn hồ sơ giải quyết quá hạn.')")
    page.select_option("#recommendation-form select[name=unit]", str(hong_son.pk))
    page.fill("#recommendation-form textarea[name=content]", "Rà soát, xin lỗi khi trễ hạn")
    page.fill("#recommendation-form input[name=deadline]", "2018-06-30")
    page.click("#recommendation-form button")
    page.wait_for_selector("#recommendations td:has-text('Rà soát, xin lỗi khi trễ hạn')")
    with page.expect_download() as download:
        page.click("#report-docx")
    document = Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    rows = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert next(r[:9] for r in rows if r[0] == "Xã Hồng Sơn") == [
        "Xã Hồng Sơn",
        "2",
        "0",
        "2",
        "1",
        "0",
        "1",
        "0",
        "0",
    ]

    sign_in(page, live_server, commune.approver.username)
    page.click("header nav a:has-text('Giám sát')")
    page.click("#addressed a")
    page.fill("#id_answer", "Đã rà soát, lập phiếu xin lỗi theo Mẫu 04.")
    checked(page, "answer")
    page.click("#send-answer")
    page.wait_for_selector(".messages")

    sign_in(page, live_server, member.username)
    page.goto(f"{live_server.url}/giam-sat/{programme.pk}/")
    assert "Đã rà soát" in page.inner_text("#recommendations")
    page.select_option("#recommendations select", "done")
    with page.expect_navigation():  # the select's own option already reads "Đã thực hiện"
        page.click("#recommendations button")
    page.wait_for_selector("#recommendations td:has-text('Đã thực hiện')")
    checked(page, "closed")
    assert programme.recommendations.get().status == RecommendationStatus.DONE
