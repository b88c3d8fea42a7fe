"""URLs of bench/lookup_baseline.py: the product's, plus the baseline view."""

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.urls import include, path


def one_row(request: HttpRequest, code: str) -> JsonResponse:
    """The floor for any look-up: one row read by its unique key, answered as JSON."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT code, status, due_at FROM dossiers_dossier WHERE code = %s", [code])
        row = cursor.fetchone()
    if row is None:
        return JsonResponse({"detail": "not found"}, status=404)
    return JsonResponse({"code": row[0], "status": row[1], "due_at": str(row[2])})


urlpatterns = [
    path("bench/one-row/<str:code>", one_row),
    path("", include("motcua.urls")),
]
