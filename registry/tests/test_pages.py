"""Register pages through Django's test client: scoping on every URL with an object id,
read-only roles, the register/assign/reply path, scans, and the books."""

import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, get_resolver, reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts.models import Role
from accounts.tests.factories import officer, sign_in_verified
from catalog.models import Level
from catalog.tests.factories import UnitFactory
from dossiers.tests.factories import received_dossier
from registry.doctypes import DocumentType
from registry.models import IncomingLetter, LetterStatus, OutgoingDocument, RegistryEvent
from registry.services import incoming_scan_add, outgoing_scan_add
from registry.tests.factories import incoming_letter, outgoing_document

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PDF = b"%PDF-1.4\n%scan\n"
pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    district = UnitFactory(level=Level.DISTRICT, agency_id="")
    unit = UnitFactory(parent=district, name="Xã Hồng Sơn", kind="Xã")
    people = {
        "clerk": officer(unit, Role.RECEPTION, username="vanthu"),
        "specialist": officer(
            unit, Role.SPECIALIST, username="chuyenvien", last_name="Trần", first_name="Văn Minh"
        ),
        "stranger": officer(UnitFactory(), Role.RECEPTION, Role.SPECIALIST, Role.UNIT_ADMIN),
        "overseer": officer(district, Role.OVERSEER),
    }
    letter = incoming_letter(
        unit=unit,
        actor=people["clerk"],
        received_at=datetime(2026, 3, 2, 9, tzinfo=VN),
        sender="Sở Xây dựng tỉnh Hà Nam",
        reply_days=5,
    )
    document = outgoing_document(
        unit=unit, actor=people["clerk"], issued_at=datetime(2026, 3, 3, 9, tzinfo=VN)
    )
    incoming_scan_add(actor=people["clerk"], letter=letter, name="den.pdf", content=PDF)
    outgoing_scan_add(actor=people["clerk"], document=document, name="di.pdf", content=PDF)
    return unit, people, letter, document


def object_urls(letter: IncomingLetter, document: OutgoingDocument) -> list[str]:
    """Every register URL that takes an object id: new ones are covered automatically."""
    urls = []
    for pattern in get_resolver("registry.urls").url_patterns:
        assert isinstance(pattern, URLPattern)
        converters = pattern.pattern.converters
        if "pk" not in converters:
            continue
        owner = letter if pattern.name.startswith("incoming") else document
        scan = owner.scans.get()
        samples = {"pk": owner.pk, "action": "attach", "scan_id": scan.pk}
        kwargs = {name: samples[name] for name in converters}
        urls.append(reverse(f"registry:{pattern.name}", kwargs=kwargs))
    return urls


def all_urls(letter, document) -> list[str]:
    names = ["incoming_list", "incoming_new", "outgoing_list", "outgoing_new", "due", "book"]
    return [*object_urls(letter, document), *(reverse(f"registry:{n}") for n in names)]


def test_another_units_officer_gets_404_on_every_object_url(client, desk):
    _, p, letter, document = desk
    urls = object_urls(letter, document)
    assert len(urls) == 6
    sign_in_verified(client, p["stranger"])
    events = RegistryEvent.objects.count()
    for url in urls:
        assert client.get(url).status_code == 404, url
        upload = {"attach-file": SimpleUploadedFile("x.pdf", PDF)}
        assert client.post(url, upload).status_code in {404, 405}, url
    assert RegistryEvent.objects.count() == events
    reply_form = reverse("registry:outgoing_new") + f"?tra-loi={letter.pk}"
    assert client.get(reply_form).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, desk):
    _, _, letter, document = desk
    for url in all_urls(letter, document):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/tai-khoan/dang-nhap/" in response["Location"], url


def test_overseer_reads_but_cannot_write(client, desk):
    _, p, letter, document = desk
    client.force_login(p["overseer"])
    page = client.get(reverse("registry:incoming_detail", args=[letter.pk])).content.decode()
    assert "Sở Xây dựng tỉnh Hà Nam" in page and "Bạn chỉ được xem" in page
    assert "Trả lời bằng văn bản đi" not in page
    response = client.post(
        reverse("registry:incoming_act", args=[letter.pk, "handle"]), {"handle-note": "x"}
    )
    assert "không có vai trò" in response.content.decode()
    assert client.get(reverse("registry:incoming_new")).status_code == 404
    assert client.get(reverse("registry:outgoing_new")).status_code == 404
    assert client.get(reverse("registry:outgoing_detail", args=[document.pk])).status_code == 200
    letter.refresh_from_db()
    assert letter.status == LetterStatus.NEW and letter.events.count() == 2  # register, attach


