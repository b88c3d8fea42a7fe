"""Which notifications an officer sees: those of the units they may see (accounts.selectors),
never another unit's. One-time codes belong to no unit: only administrators see those."""

from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import OFFICER_ROLES, units_visible_to, user_roles_at
from notifications.models import Notification, Status

# With the default backoff every attempt is over within 15 minutes; a notice still pending
# after this long means the worker is not running or its job was lost.
PENDING_TOO_LONG = timedelta(minutes=30)


def notifications_visible_to(*, user: User) -> QuerySet[Notification]:
    scope = Q(unit__in=units_visible_to(user=user))
    if user.is_active and user.is_superuser:
        scope |= Q(unit__isnull=True)
    return Notification.objects.filter(scope)


def notifications_undelivered(*, user: User, now: datetime) -> QuerySet[Notification]:
    """Failed notices and those pending for too long, newest first, with their attempts."""
    return (
        notifications_visible_to(user=user)
        .filter(
            Q(status=Status.FAILED)
            | Q(status=Status.PENDING, created_at__lt=now - PENDING_TOO_LONG)
        )
        .select_related("dossier", "unit")
        .prefetch_related("delivery_attempts")
    )


def notification_get_for_action(*, user: User, pk: int) -> Notification:
    """A notification the user may re-queue: visible, and of a unit where they work (read-only
    oversight roles may look, not act). Anything else is "not found"."""
    try:
        notification = notifications_visible_to(user=user).get(pk=pk)
    except Notification.DoesNotExist:
        raise Http404(_("Không tìm thấy thông báo.")) from None
    if user.is_superuser:
        return notification
    if notification.unit_id is None or not (
        user_roles_at(user=user, unit_id=notification.unit_id) & OFFICER_ROLES
    ):
        raise Http404(_("Không tìm thấy thông báo."))
    return notification
