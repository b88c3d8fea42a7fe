"""The desk's answers to a submission: accept (a dossier received online, the clock per
rules.md §3, scans attached, receipt notice), ask once for a supplement, refuse."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dossiers.models import Dossier, DossierAttachment, DossierEvent
from notifications.models import Kind, Notification
from notifications.tests.jobs import compose_queued_notices
from online import services
from online.errors import InvalidInput, NotAllowed
from online.models import Submission
from online.tests.factories import PDF, PNG, citizen, draft, submitted

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def at(*args) -> datetime:
    return datetime(*args, tzinfo=VN)


@pytest.fixture
def owner(db):
    return citizen(full_name="Đỗ Minh Khang", phone="0912000222", email="khang@example.vn")


def test_accept_receives_a_dossier_starting_the_clock_after_tet(
    desk, owner, django_capture_on_commit_callbacks
):
    with time_machine.travel(at(2026, 2, 13, 22, 0), tick=False):  # Friday night before Tết
        submission = submitted(desk, owner)
    with (
        time_machine.travel(at(2026, 2, 23, 9, 15), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        dossier = services.submission_accept(
            actor=desk.reception, submission=submission, note="Đủ giấy tờ"
        )
    assert dossier.channel == "online" and dossier.status == "received"
    assert dossier.received_at == at(2026, 2, 13, 22, 0)  # the moment of the submission
    assert dossier.effective_start == at(2026, 2, 23, 8, 0)  # next working day after Tết
    assert dossier.due_at == at(2026, 2, 25, 17, 0)  # 3 working days
    assert dossier.code.startswith(f"{desk.unit.agency_id}-260213-")
    assert (dossier.applicant_name, dossier.applicant_phone, dossier.applicant_email) == (
        "Đỗ Minh Khang",
        "0912000222",
        "khang@example.vn",
    )
    assert sorted(dossier.papers.values_list("name", flat=True)) == [
        "Giấy xác nhận tình trạng hôn nhân",
        "Tờ khai đăng ký kết hôn",
    ]
    scans = DossierAttachment.objects.filter(dossier=dossier)
    assert scans.count() == 2 and {s.content_type for s in scans} == {"application/pdf"}
    assert all(s.uploaded_by == desk.reception for s in scans)
    submission.refresh_from_db()
    assert (submission.status, submission.dossier, submission.decided_by) == (
        "accepted",
        dossier,
        desk.reception,
    )
    assert submission.events.latest("pk").data == {"dossier": dossier.code}
    receive = DossierEvent.objects.get(dossier=dossier, action="receive")
    assert receive.actor == desk.reception and receive.note == "Đủ giấy tờ"
    # The notifications app sends the receipt (Mẫu 01) on the receive step (its worker
    # composes it from the job the step queued).
    compose_queued_notices()
    receipts = Notification.objects.filter(dossier=dossier, kind=Kind.RECEIPT)
    assert sorted(receipts.values_list("channel", flat=True)) == ["email", "sms"]


def test_accept_is_all_or_nothing(desk, owner, monkeypatch):
    submission = submitted(desk, owner)

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "dossier_attachment_add", broken)
    with pytest.raises(RuntimeError):
        services.submission_accept(actor=desk.reception, submission=submission)
    submission.refresh_from_db()
    assert submission.status == "submitted" and submission.dossier is None
    assert not Dossier.objects.exists()


def test_only_reception_officers_of_the_unit_answer(desk, owner):
    submission = submitted(desk, owner)
    for actor in (desk.specialist, desk.approver, owner):
        with pytest.raises(NotAllowed):
            services.submission_accept(actor=actor, submission=submission)
    with pytest.raises(NotAllowed):
        services.submission_refuse(actor=owner, submission=submission, reason="x")
    assert Submission.objects.get().status == "submitted"


def test_drafts_cannot_be_accepted(desk, owner):
    with pytest.raises(NotAllowed, match="Không thể"):
        services.submission_accept(actor=desk.reception, submission=draft(desk, owner))


def test_supplement_is_asked_once_and_answered_by_uploading_again(client, desk, owner):
    with time_machine.travel(at(2026, 3, 2, 9), tick=False):
        submission = submitted(desk, owner)
    second = desk.papers[1]
    with time_machine.travel(at(2026, 3, 2, 10), tick=False):
        services.submission_request_supplement(
            actor=desk.reception,
            submission=submission,
            paper_ids=[second.pk],
            reason="Giấy xác nhận đã quá 6 tháng; nộp bản mới.",
        )
    submission.refresh_from_db()
    assert submission.status == "supplement_requested"
    assert submission.supplement_papers == [{"id": second.pk, "name": second.name}]

    client.force_login(owner)
    url = reverse("online:submission", args=[submission.pk])
    page = client.get(url).content.decode()
    assert "Giấy xác nhận đã quá 6 tháng; nộp bản mới." in page and "Nộp lại hồ sơ" in page

    with time_machine.travel(at(2026, 3, 3, 20), tick=False):
        with pytest.raises(InvalidInput, match="Chưa tải lên bản bổ sung của: Giấy xác nhận"):
            services.submission_submit(actor=owner, submission=submission)
        data = {
            "applicant_name": "Đỗ Minh Khang",
            f"paper_{second.pk}": SimpleUploadedFile("moi.png", PNG),
            "intent": "submit",
        }
        assert client.post(url, data).status_code == 302
    submission.refresh_from_db()
    assert submission.status == "submitted"
    assert submission.submitted_at == at(2026, 3, 3, 20)  # the last complete submission
    assert submission.first_submitted_at == at(2026, 3, 2, 9)
    assert submission.events.latest("pk").action == "resubmit"

    with pytest.raises(NotAllowed, match="một lần"):
        services.submission_request_supplement(
            actor=desk.reception, submission=submission, paper_ids=[second.pk], reason="Lại"
        )
    with time_machine.travel(at(2026, 3, 4, 9), tick=False):
        dossier = services.submission_accept(actor=desk.reception, submission=submission)
    assert dossier.received_at == at(2026, 3, 3, 20)
    assert dossier.effective_start == at(2026, 3, 4, 8, 0)  # after office hours → next morning
    names = set(DossierAttachment.objects.filter(dossier=dossier).values_list("name", flat=True))
    assert "moi.png" in names and len(names) == 2


def test_supplement_request_needs_papers_and_a_reason(client, desk, owner):
    submission = submitted(desk, owner)
    with pytest.raises(InvalidInput, match="lý do"):
        services.submission_request_supplement(
            actor=desk.reception, submission=submission, paper_ids=[desk.papers[0].pk], reason=""
        )
    client.force_login(desk.reception)
    url = reverse("online:officer_act", args=[submission.pk, "request_supplement"])
    page = client.post(url, {"supplement-reason": "Thiếu"}).content.decode()
    assert "This field is required" in page or "Trường này là bắt buộc" in page
    client.post(url, {"supplement-papers": [str(desk.papers[0].pk)], "supplement-reason": "Ảnh mờ"})
    submission.refresh_from_db()
    assert submission.status == "supplement_requested" and submission.supplement_reason == "Ảnh mờ"


def test_refuse_with_a_reason_the_citizen_reads(client, desk, owner):
    submission = submitted(desk, owner)
    with pytest.raises(InvalidInput):
        services.submission_refuse(actor=desk.reception, submission=submission, reason=" ")
    client.force_login(desk.reception)
    response = client.post(
        reverse("online:officer_act", args=[submission.pk, "refuse"]),
        {"refuse-reason": "Thủ tục thuộc thẩm quyền UBND huyện."},
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == "refused" and submission.decided_by == desk.reception
    client.force_login(owner)
    page = client.get(reverse("online:submission", args=[submission.pk])).content.decode()
    assert "Thủ tục thuộc thẩm quyền UBND huyện." in page and "Bị từ chối tiếp nhận" in page
    with pytest.raises(NotAllowed):
        services.submission_accept(actor=desk.reception, submission=submission)


def test_officer_queue_tabs_follow_the_language_switch(client, desk):
    client.force_login(desk.reception)
    page = client.get(reverse("online:officer_queue")).content.decode()
    assert "Chờ công dân bổ sung" in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("online:officer_queue")).content.decode()
    assert "Chờ công dân bổ sung" not in page and "Chờ tiếp nhận" not in page


def test_officer_queue_page_and_accept_button(client, desk, owner):
    waiting = submitted(desk, owner)
    hidden = draft(desk, owner)
    client.force_login(desk.reception)
    page = client.get(reverse("online:officer_queue")).content.decode()
    assert waiting.reference in page and hidden.reference not in page
    page = client.get(reverse("online:officer_submission", args=[waiting.pk])).content.decode()
    assert "Tờ khai đăng ký kết hôn.pdf" in page and "Tiếp nhận hồ sơ" in page
    response = client.post(
        reverse("online:officer_act", args=[waiting.pk, "accept"]), {"accept-note": ""}
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.dossier is not None
    page = client.get(reverse("online:officer_tab", args=["da-tiep-nhan"])).content.decode()
    assert waiting.dossier.code in page
    assert client.get(reverse("online:officer_tab", args=["khong-co"])).status_code == 404


def test_specialists_read_but_cannot_act(client, desk, owner):
    submission = submitted(desk, owner)
    client.force_login(desk.specialist)
    page = client.get(reverse("online:officer_submission", args=[submission.pk])).content
    assert "Bạn chỉ được xem hồ sơ này." in page.decode()
    response = client.post(reverse("online:officer_act", args=[submission.pk, "accept"]), {})
    assert "không có vai trò" in response.content.decode()
    assert Submission.objects.get().status == "submitted"


def test_officer_downloads_the_uploaded_scan(client, desk, owner):
    submission = submitted(desk, owner)
    scan = submission.files.first()
    client.force_login(desk.reception)
    response = client.get(reverse("online:officer_submission_file", args=[submission.pk, scan.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF


def test_the_history_names_who_did_what_and_when(desk, owner):
    with time_machine.travel(at(2026, 3, 2, 9), tick=False):
        submission = submitted(desk, owner)
    with time_machine.travel(at(2026, 3, 2, 9, 30), tick=False):
        services.submission_refuse(actor=desk.reception, submission=submission, reason="Sai")
    rows = list(submission.events.values_list("action", "actor", "at", "from_status", "to_status"))
    assert rows[0] == ("create", owner.pk, at(2026, 3, 2, 9), "", "draft")
    assert rows[-2] == ("submit", owner.pk, at(2026, 3, 2, 9), "draft", "submitted")
    assert rows[-1] == ("refuse", desk.reception.pk, at(2026, 3, 2, 9, 30), "submitted", "refused")
    assert [r[0] for r in rows].count("upload") == 2  # the uploads in between, too


def test_the_citizen_is_told_of_a_supplement_request_or_a_refusal_by_sms_and_email(
    desk, owner, django_capture_on_commit_callbacks
):
    """Decree 61 art. 17.2: an incomplete online dossier is notified with one-time complete
    instructions; a refusal with its reason — through the same delivery jobs."""
    from notifications.models import Kind as NoticeKind
    from notifications.models import Notification

    asked = submitted(desk, owner)
    assert (asked.applicant_email, asked.applicant_phone) == ("khang@example.vn", "0912000222")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        services.submission_request_supplement(
            actor=desk.reception,
            submission=asked,
            paper_ids=[desk.papers[0].pk],
            reason="Ảnh chụp giấy tờ bị mờ",
        )
    notices = Notification.objects.filter(kind=NoticeKind.SUPPLEMENT_REQUEST)
    assert {n.channel for n in notices} == {"email", "sms"}
    assert len(queued) == 2  # one delivery job per notice, after the commit
    email = notices.get(channel="email")
    assert desk.papers[0].name in email.body and "Ảnh chụp giấy tờ bị mờ" in email.body
    assert f"/dich-vu-cong/ho-so-nop/{asked.pk}/" in email.body
    assert email.unit == desk.unit and email.dossier is None

    refused = submitted(desk, owner)
    services.submission_refuse(actor=desk.reception, submission=refused, reason="Sai thẩm quyền")
    sms = Notification.objects.get(kind=NoticeKind.REFUSAL, channel="sms")
    assert "Sai tham quyen" in sms.body  # SMS without diacritics
