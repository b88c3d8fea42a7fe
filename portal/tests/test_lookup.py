"""Status look-up without an account: code + 4 digits, the QR address of Mẫu 01, a timeline
in plain words, a masked name and nothing else personal, and a per-client rate limit."""

import re

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dossiers import services
from dossiers.models import DossierEvent
from dossiers.privacy import mask_name
from dossiers.tests.factories import image_bytes
from portal.ratelimit import LOOKUPS_PER_MINUTE
from portal.tests.factories import at

pytestmark = pytest.mark.django_db
PNG = image_bytes("PNG")


@pytest.fixture
def dossier(office):
    return office.receive(
        at(2026, 3, 2, 9), name="Nguyễn Viết An", id_number="001190012345", phone="0912345678"
    )


def look_up(client, code, digits, **extra):
    return client.post(reverse("portal:lookup"), {"code": code, "digits": digits}, **extra)


def scrub(body: str, code: str) -> str:
    """The page without what differs between two renders anyway: CSRF tokens, and the
    echoed code."""
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", body)
    body = re.sub(r'"X-CSRFToken": "[^"]+"', "CSRF", body)
    return body.replace(code, "CODE")


def test_found_by_id_number_or_phone_digits(client, dossier):
    for digits in ("2345", "5678"):
        client.cookies.clear()
        response = look_up(client, dossier.code, digits)
        assert response.status_code == 302
        assert response["Location"] == reverse("portal:lookup_result", args=[dossier.code])
        page = client.get(response["Location"]).content.decode()
        assert dossier.code in page and "Đã tiếp nhận" in page


def test_code_typed_in_lower_case_with_spaces_is_found(client, dossier):
    response = look_up(client, f"  {dossier.code.lower()} ", "2345")
    assert response.status_code == 302


def test_unknown_code_and_wrong_digits_answer_exactly_alike(client, dossier):
    unknown_code = "000.00.99.H26-260302-0099"
    unknown = look_up(client, unknown_code, "2345")
    wrong = look_up(client, dossier.code, "1111")
    assert unknown.status_code == wrong.status_code == 404
    assert [t.name for t in unknown.templates] == [t.name for t in wrong.templates]
    assert scrub(unknown.content.decode(), unknown_code) == scrub(
        wrong.content.decode(), dossier.code
    )
    assert "Không tìm thấy hồ sơ với mã và 4 chữ số đã nhập" in wrong.content.decode()
    # and neither lets the visitor in
    assert client.get(reverse("portal:lookup_result", args=[dossier.code])).status_code == 302


def test_the_result_page_needs_a_successful_look_up_first(client, dossier):
    response = client.get(reverse("portal:lookup_result", args=[dossier.code]))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:lookup_code", args=[dossier.code])


def test_qr_address_of_the_receipt_shows_the_form_with_the_code(client, dossier):
    url = settings.PUBLIC_LOOKUP_URL_TEMPLATE.format(code=dossier.code)
    path = url.removeprefix("http://127.0.0.1:8000")
    assert path == f"/tra-cuu/{dossier.code}"
    response = client.get(path)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'value="{dossier.code}"' in page
    assert "4 chữ số cuối" in page
    assert "Nguyễn" not in page  # the code alone shows nothing of the dossier
    # an unknown code gets the very same form
    other = client.get("/tra-cuu/000.00.99.H26-260302-0099").content.decode()
    assert scrub(other, "000.00.99.H26-260302-0099") == scrub(page, dossier.code)


def test_masked_name():
    assert mask_name("Nguyễn Viết An") == "Nguyễn V*** A*"
    assert mask_name("  Trần   Thị  Bình ") == "Trần T** B***"
    assert mask_name("Lê") == "L*"
    assert mask_name("") == ""


def test_no_personal_data_beyond_the_masked_name(client, office, dossier):
    with time_machine.travel(at(2026, 3, 2, 10), tick=False):
        services.dossier_note_add(
            actor=office.reception, dossier=dossier, text="Ghi chú nội bộ: gọi điện ông An"
        )
        services.dossier_attachment_add(
            actor=office.reception, dossier=dossier, name="cccd-mat-truoc.png", content=PNG
        )
    dossier = office.approve(dossier, at(2026, 3, 3, 10))
    look_up(client, dossier.code, "2345")
    page = client.get(reverse("portal:lookup_result", args=[dossier.code])).content.decode()
    assert "Nguyễn V*** A*" in page
    for private in (
        "Nguyễn Viết An",
        "Viết",
        "001190012345",
        "0912345678",
        "Ghi chú nội bộ",
        "cccd-mat-truoc",
        "Phạm Thị Lan",  # officers
        "Trần Văn Minh",
        "Lê Quốc Hùng",
        "Giấy chứng nhận kết hôn",  # the result as the officer typed it
    ):
        assert private not in page, private


