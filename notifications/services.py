"""Writing notifications: for a dossier step, for a one-time code, and queueing them again."""

import logging
import re
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from dossiers.models import Action, Dossier, DossierEvent
from dossiers.validation import normalize_phone
from notifications.messages import Message, dossier_message, otp_message
from notifications.models import Attachment, Channel, Kind, Notification, Status
from notifications.tasks import compose_notices, notification_enqueue

logger = logging.getLogger(__name__)


class RequeueRefused(Exception):
    """The notice cannot be re-queued; the message is for the officer."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# The dossier steps the citizen is told about, and what they are told.
ACTION_KINDS: dict[str, Kind] = {
    Action.RECEIVE: Kind.RECEIPT,
    Action.REQUEST_SUPPLEMENT: Kind.SUPPLEMENT_REQUEST,
    Action.REFUSE: Kind.REFUSAL,
    Action.APOLOGISE: Kind.APOLOGY,
    Action.APPROVE: Kind.RESULT_READY,
}

# Vietnamese mobile numbers (03x, 05x, 07x, 08x, 09x and 8 digits); landlines (02x…, 11
# digits) cannot receive SMS, so they get none rather than a certain failure.
MOBILE_RE = re.compile(r"^0[35789]\d{8}$")

# Jobs composing one step's notices, in all: a step whose notices cannot be written (its
# jobs keep failing) stops being tried; the failures stay in the task table with their error.
COMPOSE_MAX_JOBS = 5
# A composition takes milliseconds: one still running this long after a worker claimed it
# was lost with that worker (the queue keeps no lease on a claimed job).
COMPOSE_LOST_AFTER = timedelta(minutes=15)

# A one-time code lives minutes: with the default backoff, three tries (at 0, 1 and 3 min)
# all land while it is valid; later ones would only deliver a dead code.
OTP_MAX_ATTEMPTS = 3


def notifications_create_for_event(
    *, event_id: int, event: DossierEvent | None = None, enqueue: bool = False
) -> list[Notification]:
    """The notices for one dossier step: one per channel the applicant gave an address for
    (e-mail, mobile phone). Nothing for other steps, and nothing twice for the same step.
    `event` is that step as its writer holds it (saves reading it again); with `enqueue`,
    each notice is also queued for delivery in the same transaction (one commit)."""
    if event is None or event.pk != event_id:
        event = DossierEvent.objects.select_related(
            "dossier__unit", "dossier__procedure_version"
        ).get(pk=event_id)
    unsaved = _notices(event)
    if not unsaved:
        return []
    with transaction.atomic():
        if Notification.objects.filter(event=event).exists():
            return []
        created = Notification.objects.bulk_create(unsaved)
        for notification in created if enqueue else []:
            notification_enqueue(notification=notification)  # never raises; own savepoint
    return created


def _notices(event: DossierEvent) -> list[Notification]:
    """The unsaved notices of `event`, one per channel with an address."""
    kind = ACTION_KINDS.get(event.action)
    dossier = event.dossier
    addresses = notice_addresses(dossier)
    if kind is None or not addresses:
        return []
    message = dossier_message(kind=kind, dossier=dossier, event=event)
    now = timezone.now()
    return [
        _notice(
            message,
            kind=kind,
            channel=channel,
            recipient=address,
            now=now,
            dossier=dossier,
            event=event,
        )
        for channel, address in addresses
    ]


def notice_addresses(dossier: Dossier) -> list[tuple[Channel, str]]:
    """Where the applicant of `dossier` can be told: e-mail, and SMS to a mobile number."""
    found = []
    if dossier.applicant_email.strip():
        found.append((Channel.EMAIL, dossier.applicant_email.strip()))
    phone = normalize_phone(dossier.applicant_phone)
    if MOBILE_RE.match(phone):
        found.append((Channel.SMS, phone))
    return found


def _create(
    message: Message,
    *,
    kind: Kind,
    channel: Channel,
    recipient: str,
    now: datetime,
    unit=None,
    dossier: Dossier | None = None,
) -> Notification:
    notice = _notice(
        message,
        kind=kind,
        channel=channel,
        recipient=recipient,
        now=now,
        unit=unit,
        dossier=dossier,
    )
    notice.save(force_insert=True)
    return notice


def _notice(
    message: Message,
    *,
    kind: Kind,
    channel: Channel,
    recipient: str,
    now: datetime,
    dossier: Dossier | None = None,
    event: DossierEvent | None = None,
    unit=None,
) -> Notification:
    email = channel == Channel.EMAIL
    attached = email and bool(message.attachment_name)
    return Notification(
        unit=dossier.unit if dossier else unit,
        dossier=dossier,
        event=event,
        kind=kind,
        channel=channel,
        recipient=recipient,
        subject=message.subject if email else "",
        body=message.email_body if email else message.sms_text,
        attachment=Attachment.RECEIPT_PDF if attached else Attachment.NONE,
        attachment_name=message.attachment_name if attached else "",
        max_attempts=(
            min(settings.NOTIFICATION_MAX_ATTEMPTS, OTP_MAX_ATTEMPTS)
            if kind == Kind.OTP
            else settings.NOTIFICATION_MAX_ATTEMPTS
        ),
        created_at=now,
    )


def notices_send(
    *,
    kind: Kind,
    unit,
    email: str,
    phone: str,
    message: Message,
    dossier: Dossier | None = None,
) -> list[Notification]:
    """Notices about something that is not a dossier step (an online submission the desk
    asked to complete, or refused; a result published online): one per channel with an
    address (e-mail; SMS only to a mobile number), queued when the caller's transaction
    commits. With `dossier`, they are its notices: anonymised with it (dossiers.retention)."""
    addresses = []
    if email.strip():
        addresses.append((Channel.EMAIL, email.strip()))
    mobile = normalize_phone(phone)
    if MOBILE_RE.match(mobile):
        addresses.append((Channel.SMS, mobile))
    now = timezone.now()
    with transaction.atomic():
        created = [
            _create(
                message,
                kind=kind,
                channel=channel,
                recipient=address,
                now=now,
                unit=unit,
                dossier=dossier,
            )
            for channel, address in addresses
        ]
        for notification in created:
            transaction.on_commit(
                lambda n=notification: notification_enqueue(notification=n)  # type: ignore[misc]
            )
    return created


def otp_send(*, channel: Channel | str, address: str, code: str) -> Notification:
    """Deliver a one-time code (citizen account confirmation) by "sms" or "email", through
    the same queue, retries and attempt records as dossier notices. The caller makes, keeps
    (hashed) and checks the code; it is queued when the caller's transaction commits.
    Raises ValueError for an unknown channel, an invalid address or an empty code."""
    if channel not in Channel.values:
        raise ValueError(f"Unknown channel {channel!r}: use 'sms' or 'email'.")
    if not code.strip():
        raise ValueError("Empty one-time code.")
    if channel == Channel.EMAIL:
        recipient = address.strip()
        try:
            validate_email(recipient)
        except ValidationError:
            raise ValueError(f"Invalid e-mail address {recipient!r}.") from None
    else:
        recipient = normalize_phone(address)
        if not MOBILE_RE.match(recipient):
            raise ValueError(f"Not a Vietnamese mobile number: {address!r}.")
    with transaction.atomic():
        notification = _create(
            otp_message(code=code.strip()),
            kind=Kind.OTP,
            channel=Channel(channel),
            recipient=recipient,
            now=timezone.now(),
        )
        transaction.on_commit(lambda: notification_enqueue(notification=notification))
    return notification


def notification_requeue(*, actor: User, notification: Notification) -> Notification:
    """ "Gửi lại": give a failed or stuck notice a fresh round of attempts and queue it now.
    A sent notice is never sent again, one being sent is left alone, and a one-time code is
    not resent (the citizen asks for a new one)."""
    with transaction.atomic():
        locked = Notification.objects.select_for_update().get(pk=notification.pk)
        if locked.status == Status.SENT:
            raise RequeueRefused(_("Thông báo này đã gửi được; không gửi lại."))
        if locked.kind == Kind.OTP:
            raise RequeueRefused(_("Không gửi lại mã xác nhận; người dân cần yêu cầu mã mới."))
        if locked.claimed_until is not None and locked.claimed_until > timezone.now():
            raise RequeueRefused(_("Thông báo này đang được gửi."))
        locked.status = Status.PENDING
        locked.max_attempts = locked.attempts + settings.NOTIFICATION_MAX_ATTEMPTS
        locked.next_attempt_at = None
        locked.claimed_until = None
        locked.save()
        logger.info("notification %s re-queued by user %s", locked.pk, actor.pk)
        transaction.on_commit(lambda: notification_enqueue(notification=locked))
    return locked


def notifications_requeue_due(*, now: datetime | None = None) -> int:
    """Queue every pending notification that is due and not being sent: those whose job was
    never queued (the queue refused), or was lost. A duplicate job is harmless (the claim
    makes it a no-op). Returns how many were queued."""
    now = now or timezone.now()
    due = Notification.objects.filter(status=Status.PENDING).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        Q(claimed_until__isnull=True) | Q(claimed_until__lte=now),
    )
    return sum(notification_enqueue(notification=n) for n in due.iterator())


def notices_compose_requeue(*, now: datetime | None = None) -> int:
    """Queue again the composition of a step's notices whose job failed (the worker kept the
    error) or was lost (still running COMPOSE_LOST_AFTER after a worker claimed it), while
    the step has no notices, no other job waiting or running, and fewer than COMPOSE_MAX_JOBS
    jobs. Returns how many were queued."""
    lost_before = (now or timezone.now()) - COMPOSE_LOST_AFTER
    jobs = DBTaskResult.objects.filter(task_path=compose_notices.module_path)
    ended = Q(status=TaskResultStatus.FAILED) | Q(
        status=TaskResultStatus.RUNNING, started_at__lt=lost_before
    )
    again = {args["args"][0] for args in jobs.filter(ended).values_list("args_kwargs", flat=True)}
    if not again:
        return 0
    tried: dict[int, int] = {}
    busy: set[int] = set()  # a job of the step waits, runs, or wrote its notices
    for args, status, started_at in jobs.filter(args_kwargs__args__0__in=again).values_list(
        "args_kwargs", "status", "started_at"
    ):
        event_id = args["args"][0]
        tried[event_id] = tried.get(event_id, 0) + 1
        lost = status == TaskResultStatus.RUNNING and started_at < lost_before
        if status != TaskResultStatus.FAILED and not lost:
            busy.add(event_id)
    busy.update(Notification.objects.filter(event_id__in=again).values_list("event_id", flat=True))
    queued = 0
    for event_id in sorted(again - busy):
        if tried[event_id] < COMPOSE_MAX_JOBS:
            compose_notices.enqueue(event_id)
            queued += 1
    return queued
