"""Who calls: another system with a bearer token, or an officer's browser session.

Both resolve to a `Principal`: the acting user (whose roles the services check) and, for a
token, the units it is limited to. Every endpoint declares one of `PRIVATE` (token or
session) or no auth at all (the public look-up)."""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from accounts.models import User
from api.models import ApiToken
from api.tokens import api_token_check, api_token_unit_ids
from common.stamps import Stamps, stamps_read


@dataclass(frozen=True)
class Principal:
    user: User
    token: ApiToken | None = None
    # The token's units; None for a session (the user's own roles are the only limit).
    unit_ids: frozenset[int] | None = None
    # The change stamps (common.stamps) read when a token was checked: the request's
    # catalogue and calendar reads use them instead of reading them again.
    stamps: Stamps | None = None

    def current_stamps(self) -> Stamps:
        return stamps_read() if self.stamps is None else self.stamps


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <prefix>.<secret>`. A token that is presented but unknown,
    revoked or of an inactive user is refused outright (401), not tried as a session."""

    def authenticate(self, request: HttpRequest, token: str) -> Principal:
        stamps = stamps_read()
        found = api_token_check(token, stamps)
        if found is None:
            raise AuthenticationError(401, "Khóa API không hợp lệ hoặc đã bị thu hồi.")
        return Principal(
            user=found.user, token=found, unit_ids=api_token_unit_ids(found), stamps=stamps
        )


class SessionAuth(APIKeyCookie):
    """Django's session cookie, as the officer's pages use it. CSRF is checked (header
    X-CSRFToken) whenever a session authenticates an unsafe request."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> Principal | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, "Thiếu hoặc sai mã CSRF (gửi kèm tiêu đề X-CSRFToken).")
        return Principal(user=user)

    def authenticate(self, request: HttpRequest, key: str | None) -> Principal | None:
        return self(request)  # pragma: no cover - __call__ does the work


PRIVATE = [TokenAuth(), SessionAuth()]
