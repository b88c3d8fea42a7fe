"""Answers made outside django-ninja (middleware) in the API's own error shape."""

from django.http import HttpRequest, JsonResponse


def is_api_request(request: HttpRequest) -> bool:
    """Whether the request is for the API (its answers are JSON): by the path within the
    site, so a site served under a sub-path (SCRIPT_NAME) is judged the same."""
    return request.path_info.startswith("/api/")


def json_detail(detail: str, status: int) -> JsonResponse:
    """`{"detail": …}` in plain UTF-8, as api.renderers answers every API error."""
    return JsonResponse(
        {"detail": detail},
        status=status,
        json_dumps_params={"ensure_ascii": False},
        content_type="application/json; charset=utf-8",
    )
