"""Dossier steps → notices to the applicant.

Inside the step's own transaction the receiver only queues a job that composes the notices
(one row in the task table: an outbox), so a committed step always has its notices coming
and a rolled-back one has none; the worker writes them (`compose_notices`) and queues their
delivery. Composing them (texts, SMS folding) is then no longer part of the officer's or the
API client's request."""

import logging
from typing import Any

from django.dispatch import receiver
from django_tasks.exceptions import InvalidTaskBackendError, InvalidTaskError

from dossiers.models import DossierEvent
from dossiers.signals import dossier_step_recorded
from notifications.services import (
    ACTION_KINDS,
    notice_addresses,
    notifications_create_for_event,
)
from notifications.tasks import compose_notices

logger = logging.getLogger(__name__)


@receiver(dossier_step_recorded, dispatch_uid="notifications.on_dossier_step_recorded")
def on_dossier_step_recorded(*, event: DossierEvent, **kwargs: Any) -> None:
    if event.action not in ACTION_KINDS or not notice_addresses(event.dossier):
        return
    try:
        # The queue checks the job before it writes anything, so a refusal leaves the
        # step's transaction clean.
        compose_notices.enqueue(event.pk)
    except (InvalidTaskError, InvalidTaskBackendError):
        # Nothing lost: the notices are written now, pending, and `notifications_retry`
        # queues them once the queue accepts jobs again.
        logger.exception("composing the notices of event %s could not be queued", event.pk)
        notifications_create_for_event(event_id=event.pk, event=event, enqueue=False)
