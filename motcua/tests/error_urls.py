"""The site's URLs plus views that fail on purpose, for motcua/tests/test_error_pages.py."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path

from motcua.urls import (  # noqa: F401 - the site's own handlers
    handler400,
    handler403,
    handler404,
    handler500,
    urlpatterns,
)


def refuse(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def fail(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


urlpatterns = [
    path("thu-nghiem/cam/", refuse),
    path("thu-nghiem/loi/", fail),
    path("api/thu-nghiem/loi/", fail),
    path("api/thu-nghiem/cam/", refuse),
    *urlpatterns,
]
