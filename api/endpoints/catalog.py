"""Units and procedures, read-only, as they stood on a given day."""

from datetime import date

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, P, QueryEx, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from api.auth import PRIVATE
from api.errors import COMMON
from api.schemas import Day, ProcedureDetailOut, ProcedureOut, UnitOut
from catalog.models import AdministrativeUnit, ProcedureVersion
from catalog.selectors import NotFound, procedure_search, procedure_version_in_force

router = Router(tags=["catalogue"], auth=PRIVATE)


class UnitPagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(100, ge=1, le=1000)
        offset: int = Field(0, ge=0, le=10_000_000)


def procedure_out(version: ProcedureVersion) -> dict:
    rule = version.time_rule
    return {
        "code": version.procedure.code,
        "version": version.version,
        "name": version.name,
        "field": {"code": version.field.code, "name": version.field.name},
        "level": version.level,
        "time_rule": {
            "kind": rule.kind.value,
            "amount": rule.amount,
            "cutoff": rule.effective_cutoff if rule.kind.value == "same_day" else None,
            "description": rule.describe_vi(),
        },
        "fee_kind": version.fee_kind,
        "fee_amount": version.fee_amount,
        "online_level": version.online_level,
        "interconnected": version.interconnected,
        "effective_from": version.effective_from,
        "effective_to": version.effective_to,
    }


@router.get("/units", response={200: list[UnitOut], **COMMON}, operation_id="units_list")
@paginate(UnitPagination)
def units_list(
    request: HttpRequest,
    on: QueryEx[Day | None, P(description="Chỉ các đơn vị có hiệu lực ngày này")] = None,
    receiving: QueryEx[bool, P(description="Chỉ đơn vị tiếp nhận hồ sơ")] = False,
    code: QueryEx[str, P(max_length=10)] = "",
) -> QuerySet[AdministrativeUnit]:
    """Administrative units with their codes and validity periods [valid_from, valid_to)."""
    units = AdministrativeUnit.objects.select_related("parent").order_by("code", "valid_from")
    if on is not None:
        units = units.valid_on(on)
    if receiving:
        units = units.receiving()
    if code:
        units = units.filter(code=code)
    return units.order_by("code", "valid_from", "pk")


@router.get(
    "/procedures", response={200: list[ProcedureOut], **COMMON}, operation_id="procedures_list"
)
def procedures_list(
    request: HttpRequest,
    on: QueryEx[Day | None, P(description="Mặc định: hôm nay")] = None,
    q: QueryEx[str, P(max_length=200, description="Mã hoặc tên, có dấu hoặc không dấu")] = "",
) -> list[dict]:
    """Procedures with the published version in force on `on` and its time rule."""
    day = on or timezone.localdate()
    return [procedure_out(v) for v in procedure_search(q, day, limit=10_000)]


@router.get(
    "/procedures/{code}",
    response={200: ProcedureDetailOut, **COMMON},
    operation_id="procedures_get",
)
def procedures_get(request: HttpRequest, code: str, on: date | None = None) -> dict:
    """One procedure's version in force on `on` (default today), with its papers."""
    try:
        version = procedure_version_in_force(code, on or timezone.localdate())
    except NotFound as error:
        raise Http404(str(error)) from None
    return {
        **procedure_out(version),
        "result": version.result,
        "legal_basis": version.legal_basis,
        "papers": [
            {
                "id": p.pk,
                "position": p.position,
                "name": p.name,
                "copy_kind": p.copy_kind,
                "count": p.count,
                "optional": p.optional,
            }
            for p in version.papers.all()
        ],
    }
