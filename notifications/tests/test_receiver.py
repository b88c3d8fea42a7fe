"""The receiver: which dossier steps notify whom. The step's transaction queues the
composition (an outbox row); the worker writes the notices and queues their delivery."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from dossiers import services
from dossiers.errors import ActionNotAllowed
from notifications.models import Attachment, Channel, Kind, Notification, Status
from notifications.services import notifications_create_for_event
from notifications.smstext import is_gsm7, sms_segments
from notifications.tasks import compose_notices
from notifications.tests.conftest import at
from notifications.tests.jobs import COMPOSE_TASK, DELIVER_TASK, composed_notices

pytestmark = pytest.mark.django_db


def queued_ids() -> list[int]:
    return sorted(
        r.args_kwargs["args"][0] for r in DBTaskResult.objects.filter(task_path=DELIVER_TASK)
    )


def test_receipt_notifies_by_email_and_sms_with_one_job_each(
    desk, django_capture_on_commit_callbacks
):
    with composed_notices():
        dossier = desk.receive()

    email, sms = Notification.objects.order_by("channel")
    assert (email.channel, sms.channel) == (Channel.EMAIL, Channel.SMS)
    for n in (email, sms):
        assert (n.kind, n.status, n.attempts, n.dossier, n.unit) == (
            Kind.RECEIPT,
            Status.PENDING,
            0,
            dossier,
            desk.unit,
        )
    assert email.recipient == "binh.tran@example.vn"
    assert email.subject == f"Đã tiếp nhận hồ sơ {dossier.code}"
    assert "Kính gửi: Ông/Bà Trần Thị Bình," in email.body
    assert "Thủ tục: Cấp bản sao trích lục hộ tịch" in email.body
    assert "Hẹn trả kết quả: 09 giờ 00 phút, ngày 05/03/2026" in email.body
    assert f"/tra-cuu/{dossier.code}" in email.body
    assert email.attachment == Attachment.RECEIPT_PDF
    assert email.attachment_name == f"mau01-{dossier.code}.pdf"

    assert sms.recipient == "0912345678"
    assert sms.subject == "" and sms.attachment == Attachment.NONE
    assert sms.body.startswith(f"UBND xa Dong Tam: da tiep nhan ho so {dossier.code}")
    assert "(Cap ban sao trich luc ho tich)" in sms.body
    assert "Hen tra ket qua 09:00 05/03/2026" in sms.body
    assert is_gsm7(sms.body) and sms_segments(sms.body) <= 2

    assert queued_ids() == sorted([email.pk, sms.pk])


@pytest.mark.parametrize(
    ("email", "phone", "channels"),
    [
        ("an@example.vn", "", [Channel.EMAIL]),
        ("", "0987654321", [Channel.SMS]),
        ("", "+84 987 654 321", [Channel.SMS]),
        ("an@example.vn", "02433123456", [Channel.EMAIL]),  # a landline gets no SMS
        ("", "", []),
    ],
)
def test_one_notification_per_channel_with_an_address(
    desk, django_capture_on_commit_callbacks, email, phone, channels
):
    with composed_notices():
        desk.receive(email=email, phone=phone)
    assert sorted(Notification.objects.values_list("channel", flat=True)) == sorted(channels)
    assert len(queued_ids()) == len(channels)


def test_supplement_request_lists_the_papers_and_the_reason(
    desk, django_capture_on_commit_callbacks
):
    dossier = desk.receive()
    with composed_notices():
        services.dossier_request_supplement(
            actor=desk.reception,
            dossier=dossier,
            missing_papers=["Bản sao Giấy khai sinh", "Văn bản ủy quyền có chứng thực"],
            reason="Thiếu giấy tờ chứng minh quan hệ",
        )
    email = Notification.objects.get(kind=Kind.SUPPLEMENT_REQUEST, channel=Channel.EMAIL)
    sms = Notification.objects.get(kind=Kind.SUPPLEMENT_REQUEST, channel=Channel.SMS)
    assert email.subject == f"Hồ sơ {dossier.code} cần bổ sung giấy tờ"
    assert "- Bản sao Giấy khai sinh\n- Văn bản ủy quyền có chứng thực" in email.body
    assert "Lý do: Thiếu giấy tờ chứng minh quan hệ." in email.body
    assert email.attachment == Attachment.NONE
    assert "Ban sao Giay khai sinh; Van ban uy quyen co chung thuc" in sms.body
    assert "Ly do: Thieu giay to chung minh quan he." in sms.body


def test_refusal_gives_the_reason(desk, django_capture_on_commit_callbacks):
    dossier = desk.receive()
    with composed_notices():
        services.dossier_refuse(
            actor=desk.specialist, dossier=dossier, reason="Không thuộc thẩm quyền của xã"
        )
    email = Notification.objects.get(kind=Kind.REFUSAL, channel=Channel.EMAIL)
    sms = Notification.objects.get(kind=Kind.REFUSAL, channel=Channel.SMS)
    assert "bị từ chối giải quyết" in email.body
    assert "Lý do: Không thuộc thẩm quyền của xã." in email.body
    assert "bi tu choi giai quyet. Ly do: Khong thuoc tham quyen cua xa." in sms.body


def test_apology_gives_the_reason_and_the_new_appointment(desk, django_capture_on_commit_callbacks):
    dossier = desk.receive()
    with composed_notices():
        services.dossier_apologise(
            actor=desk.approver,
            dossier=dossier,
            reason="Cần xác minh thêm tại cơ quan thuế",
            new_appointment=at(2026, 3, 6, 16, 0),
        )
    email = Notification.objects.get(kind=Kind.APOLOGY, channel=Channel.EMAIL)
    sms = Notification.objects.get(kind=Kind.APOLOGY, channel=Channel.SMS)
    assert "Lý do: Cần xác minh thêm tại cơ quan thuế." in email.body
    assert "xin lỗi ông/bà và sẽ trả kết quả giải quyết hồ sơ vào 16 giờ 00 phút" in email.body
    assert "Hen tra ket qua moi: 16:00 06/03/2026" in sms.body
    assert "Ly do: Can xac minh them tai co quan thue." in sms.body


def test_result_ready_says_where_to_collect(desk, django_capture_on_commit_callbacks):
    dossier = desk.receive()
    with composed_notices():
        desk.approve(dossier)
    email = Notification.objects.get(kind=Kind.RESULT_READY, channel=Channel.EMAIL)
    sms = Notification.objects.get(kind=Kind.RESULT_READY, channel=Channel.SMS)
    assert email.subject == f"Hồ sơ {dossier.code} đã có kết quả"
    desk_name = "Bộ phận tiếp nhận và trả kết quả UBND xã Đồng Tâm"
    assert f"Mời ông/bà đến nhận kết quả tại {desk_name}" in email.body
    assert "tai Bo phan tiep nhan va tra ket qua UBND xa Dong Tam" in sms.body


def test_other_steps_notify_nobody(desk):
    with composed_notices():
        dossier = desk.receive()
    receipts = list(Notification.objects.values_list("pk", flat=True))
    with composed_notices():
        d = services.dossier_assign(actor=desk.reception, dossier=dossier, assignee=desk.specialist)
        d = services.dossier_note_add(actor=desk.specialist, dossier=d, text="Đã gọi điện")
        services.dossier_submit_for_approval(actor=desk.specialist, dossier=d)
    assert list(Notification.objects.values_list("pk", flat=True)) == receipts
    assert DBTaskResult.objects.filter(task_path=COMPOSE_TASK).count() == 1  # the receipt's


def test_a_rolled_back_step_notifies_nobody(desk, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        desk.receive()
        raise RuntimeError("the counter's printer jammed")
    assert callbacks == []
    assert not Notification.objects.exists()
    assert not DBTaskResult.objects.exists()  # the composition job rolled back with the step


def test_a_refused_step_notifies_nobody(desk):
    with composed_notices():
        dossier = desk.receive()
        services.dossier_refuse(actor=desk.specialist, dossier=dossier, reason="Sai thẩm quyền")
    notices = Notification.objects.count()
    with composed_notices(), pytest.raises(ActionNotAllowed):
        services.dossier_refuse(actor=desk.specialist, dossier=dossier, reason="Lần hai")
    assert Notification.objects.count() == notices == 4  # receipt and refusal, two channels
    assert DBTaskResult.objects.filter(task_path=COMPOSE_TASK).count() == 2


def test_the_step_queues_the_composition_in_its_own_transaction(desk):
    dossier = desk.receive()  # no worker has run: the job came with the step itself
    job = DBTaskResult.objects.get(task_path=COMPOSE_TASK)
    assert job.args_kwargs["args"] == [dossier.events.get().pk]
    assert not Notification.objects.exists()  # nothing composed in the officer's request


def test_a_step_without_an_address_queues_nothing(desk):
    desk.receive(email="", phone="02433123456")  # a landline gets no SMS
    assert not DBTaskResult.objects.exists()


def test_the_same_step_is_never_notified_twice(desk, django_capture_on_commit_callbacks):
    with composed_notices():
        dossier = desk.receive()
    event = dossier.events.get()
    assert notifications_create_for_event(event_id=event.pk) == []
    assert compose_notices.call(event.pk) == 0  # the job run a second time
    assert Notification.objects.count() == 2


def test_when_the_queue_refuses_the_rows_stay_pending_for_notifications_retry(
    desk, django_capture_on_commit_callbacks
):
    # A queue the task's "default" queue is not part of: the real backend refuses the job.
    refusing = {"default": {"BACKEND": "common.task_backend.DatabaseBackend", "QUEUES": ["other"]}}
    with override_settings(TASKS=refusing), django_capture_on_commit_callbacks(execute=True):
        dossier = desk.receive()  # the officer's step succeeds all the same
    assert dossier.pk is not None
    assert Notification.objects.filter(status=Status.PENDING).count() == 2
    assert queued_ids() == []

    call_command("notifications_retry", verbosity=0)
    assert queued_ids() == sorted(Notification.objects.values_list("pk", flat=True))
