from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from catalog.selectors import procedure_versions_in_force, receiving_units
from dossiers.models import Dossier


def home(request: HttpRequest) -> HttpResponse:
    """The start page: what this deployment holds (public figures only)."""
    today = timezone.localdate()
    return render(
        request,
        "home.html",
        {
            "units": receiving_units(today).count(),
            "procedures": procedure_versions_in_force(today).count(),
            "dossiers": Dossier.objects.count(),
        },
    )
