"""Who may write to a unit's registers, and the append-only trail every write leaves."""

from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import OFFICER_ROLES, user_roles_at
from audit.models import Event as AuditEvent
from audit.services import audit_record
from registry.errors import ActionNotAllowed
from registry.models import Action, IncomingLetter, OutgoingDocument, RegistryEvent


def require_worker(actor: User, unit_id: int) -> None:
    """Officers of the unit (reception, specialist, leader, unit admin) keep its registers;
    overseers and supervisors only read them."""
    if not user_roles_at(user=actor, unit_id=unit_id) & OFFICER_ROLES:
        raise ActionNotAllowed(_("Bạn không có vai trò được phép ghi sổ công văn của đơn vị này."))


def record(
    *,
    target: IncomingLetter | OutgoingDocument,
    action: Action,
    actor: User,
    at: datetime,
    before: dict,
    after: dict,
    note: str = "",
) -> RegistryEvent:
    letter = target if isinstance(target, IncomingLetter) else None
    document = target if isinstance(target, OutgoingDocument) else None
    event = RegistryEvent.objects.create(
        incoming=letter,
        outgoing=document,
        action=action,
        actor=actor,
        at=at,
        before=before,
        after=after,
        note=note,
    )
    audit_record(
        event=AuditEvent.REGISTRY_CHANGE,
        actor=actor,
        obj=target,
        before=before or None,
        after={"action": str(action), **after},
        reason=f"note: {len(note)} characters" if note else "",
    )
    return event


def plain(value: object) -> object:
    """A field value as the history's JSON keeps it: times in Vietnam time, users by name."""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, User):
        return value.username
    return value


def snapshot(instance: object, fields: tuple[str, ...]) -> dict:
    return {name: plain(getattr(instance, name)) for name in fields}