# In the year of the fixture's letter and document: numbers restart on 1 January.
@time_machine.travel(datetime(2026, 3, 10, 9, tzinfo=VN), tick=False)
def test_register_assign_and_reply_through_the_pages(client, desk):
    unit, p, *_ = desk
    client.force_login(p["clerk"])
    response = client.post(
        reverse("registry:incoming_new"),
        {
            "unit": unit.pk,
            "sender": "Công an huyện Mỹ Đức",
            "original_number": "88/CAH-ĐTTH",
            "original_date": "02/03/2026",
            "doc_type": DocumentType.CONG_VAN,
            "urgency": "urgent",
            "summary": "V/v xác minh nhân thân",
            "reply_days": "3",
        },
    )
    letter = IncomingLetter.objects.get(sender="Công an huyện Mỹ Đức")
    assert response.status_code == 302 and str(letter.pk) in response["Location"]
    assert letter.number == 2 and letter.reply_due_at is not None
    act = lambda action: reverse("registry:incoming_act", args=[letter.pk, action])  # noqa: E731
    client.post(act("assign"), {"assign-handler": p["specialist"].pk, "assign-note": "Gấp"})
    letter.refresh_from_db()
    assert letter.status == LetterStatus.ASSIGNED and letter.handler == p["specialist"]

    client.force_login(p["specialist"])
    page = client.get(reverse("registry:incoming_detail", args=[letter.pk])).content.decode()
    reply_url = reverse("registry:outgoing_new") + f"?tra-loi={letter.pk}"
    assert reply_url.replace("&", "&amp;") in page
    form = client.get(reply_url).content.decode()
    assert "Công an huyện Mỹ Đức" in form  # the recipient is filled in
    response = client.post(
        reverse("registry:outgoing_new"),
        {
            "unit": unit.pk,
            "doc_type": DocumentType.CONG_VAN,
            "drafting_unit": "tp",
            "summary": "V/v trả lời xác minh nhân thân",
            "signer": "Lê Quốc Hùng",
            "recipients": "Công an huyện Mỹ Đức",
            "reply_to": letter.pk,
        },
    )
    reply = OutgoingDocument.objects.get(reply_to=letter)
    # Công văn share one series whatever the drafting unit: the fixture took 01/UBND-VP.
    assert response.status_code == 302 and reply.symbol == "02/UBND-TP"
    letter.refresh_from_db()
    assert letter.status == LetterStatus.HANDLED
    page = client.get(reverse("registry:incoming_detail", args=[letter.pk])).content.decode()
    assert "02/UBND-TP" in page and "Đã xử lý" in page


def test_form_errors_are_shown_in_vietnamese(client, desk):
    unit, p, letter, document = desk
    client.force_login(p["clerk"])
    response = client.post(
        reverse("registry:outgoing_new"),
        {
            "unit": unit.pk,
            "doc_type": DocumentType.CONG_VAN,
            "summary": "x",
            "signer": "y",
            "recipients": "z",
        },
    )
    assert "đơn vị soạn thảo" in response.content.decode()
    bad_code = client.post(
        reverse("registry:outgoing_act", args=[document.pk, "link_dossier"]),
        {"link_dossier-code": "KHONG-CO"},
    )
    assert "Không tìm thấy hồ sơ mã «KHONG-CO»" in bad_code.content.decode()
    unknown = client.post(reverse("registry:incoming_act", args=[letter.pk, "fly"]))
    assert unknown.status_code == 404


def test_linking_a_dossier_from_the_page(client, desk):
    unit, p, letter, document = desk
    dossier = received_dossier(unit=unit)
    client.force_login(p["clerk"])
    client.post(
        reverse("registry:incoming_act", args=[letter.pk, "link_dossier"]),
        {"link_dossier-code": dossier.code},
    )
    client.post(
        reverse("registry:outgoing_act", args=[document.pk, "link_dossier"]),
        {"link_dossier-code": dossier.code},
    )
    assert list(letter.dossiers.all()) == [dossier]
    document.refresh_from_db()
    assert document.dossier == dossier


