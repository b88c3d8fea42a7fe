"""How failures answer: always JSON `{"detail": "<Vietnamese message>"}`, with the status
the kind of failure calls for. The services' own messages are passed through."""

from typing import TYPE_CHECKING, Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from dossiers.errors import ActionNotAllowed, DossierError, InvalidDossierInput

if TYPE_CHECKING:
    from ninja import NinjaAPI


class ApiError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class ErrorOut(Schema):
    detail: str
    errors: list[dict[str, Any]] | None = None


UNAUTHENTICATED = (
    "Cần xác thực: gửi khóa API (Authorization: Bearer …) hoặc đăng nhập bằng phiên trình duyệt."
)
NOT_FOUND = "Không tìm thấy."
INVALID_INPUT = "Dữ liệu gửi lên không hợp lệ."
UNREADABLE = "Không đọc được nội dung yêu cầu (JSON hoặc dữ liệu biểu mẫu không hợp lệ)."

# Responses every private operation may give besides its own.
COMMON = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def dossier_error_status(error: DossierError) -> int:
    if isinstance(error, InvalidDossierInput):
        return 422
    return 409  # ActionNotAllowed and other refusals (e.g. the day's codes are used up)


def install(api: "NinjaAPI") -> None:
    def answer(request: HttpRequest, status: int, detail: str, **extra: Any) -> HttpResponse:
        return api.create_response(request, {"detail": detail, **extra}, status=status)

    @api.exception_handler(ApiError)
    def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return answer(request, exc.status, exc.message)

    @api.exception_handler(DossierError)
    def on_dossier_error(request: HttpRequest, exc: DossierError) -> HttpResponse:
        return answer(request, dossier_error_status(exc), exc.message)

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return answer(request, 404, str(exc) or NOT_FOUND)

    @api.exception_handler(ValidationError)
    def on_invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [
            {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": e.get("type")}
            for e in exc.errors
        ]
        return answer(request, 422, INVALID_INPUT, errors=errors)

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        message = exc.message if exc.message != "Unauthorized" else UNAUTHENTICATED
        response = answer(request, 401, message)
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        message = UNREADABLE if exc.status_code == 400 else exc.message
        return answer(request, exc.status_code, message)


__all__ = ["COMMON", "ActionNotAllowed", "ApiError", "ErrorOut", "install"]
