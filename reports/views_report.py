"""The report page (the engine in the browser) and its downloads: II.06a as Excel or PDF,
CSV and JSON through reports.exports. Every figure comes from reports.engine.report."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.http import AuthenticatedRequest
from audit.services import audit_export
from reports.definitions import KEYS
from reports.engine import Report, report
from reports.exports.as_csv import to_csv
from reports.exports.as_json import to_json
from reports.exports.as_pdf import to_pdf
from reports.exports.as_xlsx import to_xlsx
from reports.exports.ii06a import ii06a_sheet
from reports.labels import GROUP_LABELS, KEY_LABELS
from reports.periods import shortcuts
from reports.query import ReportQuery, read_query
from reports.units import default_parties

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def run(query: ReportQuery, *, group_by: str | None = None) -> Report:
    return report(
        date_from=query.date_from,
        date_to=query.date_to,
        as_of=query.as_of,
        group_by=group_by or query.group_by,
        unit_ids=query.unit_ids,
    )


@login_required
def report_page(request: AuthenticatedRequest) -> HttpResponse:
    query = read_query(user=request.user, data=request.GET, today=timezone.localdate())
    return _page(request, query)


def _page(request: AuthenticatedRequest, query: ReportQuery, status: int = 200) -> HttpResponse:
    result = run(query)
    links = [
        (s, query.params(date_from=s.period.start.isoformat(), date_to=s.period.end.isoformat()))
        for s in shortcuts(timezone.localdate())
    ]
    return render(
        request,
        "reports/report.html",
        {
            "query": query,
            "form": query.form,
            "report": result,
            "keys": [(key, KEY_LABELS[key]) for key in KEYS],
            "group_label": GROUP_LABELS[result.group_by],
            "official_links": [link for link in links if link[0].official],
            "calendar_links": [link for link in links if not link[0].official],
            "params": query.params(),
            "section": "report",
        },
        status=status,
    )


@login_required
def report_download(request: AuthenticatedRequest, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404(_("Không có định dạng này."))
    query = read_query(user=request.user, data=request.GET, today=timezone.localdate())
    if query.form.is_bound and not query.form.is_valid():
        # The page with what is wrong, not a file of the default period under another name.
        return _page(request, query, status=400)
    with translation.override("vi"):  # a download is a Vietnamese document, rows included
        content, name = _download(query, fmt)
    audit_export(
        what="report",
        fmt=fmt,
        actor=request.user,
        units=sorted(query.unit_ids or []),
        date_from=query.date_from,
        date_to=query.date_to,
    )
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


def _download(query: ReportQuery, fmt: str) -> tuple[bytes, str]:
    name = f"bao-cao-{query.date_from:%Y%m%d}-{query.date_to:%Y%m%d}.{fmt}"
    if fmt in ("xlsx", "pdf"):
        result = run(query, group_by="level_field")
        reporting, receiving = default_parties(unit_ids=query.unit_ids, period=query.period)
        sheet = ii06a_sheet(
            result, reporting_unit=reporting or "…", receiving_unit=receiving or "…"
        )
        content: bytes = to_xlsx(sheet) if fmt == "xlsx" else to_pdf(sheet)
        name = f"bieu-II06a-{query.date_from:%Y%m%d}-{query.date_to:%Y%m%d}.{fmt}"
    else:
        result = run(query)
        content = (to_csv(result) if fmt == "csv" else to_json(result)).encode("utf-8")
    return content, name
