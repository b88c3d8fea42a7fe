"""Kiosk mode on the desk's touch screen: big buttons, queue tickets, the public display."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.selectors import units_acting
from catalog.selectors import receiving_units
from portal import queue
from portal.forms import TicketForm
from portal.services import queue_ticket_take
from portal.verified import LOOKUP, VerifiedCodes

DISPLAY_POLL_SECONDS = 3
KIOSK_SESSION_KEY = "portal_kiosk"


def kiosk_units(request: HttpRequest) -> HttpResponse:
    """Set-up: pick the unit whose kiosk this screen is (and leave kiosk mode)."""
    request.session.pop(KIOSK_SESSION_KEY, None)
    units = receiving_units(timezone.localdate()).order_by("name")
    # The officer pages (calling numbers, the counter tablet) only of the units one works at:
    # the others would answer 404.
    user = request.user
    staffed = (
        set(units_acting(user=user).values_list("pk", flat=True))
        if user.is_authenticated
        else set()
    )
    context = {"units": units, "staffed": staffed}
    return render(request, "portal/kiosk_units.html", context)


def kiosk_home(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = queue.receiving_unit_get(code=unit_code, on=timezone.localdate())
    # Kiosk mode: public pages show a way back here, and the previous citizen's look-ups
    # are forgotten, so the next one at this shared screen cannot open them.
    request.session[KIOSK_SESSION_KEY] = unit.code
    verified = VerifiedCodes.read(request, LOOKUP)
    verified.clear()
    return verified.write(render(request, "portal/kiosk_home.html", {"unit": unit}))


@require_http_methods(["GET", "POST"])
def ticket_take(request: HttpRequest, unit_code: str) -> HttpResponse:
    today = timezone.localdate()
    unit = queue.receiving_unit_get(code=unit_code, on=today)
    lines = queue.service_lines(unit=unit, on=today)
    if request.method == "POST":
        form = TicketForm(request.POST)
        if not form.is_valid() or form.cleaned_data["line"] not in lines:
            raise Http404(_("Không có quầy hoặc lĩnh vực này."))
        ticket = queue_ticket_take(unit=unit, line=form.cleaned_data["line"])
        return redirect("portal:ticket_print", unit_code=unit.code, ticket_id=ticket.pk)
    waiting = queue.waiting_counts(unit=unit, day=today)
    return render(
        request,
        "portal/ticket_take.html",
        {"unit": unit, "lines": [(line, waiting.get(line, 0)) for line in lines]},
    )


def ticket_print(request: HttpRequest, unit_code: str, ticket_id: int) -> HttpResponse:
    today = timezone.localdate()
    unit = queue.receiving_unit_get(code=unit_code, on=today)
    ticket = queue.ticket_get(unit=unit, ticket_id=ticket_id, day=today)
    return render(
        request,
        "portal/ticket_print.html",
        {"unit": unit, "ticket": ticket, "ahead": queue.waiting_before(ticket)},
    )


def _board(unit_code: str) -> dict:
    today = timezone.localdate()
    unit = queue.receiving_unit_get(code=unit_code, on=today)
    return {
        "unit": unit,
        "called": queue.called_tickets(unit=unit, day=today),
        "waiting": sorted(queue.waiting_counts(unit=unit, day=today).items()),
        "poll": DISPLAY_POLL_SECONDS,
    }


def display(request: HttpRequest, unit_code: str) -> HttpResponse:
    """The public screen of numbers being called; htmx refreshes the board."""
    return render(request, "portal/display.html", _board(unit_code))


def display_board(request: HttpRequest, unit_code: str) -> HttpResponse:
    return render(request, "portal/_display_board.html", _board(unit_code))
