"""The periodic report's figures (rules.md §5) through reports.engine, within the caller's
units."""

from datetime import UTC
from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.utils import translation
from ninja import P, QueryEx, Router

from api.auth import PRIVATE, Principal
from api.errors import COMMON, ApiError
from api.schemas import Day, Moment, ReportOut
from api.selectors import report_unit_ids
from audit.services import audit_export
from reports.engine import report
from reports.units import UnknownUnit, unit_ids_for_codes

router = Router(tags=["reports"], auth=PRIVATE)


@router.get("/reports", response={200: ReportOut, **COMMON}, operation_id="reports_get")
def reports_get(
    request: HttpRequest,
    date_from: QueryEx[Day, P(alias="from", description="Ngày đầu kỳ (tính cả ngày này)")],
    date_to: QueryEx[Day, P(alias="to", description="Ngày cuối kỳ (tính cả ngày này)")],
    group_by: Literal["unit", "field", "procedure", "level", "level_field", "month"] = "unit",
    as_of: QueryEx[Moment | None, P(description="Thời điểm tính; mặc định bây giờ")] = None,
    unit: QueryEx[
        list[str] | None, P(description="Mã đơn vị, lặp lại được; gồm đơn vị cấp dưới")
    ] = None,
) -> dict[str, Any]:
    """Biểu II.06a figures, keys as in rules.md §5; `total` is the whole period."""
    principal: Principal = request.auth  # type: ignore[attr-defined]
    allowed = report_unit_ids(principal)
    unit_ids = allowed
    if unit:
        try:
            wanted = set(unit_ids_for_codes(codes=unit))
        except UnknownUnit as error:
            raise Http404(str(error)) from None
        unit_ids = sorted(wanted if allowed is None else wanted & set(allowed))
        if not unit_ids:
            raise Http404(f"Không có đơn vị hành chính mã «{', '.join(unit)}».")
    try:
        with translation.override("vi"):  # row names (months, levels) as in the downloads
            result = report(
                date_from=date_from,
                date_to=date_to,
                as_of=as_of,
                group_by=group_by,
                unit_ids=unit_ids,
            )
    except (ValueError, OverflowError) as error:
        raise ApiError(422, str(error)) from None
    audit_export(
        what="report",
        fmt="api",
        actor=principal.user,
        units=unit_ids,
        date_from=date_from,
        date_to=date_to,
    )
    return {
        "date_from": result.date_from,
        "date_to": result.date_to,
        "as_of": result.as_of.astimezone(UTC),  # like every time the API gives
        "group_by": result.group_by,
        "rows": [{**row.as_dict(), "section": row.section} for row in result.rows],
        "total": result.total.as_dict(),
    }
