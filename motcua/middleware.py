"""Request hygiene shared by every page and endpoint."""

import contextlib
import io
import ipaddress
import json
import unicodedata
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import translation
from django.utils.translation import gettext as _

from common.http import is_api_request, json_detail
from common.text import nfc, nfc_deep

NUL_MARKERS = (b"\x00", b"\\u0000")


class RejectNulMiddleware:
    """Refuse input carrying NUL characters before it reaches a form, the API or the
    database: PostgreSQL cannot store them (a query with one fails with a server error) and no
    Vietnamese text needs them. Django's form fields already refuse them; query strings and
    JSON bodies (the API) did not."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._carries_nul(request):
            message = _("Dữ liệu gửi lên chứa ký tự không hợp lệ (NUL).")
            if is_api_request(request):
                return json_detail(message, 400)
            return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _carries_nul(request: HttpRequest) -> bool:
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()
        ):
            return True
        content_type = request.META.get("CONTENT_TYPE", "")
        if content_type.startswith("application/json"):
            body = request.body
            return any(marker in body for marker in NUL_MARKERS)
        return False


class NormalizeUnicodeMiddleware:
    """Every text that comes in over HTTP reaches forms, the API and the database in Unicode
    NFC: query strings, form fields (urlencoded and multipart) and JSON bodies. A name typed
    decomposed (NFD, as macOS and some input methods send it) is then stored like the same
    name typed composed, and found by the same searches. This is the one normalisation point
    for HTTP input; importers normalise their cells themselves (common.text.nfc)."""

    FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.GET = _nfc_querydict(request.GET)  # type: ignore[assignment]  # immutable too
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            content_type = request.content_type or ""
            if content_type in self.FORM_TYPES:
                request.POST = _nfc_querydict(request.POST)  # type: ignore[assignment]
            elif content_type == "application/json" or content_type.endswith("+json"):
                _nfc_json_body(request)
        return self.get_response(request)


def _nfc_querydict(query: QueryDict) -> QueryDict:
    if all(
        unicodedata.is_normalized("NFC", key)
        and all(unicodedata.is_normalized("NFC", value) for value in values)
        for key, values in query.lists()
    ):
        return query
    normalized = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        normalized.setlist(nfc(key), [nfc(value) for value in values])
    normalized._mutable = False
    return normalized


def _nfc_json_body(request: HttpRequest) -> None:
    """Rewrite the cached body of a JSON request (django-ninja reads request.body) with every
    string in NFC. A body that is not JSON is left for the API to refuse."""
    body = request.body
    if body.isascii() and b"\\u" not in body:
        return  # no character outside ASCII: nothing to compose
    try:
        data = json.loads(body)
        normalized = nfc_deep(data)
        if normalized == data:
            return
        new_body = json.dumps(normalized, ensure_ascii=False).encode()
    except (ValueError, RecursionError):  # not JSON, too deep, or a lone surrogate
        return
    request._body = new_body  # type: ignore[attr-defined]
    request._stream = io.BytesIO(new_body)  # type: ignore[attr-defined]
    request.META["CONTENT_LENGTH"] = str(len(new_body))


class VietnameseFirstLocaleMiddleware:
    """The UI is Vietnamese unless the user chose English with the language switch (the
    language cookie). Unlike Django's LocaleMiddleware it ignores the browser's
    Accept-Language: a commune PC with an English browser still shows Vietnamese."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


def client_address(request: HttpRequest) -> str:
    """The client's address, "" when there is none usable. The one rule for the look-up rate
    limits, the sign-in lockout and the audit log: REMOTE_ADDR, which TrustedProxyMiddleware
    has set from the proxy's header when the request came through deploy/nginx."""
    with contextlib.suppress(ValueError):
        return str(ipaddress.ip_address(request.META.get("REMOTE_ADDR", "").strip()))
    return ""


class TrustedProxyMiddleware:
    """Behind the reverse proxy (deploy/nginx) every request comes from the proxy's address;
    the client's own is in the X-Real-IP header the proxy sets, overwriting whatever the
    client sent. Only requests from TRUSTED_PROXIES are believed, so REMOTE_ADDR (used by the
    look-up rate limits) is the client's, and a client cannot choose its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.proxies = frozenset(settings.TRUSTED_PROXIES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.proxies and request.META.get("REMOTE_ADDR") in self.proxies:
            request.via_trusted_proxy = True  # type: ignore[attr-defined]
            forwarded = request.META.get("HTTP_X_REAL_IP", "").strip()
            with contextlib.suppress(ValueError):  # no usable header: the proxy's address stays
                request.META["REMOTE_ADDR"] = str(ipaddress.ip_address(forwarded))
        return self.get_response(request)
