"""Reads for the API, always through the project's scoping selectors, narrowed further to
a token's units. What a principal may not see answers exactly like what does not exist."""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.selectors import units_visible_to, user_roles_at
from api.auth import Principal
from api.errors import ApiError
from catalog.models import AdministrativeUnit
from catalog.selectors import NotFound, unit_in_force_shared
from common.text import fold
from dossiers.models import Dossier
from dossiers.selectors import FIRST_DAY, LAST_DAY, dossiers_visible_to
from workcalendar.calendar import VN_TZ

DOSSIER_NOT_FOUND = "Không tìm thấy hồ sơ."


def dossiers_for(principal: Principal) -> QuerySet[Dossier]:
    dossiers = dossiers_visible_to(user=principal.user)
    if principal.unit_ids is not None:
        dossiers = dossiers.filter(unit_id__in=principal.unit_ids)
    return dossiers


def dossier_for(principal: Principal, code: str) -> Dossier:
    try:
        return (
            dossiers_for(principal)
            .select_related(
                "unit", "procedure_version__procedure", "procedure_version__field", "assignee"
            )
            .get(code=code)
        )
    except Dossier.DoesNotExist:
        raise Http404(DOSSIER_NOT_FOUND) from None


def dossier_for_action(principal: Principal, code: str) -> Dossier:
    """A dossier the principal may act on: visible, and the user holds some role at its unit
    (a read-only overseer acting answers like an unknown dossier)."""
    dossier = dossier_for(principal, code)
    if not user_roles_at(user=principal.user, unit_id=dossier.unit_id):
        raise Http404(DOSSIER_NOT_FOUND)
    return dossier


def receiving_unit_for(principal: Principal, code: str, day: date) -> AdministrativeUnit:
    """The unit `code` in force on `day` where the principal holds a role (and which its
    token covers); anything else answers 404 with one message. The unit is the process's
    shared copy (catalog.selectors.unit_in_force_shared): read it, never change it."""
    message = (
        f"Không có đơn vị tiếp nhận mã «{code}» trong phạm vi được phép vào ngày {day:%d/%m/%Y}."
    )
    try:
        unit = unit_in_force_shared(code, day, principal.current_stamps())
    except NotFound:
        raise Http404(message) from None
    if principal.unit_ids is not None and unit.pk not in principal.unit_ids:
        raise Http404(message)
    if not principal.user.is_active or not user_roles_at(user=principal.user, unit_id=unit.pk):
        raise Http404(message)
    return unit


def report_unit_ids(principal: Principal) -> list[int] | None:
    """Units whose figures the principal may read; None means every unit (an administrator's
    session)."""
    if principal.user.is_superuser and principal.unit_ids is None:
        return None
    ids = set(units_visible_to(user=principal.user).values_list("pk", flat=True))
    if principal.unit_ids is not None:
        ids &= principal.unit_ids
    return sorted(ids)


# ---------------------------------------------------------------- dossier list


@dataclass(frozen=True)
class DossierFilters:
    status: str = ""
    unit: str = ""  # unit code (a code reused after a merger covers every unit holding it)
    procedure: str = ""  # procedure code
    received_from: date | None = None
    received_to: date | None = None
    due_from: date | None = None
    due_to: date | None = None
    q: str = ""  # code or applicant name, with or without diacritics


def _day_start(day: date) -> datetime:
    # Clamped to years a dossier can have: 0001-01-01 in Vietnam time is no UTC instant.
    return datetime.combine(min(max(day, FIRST_DAY), LAST_DAY), time(), tzinfo=VN_TZ)


def _day_end(day: date) -> datetime:
    """00:00 of the next day."""
    return _day_start(min(day, LAST_DAY) + timedelta(days=1))


def dossiers_filtered(principal: Principal, f: DossierFilters) -> QuerySet[Dossier]:
    qs = dossiers_for(principal)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.unit:
        qs = qs.filter(unit__code=f.unit)
    if f.procedure:
        qs = qs.filter(procedure_version__procedure__code=f.procedure)
    if f.received_from:
        qs = qs.filter(received_at__gte=_day_start(f.received_from))
    if f.received_to:
        qs = qs.filter(received_at__lt=_day_end(f.received_to))
    if f.due_from:
        qs = qs.filter(due_at__gte=_day_start(f.due_from))
    if f.due_to:
        qs = qs.filter(due_at__lt=_day_end(f.due_to))
    text = f.q.strip()
    if text:
        qs = qs.filter(Q(code__icontains=text) | Q(applicant_name_folded__contains=fold(text)))
    return qs


# Keyset pagination: the sort key is (field, id), both never null, and the cursor names the
# last row returned. Rows inserted meanwhile never shift the pages: nothing is skipped or
# repeated among the rows that existed when the listing began.
ORDERS = ("-received_at", "received_at", "due_at", "-due_at")
BAD_CURSOR = "Con trỏ phân trang (cursor) không hợp lệ hoặc không khớp với thứ tự sắp xếp."


def cursor_encode(order: str, dossier: Dossier) -> str:
    field = order.lstrip("-")
    value: datetime = getattr(dossier, field)
    raw = json.dumps({"o": order, "v": value.isoformat(), "i": dossier.pk}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def cursor_decode(order: str, cursor: str) -> tuple[datetime, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        value = datetime.fromisoformat(data["v"])
        pk = data["i"]
        if data["o"] != order or not isinstance(pk, int) or timezone.is_naive(value):
            raise ValueError
    except (ValueError, KeyError, TypeError, UnicodeError, binascii.Error):
        raise ApiError(422, BAD_CURSOR) from None
    return value, pk


def dossier_page(
    qs: QuerySet[Dossier], *, order: str, cursor: str | None, limit: int
) -> tuple[list[Dossier], str | None]:
    field = order.lstrip("-")
    descending = order.startswith("-")
    if cursor:
        value, pk = cursor_decode(order, cursor)
        op = "lt" if descending else "gt"
        qs = qs.filter(Q(**{f"{field}__{op}": value}) | Q(**{field: value, f"pk__{op}": pk}))
    ordering = (f"-{field}", "-pk") if descending else (field, "pk")
    rows = list(qs.order_by(*ordering)[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, cursor_encode(order, rows[-1]) if more else None
