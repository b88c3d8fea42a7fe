"""The statutory forms (Mẫu 01–06) as PDF, for the dossiers a user may see."""

from datetime import date

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.http import AuthenticatedRequest
from accounts.selectors import units_acting, units_visible_to
from audit.services import audit_export
from catalog.models import AdministrativeUnit
from common.fields import DayField
from documents import services as documents
from documents.errors import DocumentError
from documents.forms import FormKind, FormNotAvailable, form_template_for
from dossiers.models import Dossier, Status
from dossiers.privacy import sees_full_personal_data
from dossiers.selectors import dossier_get_for_user
from dossiers.transitions import Action

# Which form a dossier has, and when it has it.
DOSSIER_FORMS: dict[str, FormKind] = {
    "mau01": FormKind.RECEIPT,
    "mau02": FormKind.SUPPLEMENT_REQUEST,
    "mau03": FormKind.REFUSAL,
    "mau04": FormKind.APOLOGY,
    "mau05": FormKind.CONTROL_SLIP,
}


def available_forms(dossier: Dossier) -> list[tuple[str, str]]:
    """(slug, label) of the forms this dossier has, for its page: none for dossiers received
    before the electronic forms (Circular 01/2018, from 06/01/2019) were in force."""
    try:
        form_template_for(FormKind.RECEIPT, timezone.localdate(dossier.received_at))
    except FormNotAvailable:
        return []
    actions = set(dossier.events.values_list("action", flat=True))
    forms_ = [("mau01", gettext("Giấy tiếp nhận và hẹn trả kết quả (Mẫu 01)"))]
    if Action.REQUEST_SUPPLEMENT in actions:
        forms_.append(("mau02", gettext("Phiếu yêu cầu bổ sung hồ sơ (Mẫu 02)")))
    if dossier.status == Status.REFUSED:
        forms_.append(("mau03", gettext("Phiếu từ chối giải quyết (Mẫu 03)")))
    if dossier.apology_at is not None:
        forms_.append(("mau04", gettext("Phiếu xin lỗi và hẹn lại (Mẫu 04)")))
    forms_.append(("mau05", gettext("Phiếu kiểm soát quá trình (Mẫu 05)")))
    return forms_


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
def dossier_form(request: AuthenticatedRequest, code: str, form: str) -> HttpResponse:
    dossier = dossier_get_for_user(user=request.user, code=code)
    # The forms print the applicant's personal data in full: for the unit's own officers, not
    # for overseers or supervisors, who see the dossier masked (dossiers.privacy).
    if not sees_full_personal_data(user=request.user, unit_id=dossier.unit_id):
        raise Http404(_("Hồ sơ không có biểu mẫu này."))
    if form not in dict(available_forms(dossier)):
        raise Http404(_("Hồ sơ không có biểu mẫu này."))
    kind = DOSSIER_FORMS[form]
    kwargs: dict = {"dossier": dossier}
    if kind is FormKind.RECEIPT:
        kwargs["lookup_url"] = documents.public_lookup_url(dossier)
    try:
        content = documents.form_pdf(kind, **kwargs)
    except DocumentError as error:
        return render(
            request, "dossiers/form_unavailable.html", {"message": error.message}, status=409
        )
    audit_export(what=form, fmt="pdf", actor=request.user, dossier=dossier.code)
    on = timezone.localdate(dossier.received_at)
    return pdf_response(content, documents.form_filename(kind, on=on, suffix=dossier.code))


class BookForm(forms.Form):
    unit = forms.ModelChoiceField(AdministrativeUnit.objects.none(), label=_("Đơn vị"))
    date_from = DayField(label=_("Từ ngày"))
    date_to = DayField(label=_("Đến ngày"))
    format = forms.ChoiceField(label=_("Định dạng"), choices=[("pdf", "PDF"), ("xlsx", "Excel")])

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc."))
        return data


@login_required
def dossier_book(request: AuthenticatedRequest) -> HttpResponse:
    """Mẫu 06, the dossier book of a unit for a period, as PDF or Excel."""
    today = timezone.localdate()
    units = units_visible_to(user=request.user).exclude(agency_id="")
    # The officer's own desk first chosen: a book is always of one unit.
    first = units_acting(user=request.user).first() or units.first()
    form = BookForm(
        request.GET or None,
        initial={
            "unit": first,
            "date_from": date(today.year, 1, 1),
            "date_to": today,
            "format": "pdf",
        },
    )
    form.fields["unit"].queryset = units  # type: ignore[attr-defined]
    if form.is_valid():
        unit, start, end = (form.cleaned_data[k] for k in ("unit", "date_from", "date_to"))
        suffix = f"{unit.code}-{start:%Y%m%d}-{end:%Y%m%d}"
        # The book's prescribed columns in full for the unit's officers; masked for others.
        masked = not sees_full_personal_data(user=request.user, unit_id=unit.pk)
        try:
            response = _book_download(unit, start, end, form.cleaned_data["format"], suffix, masked)
        except DocumentError as error:
            form.add_error(None, error.message)
        else:
            audit_export(
                what="mau06",
                fmt=form.cleaned_data["format"],
                actor=request.user,
                unit=unit.code,
                date_from=start,
                date_to=end,
            )
            return response
    return render(request, "dossiers/book.html", {"form": form})


def _book_download(
    unit: AdministrativeUnit, start: date, end: date, fmt: str, suffix: str, masked: bool
) -> HttpResponse:
    if fmt == "xlsx":
        content = documents.dossier_book_xlsx(
            unit=unit, date_from=start, date_to=end, masked=masked
        )
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="mau06-{suffix}.xlsx"'
        return response
    content = documents.dossier_book_pdf(unit=unit, date_from=start, date_to=end, masked=masked)
    return pdf_response(content, documents.form_filename(FormKind.BOOK, on=start, suffix=suffix))
