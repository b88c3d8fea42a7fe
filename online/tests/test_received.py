"""After receipt: the citizen answers a supplement request made after appraisal by
uploading, the reception officer takes it in (the clock restarts), and result files are
published to the citizen who alone downloads them."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dossiers import services as dossier_services
from dossiers.models import DossierAttachment
from notifications.models import Channel, Kind, Notification
from notifications.smstext import is_gsm7, sms_segments
from notifications.tests.jobs import composed_notices
from online import received, services
from online.errors import InvalidInput, NotAllowed
from online.models import CitizenUpload, PublishedResult
from online.tests.factories import JPEG, PDF, PNG, citizen, submitted

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db
MISSING = "Bản sao trích lục khai sinh"


def at(*args) -> datetime:
    return datetime(*args, tzinfo=VN)


@pytest.fixture
def owner(db):
    return citizen(full_name="Vũ Thị Lan", phone="0912000333")


@pytest.fixture
def dossier(desk, owner):
    with time_machine.travel(at(2026, 3, 2, 9), tick=False):
        submission = submitted(desk, owner)
        return services.submission_accept(actor=desk.reception, submission=submission)


def awaiting(desk, dossier):
    with time_machine.travel(at(2026, 3, 2, 14), tick=False):
        d = dossier_services.dossier_assign(
            actor=desk.reception, dossier=dossier, assignee=desk.specialist
        )
        return dossier_services.dossier_request_supplement(
            actor=desk.specialist,
            dossier=d,
            missing_papers=[MISSING, "Ảnh chân dung"],
            reason="Thiếu giấy tờ chứng minh nhân thân.",
        )


def test_citizen_answers_a_post_appraisal_supplement_and_the_desk_takes_it_in(
    client, desk, owner, dossier
):
    awaiting(desk, dossier)
    client.force_login(owner)
    url = reverse("online:dossier", args=[dossier.code])
    page = client.get(url).content.decode()
    assert MISSING in page and "Thiếu giấy tờ chứng minh nhân thân." in page
    assert "Thời hạn giải quyết tạm dừng" in page

    with time_machine.travel(at(2026, 3, 5, 21), tick=False):
        client.post(url, {"label": MISSING, "file": SimpleUploadedFile("khai-sinh.pdf", PDF)})
        bad = client.post(url, {"label": MISSING, "file": SimpleUploadedFile("x.pdf", b"MZ..")})
        assert "kiểm tra theo nội dung tệp" in bad.content.decode()
        early = client.post(reverse("online:supplement_send", args=[dossier.code]))
        assert early.status_code == 302
        assert "Còn thiếu giấy tờ bổ sung: Ảnh chân dung." in client.get(url).content.decode()
        client.post(url, {"label": "Ảnh chân dung", "file": SimpleUploadedFile("anh.jpg", JPEG)})
        client.post(reverse("online:supplement_send", args=[dossier.code]))
    assert CitizenUpload.objects.filter(sent_at=at(2026, 3, 5, 21)).count() == 2

    client.force_login(desk.reception)
    listed = client.get(reverse("online:officer_supplements")).content.decode()
    assert dossier.code in listed
    page = client.get(reverse("online:officer_dossier", args=[dossier.code])).content.decode()
    assert "khai-sinh.pdf" in page and "anh.jpg" in page and "Nhận hồ sơ bổ sung" in page
    with time_machine.travel(at(2026, 3, 6, 9), tick=False):
        response = client.post(reverse("online:officer_take_supplement", args=[dossier.code]))
    assert response["Location"] == reverse("dossiers:detail", args=[dossier.code])
    dossier.refresh_from_db()
    assert dossier.status == "in_progress" and dossier.clock_stopped_at is None
    assert dossier.effective_start == at(2026, 3, 6, 9)  # the clock restarts from zero
    assert dossier.due_at == at(2026, 3, 11, 9)  # full 3 working days again
    names = set(DossierAttachment.objects.filter(dossier=dossier).values_list("name", flat=True))
    # the paper each file answers, then its name
    assert {f"{MISSING} - khai-sinh.pdf", "Ảnh chân dung - anh.jpg"} <= names
    assert not CitizenUpload.objects.filter(taken_at__isnull=True).exists()
    assert dossier.code not in client.get(reverse("online:officer_supplements")).content.decode()
    actions = list(dossier.online_submission.events.values_list("action", flat=True))
    assert actions[-4:] == [
        "supplement_upload",
        "supplement_upload",
        "supplement_send",
        "supplement_take",
    ]


def test_uploads_only_while_the_dossier_waits_and_only_requested_papers(desk, owner, dossier):
    with pytest.raises(NotAllowed, match="chờ bổ sung"):
        received.citizen_upload_add(
            actor=owner, dossier=dossier, label=MISSING, name="a.pdf", content=PDF
        )
    awaiting(desk, dossier)
    with pytest.raises(InvalidInput, match="được yêu cầu bổ sung"):
        received.citizen_upload_add(
            actor=owner, dossier=dossier, label="Giấy khác", name="a.pdf", content=PDF
        )
    stranger = citizen()
    with pytest.raises(NotAllowed, match="người nộp"):
        received.citizen_upload_add(
            actor=stranger, dossier=dossier, label=MISSING, name="a.pdf", content=PDF
        )
    with pytest.raises(InvalidInput, match="chưa gửi"):
        received.citizen_supplement_take(actor=desk.reception, dossier=dossier)


def test_unsent_uploads_are_invisible_to_officers(client, desk, owner, dossier):
    awaiting(desk, dossier)
    upload = received.citizen_upload_add(
        actor=owner, dossier=dossier, label=MISSING, name="a.png", content=PNG
    )
    client.force_login(desk.reception)
    assert dossier.code not in client.get(reverse("online:officer_supplements")).content.decode()
    url = reverse("online:officer_upload_file", args=[dossier.code, upload.pk])
    assert client.get(url).status_code == 404


def test_only_reception_takes_the_supplement_in(desk, owner, dossier):
    awaiting(desk, dossier)
    received.citizen_upload_add(
        actor=owner, dossier=dossier, label=MISSING, name="a.png", content=PNG
    )
    received.citizen_upload_add(
        actor=owner, dossier=dossier, label="Ảnh chân dung", name="b.png", content=PNG
    )
    received.citizen_supplement_send(actor=owner, dossier=dossier)
    with pytest.raises(InvalidInput, match="vai trò"):
        received.citizen_supplement_take(actor=desk.specialist, dossier=dossier)
    dossier.refresh_from_db()
    assert dossier.status == "awaiting_supplement"
    assert not CitizenUpload.objects.filter(taken_at__isnull=False).exists()


def approved(desk, dossier):
    d = dossier_services.dossier_assign(
        actor=desk.reception, dossier=dossier, assignee=desk.specialist
    )
    d = dossier_services.dossier_submit_for_approval(actor=desk.specialist, dossier=d)
    return dossier_services.dossier_approve(actor=desk.approver, dossier=d, result="Giấy CN")


def test_result_is_published_and_downloaded_by_its_citizen_only(client, desk, owner, dossier):
    with pytest.raises(NotAllowed, match="chưa có kết quả"):
        received.result_publish(actor=desk.reception, dossier=dossier, name="kq.pdf", content=PDF)
    approved(desk, dossier)
    client.force_login(owner)
    page = client.get(reverse("online:dossier", args=[dossier.code])).content.decode()
    assert "Bạn có thể nhận kết quả tại bộ phận một cửa." in page  # nothing published yet
    with pytest.raises(NotAllowed, match="cán bộ một cửa"):
        received.result_publish(actor=desk.approver, dossier=dossier, name="kq.pdf", content=PDF)
    with pytest.raises(InvalidInput, match="PDF, JPEG hoặc PNG"):
        received.result_publish(
            actor=desk.reception, dossier=dossier, name="kq.pdf", content=b"%!PS-Adobe"
        )
    client.force_login(desk.reception)
    response = client.post(
        reverse("online:officer_publish", args=[dossier.code]),
        {"file": SimpleUploadedFile("Giấy chứng nhận kết hôn.pdf", PDF)},
    )
    assert response.status_code == 302
    result = PublishedResult.objects.get()
    assert (result.published_by, result.content_type) == (desk.reception, "application/pdf")
    sms = Notification.objects.get(kind=Kind.RESULT_ONLINE, channel=Channel.SMS)
    assert reverse("online:dossier", args=[dossier.code]) in sms.body
    assert "Khong can den" not in sms.body  # a paper copy may still be collected

    client.force_login(owner)
    page = client.get(reverse("online:dossier", args=[dossier.code])).content.decode()
    assert "Giấy chứng nhận kết hôn.pdf" in page
    # Told where the result is: here, and the paper at the desk (not the desk alone).
    assert "bạn tải về ở mục «Kết quả trả trực tuyến» bên dưới" in page
    assert "Bạn có thể nhận kết quả tại bộ phận một cửa." not in page
    mine = client.get(reverse("online:mine")).content.decode()
    assert "Đã có kết quả: bạn tải về ở trang của hồ sơ." in mine
    assert f'href="{reverse("online:dossier", args=[dossier.code])}"' in mine  # that page
    response = client.get(reverse("online:result_file", args=[dossier.code, result.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert "filename*=UTF-8''Gi%E1%BA%A5y" in response["Content-Disposition"]

    client.force_login(citizen())  # another citizen
    url = reverse("online:result_file", args=[dossier.code, result.pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("online:dossier", args=[dossier.code])).status_code == 404


def test_result_handed_over_online_returns_the_dossier_or_publishes_nothing(
    client, desk, owner, dossier
):
    approved(desk, dossier)  # months after the due date, without an apology: late
    client.force_login(desk.reception)
    page = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    online_page = reverse("online:officer_dossier", args=[dossier.code])
    assert f'href="{online_page}" id="online-page"' in page  # from the processing page
    page = client.get(online_page).content.decode()
    assert 'name="hand_over"' in page  # the result is ready: it may be handed over online
    url = reverse("online:officer_publish", args=[dossier.code])
    upload = {"file": SimpleUploadedFile("kq.pdf", PDF), "hand_over": "on"}
    refused = client.post(url, upload).content.decode()
    assert "chưa có phiếu xin lỗi" in refused  # the counter's rule for a late return
    dossier.refresh_from_db()
    assert dossier.status == "result_ready" and not PublishedResult.objects.exists()
    assert not Notification.objects.filter(kind=Kind.RESULT_ONLINE).exists()  # nothing sent
    upload = {**upload, "file": SimpleUploadedFile("kq.pdf", PDF), "late_reason": "Chờ liên thông"}
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the officer reads English
    assert client.post(url, upload).status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == "returned" and dossier.returned_to == "Vũ Thị Lan (nhận trực tuyến)"
    assert not dossier.return_id_checked and PublishedResult.objects.count() == 1
    event = dossier.events.get(action="return_result")
    # the history is stored in Vietnamese whatever the page's language
    assert event.actor == desk.reception and event.note == "Trả kết quả trực tuyến: kq.pdf"
    assert event.data["late_reason"] == "Chờ liên thông"
    sms = Notification.objects.get(kind=Kind.RESULT_ONLINE, channel=Channel.SMS)
    assert sms.recipient == "0912000333"
    assert f"Ho so {dossier.code} da co ket qua tra truc tuyen. Tai ve tai: http" in sms.body
    assert sms.body.endswith(" Khong can den nhan ban giay.")
    assert is_gsm7(sms.body) and sms_segments(sms.body) <= 2
    page = client.get(reverse("online:officer_dossier", args=[dossier.code])).content.decode()
    assert 'name="hand_over"' not in page  # returned: another file is only published
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    client.force_login(owner)
    page = client.get(reverse("online:dossier", args=[dossier.code])).content.decode()
    assert 'id="rating-form"' in page  # returned: the citizen may rate it


def test_my_page_lists_received_dossiers_with_plain_words(client, desk, owner, dossier):
    client.force_login(owner)
    page = client.get(reverse("online:mine")).content.decode()
    assert dossier.code in page and "Cơ quan đã tiếp nhận hồ sơ" in page
    submission = dossier.online_submission
    assert reverse("online:submission", args=[submission.pk]) not in page  # listed once
    page = client.get(reverse("online:dossier", args=[dossier.code])).content.decode()
    assert "08:00" in page or "09:00" in page
    assert "Tiếp nhận" in page and desk.reception.username not in page


def test_citizen_rates_a_returned_dossier_from_the_account(client, desk, owner, dossier):
    """Circular 01/2018 art. 13 ratings from the citizen's account, once per dossier."""
    from portal.models import DossierRating

    client.force_login(owner)
    page = client.get(reverse("online:dossier", args=[dossier.code])).content.decode()
    assert 'id="rating-form"' not in page  # not before the result is returned
    d = approved(desk, dossier)
    dossier_services.dossier_return_result(
        actor=desk.reception,
        dossier=d,
        returned_to="Vũ Thị Lan",
        id_checked=True,
        late_reason="x",
    )
    page = client.get(reverse("online:dossier", args=[dossier.code])).content.decode()
    assert "Đánh giá mức độ hài lòng" in page and 'id="rating-form"' in page
    scores = {"i1": "2", "i3": "2", "i4": "1", "i7": "2", "comment": "Cán bộ nhiệt tình"}
    client.post(reverse("online:rate", args=[dossier.code]), scores)
    rating = DossierRating.objects.get(dossier=dossier)
    assert (rating.channel, rating.comment) == ("account", "Cán bộ nhiệt tình")
    again = client.post(reverse("online:rate", args=[dossier.code]), scores, follow=True)
    assert "đã được đánh giá" in again.content.decode()
    assert DossierRating.objects.filter(dossier=dossier).count() == 1


