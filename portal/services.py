"""Writes of the public side: a citizen's rating, and queue tickets taken and called."""

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import units_acting
from catalog.models import AdministrativeUnit
from dossiers.models import Dossier, Status
from portal.errors import PortalError
from portal.indicators import INDICATORS, NUMBERS
from portal.models import DossierRating, QueueCounter, QueueTicket, RatingChannel, TicketStatus

if TYPE_CHECKING:
    from portal.lookup import PublicDossier

COMMENT_MAX_CHARS = 2000


class AlreadyRated(PortalError):
    """The dossier already has its one rating."""


def dossier_rating_submit(
    *,
    dossier: "Dossier | PublicDossier",
    scores: Mapping[int, int],
    comment: str,
    channel: RatingChannel | str,
) -> DossierRating:
    """Record the citizen's rating of a returned dossier: `scores` maps each citizen-scored
    indicator of Circular 01/2018 art. 13 (1, 3, 4, 7) to 0, 1 or 2. One rating per dossier
    (the database refuses a second one even when two arrive at once)."""
    if channel not in RatingChannel.values:
        raise PortalError(_("Kênh đánh giá «%(channel)s» không hợp lệ.") % {"channel": channel})
    if set(scores) != NUMBERS:
        raise PortalError(_("Cần chấm đủ các chỉ số 1, 3, 4 và 7."))
    if any(
        not isinstance(s, int) or isinstance(s, bool) or s not in (0, 1, 2) for s in scores.values()
    ):
        raise PortalError(_("Điểm của mỗi chỉ số là 0, 1 hoặc 2."))
    comment = comment.strip()
    if len(comment) > COMMENT_MAX_CHARS:
        raise PortalError(_("Ý kiến dài quá %(max)s ký tự.") % {"max": COMMENT_MAX_CHARS})
    current = Dossier.objects.only("status").get(pk=dossier.pk)
    if current.status != Status.RETURNED:
        raise PortalError(_("Chỉ đánh giá được hồ sơ đã trả kết quả."))
    if DossierRating.objects.filter(dossier_id=dossier.pk).exists():
        raise AlreadyRated(_("Hồ sơ này đã được đánh giá; mỗi hồ sơ chỉ đánh giá một lần."))
    fields = {indicator.field: scores[indicator.number] for indicator in INDICATORS}
    try:
        with transaction.atomic():
            return DossierRating.objects.create(
                dossier_id=dossier.pk,
                channel=channel,
                comment=comment,
                rated_at=timezone.now(),
                **fields,
            )
    except IntegrityError:
        raise AlreadyRated(
            _("Hồ sơ này đã được đánh giá; mỗi hồ sơ chỉ đánh giá một lần.")
        ) from None


# ---------------------------------------------------------------- queue tickets


def _locked_counter(unit: AdministrativeUnit, line: str, day: date) -> QueueCounter:
    """The counter row of (unit, line, day), created if needed and locked until commit."""
    counters = QueueCounter.objects.select_for_update()
    counter = counters.filter(unit=unit, line=line, day=day).first()
    if counter is None:
        QueueCounter.objects.bulk_create(
            [QueueCounter(unit=unit, line=line, day=day)],
            ignore_conflicts=True,  # another kiosk may create it at the same moment
        )
        counter = counters.get(unit=unit, line=line, day=day)
    return counter


def queue_ticket_take(*, unit: AdministrativeUnit, line: str) -> QueueTicket:
    """Take the next number of `line` at `unit` today: 1, 2, 3… without gaps."""
    line = " ".join(line.split())
    if not line:
        raise PortalError(_("Chưa chọn quầy hoặc lĩnh vực."))
    now = timezone.now()
    day = timezone.localdate(now)
    with transaction.atomic():
        counter = _locked_counter(unit, line, day)
        counter.last += 1
        counter.save(update_fields=["last"])
        return QueueTicket.objects.create(
            unit=unit, line=line, day=day, number=counter.last, taken_at=now
        )


def queue_ticket_call_next(
    *, actor: User, unit: AdministrativeUnit, line: str, counter_label: str
) -> QueueTicket | None:
    """The counter `counter_label` calls the next waiting number of `line`; the number it
    called before is served. None when nobody is waiting. Officers of the unit only."""
    if not units_acting(user=actor).filter(pk=unit.pk).exists():
        raise PortalError(_("Bạn không làm việc tại bộ phận một cửa của đơn vị này."))
    counter_label = " ".join(counter_label.split())
    if not counter_label:
        raise PortalError(_("Chưa nhập tên quầy."))
    now = timezone.now()
    day = timezone.localdate(now)
    with transaction.atomic():
        _locked_counter(unit, line, day)  # one caller of this line at a time
        QueueTicket.objects.filter(
            unit=unit, day=day, status=TicketStatus.CALLED, counter_label=counter_label
        ).update(status=TicketStatus.SERVED)
        ticket = (
            QueueTicket.objects.filter(unit=unit, line=line, day=day, status=TicketStatus.WAITING)
            .order_by("number")
            .first()
        )
        if ticket is None:
            return None
        ticket.status, ticket.called_at, ticket.counter_label = (
            TicketStatus.CALLED,
            now,
            counter_label,
        )
        ticket.save(update_fields=["status", "called_at", "counter_label"])
        return ticket
