"""Answers made outside django-ninja (middleware) in the API's own error shape."""

from django.http import JsonResponse


def json_detail(detail: str, status: int) -> JsonResponse:
    """`{"detail": …}` in plain UTF-8, as api.renderers answers every API error."""
    return JsonResponse(
        {"detail": detail},
        status=status,
        json_dumps_params={"ensure_ascii": False},
        content_type="application/json; charset=utf-8",
    )
