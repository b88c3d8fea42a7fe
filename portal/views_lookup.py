"""Status look-up without an account (code + 4 digits, or the QR of Mẫu 01) and the
citizen's rating once the result is returned."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from dossiers.models import Dossier, Status
from dossiers.numbering import normalize_code
from dossiers.privacy import mask_name
from portal.errors import PortalError
from portal.forms import LookupForm, RatingForm
from portal.lookup import PublicDossier, dossier_lookup, verified_dossier, verified_dossier_events
from portal.models import DossierRating, RatingChannel
from portal.presentation import status_words
from portal.ratelimit import attempt_allowed, seconds_to_next_window
from portal.services import dossier_rating_submit
from portal.timeline import dossier_timeline, where_to_collect
from portal.verified import LOOKUP, VerifiedCodes


def not_found_message() -> str:
    return _(
        "Không tìm thấy hồ sơ với mã và 4 chữ số đã nhập. Vui lòng kiểm tra mã hồ sơ trên "
        "giấy tiếp nhận và hẹn trả kết quả, và 4 chữ số cuối của số CCCD/CMND hoặc số điện "
        "thoại đã khai khi nộp hồ sơ."
    )


def too_many_message() -> str:
    return _("Bạn đã tra cứu quá nhiều lần trong một phút. Vui lòng đợi một phút rồi thử lại.")


def lookup_form_response(
    request: HttpRequest, form: LookupForm, *, error: str = "", status: int = 200
) -> HttpResponse:
    response = render(
        request,
        "portal/lookup.html",
        {"form": form, "error": error, "section": "lookup"},
        status=status,
    )
    if status == 429:
        response["Retry-After"] = str(seconds_to_next_window())
    return response


@require_http_methods(["GET", "POST"])
def lookup(request: HttpRequest, code: str = "") -> HttpResponse:
    """GET: the form (with the code filled in when reached from the QR of Mẫu 01).
    POST: check code + digits. An unknown code and wrong digits answer identically."""
    if request.method == "GET":
        return lookup_form_response(request, LookupForm(initial={"code": code}))
    form = LookupForm(request.POST)
    if not attempt_allowed(request):
        again = LookupForm(initial={"code": request.POST.get("code", "")})
        return lookup_form_response(request, again, error=too_many_message(), status=429)
    if not form.is_valid():
        return lookup_form_response(request, form)
    dossier = dossier_lookup(code=form.cleaned_data["code"], digits=form.cleaned_data["digits"])
    if dossier is None:
        form = LookupForm(initial={"code": normalize_code(form.cleaned_data["code"])})
        return lookup_form_response(request, form, error=not_found_message(), status=404)
    verified = VerifiedCodes.read(request, LOOKUP)
    verified.remember(dossier.code)
    return verified.write(redirect("portal:lookup_result", code=dossier.code))


def _citizen_view(dossier: PublicDossier) -> dict:
    """Everything the citizen sees of a dossier: no ID number, phone, address, officers."""
    return {
        "code": dossier.code,
        "masked_name": mask_name(dossier.applicant_name),
        "procedure": dossier.procedure_name,
        "procedure_code": dossier.procedure_code,
        "unit": dossier.unit_name,
        "status": status_words(dossier.status, published_online=dossier.published_online),
        "received_at": dossier.received_at,
        "due_at": dossier.due_at,
        "appointment_at": dossier.appointment_at,
        "where_to_collect": where_to_collect(dossier.unit_name)
        if dossier.status == Status.RESULT_READY
        else "",
        "published_online": dossier.published_online,
    }


class BlankRatingForm:
    """Stands for an unbound RatingForm in portal/_rating_form.html, which renders the blank
    form's fields once per language ({% fixed_text %}, with a form of its own): building the
    form (~0.15 ms) on every page that shows it was wasted (issue #9)."""

    is_bound = False

    def non_field_errors(self) -> list[str]:
        return []


def rating_context(dossier: Dossier | PublicDossier, form: RatingForm | None = None) -> dict:
    rated = dossier.rated if isinstance(dossier, PublicDossier) else None
    if rated is None:
        rated = DossierRating.objects.filter(dossier_id=dossier.pk).exists()
    can_rate = dossier.status == Status.RETURNED and not rated
    return {
        "rated": rated,
        "rating_form": (form or BlankRatingForm()) if can_rate else None,
        "not_yet_returned": dossier.status != Status.RETURNED,
    }


@never_cache  # a dossier's page is never kept by a (shared) browser
def lookup_result(request: HttpRequest, code: str, form: RatingForm | None = None) -> HttpResponse:
    found = verified_dossier_events(VerifiedCodes.read(request, LOOKUP), code)
    if found is None:
        return redirect("portal:lookup_code", code=code)
    dossier, events = found
    return render(
        request,
        "portal/lookup_result.html",
        {
            "d": _citizen_view(dossier),
            "steps": dossier_timeline(events, dossier.unit_name, published_at=dossier.published_at),
            **rating_context(dossier, form),
            "section": "lookup",
        },
    )


@never_cache
@require_POST
def rate(request: HttpRequest, code: str) -> HttpResponse:
    dossier = verified_dossier(VerifiedCodes.read(request, LOOKUP), code)
    if dossier is None:
        return redirect("portal:lookup_code", code=code)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            dossier_rating_submit(
                dossier=dossier,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
                channel=RatingChannel.LOOKUP,
            )
        except PortalError as error:
            messages.error(request, error.message)
            return redirect("portal:lookup_result", code=dossier.code)
        messages.success(request, _("Cảm ơn ông/bà đã đánh giá."))
        return redirect("portal:lookup_result", code=dossier.code)
    return lookup_result(request, code, form=form)
