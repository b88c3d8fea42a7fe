"""Two-factor sign-in pages: enrolment of a TOTP app and the code prompt after the password."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import two_factor
from accounts.http import AuthenticatedRequest


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Mã 6 chữ số trên ứng dụng xác thực"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def _next(request: AuthenticatedRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if wanted and safe else ""


def _wrong_code(request: AuthenticatedRequest, form: CodeForm) -> None:
    wait = two_factor.retry_after_seconds(request.user)
    if wait:
        form.add_error(
            "code",
            _("Mã không đúng, đã dùng rồi hoặc nhập quá nhanh; thử lại sau %(seconds)s giây.")
            % {"seconds": wait},
        )
    else:
        form.add_error("code", _("Mã không đúng hoặc đã được dùng; hãy nhập mã mới trên ứng dụng."))


@login_required
def setup(request: AuthenticatedRequest) -> HttpResponse:
    """Enrol a TOTP app: scan the QR code (or type the key), then confirm with a code. A user
    who already has a device must verify it before anything else (no second device can be
    added with the password alone)."""
    user = request.user
    if hasattr(user, "citizen_profile"):  # citizens sign in with their phone or e-mail
        raise Http404
    device = two_factor.confirmed_device(user)
    if device is not None:
        if not user.is_verified():  # type: ignore[attr-defined]
            return redirect("accounts:two_factor_verify")
        return render(
            request,
            "accounts/two_factor_status.html",
            {"device": device, "required": two_factor.two_factor_required(user)},
        )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.device_confirm(request=request, actor=user, code=form.cleaned_data["code"]):
            messages.success(request, _("Đã bật xác thực hai bước."))
            return redirect(_next(request) or settings.LOGIN_REDIRECT_URL)
        _wrong_code(request, form)
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "enrolment": two_factor.enrolment_for(user),
            "required": two_factor.two_factor_required(user),
            "next": _next(request),
        },
    )


@login_required
def verify(request: AuthenticatedRequest) -> HttpResponse:
    """The code prompt after the password."""
    user = request.user
    if two_factor.confirmed_device(user) is None:
        return redirect("accounts:two_factor_setup")
    if user.is_verified():  # type: ignore[attr-defined]
        return redirect(_next(request) or settings.LOGIN_REDIRECT_URL)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.session_verify(request=request, actor=user, code=form.cleaned_data["code"]):
            return redirect(_next(request) or settings.LOGIN_REDIRECT_URL)
        _wrong_code(request, form)
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _next(request)}
    )


@login_required
def disable(request: AuthenticatedRequest) -> HttpResponse:
    """An officer who is not required to turns two-factor sign-in off (the session is
    verified: the middleware lets no unverified request with a device through)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if two_factor.two_factor_required(request.user):
        messages.error(request, _("Tài khoản quản trị bắt buộc dùng xác thực hai bước."))
    else:
        two_factor.devices_remove(actor=request.user)
        messages.success(request, _("Đã tắt xác thực hai bước."))
    return redirect("accounts:two_factor_setup")
