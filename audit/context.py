"""Who is asking, from where: the request's context for audit entries written by services
that never see the request (a contextvar, set by AuditContextMiddleware)."""

import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse

from motcua.middleware import client_address

REQUEST_ID_HEADER = "X-Request-ID"
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


@dataclass(frozen=True)
class AuditContext:
    client_ip: str = ""
    request_id: str = ""
    request: HttpRequest | None = None

    def user(self) -> Any:
        """The signed-in user of the request, or None (anonymous, or no request)."""
        user = getattr(self.request, "user", None)
        return user if user is not None and user.is_authenticated else None


NO_REQUEST = AuditContext()  # commands, tasks, tests without a request
_current: ContextVar[AuditContext | None] = ContextVar("audit_context", default=None)


def current() -> AuditContext:
    return _current.get() or NO_REQUEST


def request_id(request: HttpRequest) -> str:
    """The proxy's X-Request-ID (to join its logs) when the request came through a trusted
    proxy, else a fresh one."""
    offered = request.headers.get(REQUEST_ID_HEADER, "")
    via_proxy = bool(getattr(request, "via_trusted_proxy", False))
    if via_proxy and _REQUEST_ID.match(offered):
        return offered
    return uuid.uuid4().hex


class AuditContextMiddleware:
    """Puts the client address and a request id where audit_record finds them, and answers
    with the request id (X-Request-ID) so a user's report can be matched to the log."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        context = AuditContext(client_address(request), request_id(request), request)
        token = _current.set(context)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response.headers.setdefault(REQUEST_ID_HEADER, context.request_id)
        return response
