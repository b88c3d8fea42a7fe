"""Session lifetime and the two-factor gate, for every page and endpoint."""

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import two_factor
from accounts.models import User
from common.http import is_api_request, json_detail

SIGNED_IN_AT = "signed_in_at"  # session keys: epoch seconds
LAST_SEEN_AT = "last_seen_at"
SEEN_RESOLUTION = 60  # write the session at most once a minute to record activity


def session_stamp(sender: object, request: HttpRequest, user: object, **kwargs: object) -> None:
    """user_logged_in receiver: the absolute lifetime counts from the sign-in."""
    now = int(timezone.now().timestamp())
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN_AT] = now


class SessionTimeoutMiddleware:
    """Sign a user out SESSION_IDLE_MINUTES after their last request and SESSION_MAX_HOURS
    after signing in (ASVS 7.3.1, 7.3.2). The request then goes on as anonymous: pages that
    need a signed-in user send it to the sign-in page, where the reason is shown."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(timezone.now().timestamp())
            session = request.session
            signed_in = session.get(SIGNED_IN_AT)
            seen = session.get(LAST_SEEN_AT)
            if signed_in is None or seen is None:
                session[SIGNED_IN_AT] = signed_in or now
                session[LAST_SEEN_AT] = now
            elif (
                now - seen > settings.SESSION_IDLE_MINUTES * 60
                or now - signed_in > settings.SESSION_MAX_HOURS * 3600
            ):
                logout(request)  # deletes the session on the server
                messages.info(request, _("Phiên làm việc đã hết hạn; vui lòng đăng nhập lại."))
            elif now - seen >= SEEN_RESOLUTION:
                session[LAST_SEEN_AT] = now
        return self.get_response(request)


# Pages an administrator who has given only the password may still open.
OPEN_BEFORE_SECOND_FACTOR = frozenset(
    {
        "accounts:login",  # to sign in as someone else
        "accounts:two_factor_setup",
        "accounts:two_factor_verify",
        "accounts:logout",
        "admin:logout",
        "set_language",
    }
)


class TwoFactorRequiredMiddleware:
    """After the password, a user who must use two-factor sign-in (or chose to) reaches no
    page but the code prompt (or, without a device yet, the enrolment page) until the code is
    verified: 0 routes with the password only (T6)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            isinstance(user, User)
            and not user.is_verified()  # type: ignore[attr-defined]  # django_otp's middleware
            and not self._open(request)
        ):
            has_device, required = two_factor.second_factor_status(user)
            if has_device or required:
                if is_api_request(request):
                    return json_detail(_("Cần xác thực hai bước trước khi dùng API."), 401)
                target = reverse(
                    "accounts:two_factor_verify" if has_device else "accounts:two_factor_setup"
                )
                wanted = request.get_full_path() if request.method == "GET" else ""
                return redirect(f"{target}?{urlencode({'next': wanted})}" if wanted else target)
        return self.get_response(request)

    @staticmethod
    def _open(request: HttpRequest) -> bool:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.view_name in OPEN_BEFORE_SECOND_FACTOR
