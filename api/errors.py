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

# The field errors' messages in Vietnamese, by pydantic's error type (its `ctx` fills the
# blanks); a type not listed keeps pydantic's own English message.
FIELD_MESSAGES = {
    "missing": "Thiếu trường bắt buộc.",
    "extra_forbidden": "Trường này không được chấp nhận.",
    "string_type": "Phải là chuỗi ký tự.",
    "string_unicode": "Chuỗi ký tự không hợp lệ (không phải Unicode).",
    "string_too_short": "Cần ít nhất {min_length} ký tự.",
    "string_too_long": "Tối đa {max_length} ký tự.",
    "string_pattern_mismatch": "Không đúng định dạng.",
    "int_type": "Phải là số nguyên.",
    "int_parsing": "Phải là số nguyên.",
    "int_from_float": "Phải là số nguyên.",
    "float_type": "Phải là số.",
    "float_parsing": "Phải là số.",
    "bool_type": "Phải là true hoặc false.",
    "bool_parsing": "Phải là true hoặc false.",
    "greater_than": "Phải lớn hơn {gt}.",
    "greater_than_equal": "Phải lớn hơn hoặc bằng {ge}.",
    "less_than": "Phải nhỏ hơn {lt}.",
    "less_than_equal": "Phải nhỏ hơn hoặc bằng {le}.",
    "date_type": "Ngày không hợp lệ (dạng YYYY-MM-DD).",
    "date_parsing": "Ngày không hợp lệ (dạng YYYY-MM-DD).",
    "date_from_datetime_parsing": "Ngày không hợp lệ (dạng YYYY-MM-DD).",
    "date_from_datetime_inexact": "Cần một ngày, không kèm giờ.",
    "datetime_type": "Thời điểm không hợp lệ (dạng ISO 8601, có múi giờ).",
    "datetime_parsing": "Thời điểm không hợp lệ (dạng ISO 8601, có múi giờ).",
    "datetime_from_date_parsing": "Thời điểm không hợp lệ (dạng ISO 8601, có múi giờ).",
    "uuid_type": "Mã UUID không hợp lệ.",
    "uuid_parsing": "Mã UUID không hợp lệ.",
    "enum": "Giá trị không thuộc danh sách cho phép: {expected}.",
    "literal_error": "Giá trị không thuộc danh sách cho phép: {expected}.",
    "list_type": "Phải là một danh sách.",
    "too_short": "Cần ít nhất {min_length} phần tử.",
    "too_long": "Tối đa {max_length} phần tử.",
    "dict_type": "Phải là một đối tượng JSON.",
    "model_type": "Phải là một đối tượng JSON.",
    "model_attributes_type": "Phải là một đối tượng JSON.",
    "json_invalid": "JSON không hợp lệ.",
}


def field_message(error: dict[str, Any]) -> str:
    """One field error's message: Vietnamese for the known types; a validator's own
    message (ValueError) without pydantic's "Value error, " prefix."""
    kind, msg = error.get("type"), str(error.get("msg", ""))
    if kind == "value_error":
        return msg.removeprefix("Value error, ")
    template = FIELD_MESSAGES.get(str(kind))
    if template is None:
        return msg
    ctx = dict(error.get("ctx", {}))
    if "expected" in ctx:  # pydantic lists the choices as "'a', 'b' or 'c'"
        ctx["expected"] = str(ctx["expected"]).replace(" or ", " hoặc ")
    try:
        return template.format(**ctx)
    except KeyError:  # pydantic gave no value for a blank: its own message
        return msg


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
            {"loc": list(e.get("loc", ())), "msg": field_message(e), "type": e.get("type")}
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
