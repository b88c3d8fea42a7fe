"""The replies due soon or overdue, and the registers as books to download."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.http import AuthenticatedRequest
from accounts.selectors import units_visible_to
from audit.services import audit_export
from registry.books import BOOKS, Period, book_pdf, book_xlsx
from registry.errors import RegistryError
from registry.forms import BookForm
from registry.selectors import replies_due, reply_flag, soon_limit, units_keeping

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def due(request: AuthenticatedRequest) -> HttpResponse:
    now = timezone.now()
    limit = soon_limit(now)
    letters = replies_due(user=request.user, now=now)
    return render(
        request,
        "registry/due.html",
        {"tab": "due", "rows": [(letter, reply_flag(letter, now, limit)) for letter in letters]},
    )


@login_required
def book(request: AuthenticatedRequest) -> HttpResponse:
    """A register of a unit the user may read, for a period, as PDF or Excel."""
    today = timezone.localdate()
    units = units_visible_to(user=request.user)
    form = BookForm(
        request.GET or None,
        initial={
            "register": "den",
            "unit": units_keeping(user=request.user).first() or units.first(),
            "date_from": date(today.year, 1, 1),
            "date_to": today,
            "format": "pdf",
        },
    )
    form.fields["unit"].queryset = units  # type: ignore[attr-defined]
    if form.is_valid():
        data = form.cleaned_data
        chosen = BOOKS[data["register"]]
        period = Period(data["unit"], data["date_from"], data["date_to"])
        span = f"{period.date_from:%Y%m%d}-{period.date_to:%Y%m%d}"
        name = f"so-van-ban-{chosen.slug}-{period.unit.code}-{span}"
        try:
            if data["format"] == "xlsx":
                response = HttpResponse(book_xlsx(chosen, period), content_type=XLSX)
                name += ".xlsx"
            else:
                response = HttpResponse(book_pdf(chosen, period), content_type="application/pdf")
                name += ".pdf"
        except RegistryError as error:
            form.add_error(None, error.message)
        else:
            audit_export(
                what=f"register-{chosen.slug}",
                fmt=data["format"],
                actor=request.user,
                unit=period.unit.code,
                date_from=period.date_from,
                date_to=period.date_to,
            )
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
    return render(request, "registry/book.html", {"tab": "book", "form": form})
