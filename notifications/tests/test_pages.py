"""The officers' page of undelivered notices: scoping by unit, and the "Gửi lại" button."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import Role
from accounts.tests.factories import UserFactory, officer, sign_in_verified
from notifications.models import Kind, Status
from notifications.tests.conftest import make_desk
from notifications.tests.factories import DeliveryAttemptFactory, NotificationFactory
from notifications.tests.jobs import DELIVER_TASK

pytestmark = pytest.mark.django_db

PAGE = reverse("notifications:undelivered")


@pytest.fixture
def failed(desk, django_capture_on_commit_callbacks):
    dossier = desk.receive(email="")
    n = NotificationFactory(dossier=dossier, recipient="0987000111")
    DeliveryAttemptFactory(notification=n, error="SMSError: Cổng SMS trả lời HTTP 503: hết hạn")
    return n


def test_the_units_officer_sees_the_failure_and_its_errors(client, desk, failed):
    client.force_login(desk.reception)
    page = client.get(PAGE).content.decode()
    assert "Thông báo gửi lỗi" in page
    assert failed.dossier.code in page and "0987000111" in page
    assert "Cổng SMS trả lời HTTP 503: hết hạn" in page
    assert reverse("notifications:requeue", args=[failed.pk]) in page


def test_another_units_officer_sees_none(client, failed):
    stranger = make_desk("Xã Hợp Thanh").reception
    client.force_login(stranger)
    page = client.get(PAGE).content.decode()
    assert "0987000111" not in page and failed.dossier.code not in page
    assert "Không có thông báo nào gửi lỗi." in page


def test_anonymous_is_sent_to_sign_in(client, failed):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    response = client.post(reverse("notifications:requeue", args=[failed.pk]))
    assert response.status_code == 302 and "0987000111" not in str(response.content)


def test_only_failed_or_long_pending_notices_are_listed(client, desk, failed):
    now = timezone.now()
    NotificationFactory(status=Status.SENT, recipient="0900000001", unit=desk.unit)
    NotificationFactory(status=Status.PENDING, recipient="0900000002", unit=desk.unit)
    NotificationFactory(
        status=Status.PENDING,
        recipient="0900000003",
        unit=desk.unit,
        created_at=now - timedelta(minutes=31),
        next_attempt_at=now + timedelta(minutes=2),
    )
    client.force_login(desk.reception)
    page = client.get(PAGE).content.decode()
    assert "0987000111" in page and "0900000003" in page
    assert "gửi lại lúc 09:02 02/03/2026" in page
    assert "0900000001" not in page and "0900000002" not in page


def test_retry_button_requeues_with_a_fresh_round(
    client, desk, failed, django_capture_on_commit_callbacks
):
    client.force_login(desk.reception)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("notifications:requeue", args=[failed.pk]), follow=True)
    assert "Đã đưa thông báo gửi 0987000111 vào hàng đợi để gửi lại." in response.content.decode()
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.max_attempts) == (Status.PENDING, 5, 10)
    job = DBTaskResult.objects.get(task_path=DELIVER_TASK)
    assert job.args_kwargs["args"] == [failed.pk] and job.status == "READY"


def test_retry_needs_post_and_an_officer_of_the_unit(
    client, desk, failed, django_capture_on_commit_callbacks
):
    url = reverse("notifications:requeue", args=[failed.pk])
    client.force_login(desk.reception)
    assert client.get(url).status_code == 405

    overseer = officer(desk.unit.parent, Role.OVERSEER)  # may look, may not act
    client.force_login(overseer)
    assert "0987000111" in client.get(PAGE).content.decode()
    assert client.post(url).status_code == 404

    client.force_login(make_desk("Xã Hợp Thanh").reception)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 404
    failed.refresh_from_db()
    assert failed.status == Status.FAILED
    assert not DBTaskResult.objects.filter(task_path=DELIVER_TASK)


def test_a_sent_notice_is_not_sent_again(client, desk, django_capture_on_commit_callbacks):
    sent = NotificationFactory(status=Status.SENT, unit=desk.unit)
    client.force_login(desk.reception)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("notifications:requeue", args=[sent.pk]), follow=True)
    assert "Thông báo này đã gửi được; không gửi lại." in response.content.decode()
    assert not DBTaskResult.objects.exists()


def test_one_time_codes_show_to_administrators_only_and_are_not_resent(client, desk, failed):
    NotificationFactory(kind=Kind.OTP, recipient="0900000999", body="")
    client.force_login(desk.reception)
    assert "0900000999" not in client.get(PAGE).content.decode()

    admin = UserFactory(is_superuser=True, is_staff=True)
    sign_in_verified(client, admin)
    page = client.get(PAGE).content.decode()
    assert "0900000999" in page and "0987000111" in page
    assert page.count(">Gửi lại</button>") == 1  # the dossier notice only


def test_the_nav_links_to_the_page(client, desk):
    client.force_login(desk.reception)
    assert f'href="{PAGE}"' in client.get(PAGE).content.decode()


def test_the_page_in_english(client, desk, failed):
    client.force_login(desk.reception)
    client.post(reverse("set_language"), {"language": "en", "next": PAGE})
    page = client.get(PAGE).content.decode()
    assert "<h1>Undelivered notices</h1>" in page and ">Send again</button>" in page
