"""One delivery attempt: claim the notification, send it, record the outcome.

The claim is a short transaction that locks the row and marks it as being sent (a lease), so
two runs of the task for one notification never both send it; sending happens outside any
transaction (SMTP or the gateway may take seconds, and on SQLite a transaction holds the
whole database's write lock).
"""

import logging
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from documents.services import public_lookup_url, receipt_pdf
from notifications.models import Attachment, Channel, DeliveryAttempt, Kind, Notification, Status
from notifications.sms import get_sms_backend

logger = logging.getLogger(__name__)

# Longer than any single send can take (EMAIL_TIMEOUT, SMS_GATEWAY_TIMEOUT, the PDF): after
# it, a run that died mid-send is presumed dead and the notification may be tried again.
LEASE = timedelta(minutes=10)
MAX_RETRY_DELAY = timedelta(hours=6)


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff after the `attempts`-th failure: base, 2×base, 4×base…"""
    seconds = settings.NOTIFICATION_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return min(timedelta(seconds=seconds), MAX_RETRY_DELAY)


def notification_attempt(*, notification_id: int) -> Notification | None:
    """Send once if it is due. None when there is nothing to do: already sent or given up,
    not due yet (a later run is scheduled), or another run is sending it right now."""
    notification = _claim(notification_id, timezone.now())
    if notification is None:
        return None
    started = time.monotonic()
    error = ""
    try:
        _send(notification)
    except Exception as exc:  # any failure is a failed attempt: recorded, then retried
        # The log gets the kind of failure only: the message may name the recipient.
        logger.warning("notification %s not delivered: %s", notification_id, type(exc).__name__)
        error = f"{type(exc).__name__}: {exc}"[:2000]
    duration_ms = round((time.monotonic() - started) * 1000)
    return _record(notification_id, error=error, duration_ms=duration_ms)


def _claim(notification_id: int, now: datetime) -> Notification | None:
    # On PostgreSQL the row lock serialises claims; on SQLite select_for_update is a no-op but
    # the IMMEDIATE transaction takes the database's write lock, which serialises them too.
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None or notification.status != Status.PENDING:
            return None
        if notification.next_attempt_at is not None and notification.next_attempt_at > now:
            return None
        if notification.claimed_until is not None and notification.claimed_until > now:
            return None
        notification.claimed_until = now + LEASE
        notification.save(update_fields=["claimed_until"])
    return notification


def _send(notification: Notification) -> None:
    if notification.channel == Channel.SMS:
        get_sms_backend().send(to=notification.recipient, text=notification.body)
        return
    message = EmailMessage(
        subject=notification.subject,
        body=notification.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient],
        headers={"Auto-Submitted": "auto-generated"},  # no out-of-office replies to us
    )
    dossier = notification.dossier
    if notification.attachment == Attachment.RECEIPT_PDF and dossier is not None:
        pdf = receipt_pdf(dossier=dossier, lookup_url=public_lookup_url(dossier))
        message.attach(notification.attachment_name, pdf, "application/pdf")
    message.send(fail_silently=False)


def _record(notification_id: int, *, error: str, duration_ms: int) -> Notification:
    now = timezone.now()
    with transaction.atomic():
        notification = Notification.objects.select_for_update().get(pk=notification_id)
        DeliveryAttempt.objects.create(
            notification=notification, at=now, ok=not error, error=error, duration_ms=duration_ms
        )
        notification.attempts += 1
        notification.claimed_until = None
        if not error:
            notification.status, notification.sent_at = Status.SENT, now
            notification.next_attempt_at = None
        elif notification.attempts >= notification.max_attempts:
            notification.status, notification.next_attempt_at = Status.FAILED, None
        else:
            notification.next_attempt_at = now + retry_delay(notification.attempts)
        if notification.kind == Kind.OTP and notification.status != Status.PENDING:
            notification.body = ""  # a used or undeliverable code is not kept in the database
        notification.save()
    return notification
