"""Notification rows written directly, for pages and commands (delivery tests go through the
real receiver and worker instead)."""

import factory
from django.utils import timezone

from notifications.models import Channel, DeliveryAttempt, Kind, Notification, Status


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    kind = Kind.RECEIPT
    channel = Channel.SMS
    recipient = "0912345678"
    body = "UBND xa Dong Tam: da tiep nhan ho so."
    status = Status.FAILED
    attempts = 5
    max_attempts = 5
    created_at = factory.LazyFunction(timezone.now)
    dossier = None
    unit = factory.LazyAttribute(lambda n: n.dossier.unit if n.dossier else None)


class DeliveryAttemptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeliveryAttempt

    notification = factory.SubFactory(NotificationFactory)
    at = factory.LazyFunction(timezone.now)
    ok = False
    error = "SMSError: Cổng SMS trả lời HTTP 503: gateway busy"
    duration_ms = 12
