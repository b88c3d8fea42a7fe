"""The programme pages: list, create, the programme's page with its sessions, status,
findings and recommendations, and its outputs."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedRequest
from audit.services import audit_export
from oversight import exports, selectors, services
from oversight import forms as f
from oversight.errors import OversightError
from oversight.models import ProgrammeStatus
from oversight.selectors import (
    may_create_programme,
    programme_get,
    programmes_visible_to,
    recommendations_for_unit_officer,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    programmes = programmes_visible_to(user=request.user).prefetch_related("units")
    addressed = recommendations_for_unit_officer(user=request.user)
    if (
        not programmes.exists()
        and not addressed.exists()
        and not may_create_programme(user=request.user)
    ):
        raise Http404(_("Không có chương trình giám sát nào."))
    return render(
        request,
        "oversight/home.html",
        {
            "programmes": programmes,
            "addressed": addressed,
            "can_create": may_create_programme(user=request.user),
        },
    )


@login_required
def programme_new(request: AuthenticatedRequest) -> HttpResponse:
    if not may_create_programme(user=request.user):
        raise Http404(_("Không tìm thấy trang."))
    form = f.ProgrammeForm(request.POST or None)
    unit_field = form.fields["units"]
    unit_field.queryset = unit_field.queryset.filter(  # type: ignore[attr-defined]
        pk__in=selectors.units_supervisable_by(user=request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        units, members = data.pop("units"), data.pop("members")
        try:
            programme = services.programme_create(
                actor=request.user,
                data=services.ProgrammeInput(**data),
                units=list(units),
                members=list(members),
            )
        except OversightError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã lập chương trình giám sát."))
            return redirect("oversight:programme", pk=programme.pk)
    return render(request, "oversight/programme_new.html", {"form": form})


def _unit_choices(programme: Any, blank: bool) -> list[tuple[Any, str]]:
    choices = [(u.pk, u.name) for u in programme.units.order_by("name")]
    return [("", "—"), *choices] if blank else choices


# The forms of the programme page that take typed text: one that fails comes back in its place
# with its errors and what was typed, instead of a message over an empty form.
FORM_SLOTS: dict[type[forms.Form], str] = {
    f.SessionForm: "session_form",
    f.FindingForm: "finding_form",
    f.RecommendationForm: "rec_form",
}


@login_required
def programme_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _programme_page(request, programme_get(user=request.user, pk=pk))


def _programme_page(
    request: AuthenticatedRequest, programme: Any, failed: forms.Form | None = None
) -> HttpResponse:
    session_form = f.SessionForm()
    session_form.fields["unit"].choices = _unit_choices(programme, False)  # type: ignore[attr-defined]
    finding_form = f.FindingForm()
    finding_form.fields["unit"].choices = _unit_choices(programme, True)  # type: ignore[attr-defined]
    rec_form = f.RecommendationForm()
    rec_form.fields["unit"].choices = _unit_choices(programme, True)  # type: ignore[attr-defined]
    page_forms = {"session_form": session_form, "finding_form": finding_form, "rec_form": rec_form}
    if failed is not None:
        page_forms[FORM_SLOTS[type(failed)]] = failed
    # the browser's date picker offers no day before the delegation was set up
    day = page_forms["session_form"].fields["day"]
    day.widget.attrs["min"] = programme.decision_date.isoformat()
    statuses = list(ProgrammeStatus)
    index = statuses.index(ProgrammeStatus(programme.status))
    return render(
        request,
        "oversight/programme.html",
        {
            "programme": programme,
            "units": programme.units.order_by("name"),
            "sessions": programme.sessions.select_related("unit"),
            "findings": programme.findings.select_related("unit"),
            "recommendations": programme.recommendations.select_related("unit"),
            "overdue": selectors.overdue_recommendations(
                programme=programme, today=timezone.localdate()
            ),
            "next_status": statuses[index + 1] if index + 1 < len(statuses) else None,
            "closed": programme.status == ProgrammeStatus.FOLLOW_UP_CLOSED,
            **page_forms,
            "mark_form": f.MarkForm(),
        },
        status=200 if failed is None else 400,
    )


def _post(
    request: AuthenticatedRequest,
    pk: int,
    form_class: type[forms.Form],
    run: Callable[[Any, dict], object],
    done: str,
    choices: bool = False,
) -> HttpResponse:
    programme = programme_get(user=request.user, pk=pk)
    form = form_class(request.POST)
    if choices:
        form.fields["unit"].choices = _unit_choices(programme, True)  # type: ignore[attr-defined]
    if form.is_valid():
        try:
            run(programme, form.cleaned_data)
        except OversightError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done)
            return redirect("oversight:programme", pk=programme.pk)
    if form_class in FORM_SLOTS:
        return _programme_page(request, programme, failed=form)
    messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("oversight:programme", pk=programme.pk)


def _unit(programme: Any, unit_id: int | None) -> Any:
    return programme.units.filter(pk=unit_id).first() if unit_id else None


@login_required
@require_POST
def status_set(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        f.StatusForm,
        lambda p, c: services.programme_status_set(
            actor=request.user, programme=p, status=c["status"]
        ),
        _("Đã chuyển trạng thái chương trình."),
    )


@login_required
@require_POST
def session_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    def run(p: Any, c: dict) -> object:
        unit = _unit(p, c["unit"])
        if unit is None:
            raise OversightError(_("Đơn vị không thuộc chương trình giám sát."))
        return services.session_add(
            actor=request.user,
            programme=p,
            unit=unit,
            day=c["day"],
            place=c["place"],
            attendees=c["attendees"],
        )

    return _post(request, pk, f.SessionForm, run, _("Đã thêm buổi làm việc."), choices=True)


@login_required
@require_POST
def finding_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        f.FindingForm,
        lambda p, c: services.finding_add(
            actor=request.user,
            programme=p,
            kind=c["kind"],
            text=c["text"],
            unit=_unit(p, c["unit"]),
        ),
        _("Đã ghi nhận nội dung kết luận."),
        choices=True,
    )


@login_required
@require_POST
def recommendation_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        f.RecommendationForm,
        lambda p, c: services.recommendation_add(
            actor=request.user,
            programme=p,
            content=c["content"],
            deadline=c["deadline"],
            unit=_unit(p, c["unit"]),
            office=c["office"],
        ),
        _("Đã ghi kiến nghị."),
        choices=True,
    )


@login_required
@require_POST
def recommendation_mark(request: AuthenticatedRequest, pk: int, rec_id: int) -> HttpResponse:
    programme = programme_get(user=request.user, pk=pk)
    rec = programme.recommendations.filter(pk=rec_id).first()
    if rec is None:
        raise Http404(_("Không tìm thấy kiến nghị."))
    return _post(
        request,
        pk,
        f.MarkForm,
        lambda p, c: services.recommendation_mark(
            actor=request.user, recommendation=rec, status=c["status"]
        ),
        _("Đã đánh giá kết quả thực hiện kiến nghị."),
    )


@login_required
def document_docx(request: AuthenticatedRequest, pk: int, document: str) -> HttpResponse:
    programme = programme_get(user=request.user, pk=pk)
    if document not in exports.DOCUMENTS:
        raise Http404
    response = HttpResponse(exports.programme_docx(programme, document), content_type=DOCX)
    audit_export(what=f"programme-{document}", fmt="docx", actor=request.user, programme=pk)
    response["Content-Disposition"] = f'attachment; filename="{document}-{programme.pk}.docx"'
    return response


@login_required
def document_pdf(request: AuthenticatedRequest, pk: int, document: str) -> HttpResponse:
    programme = programme_get(user=request.user, pk=pk)
    if document not in exports.DOCUMENTS:
        raise Http404
    response = HttpResponse(
        exports.programme_pdf(programme, document), content_type="application/pdf"
    )
    audit_export(what=f"programme-{document}", fmt="pdf", actor=request.user, programme=pk)
    response["Content-Disposition"] = f'inline; filename="{document}-{programme.pk}.pdf"'
    return response


@login_required
def follow_up_xlsx(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    programme = programme_get(user=request.user, pk=pk)
    content = exports.follow_up_xlsx(programme, today=timezone.localdate())
    audit_export(what="programme-follow-up", fmt="xlsx", actor=request.user, programme=pk)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="kien-nghi-{programme.pk}.xlsx"'
    return response
