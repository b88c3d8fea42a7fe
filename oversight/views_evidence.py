"""A unit's evidence pack within a programme, the dossier lists behind each figure and
check, one dossier's facts and steps, the unit's own figures and the on-site sample.
Every list or dossier opened here is written to the read log."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedRequest
from audit.models import Event as AuditEvent
from audit.services import audit_record
from dossiers.models import Dossier
from oversight import forms as f
from oversight import services
from oversight.errors import OversightError
from oversight.evidence import broken_column_identities, compare, evidence_pack, late_dossiers
from oversight.exports import read_ii06a
from oversight.models import Programme, SampleItem, SelfReport
from oversight.sampling import CHECKLIST
from oversight.selectors import programme_get, programme_unit_get
from oversight.steps import holding_steps, longest
from reports.definitions import Period
from reports.selectors import overdue_dossiers

CHECK_TITLES = {
    "finished_before_received": gettext_lazy("Hoàn thành trước khi tiếp nhận (theo lịch sử)"),
    "returned_without_approval": gettext_lazy("Trả kết quả không qua bước phê duyệt"),
    "history_gaps": gettext_lazy("Lịch sử xử lý đứt đoạn"),
    "times_edited": gettext_lazy("Thời điểm tiếp nhận hoặc hạn trả bị sửa sau"),
    "due_moved_without_apology": gettext_lazy("Lùi hạn trả không có phiếu xin lỗi"),
    "returned_without_record": gettext_lazy("Đánh dấu đã trả nhưng không có bản ghi trả kết quả"),
    "same_minute_bursts": gettext_lazy("Loạt hồ sơ tiếp nhận và hoàn thành trong cùng một phút"),
}
LIST_TITLES = {
    "overdue": gettext_lazy("Hồ sơ đang quá hạn"),
    "late": gettext_lazy("Hồ sơ giải quyết quá hạn"),
    **CHECK_TITLES,
}
COLUMN_TITLES = [
    gettext_lazy("Tổng số tiếp nhận"),
    gettext_lazy("Trực tuyến"),
    gettext_lazy("Trực tiếp, bưu chính"),
    gettext_lazy("Từ kỳ trước"),
    gettext_lazy("Đã giải quyết"),
    gettext_lazy("Trước hạn"),
    gettext_lazy("Đúng hạn"),
    gettext_lazy("Quá hạn"),
    gettext_lazy("Đang giải quyết"),
    gettext_lazy("Trong hạn"),
    gettext_lazy("Đang quá hạn"),
]


_SELF_REPORT_BROKEN = gettext_lazy(
    "Số liệu đơn vị báo cáo không khớp giữa các cột: %(columns)s (đã ghi đúng như đơn vị báo cáo)."
)


def _period(programme: Programme) -> Period:
    return Period(programme.period_start, programme.period_end)


@login_required
def unit_evidence(request: AuthenticatedRequest, pk: int, unit_id: int) -> HttpResponse:
    programme = programme_get(user=request.user, pk=pk)
    unit = programme_unit_get(programme=programme, unit_id=unit_id)
    pack = evidence_pack(unit=unit, period=_period(programme))
    own = SelfReport.objects.filter(programme=programme, unit=unit).first()
    rows = compare(pack, own.values if own else None)
    return render(
        request,
        "oversight/evidence.html",
        {
            "programme": programme,
            "unit": unit,
            "pack": pack,
            "comparison": [(title, row) for title, row in zip(COLUMN_TITLES, rows, strict=True)],
            "self_report": own,
            "self_report_broken": broken_column_identities(own.values) if own else [],
            "checks": [(name, CHECK_TITLES[name], ids) for name, ids in pack.checks.items()],
            "self_form": f.SelfReportForm(initial=own.values if own else None),
            "sample_form": f.SampleForm(initial={"seed": f"{programme.pk}-{unit.pk}"}),
            "samples": [
                (item, [(k, label, item.checklist.get(k, False)) for k, label in CHECKLIST.items()])
                for item in SampleItem.objects.filter(
                    programme=programme, unit=unit
                ).select_related("dossier")
            ],
            "rating_rows": pack.ratings.per_indicator,
        },
    )


def _listed(programme: Programme, unit: Any, name: str) -> list[Dossier]:
    period = _period(programme)
    if name == "overdue":
        as_of = period.as_of(timezone.now())
        return list(overdue_dossiers(unit_ids=[unit.pk], end=period.ends_at, as_of=as_of))
    if name == "late":
        return list(late_dossiers(unit_id=unit.pk, period=period))
    pack = evidence_pack(unit=unit, period=period)
    ids = pack.checks[name]
    found = Dossier.objects.in_bulk(ids)
    return [found[i] for i in ids]


@login_required
def dossier_list(request: AuthenticatedRequest, pk: int, unit_id: int, name: str) -> HttpResponse:
    programme = programme_get(user=request.user, pk=pk)
    unit = programme_unit_get(programme=programme, unit_id=unit_id)
    if name not in LIST_TITLES:
        raise Http404(_("Không có danh sách này."))
    dossiers = _listed(programme, unit, name)
    services.read_record(actor=request.user, programme=programme, unit=unit, what=name)
    audit_record(
        event=AuditEvent.DOSSIER_READ,
        actor=request.user,
        obj=programme,
        object_repr=f"{name} {unit.code}",
        after={"list": name, "unit": unit.code, "dossiers": [d.code for d in dossiers]},
    )
    return render(
        request,
        "oversight/dossier_list.html",
        {
            "programme": programme,
            "unit": unit,
            "title": LIST_TITLES[name],
            "dossiers": dossiers,
        },
    )


@login_required
def dossier_facts(request: AuthenticatedRequest, pk: int, dossier_id: int) -> HttpResponse:
    """A dossier of a programme's unit, its history and how long each holder kept it (read
    here, so a supervisor never needs the officers' dossier page)."""
    programme = programme_get(user=request.user, pk=pk)
    dossier = (
        Dossier.objects.filter(pk=dossier_id, unit__in=programme.units.all())
        .select_related("unit", "procedure_version", "assignee")
        .first()
    )
    if dossier is None:
        raise Http404(_("Không tìm thấy hồ sơ."))
    events = list(dossier.events.select_related("actor"))
    until = dossier.returned_at or dossier.finished_at or timezone.now()
    stops = holding_steps(
        [(e.action, str(e.actor or "—"), e.to_status, e.at) for e in events], until=until
    )
    services.read_record(
        actor=request.user, programme=programme, unit=dossier.unit, what="dossier", dossier=dossier
    )
    audit_record(
        event=AuditEvent.DOSSIER_READ, actor=request.user, obj=dossier, after={"programme": pk}
    )
    return render(
        request,
        "oversight/dossier.html",
        {
            "programme": programme,
            "dossier": dossier,
            "events": events,
            "stops": stops,
            "longest": longest(stops),
        },
    )


