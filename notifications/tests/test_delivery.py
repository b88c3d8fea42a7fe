"""Delivery through the real worker: e-mail by Django's locmem backend, SMS to files."""

import io
import unicodedata

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from dossiers import services
from notifications.models import Channel, DeliveryAttempt, Kind, Notification, Status
from notifications.smstext import is_gsm7, sms_segments
from notifications.tasks import deliver_notification, notification_enqueue
from notifications.tests.conftest import drain_queue
from notifications.tests.jobs import DELIVER_TASK, compose_queued_notices

pytestmark = pytest.mark.django_db(transaction=True)


def pdf_text(pdf: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(unicodedata.normalize("NFC", text).split())


@pytest.fixture
def sms_files(settings, tmp_path):
    settings.SMS_BACKEND = "notifications.sms.FileSMSBackend"
    settings.SMS_FILE_PATH = tmp_path / "sms"
    return tmp_path / "sms"


def read_sms(folder) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]


def test_receipt_email_carries_the_receipt_pdf_and_the_sms_is_written(desk, sms_files):
    dossier = desk.receive()
    assert mail.outbox == [] and read_sms(sms_files) == []  # nothing before the worker runs

    drain_queue()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["binh.tran@example.vn"]
    assert message.subject == f"Đã tiếp nhận hồ sơ {dossier.code}"
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    assert "Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01) được gửi kèm thư này." in (
        message.body
    )
    ((name, content, mimetype),) = message.attachments
    assert (name, mimetype) == (f"mau01-{dossier.code}.pdf", "application/pdf")
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert f"Mã hồ sơ: {dossier.code}" in text
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text

    (sms,) = read_sms(sms_files)
    head, text = sms.split("\n\n", 1)
    assert head == "To: 0912345678"
    assert f"da tiep nhan ho so {dossier.code}" in text
    assert is_gsm7(text.strip()) and sms_segments(text.strip()) <= 2

    for n in Notification.objects.all():
        assert (n.status, n.attempts, n.next_attempt_at) == (Status.SENT, 1, None)
        assert n.sent_at is not None
        (attempt,) = n.delivery_attempts.all()
        assert attempt.ok and attempt.error == "" and attempt.duration_ms >= 0
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_every_kind_reaches_the_applicant(desk, sms_files):
    dossier = desk.receive()
    services.dossier_request_supplement(
        actor=desk.reception, dossier=dossier, missing_papers=["Tờ khai"], reason="Thiếu chữ ký"
    )
    services.dossier_resubmit(actor=desk.reception, dossier=dossier)
    desk.approve(dossier)
    drain_queue()

    assert [m.subject for m in mail.outbox] == [
        f"Đã tiếp nhận hồ sơ {dossier.code}",
        f"Hồ sơ {dossier.code} cần bổ sung giấy tờ",
        f"Hồ sơ {dossier.code} đã có kết quả",
    ]
    assert [m.attachments != [] for m in mail.outbox] == [True, False, False]
    texts = read_sms(sms_files)
    assert len(texts) == 3
    assert any("can bo sung: To khai. Ly do: Thieu chu ky." in t for t in texts)
    assert any("da co ket qua" in t for t in texts)
    assert not Notification.objects.exclude(status=Status.SENT).exists()


def test_a_task_run_twice_sends_once(desk, sms_files):
    desk.receive(phone="")
    compose_queued_notices()
    email = Notification.objects.get(channel=Channel.EMAIL)
    notification_enqueue(notification=email)  # a second job for the same notice

    drain_queue()

    assert len(mail.outbox) == 1
    assert DeliveryAttempt.objects.count() == 1
    deliveries = DBTaskResult.objects.filter(task_path=DELIVER_TASK)
    assert sorted(deliveries.values_list("return_value", flat=True)) == ["sent", "skipped"]
    assert deliver_notification.call(email.pk) == "skipped"  # and once more, by hand
    assert len(mail.outbox) == 1


def test_an_email_backend_failure_is_recorded_and_retried(desk, settings, clock):
    desk.receive(phone="")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    drain_queue()

    n = Notification.objects.get()
    (attempt,) = n.delivery_attempts.all()
    assert not attempt.ok and "ConnectionRefusedError" in attempt.error
    assert (n.status, n.attempts) == (Status.PENDING, 1)
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    clock.shift(60)
    drain_queue()
    n.refresh_from_db()
    assert (n.status, n.attempts) == (Status.SENT, 2)
    assert len(mail.outbox) == 1


def test_otp_email_and_sms(db, sms_files):
    from notifications.services import otp_send

    by_sms = otp_send(channel="sms", address="+84 912 345 678", code="482913")
    by_email = otp_send(channel="email", address=" an@example.vn ", code="771204")
    assert (by_sms.kind, by_sms.dossier, by_sms.unit) == (Kind.OTP, None, None)
    assert by_sms.recipient == "0912345678" and by_email.recipient == "an@example.vn"

    drain_queue()

    (sms,) = read_sms(sms_files)
    assert "To: 0912345678" in sms and "Ma xac nhan Mot Cua: 482913." in sms
    (message,) = mail.outbox
    assert "Mã xác nhận của ông/bà là: 771204" in message.body
    for n in Notification.objects.all():
        assert n.status == Status.SENT
        assert n.body == ""  # the delivered code is not kept
