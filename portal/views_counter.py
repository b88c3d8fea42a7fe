"""Pages for the desk's officers: call the next number, and the counter tablet on which the
citizen rates a returned dossier. An officer of another unit gets 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.http import AuthenticatedRequest
from dossiers.privacy import mask_name
from portal import queue
from portal.errors import PortalError
from portal.forms import CallNextForm, LookupForm, RatingForm
from portal.lookup import dossier_lookup, verified_dossier
from portal.models import RatingChannel
from portal.ratelimit import attempt_allowed, seconds_to_next_window
from portal.services import dossier_rating_submit, queue_ticket_call_next
from portal.verified import TABLET, VerifiedCodes
from portal.views_lookup import not_found_message, rating_context, too_many_message

COUNTER_LABEL_KEY = "portal_counter_label"


@login_required
@require_http_methods(["GET", "POST"])
def call_next(request: AuthenticatedRequest, unit_code: str) -> HttpResponse:
    today = timezone.localdate()
    unit = queue.unit_for_officer(user=request.user, code=unit_code, on=today)
    lines = queue.service_lines(unit=unit, on=today)
    initial = {"counter_label": request.session.get(COUNTER_LABEL_KEY, "")}
    form = CallNextForm(request.POST or None, lines=lines, initial=initial)
    if request.method == "POST" and form.is_valid():
        label = form.cleaned_data["counter_label"]
        request.session[COUNTER_LABEL_KEY] = label
        try:
            ticket = queue_ticket_call_next(
                actor=request.user, unit=unit, line=form.cleaned_data["line"], counter_label=label
            )
        except PortalError as error:
            messages.error(request, error.message)
        else:
            if ticket is None:
                messages.info(request, _("Không còn ai chờ ở quầy, lĩnh vực này."))
            else:
                messages.success(
                    request,
                    _("Mời số %(number)s (%(line)s) đến %(counter)s.")
                    % {"number": f"{ticket.number:03d}", "line": ticket.line, "counter": label},
                )
        return redirect("portal:call_next", unit_code=unit.code)
    return render(
        request,
        "portal/call_next.html",
        {
            "unit": unit,
            "form": form,
            "called": queue.called_tickets(unit=unit, day=today),
            "waiting": queue.waiting_counts(unit=unit, day=today),
            "lines": lines,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def tablet(request: AuthenticatedRequest, unit_code: str) -> HttpResponse:
    """The citizen types the code and the 4 digits on the counter tablet. The form is for
    the next citizen: the previous one's look-up is forgotten (the Back button does not
    reopen their rating)."""
    unit = queue.unit_for_officer(user=request.user, code=unit_code, on=timezone.localdate())
    verified = _tablet_codes(request)
    verified.clear()
    form = LookupForm(request.POST or None)
    error, status = "", 200
    if request.method == "POST":
        if not attempt_allowed(request, scope="tablet"):
            error, status = too_many_message(), 429
        elif form.is_valid():
            dossier = dossier_lookup(
                code=form.cleaned_data["code"], digits=form.cleaned_data["digits"], unit=unit
            )
            if dossier is not None:
                verified.remember(dossier.code)
                rate = redirect("portal:tablet_rate", unit_code=unit.code, code=dossier.code)
                return verified.write(rate)
            form = LookupForm()
            error, status = not_found_message(), 404
    response = render(
        request, "portal/tablet.html", {"unit": unit, "form": form, "error": error}, status=status
    )
    if status == 429:
        response["Retry-After"] = str(seconds_to_next_window())
    return verified.write(response)


def _tablet_codes(request: AuthenticatedRequest) -> VerifiedCodes:
    """The tablet's look-up, good only for the officer signed in on it."""
    return VerifiedCodes.read(request, TABLET, owner=str(request.user.pk))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def tablet_rate(request: AuthenticatedRequest, unit_code: str, code: str) -> HttpResponse:
    unit = queue.unit_for_officer(user=request.user, code=unit_code, on=timezone.localdate())
    verified = _tablet_codes(request)
    dossier = verified_dossier(verified, code, unit=unit)
    if dossier is None:
        return redirect("portal:tablet", unit_code=unit.code)
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dossier_rating_submit(
                dossier=dossier,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
                channel=RatingChannel.TABLET,
            )
        except PortalError as error:
            messages.error(request, error.message)
        else:
            verified.forget(dossier.code)
            return verified.write(render(request, "portal/tablet_thanks.html", {"unit": unit}))
    return render(
        request,
        "portal/tablet_rate.html",
        {
            "unit": unit,
            "code": dossier.code,
            "masked_name": mask_name(dossier.applicant_name),
            "procedure": dossier.procedure_name,
            **rating_context(dossier, form if request.method == "POST" else None),
        },
    )
