"""`manage.py notifications_retry` queues what is pending, due and not being sent."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from notifications.models import Status
from notifications.services import COMPOSE_MAX_JOBS
from notifications.tests.conftest import drain_queue
from notifications.tests.factories import NotificationFactory
from notifications.tests.jobs import COMPOSE_TASK


def queued() -> list[int]:
    return sorted(r.args_kwargs["args"][0] for r in DBTaskResult.objects.all())


@pytest.mark.django_db
def test_only_due_pending_unclaimed_notices_are_queued(capsys):
    now = timezone.now()
    due = NotificationFactory(status=Status.PENDING, attempts=0)
    retry_due = NotificationFactory(status=Status.PENDING, attempts=2, next_attempt_at=now)
    NotificationFactory(status=Status.PENDING, next_attempt_at=now + timedelta(minutes=1))
    NotificationFactory(status=Status.PENDING, claimed_until=now + timedelta(minutes=5))
    NotificationFactory(status=Status.SENT)
    NotificationFactory(status=Status.FAILED)

    call_command("notifications_retry")

    assert queued() == sorted([due.pk, retry_due.pk])
    assert "queued 2" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_notices_the_queue_refused_are_delivered_after_notifications_retry(desk):
    refusing = {"default": {"BACKEND": "common.task_backend.DatabaseBackend", "QUEUES": ["other"]}}
    with override_settings(TASKS=refusing):
        dossier = desk.receive(phone="")
    drain_queue()
    assert mail.outbox == []

    call_command("notifications_retry", verbosity=0)
    drain_queue()

    assert [m.subject for m in mail.outbox] == [f"Đã tiếp nhận hồ sơ {dossier.code}"]
    assert dossier.notifications.get().status == Status.SENT


def compositions() -> list[str]:
    """The statuses of the composition jobs, sorted (the test's clock stands still)."""
    return sorted(
        DBTaskResult.objects.filter(task_path=COMPOSE_TASK).values_list("status", flat=True)
    )


@pytest.mark.django_db(transaction=True)
def test_a_failed_composition_is_queued_again_until_the_notices_are_written(desk, settings):
    settings.NOTIFICATION_MAX_ATTEMPTS = None  # a broken setting: writing the notices fails
    dossier = desk.receive(phone="")
    drain_queue()
    assert compositions() == ["FAILED"] and not dossier.notifications.exists()

    call_command("notifications_retry", verbosity=0)  # tried again, and it fails again
    drain_queue()
    assert compositions() == ["FAILED", "FAILED"]

    settings.NOTIFICATION_MAX_ATTEMPTS = 5  # the setting mended
    call_command("notifications_retry", verbosity=0)
    drain_queue()
    assert compositions() == ["FAILED", "FAILED", "SUCCESSFUL"]
    assert [m.subject for m in mail.outbox] == [f"Đã tiếp nhận hồ sơ {dossier.code}"]

    call_command("notifications_retry", verbosity=0)  # written: nothing more to compose
    assert compositions() == ["FAILED", "FAILED", "SUCCESSFUL"]


@pytest.mark.django_db(transaction=True)
def test_a_composition_that_keeps_failing_stops_being_tried(desk, settings, capsys):
    settings.NOTIFICATION_MAX_ATTEMPTS = None
    desk.receive(phone="")
    drain_queue()
    for _ in range(COMPOSE_MAX_JOBS + 2):
        call_command("notifications_retry", verbosity=0)
        drain_queue()
    assert compositions() == ["FAILED"] * COMPOSE_MAX_JOBS
    capsys.readouterr()
    call_command("notifications_retry")
    assert "0 compositions" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_a_composition_waiting_for_the_worker_is_not_queued_twice(desk, settings):
    settings.NOTIFICATION_MAX_ATTEMPTS = None
    desk.receive(phone="")
    drain_queue()
    call_command("notifications_retry", verbosity=0)
    call_command("notifications_retry", verbosity=0)  # the first one's job still waits
    assert compositions() == ["FAILED", "READY"]


@pytest.mark.django_db(transaction=True)
def test_a_composition_lost_with_its_worker_is_queued_again(desk, clock):
    dossier = desk.receive(phone="")
    job = DBTaskResult.objects.get(task_path=COMPOSE_TASK)
    job.claim("a worker killed before it finished")  # what db_worker does first

    clock.shift(timedelta(minutes=14))  # it could still be running: left alone
    call_command("notifications_retry", verbosity=0)
    assert compositions() == ["RUNNING"]

    clock.shift(timedelta(minutes=2))  # it was lost with its worker
    call_command("notifications_retry", verbosity=0)
    assert compositions() == ["READY", "RUNNING"]
    drain_queue()
    assert [m.subject for m in mail.outbox] == [f"Đã tiếp nhận hồ sơ {dossier.code}"]
    call_command("notifications_retry", verbosity=0)  # written: nothing more to compose
    assert compositions() == ["RUNNING", "SUCCESSFUL"]
