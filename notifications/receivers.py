"""Dossier steps → notices to the applicant. `dossier_transitioned` is sent after the
dossier's transaction commits, so a rolled-back step never notifies."""

import logging
from typing import Any

from django.dispatch import receiver

from dossiers.signals import dossier_transitioned
from notifications.services import ACTION_KINDS, notifications_create_for_event
from notifications.tasks import notification_enqueue

logger = logging.getLogger(__name__)


@receiver(dossier_transitioned, dispatch_uid="notifications.on_dossier_transitioned")
def on_dossier_transitioned(*, action: str, event_id: int, **kwargs: Any) -> None:
    if action not in ACTION_KINDS:
        return
    # The dossier is already saved: a failure here must not turn the officer's completed
    # step into an error page. It is logged; the queue side is recovered by
    # `notifications_retry` (rows written but not queued stay pending).
    try:
        notifications = notifications_create_for_event(event_id=event_id)
    except Exception:
        logger.exception("notifications for dossier event %s were not created", event_id)
        return
    for notification in notifications:
        notification_enqueue(notification=notification)
