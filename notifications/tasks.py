"""The background jobs of notices (django-tasks, run by `db_worker`): composing a dossier
step's notices, and delivering one notification."""

import logging

from django.db import transaction
from django_tasks import task

from notifications.delivery import notification_attempt
from notifications.models import Notification, Status

logger = logging.getLogger(__name__)


@task()
def deliver_notification(notification_id: int) -> str:
    """Try once; on failure queue the next try at the backoff time, until max attempts."""
    notification = notification_attempt(notification_id=notification_id)
    if notification is None:
        return "skipped"
    if notification.status == Status.PENDING:
        notification_enqueue(notification=notification)
    return str(notification.status)


@task()
def compose_notices(event_id: int) -> int:
    """Write the notices of one dossier step and queue their delivery; queued by the step's
    own transaction (notifications.receivers). Never writes them twice for one step."""
    from notifications.services import notifications_create_for_event  # it imports this module

    return len(notifications_create_for_event(event_id=event_id, enqueue=True))


def notification_enqueue(*, notification: Notification) -> bool:
    """Queue delivery at `next_attempt_at` (now if unset). Never raises: when the queue
    refuses, the row stays pending and `manage.py notifications_retry` queues it later."""
    job = deliver_notification
    if notification.next_attempt_at is not None:
        job = job.using(run_after=notification.next_attempt_at)
    try:
        with transaction.atomic():  # a failed insert must not spoil the caller's transaction
            job.enqueue(notification.pk)
    except Exception:
        logger.exception("notification %s could not be queued; left pending", notification.pk)
        return False
    return True
