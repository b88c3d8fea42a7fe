from datetime import datetime

from django import template
from django.utils.translation import gettext as _

from dossiers.models import DossierEvent
from dossiers.privacy import list_name
from dossiers.transitions import Action

register = template.Library()


@register.filter
def get_count(counts: dict, key: int) -> int:
    return counts.get(key, 0)


@register.simple_tag
def shown_name(record: object, own_units: frozenset[int]) -> str:
    """The applicant's name in a list: full for officers of the record's unit, else masked
    (dossiers.privacy)."""
    return list_name(record, unit_ids=own_units)


@register.filter(expects_localtime=True)
def moment(value: datetime | None) -> str:
    """The instant as `|date:"H:i d/m/Y"` shows it (the local time, then the date), in a tenth
    of its time: that filter parses its format on every call, and the public look-up page
    shows up to a dozen instants (issue #9)."""
    if not isinstance(value, datetime):
        return ""
    return value.strftime("%H:%M %d/%m/%Y")


@register.filter
def event_detail(event: DossierEvent) -> str:
    """What a history line's data adds to its action: to whom it was assigned, the new
    appointment of an apology, the new due time of a resubmission, the reason a late result
    was returned without an apology. (Not the person who took the result: a name, shown
    only where the applicant's data is, in the facts above the history.)"""
    data = event.data or {}
    if event.action == Action.ASSIGN and data.get("assignee"):
        return _("giao cho %(name)s") % {"name": data.get("assignee_name") or data["assignee"]}
    if event.action == Action.APOLOGISE and data.get("appointment_at"):
        return _("hẹn trả mới %(at)s") % {"at": _moment_of(data["appointment_at"])}
    if event.action == Action.RESUBMIT and data.get("due_at"):
        return _("hạn mới %(at)s") % {"at": _moment_of(data["due_at"])}
    if event.action == Action.RETURN_RESULT and data.get("late_reason"):
        return _("lý do trễ hạn: %(reason)s") % {"reason": data["late_reason"]}
    return ""


def _moment_of(iso: str) -> str:
    """History data keeps Vietnam-time ISO 8601 (+07:00): shown as `moment` shows instants."""
    return moment(datetime.fromisoformat(iso))
