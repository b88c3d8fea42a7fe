"""`otp_send`: validation, and queueing only when the caller's transaction commits."""

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from accounts.tests.factories import UserFactory
from notifications.models import Channel, Kind, Notification, Status
from notifications.services import RequeueRefused, notification_requeue, otp_send
from notifications.smstext import is_gsm7

pytestmark = pytest.mark.django_db


def test_otp_is_a_pending_notification_queued_on_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        n = otp_send(channel="sms", address="0912 345 678", code="123456")
    assert (n.kind, n.channel, n.status, n.recipient) == (
        Kind.OTP,
        Channel.SMS,
        Status.PENDING,
        "0912345678",
    )
    assert n.body == "Ma xac nhan Mot Cua: 123456. Khong cung cap ma nay cho bat ky ai."
    assert is_gsm7(n.body) and len(n.body) <= 160
    assert n.max_attempts == 3  # later tries would deliver an expired code
    assert DBTaskResult.objects.get().args_kwargs["args"] == [n.pk]

    with django_capture_on_commit_callbacks(execute=True):
        e = otp_send(channel=Channel.EMAIL, address="an@example.vn", code="654321")
    assert e.subject == "Mã xác nhận tài khoản Một Cửa"
    assert "Mã xác nhận của ông/bà là: 654321" in e.body


def test_otp_of_a_rolled_back_transaction_is_neither_kept_nor_queued(
    django_capture_on_commit_callbacks,
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        otp_send(channel="sms", address="0912345678", code="123456")
        raise RuntimeError("account creation failed")
    assert not Notification.objects.exists()
    assert not DBTaskResult.objects.exists()


@pytest.mark.parametrize(
    ("channel", "address", "code"),
    [
        ("zalo", "0912345678", "123456"),
        ("sms", "02433123456", "123456"),  # a landline
        ("sms", "12345", "123456"),
        ("email", "not-an-address", "123456"),
        ("email", "an@example.vn", "  "),
    ],
)
def test_otp_refuses_bad_input(channel, address, code):
    with pytest.raises(ValueError):
        otp_send(channel=channel, address=address, code=code)
    assert not Notification.objects.exists()


def test_a_failed_otp_is_not_resent_by_hand():
    n = otp_send(channel="sms", address="0912345678", code="123456")
    Notification.objects.filter(pk=n.pk).update(status=Status.FAILED)
    with pytest.raises(RequeueRefused):
        notification_requeue(actor=UserFactory(is_superuser=True), notification=n)