def test_scans_are_served_only_to_allowed_users(client, desk):
    _, p, letter, document = desk
    url = reverse("registry:incoming_scan", args=[letter.pk, letter.scans.get().pk])
    client.force_login(p["overseer"])
    assert b"".join(client.get(url).streaming_content) == PDF
    wrong_owner = reverse("registry:incoming_scan", args=[letter.pk, document.scans.get().pk])
    assert client.get(wrong_owner).status_code == 404
    client.force_login(p["clerk"])
    response = client.post(
        reverse("registry:incoming_act", args=[letter.pk, "attach"]),
        {"attach-file": SimpleUploadedFile("gia.pdf", b"MZ not a pdf")},
    )
    assert "Chỉ nhận tệp PDF, JPEG hoặc PNG" in response.content.decode()


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_registers_as_pdf_and_excel_for_a_period(client, desk):
    unit, p, *_ = desk
    outgoing_document(
        unit=unit,
        actor=p["clerk"],
        doc_type=DocumentType.QUYET_DINH,
        summary="Về việc thành lập Tổ rà soát đất đai",
        issued_at=datetime(2026, 3, 4, 9, tzinfo=VN),
    )
    outgoing_document(unit=unit, actor=p["clerk"], issued_at=datetime(2026, 4, 1, 9, tzinfo=VN))
    client.force_login(p["clerk"])
    url = reverse("registry:book")
    assert "In sổ công văn" in client.get(url).content.decode()
    march = {"unit": unit.pk, "date_from": "01/03/2026", "date_to": "31/03/2026"}

    incoming = client.get(url, {**march, "register": "den", "format": "pdf"})
    assert incoming["Content-Type"] == "application/pdf"
    assert incoming["Content-Disposition"].startswith("attachment;")
    text = pdf_text(incoming.content)
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Sở Xây dựng tỉnh Hà Nam" in text and "UBND XÃ HỒNG SƠN" in text
    assert "Từ ngày 01/03/2026 đến ngày 31/03/2026" in text
    page = PdfReader(io.BytesIO(incoming.content)).pages[0]
    assert page.mediabox.width > page.mediabox.height  # A4 landscape

    outgoing = pdf_text(client.get(url, {**march, "register": "di", "format": "pdf"}).content)
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐI" in outgoing
    assert "01/UBND-VP" in outgoing and "01/QĐ-UBND" in outgoing
    assert "02/UBND-VP" not in outgoing  # issued in April

    xlsx = client.get(url, {**march, "register": "di", "format": "xlsx"})
    assert xlsx["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [row for row in sheet.iter_rows(values_only=True)]
    assert rows[1][0] == "SỔ ĐĂNG KÝ VĂN BẢN ĐI" and rows[4][0] == "Số, ký hiệu văn bản"
    assert [row[0] for row in rows[5:]] == ["01/UBND-VP", "01/QĐ-UBND"]
    assert rows[5][1] == datetime(2026, 3, 3)  # a real date cell, not text

    den = client.get(url, {**march, "register": "den", "format": "xlsx"})
    den_rows = list(load_workbook(io.BytesIO(den.content)).active.iter_rows(values_only=True))
    assert den_rows[5][1] == 1 and den_rows[5][2] == "Sở Xây dựng tỉnh Hà Nam"
    assert "Hạn trả lời 09/03/2026" in den_rows[5][8]

    wrong = client.get(url, {**march, "date_from": "01/04/2026", "register": "den"})
    assert "Ngày bắt đầu phải trước" in wrong.content.decode()
    sign_in_verified(client, p["stranger"])
    refused = client.get(url, {**march, "register": "den", "format": "pdf"})
    assert refused["Content-Type"].startswith("text/html")  # the unit is not theirs to choose


def test_a_period_too_long_for_pdf_asks_for_excel(client, desk, monkeypatch):
    unit, p, *_ = desk
    monkeypatch.setattr("registry.books.MAX_PDF_ROWS", 1)
    outgoing_document(unit=unit, actor=p["clerk"], issued_at=datetime(2026, 3, 5, 9, tzinfo=VN))
    client.force_login(p["clerk"])
    query = {"unit": unit.pk, "date_from": "01/03/2026", "date_to": "31/03/2026"}
    response = client.get(reverse("registry:book"), {**query, "register": "di", "format": "pdf"})
    assert "quá 1 dòng của một sổ PDF" in response.content.decode()
    excel = client.get(reverse("registry:book"), {**query, "register": "di", "format": "xlsx"})
    assert excel["Content-Disposition"].endswith('.xlsx"')


def test_a_mistyped_year_is_said_not_a_server_error(client, desk):
    unit, p, *_ = desk
    client.force_login(p["clerk"])
    message = "Ngày phải trong khoảng 01/01/1900 – 31/12/2099."
    listing = client.get(
        reverse("registry:incoming_list"), {"date_from": "01/01/0001", "date_to": "31/12/9999"}
    )
    assert listing.status_code == 200 and message in listing.content.decode()
    book = client.get(
        reverse("registry:book"),
        {
            "unit": unit.pk,
            "register": "den",
            "format": "pdf",
            "date_from": "01/01/2026",
            "date_to": "31/12/9999",
        },
    )
    assert book["Content-Type"].startswith("text/html") and message in book.content.decode()


@pytest.mark.parametrize("register", ["registry:incoming_list", "registry:outgoing_list"])
def test_a_wrong_filter_lists_nothing_under_its_reason(client, desk, register):
    _unit, p, letter, document = desk
    client.force_login(p["clerk"])
    shown = str(letter.summary if register == "registry:incoming_list" else document.summary)
    assert shown in client.get(reverse(register)).content.decode()  # no filter: the register
    for wrong, reason in (
        ({"q": "Sở", "date_from": "31/02/2026"}, "Nhập một ngày hợp lệ."),
        ({"date_from": "31/03/2026", "date_to": "01/03/2026"}, "Ngày bắt đầu phải trước"),
    ):
        html = client.get(reverse(register), wrong).content.decode()
        assert reason in html and shown not in html, wrong
    right = {"date_from": "01/03/2026", "date_to": "31/03/2026"}
    assert shown in client.get(reverse(register), right).content.decode()


def test_a_pasted_letter_body_is_not_a_summary(client, desk):
    unit, p, *_ = desk
    client.force_login(p["clerk"])
    entry = {"unit": unit.pk, "sender": "Sở Tư pháp", "doc_type": DocumentType.CONG_VAN}
    entry["urgency"] = "normal"
    page = client.post(reverse("registry:incoming_new"), {**entry, "summary": "x" * 2001})
    assert page.status_code == 200 and "2000" in page.content.decode()  # at most 2000 characters
    assert not IncomingLetter.objects.filter(sender="Sở Tư pháp").exists()
    client.post(reverse("registry:incoming_new"), {**entry, "summary": "x" * 2000})
    assert IncomingLetter.objects.filter(sender="Sở Tư pháp").exists()


def test_correcting_a_letter_and_a_document_through_their_pages(client, desk):
    _unit, p, letter, document = desk
    client.force_login(p["clerk"])
    detail = reverse("registry:incoming_detail", args=[letter.pk])
    page = client.get(detail).content.decode()
    assert 'id="action-correct"' in page
    assert 'name="correct-sender" value="Sở Xây dựng tỉnh Hà Nam"' in page  # starts as entered
    act = reverse("registry:incoming_act", args=[letter.pk, "correct"])
    values = {
        "correct-seen_event_id": seen(page),
        "correct-sender": "Sở Xây dựng tỉnh Hà Nam",
        "correct-original_number": "123/SXD-QLN",
        "correct-original_date": "27/02/2026",
        "correct-doc_type": DocumentType.CONG_VAN,
        "correct-urgency": "normal",
        "correct-summary": letter.summary,
        "correct-reason": "",
    }
    refused = client.post(act, values).content.decode()
    assert "This field is required" not in refused and "Trường này là bắt buộc" in refused
    assert client.post(act, {**values, "correct-reason": "Thiếu ngày"}).status_code == 302
    page = client.get(detail).content.decode()
    assert "Sửa thông tin vào sổ" in page and "Thiếu ngày" in page
    assert "Ngày văn bản: <del>—</del> → <ins>27/02/2026</ins>" in page

    detail = reverse("registry:outgoing_detail", args=[document.pk])
    page = client.get(detail).content.decode()
    assert 'name="correct-signer" value="Nguyễn Văn Hùng"' in page
    act = reverse("registry:outgoing_act", args=[document.pk, "correct"])
    values = {
        "correct-seen_event_id": seen(page),
        "correct-summary": document.summary,
        "correct-signer": "Nguyễn Văn Hùng",
        "correct-recipients": document.recipients,
        "correct-reason": "Nhầm",
    }
    unchanged = client.post(act, values).content.decode()
    assert "Không có thông tin nào thay đổi." in unchanged
    recipients = "Sở Xây dựng tỉnh Hà Nam;\r\nUBND huyện Mỹ Đức;\r\nLưu: VT."
    changed = {**values, "correct-signer": "Lê Quốc Hùng", "correct-recipients": recipients}
    assert client.post(act, changed).status_code == 302
    page = client.get(detail).content.decode()
    history = page[page.index('id="history-h"') :]
    # In the form's order, one recipient a line, under its reason.
    assert history.index("Lý do: Nhầm") < history.index("Người ký:") < history.index("Nơi nhận:")
    assert "Người ký: <del>Nguyễn Văn Hùng</del> → <ins>Lê Quốc Hùng</ins>" in page
    assert (
        "Nơi nhận: <del>Sở Xây dựng tỉnh Hà Nam;<br>Lưu: VT.</del> → "
        "<ins>Sở Xây dựng tỉnh Hà Nam;<br>UBND huyện Mỹ Đức;<br>Lưu: VT.</ins>"
    ) in page

    client.force_login(p["overseer"])  # reads, does not correct
    assert 'id="action-correct"' not in client.get(detail).content.decode()
    refused = client.post(act, {**values, "correct-signer": "X"})
    assert refused.status_code == 200 and "không có vai trò" in refused.content.decode()
    document.refresh_from_db()
    assert document.signer == "Lê Quốc Hùng"


def seen(page: str) -> str:
    """The correction form's hidden mark of the history it was shown after."""
    found = re.search(r'name="correct-seen_event_id" value="(\d+)"', page)
    assert found, "the correction form carries the last history row it was shown after"
    return found.group(1)
