"""Dossier steps → notices to the applicant. `dossier_transitioned` is sent after the
dossier's transaction commits, so a rolled-back step never notifies."""

import logging
from typing import Any

from django.dispatch import receiver

from dossiers.models import DossierEvent
from dossiers.signals import dossier_transitioned
from notifications.services import ACTION_KINDS, notifications_create_for_event

logger = logging.getLogger(__name__)


@receiver(dossier_transitioned, dispatch_uid="notifications.on_dossier_transitioned")
def on_dossier_transitioned(
    *, action: str, event_id: int, event: DossierEvent | None = None, **kwargs: Any
) -> None:
    if action not in ACTION_KINDS:
        return
    # The dossier is already saved: a failure here must not turn the officer's completed
    # step into an error page. It is logged; the queue side is recovered by
    # `notifications_retry` (rows written but not queued stay pending).
    try:
        notifications_create_for_event(event_id=event_id, event=event, enqueue=True)
    except Exception:
        logger.exception("notifications for dossier event %s were not created", event_id)