def test_timeline_wording_of_supplement_and_resubmission(client, office, dossier):
    with time_machine.travel(at(2026, 3, 2, 10), tick=False):
        services.dossier_request_supplement(
            actor=office.reception,
            dossier=dossier,
            missing_papers=["Giấy xác nhận tình trạng hôn nhân", "Bản sao CCCD"],
            reason="Thiếu giấy tờ",
        )
    look_up(client, dossier.code, "2345")
    page = client.get(reverse("portal:lookup_result", args=[dossier.code])).content.decode()
    assert "Chờ ông/bà bổ sung giấy tờ" in page
    assert "Hồ sơ cần bổ sung. Mời ông/bà nộp thêm các giấy tờ sau:" in page
    assert "<li>Giấy xác nhận tình trạng hôn nhân</li>" in page
    assert "<li>Bản sao CCCD</li>" in page
    with time_machine.travel(at(2026, 3, 4, 9), tick=False):
        services.dossier_resubmit(actor=office.reception, dossier=dossier)
    page = client.get(reverse("portal:lookup_result", args=[dossier.code])).content.decode()
    assert "Đã nhận đủ giấy tờ bổ sung; hồ sơ tiếp tục được giải quyết." in page
    assert "Hẹn trả kết quả mới" in page


def test_timeline_wording_of_refusal_with_its_reason(client, office, dossier):
    with time_machine.travel(at(2026, 3, 2, 10), tick=False):
        d = services.dossier_assign(
            actor=office.reception, dossier=dossier, assignee=office.specialist
        )
        services.dossier_refuse(actor=office.specialist, dossier=d, reason="Chưa đủ tuổi kết hôn")
    look_up(client, dossier.code, "2345")
    page = client.get(reverse("portal:lookup_result", args=[dossier.code])).content.decode()
    assert "Hồ sơ bị từ chối giải quyết." in page
    assert "Lý do: Chưa đủ tuổi kết hôn" in page
    assert 'id="status">Từ chối giải quyết' in page
    assert "Hồ sơ đang được giải quyết." in page  # the assignment, in plain words


def test_timeline_wording_of_apology_with_the_new_appointment(client, office, dossier):
    with time_machine.travel(at(2026, 3, 3, 9), tick=False):
        d = services.dossier_assign(
            actor=office.reception, dossier=dossier, assignee=office.specialist
        )
        services.dossier_apologise(
            actor=office.approver,
            dossier=d,
            reason="Cần xác minh thêm",
            new_appointment=at(2026, 3, 10, 16),
        )
    look_up(client, dossier.code, "2345")
    page = client.get(reverse("portal:lookup_result", args=[dossier.code])).content.decode()
    assert "Cơ quan giải quyết xin lỗi vì chưa trả được kết quả đúng hẹn." in page
    assert "Ngày hẹn trả kết quả mới" in page and "16:00 10/03/2026" in page


def test_timeline_wording_of_result_ready_and_returned(client, office, dossier):
    d = office.approve(dossier, at(2026, 3, 3, 10))
    look_up(client, d.code, "2345")
    url = reverse("portal:lookup_result", args=[d.code])
    page = client.get(url).content.decode()
    assert "Đã có kết quả, mời ông/bà đến nhận" in page
    assert (
        "Đã có kết quả. Mời ông/bà đến nhận kết quả tại: "
        "Bộ phận tiếp nhận và trả kết quả — Xã Hồng Sơn." in page
    )
    assert page.count("Hồ sơ đang được giải quyết.") == 1  # assign + submit told once
    office.return_result(d, at(2026, 3, 4, 9))
    page = client.get(url).content.decode()
    assert "Đã trả kết quả." in page
    assert "Hồ sơ đã được tiếp nhận." in page


def test_timeline_wording_of_withdrawal(client, office, dossier):
    with time_machine.travel(at(2026, 3, 2, 11), tick=False):
        services.dossier_withdraw(actor=office.reception, dossier=dossier, reason="Đổi ý")
    look_up(client, dossier.code, "2345")
    page = client.get(reverse("portal:lookup_result", args=[dossier.code])).content.decode()
    assert "Hồ sơ đã được rút theo đề nghị của người nộp." in page
    assert "Đổi ý" not in page  # the reason is the desk's note


def test_rate_limit_per_client_counts_every_attempt(client, dossier):
    with time_machine.travel(at(2026, 11, 26, 10, 0, 5), tick=False):
        for attempt in range(LOOKUPS_PER_MINUTE):
            digits = "2345" if attempt % 2 else "0000"  # found and not found alike
            assert look_up(client, dossier.code, digits).status_code in {302, 404}
        blocked = look_up(client, dossier.code, "2345")
        assert blocked.status_code == 429
        assert "quá nhiều lần" in blocked.content.decode()
        assert 1 <= int(blocked["Retry-After"]) <= 60
        # another address is not held back
        other = look_up(client, dossier.code, "2345", REMOTE_ADDR="10.0.0.9")
        assert other.status_code == 302
    with time_machine.travel(at(2026, 11, 26, 10, 1, 5), tick=False):
        assert look_up(client, dossier.code, "2345").status_code == 302  # next minute


def test_reading_the_result_page_writes_nothing(client, dossier):
    look_up(client, dossier.code, "2345")
    url = reverse("portal:lookup_result", args=[dossier.code])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies  # the session is not saved again
    assert {q["sql"].split()[0].upper() for q in queries.captured_queries} == {"SELECT"}


def test_result_page_of_a_dossier_without_events(client, dossier):
    """The page reads the dossier and its events in one query (one row per event): a dossier
    with none recorded still has its page, with an empty timeline."""
    look_up(client, dossier.code, "2345")
    DossierEvent.objects.filter(dossier=dossier).delete()
    page = client.get(reverse("portal:lookup_result", args=[dossier.code])).content.decode()
    assert f"Hồ sơ {dossier.code}" in page
    assert re.search(r'<ol class="timeline citizen" id="timeline">\s*</ol>', page)
