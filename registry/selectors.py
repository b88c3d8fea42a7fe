"""Reads of the registers that depend on who asks. A letter or document the user may not see
answers exactly like one that does not exist (404)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.selectors import OFFICER_ROLES, units_visible_to
from catalog.models import AdministrativeUnit
from common.text import fold
from registry.models import IncomingLetter, LetterStatus, OutgoingDocument
from workcalendar.calendar import VN_TZ
from workcalendar.selectors import get_work_calendar

SOON_WORKING_DAYS = 2


def units_keeping(*, user: User) -> QuerySet[AdministrativeUnit]:
    """Units whose registers `user` writes to: where they hold an officer role."""
    if not user.is_authenticated or not user.is_active:
        return AdministrativeUnit.objects.none()
    return AdministrativeUnit.objects.filter(
        memberships__user=user, memberships__role__in=OFFICER_ROLES
    ).distinct()


def unit_officers(*, unit_id: int) -> QuerySet[User]:
    """Who may handle a letter of the unit."""
    return (
        User.objects.filter(
            memberships__unit_id=unit_id, memberships__role__in=OFFICER_ROLES, is_active=True
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def letters_visible_to(*, user: User) -> QuerySet[IncomingLetter]:
    return IncomingLetter.objects.filter(unit__in=units_visible_to(user=user))


def documents_visible_to(*, user: User) -> QuerySet[OutgoingDocument]:
    return OutgoingDocument.objects.filter(unit__in=units_visible_to(user=user))


def letter_get_for_user(*, user: User, pk: int) -> IncomingLetter:
    try:
        return letters_visible_to(user=user).select_related("unit", "handler").get(pk=pk)
    except IncomingLetter.DoesNotExist:
        raise Http404(_("Không tìm thấy văn bản đến.")) from None


def document_get_for_user(*, user: User, pk: int) -> OutgoingDocument:
    try:
        return (
            documents_visible_to(user=user)
            .select_related("unit", "reply_to", "dossier", "issued_by")
            .get(pk=pk)
        )
    except OutgoingDocument.DoesNotExist:
        raise Http404(_("Không tìm thấy văn bản đi.")) from None


@dataclass(frozen=True)
class RegisterFilters:
    unit_id: int | None = None
    doc_type: str = ""
    status: str = ""  # incoming only
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""  # with or without diacritics; a bare number finds that number


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=VN_TZ)


def _common(qs: QuerySet, f: RegisterFilters, moment: str) -> QuerySet:
    if f.unit_id:
        qs = qs.filter(unit_id=f.unit_id)
    if f.doc_type:
        qs = qs.filter(doc_type=f.doc_type)
    if f.date_from:
        qs = qs.filter(**{f"{moment}__gte": _day_start(f.date_from)})
    if f.date_to:
        qs = qs.filter(**{f"{moment}__lt": _day_start(f.date_to + timedelta(days=1))})
    text = f.text.strip()
    if text:
        match = Q(search_folded__contains=fold(text))
        # A bare number may be an arrival or issue number (kept within integer range).
        qs = qs.filter(match | Q(number=int(text)) if text.isdigit() and len(text) < 10 else match)
    return qs


def incoming_search(
    *, user: User, filters: RegisterFilters | None = None
) -> QuerySet[IncomingLetter]:
    f = filters or RegisterFilters()
    qs = letters_visible_to(user=user).select_related("unit", "handler")
    if f.status:
        qs = qs.filter(status=f.status)
    return _common(qs, f, "received_at").order_by("-received_at", "-number")


def outgoing_search(
    *, user: User, filters: RegisterFilters | None = None
) -> QuerySet[OutgoingDocument]:
    qs = documents_visible_to(user=user).select_related("unit", "reply_to")
    return _common(qs, filters or RegisterFilters(), "issued_at").order_by("-issued_at", "-id")


def soon_limit(now: datetime) -> datetime:
    """The end of the second working day after today: replies due before it are "due soon"."""
    calendar = get_work_calendar()
    day = calendar.next_working_day(timezone.localdate(now), include_self=True)
    for _step in range(SOON_WORKING_DAYS):
        day = calendar.next_working_day(day + timedelta(days=1), include_self=True)
    return _day_start(day + timedelta(days=1))


def replies_due(*, user: User, now: datetime | None = None) -> QuerySet[IncomingLetter]:
    """Letters not yet handled whose reply deadline has passed or falls within two working
    days, earliest first."""
    now = now or timezone.now()
    return (
        letters_visible_to(user=user)
        .exclude(status=LetterStatus.HANDLED)
        .filter(reply_due_at__isnull=False, reply_due_at__lt=soon_limit(now))
        .select_related("unit", "handler")
        .order_by("reply_due_at", "pk")
    )


def reply_flag(letter: IncomingLetter, now: datetime, limit: datetime) -> str:
    """ "overdue", "soon" (before `limit`) or ""."""
    if letter.status == LetterStatus.HANDLED or letter.reply_due_at is None:
        return ""
    if letter.reply_due_at < now:
        return "overdue"
    return "soon" if letter.reply_due_at < limit else ""


def last_event_id(target: IncomingLetter | OutgoingDocument) -> int | None:
    """The id of the entry's last history row: what a correction form was shown after
    (registry.services._correct)."""
    return target.events.order_by("-id").values_list("id", flat=True).first()