def test_notices_of_a_dossier_sent_through_an_account_point_to_the_account(desk, dossier):
    """The supplement can be sent online and the result is published there: the notices say
    so (a dossier received at the desk keeps the desk's wording: notifications tests)."""
    with composed_notices():
        awaiting(desk, dossier)
    sms = Notification.objects.get(kind=Kind.SUPPLEMENT_REQUEST, channel=Channel.SMS)
    assert " Nop truc tuyen tai tai khoan dich vu cong hoac tai UBND" in sms.body
    assert is_gsm7(sms.body) and sms_segments(sms.body) <= 2


def test_result_notice_of_an_account_dossier_names_the_account(desk, dossier):
    with composed_notices():
        approved(desk, dossier)
    sms = Notification.objects.get(kind=Kind.RESULT_READY, channel=Channel.SMS)
    assert "Ket qua se duoc tra vao tai khoan dich vu cong; hoac den nhan tai Bo phan" in sms.body
    assert is_gsm7(sms.body) and sms_segments(sms.body) <= 2


def test_public_look_up_tells_of_a_result_published_online(client, desk, owner, dossier):
    """The public page (code + 4 digits) says the result is in the applicant's account once
    published, with the desk only for the paper; a timeline step records when."""
    with time_machine.travel(at(2026, 3, 3, 10), tick=False):
        approved(desk, dossier)
    lookup = {"code": dossier.code, "digits": "0333"}  # the phone's last digits
    assert client.post(reverse("portal:lookup"), lookup).status_code == 302
    url = reverse("portal:lookup_result", args=[dossier.code])
    page = client.get(url).content.decode()
    assert 'id="published"' not in page and "Nơi nhận kết quả:" in page
    with time_machine.travel(at(2026, 3, 20, 10), tick=False):
        received.result_publish(actor=desk.reception, dossier=dossier, name="kq.pdf", content=PDF)
        received.result_publish(actor=desk.reception, dossier=dossier, name="kq2.pdf", content=PDF)
    page = client.get(url).content.decode()
    assert 'id="published"' in page and "Nơi nhận bản giấy:" in page
    assert "Đã có kết quả, đã gửi vào tài khoản của người nộp" in page  # the status line
    assert "mời ông/bà đến nhận" not in page
    steps = re.findall(r'<li class="step-(\w+)"><strong>([^<]+)</strong>', page)
    assert [kind for kind, _at in steps][-2:] == ["result_ready", "published"]
    assert steps[-1][1] == "10:00 20/03/2026"  # the first publication, told once
    assert page.count("Kết quả đã được gửi vào tài khoản dịch vụ công") == 1  # the line
    assert page.count("Văn bản giải quyết hồ sơ đã được gửi vào tài khoản") == 1  # the step
    api = client.post(
        "/api/v1/lookup", lookup, content_type="application/json"
    ).json()  # the API says the same
    assert api["status"] == "Đã có kết quả, đã gửi vào tài khoản của người nộp"
    with time_machine.travel(at(2026, 3, 21, 9), tick=False):
        received.result_publish(
            actor=desk.reception,
            dossier=dossier,
            name="kq3.pdf",
            content=PDF,
            hand_over=True,
            late_reason="Chờ liên thông",
        )
    page = client.get(url).content.decode()
    assert 'id="published"' not in page and 'id="collect"' not in page  # nothing to collect
    steps = re.findall(r'<li class="step-(\w+)">', page)
    assert steps[-3:] == ["result_ready", "published", "returned"]