@login_required
@require_POST
def self_report(request: AuthenticatedRequest, pk: int, unit_id: int) -> HttpResponse:
    programme = programme_get(user=request.user, pk=pk)
    unit = programme_unit_get(programme=programme, unit_id=unit_id)
    form = f.SelfReportForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise OversightError(_("Số liệu không hợp lệ."))
        upload = form.cleaned_data.pop("upload")
        if upload is not None:
            values, source = read_ii06a(upload.read()), "uploaded"
        else:
            values = {k: v for k, v in form.cleaned_data.items() if v is not None}
            source = "typed"
        services.self_report_set(
            actor=request.user, programme=programme, unit=unit, values=values, source=source
        )
    except OversightError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã ghi số liệu đơn vị tự báo cáo."))
        if broken := broken_column_identities(values):
            messages.warning(request, _SELF_REPORT_BROKEN % {"columns": "; ".join(broken)})
    return redirect("oversight:unit", pk=programme.pk, unit_id=unit.pk)


@login_required
@require_POST
def sample_draw(request: AuthenticatedRequest, pk: int, unit_id: int) -> HttpResponse:
    programme = programme_get(user=request.user, pk=pk)
    unit = programme_unit_get(programme=programme, unit_id=unit_id)
    form = f.SampleForm(request.POST)
    try:
        if not form.is_valid():
            raise OversightError(_("Cỡ mẫu từ 1 đến 100 hồ sơ."))
        services.sample_draw(
            actor=request.user, programme=programme, unit=unit, **form.cleaned_data
        )
    except OversightError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã chọn mẫu hồ sơ."))
    return redirect("oversight:unit", pk=programme.pk, unit_id=unit.pk)


@login_required
@require_POST
def sample_check(request: AuthenticatedRequest, pk: int, item_id: int) -> HttpResponse:
    programme = programme_get(user=request.user, pk=pk)
    item = SampleItem.objects.filter(programme=programme, pk=item_id).first()
    if item is None:
        raise Http404(_("Không tìm thấy hồ sơ mẫu."))
    form = f.CheckForm(request.POST)
    try:
        if not form.is_valid():
            raise OversightError(_("Nội dung kiểm tra không hợp lệ."))
        services.sample_check(actor=request.user, item=item, **form.cleaned_data)
    except OversightError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã ghi kết quả kiểm tra hồ sơ mẫu."))
    return redirect("oversight:unit", pk=programme.pk, unit_id=item.unit_id)
