"""Public figures (công khai) of each receiving unit: always current, computed per request."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from catalog.selectors import receiving_units
from portal.figures import unit_public_figures
from portal.indicators import INDICATORS
from portal.queue import receiving_unit_get


def unit_list(request: HttpRequest) -> HttpResponse:
    units = receiving_units(timezone.localdate()).order_by("name")
    return render(request, "portal/figures_units.html", {"units": units, "section": "figures"})


def unit_figures(request: HttpRequest, unit_code: str) -> HttpResponse:
    now = timezone.now()
    unit = receiving_unit_get(code=unit_code, on=timezone.localdate(now))
    figures = unit_public_figures(unit=unit, now=now)
    indicator_rows = [
        (indicator, [dict(f.indicator_scores)[indicator.number] for f in figures])
        for indicator in INDICATORS
    ]
    return render(
        request,
        "portal/figures_unit.html",
        {
            "unit": unit,
            "figures": figures,
            "indicator_rows": indicator_rows,
            "now": now,
            "section": "figures",
        },
    )
