"""Sign-in lockout (django-axes): the message the sign-in pages show, the forms that show it,
and the hooks axes calls (settings.AXES_LOCKOUT_CALLABLE, AXES_CLIENT_IP_CALLABLE).

django.contrib.auth.authenticate() asks axes first; for a locked-out user name and address
axes refuses before the password is checked, flags the request (`axes_locked_out`) and
user_login_failed still fires (the audit log sees every refused sign-in). The sign-in page
then shows `locked_out_message()` instead of "wrong password", with status 429.
"""

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

LOCKED_OUT_STATUS = 429


def is_locked_out(request: HttpRequest | None) -> bool:
    return bool(getattr(request, "axes_locked_out", False))


def locked_out_message() -> str:
    return _(
        "Đăng nhập sai quá %(limit)s lần nên tài khoản tạm bị khóa trên máy này; vui lòng "
        "thử lại sau %(minutes)s phút hoặc liên hệ quản trị hệ thống."
    ) % {"limit": settings.AXES_FAILURE_LIMIT, "minutes": settings.AXES_COOLOFF_MINUTES}


class LockoutAwareFormMixin:
    """For Django's AuthenticationForm: a locked-out sign-in says so."""

    request: HttpRequest | None

    def get_invalid_login_error(self) -> ValidationError:
        if is_locked_out(self.request):
            return ValidationError(locked_out_message(), code="locked_out")
        return super().get_invalid_login_error()  # type: ignore[misc]


class SignInForm(LockoutAwareFormMixin, AuthenticationForm):
    """The officers' sign-in (accounts:login)."""


class AdminSignInForm(LockoutAwareFormMixin, AdminAuthenticationForm):
    """The admin site's sign-in (/admin/login/)."""


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """The page axes answers a locked-out sign-in with: the sign-in page itself, which
    already shows the message (the forms above, the citizens' sign-in view), as 429."""
    if original_response is not None and original_response.status_code == 200:
        original_response.status_code = LOCKED_OUT_STATUS
        return original_response
    return render(
        request,
        "accounts/locked_out.html",
        {"message": locked_out_message()},
        status=LOCKED_OUT_STATUS,
    )
