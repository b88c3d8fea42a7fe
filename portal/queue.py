"""Reads of the desk's queue: its service lines, who is waiting, which numbers are called."""

from collections import Counter
from datetime import date

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import units_acting
from catalog.models import AdministrativeUnit, Field
from catalog.selectors import procedure_versions_in_force, receiving_units
from portal.models import QueueTicket, TicketStatus

DISPLAY_ROWS = 8
# Line names are data, stored as the citizen saw them; field names are Vietnamese data too.
GENERAL_LINE = "Tiếp nhận chung"


def service_lines(*, unit: AdministrativeUnit, on: date) -> list[str]:
    """The lines a citizen can queue for: a general counter, then every field with
    procedures in force at the unit's level."""
    field_ids = procedure_versions_in_force(on).filter(level=unit.level).values("field_id")
    names = Field.objects.filter(pk__in=field_ids).order_by("name").values_list("name", flat=True)
    return [GENERAL_LINE, *names]


def receiving_unit_get(*, code: str, on: date) -> AdministrativeUnit:
    """The receiving unit `code` in force on `on`, or 404."""
    unit = receiving_units(on).filter(code=code).order_by("-valid_from").first()
    if unit is None:
        raise Http404(_("Không tìm thấy đơn vị tiếp nhận."))
    return unit


def unit_for_officer(*, user: User, code: str, on: date) -> AdministrativeUnit:
    """The unit `code` if `user` is an officer of it; 404 otherwise, like a missing unit."""
    unit = receiving_unit_get(code=code, on=on)
    if not units_acting(user=user).filter(pk=unit.pk).exists():
        raise Http404(_("Không tìm thấy đơn vị tiếp nhận."))
    return unit


def tickets_today(*, unit: AdministrativeUnit, day: date) -> QuerySet[QueueTicket]:
    return QueueTicket.objects.filter(unit=unit, day=day)


def called_tickets(*, unit: AdministrativeUnit, day: date) -> list[QueueTicket]:
    """The numbers being called now, latest first."""
    return list(
        tickets_today(unit=unit, day=day)
        .filter(status=TicketStatus.CALLED)
        .order_by("-called_at", "-pk")[:DISPLAY_ROWS]
    )


def waiting_counts(*, unit: AdministrativeUnit, day: date) -> dict[str, int]:
    lines = tickets_today(unit=unit, day=day).filter(status=TicketStatus.WAITING)
    return dict(Counter(lines.values_list("line", flat=True)))


def waiting_before(ticket: QueueTicket) -> int:
    """How many of the same line wait ahead of `ticket`."""
    return QueueTicket.objects.filter(
        unit_id=ticket.unit_id,
        line=ticket.line,
        day=ticket.day,
        status=TicketStatus.WAITING,
        number__lt=ticket.number,
    ).count()


def ticket_get(*, unit: AdministrativeUnit, ticket_id: int, day: date) -> QueueTicket:
    ticket = tickets_today(unit=unit, day=day).filter(pk=ticket_id).first()
    if ticket is None:
        raise Http404(_("Không tìm thấy số thứ tự."))
    return ticket
