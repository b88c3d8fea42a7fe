from django.http import HttpRequest, HttpResponse
from django.urls import path

from api.api import api, schema_json


def openapi_json(request: HttpRequest) -> HttpResponse:
    """The schema, public like the committed api/openapi.json (ahead of ninja's own view,
    which escapes Vietnamese as \\u sequences)."""
    return HttpResponse(schema_json(), content_type="application/json; charset=utf-8")


urlpatterns = [
    path("openapi.json", openapi_json, name="openapi"),
    path("", api.urls),
]
