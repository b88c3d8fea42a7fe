"""Officer pages through Django's test client: scoping, queues, counter, actions, scans."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import URLPattern, get_resolver, reverse

from accounts.models import Role
from accounts.tests.factories import officer
from catalog.models import Level
from catalog.tests.factories import ProcedureVersionFactory, RequiredPaperFactory, UnitFactory
from dossiers.models import Dossier, DossierEvent, Status
from dossiers.services import dossier_assign, dossier_withdraw
from dossiers.templatetags.dossier_tags import event_detail
from dossiers.tests.factories import image_bytes, received_dossier

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PNG = image_bytes("PNG")
pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    district = UnitFactory(level=Level.DISTRICT, agency_id="")
    unit = UnitFactory(parent=district)
    version = ProcedureVersionFactory(name="Đăng ký kết hôn")
    RequiredPaperFactory(procedure_version=version, position=1, name="Tờ khai đăng ký kết hôn")
    people = {
        "reception": officer(unit, Role.RECEPTION, username="tiepnhan"),
        "specialist": officer(unit, Role.SPECIALIST, username="chuyenvien"),
        "approver": officer(unit, Role.APPROVER, username="lanhdao"),
        "stranger": officer(UnitFactory(), Role.RECEPTION, Role.SPECIALIST, Role.APPROVER),
        "overseer": officer(district, Role.OVERSEER),
    }
    dossier = received_dossier(
        unit=unit,
        version=version,
        actor=people["reception"],
        received_at=datetime(2026, 3, 2, 9, tzinfo=VN),
        name="Nguyễn Văn Ánh",
    )
    return unit, version, people, dossier


def dossier_urls(code: str) -> list[str]:
    """Every officer URL that takes a dossier code: new ones are covered automatically."""
    urls = []
    for pattern in get_resolver("dossiers.urls").url_patterns:
        assert isinstance(pattern, URLPattern)
        if "code" not in pattern.pattern.converters:
            continue
        samples = {"code": code, "action": "note", "attachment_id": 1, "form": "mau05"}
        kwargs = {name: samples[name] for name in pattern.pattern.converters}
        urls.append(reverse(f"dossiers:{pattern.name}", kwargs=kwargs))
    return urls


def test_another_units_officer_gets_404_on_every_dossier_page(client, desk):
    _, _, p, dossier = desk
    urls = dossier_urls(dossier.code)
    assert len(urls) >= 3
    client.force_login(p["stranger"])
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"note-text": "x"}).status_code in {404, 405}, url
    assert not DossierEvent.objects.filter(action="note").exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, desk):
    dossier = desk[3]
    for url in [*dossier_urls(dossier.code), reverse("dossiers:home"), reverse("dossiers:counter")]:
        response = client.get(url)
        assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]


def test_overseer_reads_but_cannot_act(client, desk):
    _, _, p, dossier = desk
    client.force_login(p["overseer"])
    page = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    # An overseer reads the dossier with the applicant masked (dossiers.privacy).
    assert "Nguyễn V** Á**" in page and "Bạn chỉ được xem hồ sơ này" in page
    assert "Nguyễn Văn Ánh" not in page
    response = client.post(
        reverse("dossiers:act", args=[dossier.code, "note"]), {"note-text": "xem"}
    )
    assert "không có vai trò" in response.content.decode()
    assert not DossierEvent.objects.filter(action="note").exists()


def test_the_counter_link_is_offered_only_to_desk_officers(client, desk):
    *_, p, _ = desk
    counter = reverse("dossiers:counter")
    for who, works_at_a_desk in [("reception", True), ("specialist", True), ("overseer", False)]:
        client.force_login(p[who])
        home = client.get(reverse("dossiers:home")).content.decode()
        assert (f'href="{counter}"' in home) is works_at_a_desk, who
        assert client.get(counter).status_code == (200 if works_at_a_desk else 404), who


def test_sign_in_page_and_password_change_are_vietnamese(client, desk):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Đăng nhập cán bộ" in page and "Mật khẩu" in page
    response = client.post(
        reverse("accounts:login"), {"username": "tiepnhan", "password": "mat-khau-thu-nghiem"}
    )
    assert response.status_code == 302
    assert "Đổi mật khẩu" in client.get(reverse("accounts:password_change")).content.decode()


def test_queues_filter_without_diacritics_and_sort_by_due_time(client, desk):
    unit, version, p, first = desk
    second = received_dossier(
        unit=unit,
        version=version,
        actor=p["reception"],
        received_at=datetime(2026, 3, 1, 9, tzinfo=VN),
        name="Trần Bình",
    )
    client.force_login(p["reception"])
    page = client.get(reverse("dossiers:queue", args=["unit"])).content.decode()
    assert page.index(second.code) < page.index(first.code)  # earlier due first
    option = f'<option value="{version.procedure.pk}">{version.procedure.code} — Đăng ký kết hôn'
    assert option in page  # the procedure filter names the procedures
    page = client.get(reverse("dossiers:queue", args=["unit"]), {"q": "nguyen van anh"})
    body = page.content.decode()
    assert first.code in body and second.code not in body
    assert client.get(reverse("dossiers:queue", args=["nope"])).status_code == 404


def test_closed_dossiers_are_found_by_status_or_by_their_code(client, desk):
    unit, version, p, open_one = desk
    closed = received_dossier(unit=unit, version=version, actor=p["reception"], name="Lê Tú")
    dossier_withdraw(actor=p["reception"], dossier=closed, reason="Người nộp rút")
    client.force_login(p["reception"])
    url = reverse("dossiers:queue", args=["unit"])
    in_hand = client.get(url).content.decode()
    assert open_one.code in in_hand and closed.code not in in_hand  # the queue: still in hand
    by_status = client.get(url, {"status": Status.WITHDRAWN}).content.decode()
    assert closed.code in by_status and open_one.code not in by_status
    typed = f" {closed.code.lower()} "  # as typed at a counter
    assert client.get(url, {"q": typed})["Location"] == reverse(
        "dossiers:detail", args=[closed.code]
    )
    client.force_login(p["stranger"])  # another unit's code is no code to them
    assert client.get(url, {"q": closed.code}).status_code == 200


def test_the_apology_is_offered_only_while_it_can_be_made(client, desk):
    *_, p, dossier = desk  # received Mon 2/3/2026 09:00
    client.force_login(p["approver"])
    url = reverse("dossiers:detail", args=[dossier.code])
    with time_machine.travel(dossier.due_at - timedelta(days=1), tick=False):
        assert 'id="action-apologise"' in client.get(url).content.decode()
    for moment in (dossier.due_at - timedelta(minutes=1), dossier.due_at + timedelta(days=2)):
        with time_machine.travel(moment, tick=False):  # the due day, overdue
            assert 'id="action-apologise"' not in client.get(url).content.decode(), moment


def test_overdue_and_awaiting_supplement_queues(client, desk):
    *_, p, dossier = desk
    client.force_login(p["reception"])
    overdue = client.get(reverse("dossiers:queue", args=["overdue"])).content.decode()
    assert dossier.code in overdue and "Quá hạn" in overdue  # due in March 2026, now later
    client.post(
        reverse("dossiers:act", args=[dossier.code, "request_supplement"]),
        {
            "request_supplement-missing_papers": "Giấy xác nhận tình trạng hôn nhân",
            "request_supplement-reason": "Thiếu giấy",
        },
    )
    waiting = client.get(reverse("dossiers:queue", args=["awaiting_supplement"])).content
    assert dossier.code in waiting.decode()
    assert (
        dossier.code not in client.get(reverse("dossiers:queue", args=["overdue"])).content.decode()
    )


def test_counter_finds_procedures_with_or_without_diacritics(client, desk):
    _, version, p, _ = desk
    client.force_login(p["reception"])
    url = reverse("dossiers:counter_procedures")
    for query in ["kết hôn", "dang ky ket hon", version.procedure.code]:
        page = client.get(url, {"q": query}).content.decode()
        assert version.name in page, query
        assert f'data-query="{query}"' in page  # the list names the query it answers
    assert version.name not in client.get(url, {"q": "khai tu"}).content.decode()


def counter_post(version, **overrides):
    paper = version.papers.get()
    data = {
        "procedure": version.pk,
        "channel": "direct",
        "applicant_name": "Lê Thị Mai",
        "applicant_id_number": "001190099999",
        "applicant_phone": "0987654321",
        f"paper_{paper.pk}": "1",
    }
    data.update(overrides)
    return data


def test_counter_says_which_paper_count_is_no_number_of_copies(client, desk):
    unit, version, p, _ = desk
    paper = version.papers.get()
    client.force_login(p["reception"])
    for typed in ("-3", "²", "1,5", "1000"):
        data = counter_post(version, unit=unit.pk, **{f"paper_{paper.pk}": typed})
        response = client.post(reverse("dossiers:counter"), data)
        page = response.content.decode()
        assert response.status_code == 200, typed
        assert f"Số bản của «{paper.name}» phải là số nguyên từ 0 đến 999." in page, typed
        assert "chưa tiếp nhận" not in page, typed  # not taken for a paper not brought
    assert not Dossier.objects.filter(applicant_name="Lê Thị Mai").exists()


@pytest.mark.parametrize(
    ("procedure", "reason"), [("", "Chưa chọn thủ tục."), ("999999", "Thủ tục không áp dụng.")]
)
def test_counter_without_a_procedure_keeps_what_was_typed(client, desk, procedure, reason):
    unit, version, p, _ = desk
    client.force_login(p["reception"])
    data = {**counter_post(version, unit=unit.pk), "procedure": procedure}
    response = client.post(reverse("dossiers:counter"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert reason in page
    assert 'value="Lê Thị Mai"' in page  # the applicant's name is still in its box
    assert not Dossier.objects.filter(applicant_name="Lê Thị Mai").exists()


def test_counter_receives_and_opens_the_dossier(client, desk):
    unit, version, p, _ = desk
    client.force_login(p["reception"])
    response = client.post(
        reverse("dossiers:counter"), counter_post(version, unit=unit.pk, papers_digitised="on")
    )
    dossier = Dossier.objects.get(applicant_name="Lê Thị Mai")
    assert response.status_code == 302 and dossier.code in response["Location"]
    assert dossier.status == Status.RECEIVED and dossier.unit == unit
    # Decision 766 facts recorded at receipt
    assert (dossier.papers_digitised, dossier.papers_reused, dossier.paid_online) == (
        True,
        False,
        False,
    )


def test_counter_with_missing_papers_receives_nothing(client, desk):
    _, version, p, _ = desk
    client.force_login(p["reception"])
    paper = version.papers.get()
    response = client.post(
        reverse("dossiers:counter"), counter_post(version, **{f"paper_{paper.pk}": "0"})
    )
    body = response.content.decode()
    assert "chưa tiếp nhận" in body and "Tờ khai đăng ký kết hôn" in body
    assert not Dossier.objects.filter(applicant_name="Lê Thị Mai").exists()


def test_counter_shows_vietnamese_errors_for_bad_id_numbers(client, desk):
    _, version, p, _ = desk
    client.force_login(p["reception"])
    response = client.post(
        reverse("dossiers:counter"), counter_post(version, applicant_id_number="12345")
    )
    assert "CCCD có 12 chữ số" in response.content.decode()
    assert not Dossier.objects.filter(applicant_name="Lê Thị Mai").exists()


def test_counter_is_only_for_desk_officers(client, desk):
    client.force_login(desk[2]["overseer"])
    assert client.get(reverse("dossiers:counter")).status_code == 404


def test_processing_through_the_page_buttons(client, desk):
    _, _, p, dossier = desk
    url = lambda action: reverse("dossiers:act", args=[dossier.code, action])  # noqa: E731
    client.force_login(p["reception"])
    page = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert "Phân công xử lý" in page and "Phê duyệt" not in page
    client.post(url("assign"), {"assign-assignee": p["specialist"].pk})
    client.force_login(p["specialist"])
    client.post(url("submit_for_approval"), {"submit_for_approval-note": ""})
    client.force_login(p["approver"])
    client.post(
        url("approve"),
        {"approve-result": "Giấy chứng nhận kết hôn", "approve-result_digitised": "on"},
    )
    dossier.refresh_from_db()
    assert dossier.result_digitised is True
    client.force_login(p["reception"])
    response = client.post(
        url("return_result"),
        {"return_result-returned_to": "Nguyễn Văn Ánh", "return_result-id_checked": "on"},
    )
    # Received in March and approved now: late without an apology, so a reason is required.
    assert "cần ghi lý do trễ hạn" in response.content.decode()
    client.post(
        url("return_result"),
        {
            "return_result-returned_to": "Nguyễn Văn Ánh",
            "return_result-id_checked": "on",
            "return_result-late_reason": "Chờ xác minh",
        },
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED
    assert list(dossier.events.values_list("action", flat=True)) == [
        "receive",
        "assign",
        "submit_for_approval",
        "approve",
        "return_result",
    ]


def test_scans_are_checked_by_content_and_served_only_to_allowed_users(
    client, desk, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.ATTACHMENT_MAX_BYTES = 1000
    _, _, p, dossier = desk
    url = reverse("dossiers:act", args=[dossier.code, "attach"])
    client.force_login(p["reception"])
    fake = client.post(url, {"attach-file": _upload("giay.pdf", b"not a pdf at all")})
    assert "Chỉ nhận tệp PDF, JPEG hoặc PNG" in fake.content.decode()
    big = client.post(url, {"attach-file": _upload("to.png", PNG + b"\x00" * 2000)})
    assert "Tệp quá lớn" in big.content.decode()
    client.post(url, {"attach-file": _upload("to-khai.png", PNG)})
    scan = dossier.attachments.get()
    assert (scan.content_type, scan.size) == ("image/png", len(PNG))
    download = reverse("dossiers:attachment", args=[dossier.code, scan.pk])
    assert b"".join(client.get(download).streaming_content) == PNG
    client.force_login(p["stranger"])
    assert client.get(download).status_code == 404


def test_due_within_one_working_day_is_flagged(client, desk):
    unit, _, p, _ = desk
    same_day = ProcedureVersionFactory(time_rule_kind="same_day", time_rule_amount=0)
    five_days = ProcedureVersionFactory(time_rule_amount=5)
    with time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=VN), tick=False):
        soon = received_dossier(unit=unit, version=same_day, actor=p["reception"])
        later = received_dossier(unit=unit, version=five_days, actor=p["reception"])
        client.force_login(p["reception"])
        flag = "Đến hạn trong 1 ngày làm việc"
        assert flag in client.get(reverse("dossiers:detail", args=[soon.code])).content.decode()
        assert (
            flag not in client.get(reverse("dossiers:detail", args=[later.code])).content.decode()
        )
    with time_machine.travel(datetime(2026, 3, 6, 10, tzinfo=VN), tick=False):  # due Mon 9/3
        client.force_login(p["reception"])  # days later: the old session has expired
        assert flag in client.get(reverse("dossiers:detail", args=[later.code])).content.decode()


def _upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def pdf_text(content: bytes) -> str:
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_forms_of_a_dossier_as_pdf(client, desk):
    _, _, p, dossier = desk
    client.force_login(p["reception"])
    page = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert "Mẫu 01" in page and "Mẫu 05" in page and "Mẫu 03" not in page
    response = client.get(reverse("dossiers:form", args=[dossier.code, "mau01"]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert dossier.code in text and "Nguyễn Văn Ánh" in text
    assert client.get(reverse("dossiers:form", args=[dossier.code, "mau03"])).status_code == 404
    slip = pdf_text(client.get(reverse("dossiers:form", args=[dossier.code, "mau05"])).content)
    assert "PHIẾU KIỂM SOÁT" in slip.upper()


def test_counter_prints_the_supplement_request_or_the_refusal_and_receives_nothing(client, desk):
    _, version, p, _ = desk
    client.force_login(p["reception"])
    paper = version.papers.get()
    data = counter_post(
        version, **{f"paper_{paper.pk}": "0", "print": "mau02", "counter_reason": "Thiếu tờ khai"}
    )
    response = client.post(reverse("dossiers:counter"), data)
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Tờ khai đăng ký kết hôn" in text and "Lê Thị Mai" in text
    refusal = client.post(
        reverse("dossiers:counter"),
        counter_post(version, print="mau03", counter_reason="Không thuộc thẩm quyền của xã"),
    )
    assert "Không thuộc thẩm quyền của xã" in pdf_text(refusal.content)
    no_reason = client.post(reverse("dossiers:counter"), counter_post(version, print="mau03"))
    assert "Cần ghi lý do" in no_reason.content.decode()
    assert not Dossier.objects.filter(applicant_name="Lê Thị Mai").exists()


def test_dossier_book_for_a_period(client, desk):
    unit, _, p, dossier = desk
    client.force_login(p["reception"])
    url = reverse("dossiers:book")
    page = client.get(url).content.decode()
    assert "Sổ theo dõi hồ sơ" in page
    assert f'<option value="{unit.pk}" selected>' in page  # their desk, chosen already
    query = {"unit": unit.pk, "date_from": "01/03/2026", "date_to": "31/03/2026"}
    assert dossier.code in pdf_text(client.get(url, {**query, "format": "pdf"}).content)
    xlsx = client.get(url, {**query, "format": "xlsx"})
    assert xlsx["Content-Disposition"].endswith('.xlsx"')
    wrong = client.get(url, {**query, "date_from": "01/04/2026", "format": "pdf"})
    assert "Ngày bắt đầu phải trước" in wrong.content.decode()
    client.force_login(p["stranger"])
    refused = client.get(url, {**query, "format": "pdf"})
    assert refused["Content-Type"].startswith("text/html")  # not one of their units


def test_dossiers_older_than_the_electronic_forms_say_so(client, desk):
    unit, version, p, _ = desk
    old = received_dossier(
        unit=unit,
        version=version,
        actor=p["reception"],
        received_at=datetime(2018, 3, 1, 9, tzinfo=VN),
    )
    client.force_login(p["reception"])
    page = client.get(reverse("dossiers:detail", args=[old.code])).content.decode()
    assert "không có biểu mẫu điện tử" in page and "Mẫu 01" not in page
    response = client.get(reverse("dossiers:form", args=[old.code, "mau05"]))
    assert response.status_code == 404


def test_a_book_too_long_for_pdf_points_to_excel(client, desk, monkeypatch):
    from documents import services as documents

    unit, _, p, _ = desk
    monkeypatch.setattr(documents, "MAX_PDF_ROWS", 0)
    client.force_login(p["reception"])
    response = client.get(
        reverse("dossiers:book"),
        {"unit": unit.pk, "date_from": "01/03/2026", "date_to": "31/03/2026", "format": "pdf"},
    )
    assert "tải sổ dạng Excel" in response.content.decode()


def test_queue_filters_at_the_edges_of_the_calendar(client, desk):
    client.force_login(desk[2]["reception"])
    for query in ({"due_from": "01/01/0001"}, {"received_to": "31/12/9999"}):
        assert client.get(reverse("dossiers:queue", args=["unit"]), query).status_code == 200


@pytest.mark.parametrize(
    ("language", "line", "limit"),
    [
        ("vi", "cho Hoàng Thị Em (đã kiểm tra giấy tờ); thu 20.000 đồng", "ngày làm việc"),
        ("en", "to Hoàng Thị Em (ID checked); fee collected: 20.000 VND", "working day"),
    ],
)
def test_the_return_line_and_the_counters_time_limits_follow_the_language(
    client, desk, language, line, limit
):
    _unit, version, p, dossier = desk
    Dossier.objects.filter(pk=dossier.pk).update(
        returned_at=datetime(2026, 3, 5, 10, tzinfo=VN),
        returned_to="Hoàng Thị Em",
        return_id_checked=True,
        fee_collected=20000,
    )
    client.force_login(p["reception"])
    client.cookies["django_language"] = language
    detail = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert line in detail
    checklist = client.get(reverse("dossiers:counter_checklist"), {"procedure": version.pk})
    assert limit in checklist.content.decode()


def test_the_history_says_to_whom_and_until_when(client, desk):
    _unit, _version, p, dossier = desk
    p["specialist"].first_name, p["specialist"].last_name = "Văn Minh", "Trần"
    p["specialist"].save()
    dossier_assign(actor=p["reception"], dossier=dossier, assignee=p["specialist"])
    client.force_login(p["reception"])
    html = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert "Phân công xử lý: giao cho Văn Minh Trần" in html or (
        "Phân công xử lý: giao cho Trần Văn Minh" in html
    )


def test_history_details_of_apology_and_resubmission():
    apology = DossierEvent(action="apologise", data={"appointment_at": "2026-03-09T14:00:00+07:00"})
    resubmit = DossierEvent(action="resubmit", data={"due_at": "2026-03-12T17:00:00+07:00"})
    assert event_detail(apology) == "hẹn trả mới 14:00 09/03/2026"
    assert event_detail(resubmit) == "hạn mới 17:00 12/03/2026"
    assert event_detail(DossierEvent(action="approve", data={"result": "x"})) == ""
    late = DossierEvent(action="return_result", data={"returned_to": "A", "late_reason": "Ốm"})
    assert event_detail(late) == "lý do trễ hạn: Ốm"  # not to whom: a name, kept in the facts
