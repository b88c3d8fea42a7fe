"""The one write path of the audit trail."""

import hashlib
import hmac
import json
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

from audit import context
from audit.chain import GENESIS, entry_hash
from audit.models import AuditEvent, AuditHead, Event
from common.rows import insert_rows

HEAD_PK = 1

# Field names that hold personal data or secrets: their values never enter the log, only a
# keyed digest (so an entry still shows *that* a value changed, not what it is).
PII_MARKERS = (
    "password",
    "id_number",
    "cccd",
    "phone",
    "email",
    "address",
    "birth",
    "token",
    "secret",
    "key",
    "otp",
    "applicant",
    "returned_to",
)


def is_pii_field(name: str) -> bool:
    lowered = name.lower()
    return any(marker in lowered for marker in PII_MARKERS)


def masked(value: Any) -> Any:
    """ "" and None stay as they are; anything else becomes a short keyed digest."""
    if value in ("", None):
        return value
    digest = hmac.new(
        settings.SECRET_KEY.encode(), str(value).encode("utf-8"), hashlib.sha256
    ).hexdigest()
    return f"masked:{digest[:16]}"


def mask_pii(value: Any) -> Any:
    """A JSON-safe copy of `value` with the values of personal-data keys masked."""
    if isinstance(value, dict):
        return {
            str(k): masked(v) if is_pii_field(str(k)) else mask_pii(v) for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [mask_pii(v) for v in value]
    if isinstance(value, float):  # PostgreSQL's jsonb may write 1e16 back as an integer
        return repr(value)
    return value


def _json_safe(value: Any) -> Any:
    """Exactly what the JSON column gives back: times, dates, decimals and UUIDs as strings."""
    if value is None:
        return None
    return json.loads(json.dumps(mask_pii(value), cls=DjangoJSONEncoder))


def object_ref(obj: models.Model) -> tuple[str, str, str]:
    """(type, id, repr) of a model instance. Dossiers and letters are named by their code,
    never by the applicant."""
    meta = obj._meta
    label = getattr(obj, "code", None) or getattr(obj, "reference", None)
    if not label and meta.model_name == "user":
        label = getattr(obj, "username", "")
    return meta.label_lower, str(obj.pk), str(label or obj)[:200]


def audit_record(
    *,
    event: Event | str,
    actor: Any = None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    before: Any = None,
    after: Any = None,
    reason: str = "",
    result: str = "ok",
    client_ip: str | None = None,
) -> AuditEvent:
    """Append one entry, inside the caller's transaction: a rolled-back change leaves no
    entry, a committed one always has one. `actor` defaults to the request's user; the
    client address and request id come from the request context (AuditContextMiddleware).

    Appends are serialised by locking the head row, taken last and held until the caller
    commits: callers record after their other writes."""
    ctx = context.current()
    if actor is None:
        actor = ctx.user()
    if obj is not None:  # explicit values win (e.g. an attachment named by its dossier)
        ref_type, ref_id, ref_repr = object_ref(obj)
        object_type, object_id = object_type or ref_type, object_id or ref_id
        object_repr = object_repr or ref_repr
    entry = AuditEvent(
        at=timezone.now(),
        actor_id=getattr(actor, "pk", None),
        actor_repr=(actor.get_username() if actor is not None else "")[:150],
        client_ip=ctx.client_ip if client_ip is None else client_ip,
        request_id=ctx.request_id,
        event=str(event),
        object_type=object_type[:100],
        object_id=str(object_id)[:64],
        object_repr=object_repr[:200],
        before=_json_safe(before),
        after=_json_safe(after),
        reason=reason,
        result=result[:16],
    )
    with transaction.atomic(savepoint=False):
        entry.seq, prev_hash = _head_take()
        entry.prev_hash = prev_hash or GENESIS
        entry.hash = entry_hash(entry)
        insert_rows(entry)
        with connection.cursor() as cursor:
            cursor.execute(HEAD_HASH_SET, [entry.hash, HEAD_PK])
    return entry


# Plain SQL on the hot path of every audited write: the ORM took longer to build these two
# statements than the database to run them.
HEAD_TAKE = (
    f"UPDATE {AuditHead._meta.db_table} SET seq = seq + 1 WHERE id = %s "  # noqa: S608
    "RETURNING seq, hash"
)
HEAD_HASH_SET = f"UPDATE {AuditHead._meta.db_table} SET hash = %s WHERE id = %s"  # noqa: S608


def _head_take() -> tuple[int, str]:
    """The next seq and the previous entry's hash. The UPDATE locks the head row until the
    caller's transaction ends: appends are serialised, the chain stays linear."""
    with connection.cursor() as cursor:
        cursor.execute(HEAD_TAKE, [HEAD_PK])
        row = cursor.fetchone()
    if row is None:  # a fresh or flushed database
        AuditHead.objects.get_or_create(pk=HEAD_PK)
        return _head_take()
    return int(row[0]), row[1]


def audit_file_read(*, file: models.Model, of: models.Model, actor: Any = None) -> AuditEvent:
    """A download of a stored file (scan, upload, result) of a dossier, letter or
    submission: named by its owner's code and the file's id, never its file name."""
    of_type, of_id, of_repr = object_ref(of)
    return audit_record(
        event=Event.ATTACHMENT_READ,
        actor=actor,
        obj=file,
        object_repr=f"{of_repr} #{file.pk}",
        after={"of": of_type, "of_id": of_id},
    )


def audit_export(*, what: str, fmt: str, actor: Any = None, **params: Any) -> AuditEvent:
    """One export (a report, a book, a printed form, a programme's documents): what, in which
    format, for which unit and period (`params`)."""
    return audit_record(
        event=Event.EXPORT,
        actor=actor,
        object_type="export",
        object_id=what[:64],
        object_repr=" ".join([what, *(str(v) for v in params.values())])[:200],
        after={"what": what, "format": fmt, **params},
    )
