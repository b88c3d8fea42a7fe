"""Under /api/ every answer is JSON, failures included: a path no operation has (Django's
404 page) or a method an operation does not take (django-ninja's plain 405) answers
`{"detail": "<Vietnamese message>"}` like every other API error (api.errors)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from api.errors import NOT_FOUND
from common.http import json_detail

METHOD_NOT_ALLOWED = "Thao tác này không nhận phương thức %(method)s (chỉ nhận: %(allowed)s)."


class JsonErrorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code not in (404, 405) or not request.path_info.startswith("/api/"):
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response  # an operation's own answer
        if response.status_code == 404:
            return json_detail(NOT_FOUND, 404)
        allowed = response.get("Allow", "")
        answer = json_detail(
            METHOD_NOT_ALLOWED % {"method": request.method, "allowed": allowed}, 405
        )
        answer["Allow"] = allowed
        return answer
