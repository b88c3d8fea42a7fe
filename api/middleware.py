"""Under /api/ every answer is JSON, failures included: a method an operation does not take
(django-ninja's plain 405) answers `{"detail": "<Vietnamese message>"}` like every other
API error (api.errors). Errors Django answers itself (a path no operation has, a host not
allowed) go through the site's handlers, which answer JSON under /api/ (motcua/errors.py)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from common.http import is_api_request, json_detail

METHOD_NOT_ALLOWED = "Thao tác này không nhận phương thức %(method)s (chỉ nhận: %(allowed)s)."


class JsonErrorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or not is_api_request(request):
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response  # an operation's own answer
        allowed = response.get("Allow", "")
        answer = json_detail(
            METHOD_NOT_ALLOWED % {"method": request.method, "allowed": allowed}, 405
        )
        answer["Allow"] = allowed
        return answer
