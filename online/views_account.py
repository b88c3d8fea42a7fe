"""Citizen accounts: register (details → one-time code → password), sign in by phone or
e-mail, sign out, and the profile the forms are filled from."""

from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from accounts.http import AuthenticatedRequest
from accounts.lockout import is_locked_out, locked_out_message
from audit.receivers import login_failed_record
from online import citizens
from online.errors import OnlineError
from online.forms import CodeForm, PasswordForm, ProfileForm, RegisterForm, SignInForm
from online.http import citizen_required, no_store
from online.models import OneTimeCode
from online.personal_data import citizen_data_json
from online.selectors import citizen_profile_of

REGISTRATION = "online_registration_code"  # session: the pending registration's code id
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def landing(request: HttpRequest) -> HttpResponse:
    profile = citizen_profile_of(request.user)  # type: ignore[arg-type]
    return render(request, "online/landing.html", {"profile": profile})


def register(request: HttpRequest) -> HttpResponse:
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            row = citizens.registration_start(
                registration=citizens.Registration(
                    full_name=data["full_name"],
                    id_number=data["id_number"],
                    address=data["address"],
                    contact=data["contact"],
                )
            )
        except OnlineError as error:
            form.add_error(None, error.message)
        else:
            request.session[REGISTRATION] = row.pk
            return redirect("online:confirm")
    return no_store(render(request, "online/register.html", {"form": form}))


def _pending(request: HttpRequest) -> OneTimeCode | None:
    code_id = request.session.get(REGISTRATION)
    return OneTimeCode.objects.filter(pk=code_id).first() if code_id else None


def confirm(request: HttpRequest) -> HttpResponse:
    row = _pending(request)
    if row is None:
        return redirect("online:register")
    if row.verified_at is not None:
        return redirect("online:password")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            citizens.otp_verify(code_id=row.pk, code=form.cleaned_data["code"])
        except OnlineError as error:
            form.add_error("code", error.message)
        else:
            return redirect("online:password")
    return no_store(
        render(request, "online/confirm.html", {"form": form, "row": row, "masked": _mask(row)})
    )


def resend(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    row = _pending(request)
    if row is None:
        return redirect("online:register")
    try:
        new = citizens.otp_resend(code_id=row.pk)
    except OnlineError as error:
        messages.error(request, error.message)
    else:
        request.session[REGISTRATION] = new.pk
        messages.success(request, _("Đã gửi mã xác nhận mới."))
    return redirect("online:confirm")


@sensitive_post_parameters("password1", "password2")
def password(request: HttpRequest) -> HttpResponse:
    row = _pending(request)
    if row is None or row.verified_at is None:
        return redirect("online:register")
    form = PasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = citizens.citizen_register(
                code_id=row.pk, password=form.cleaned_data["password1"]
            )
        except OnlineError as error:
            form.add_error("password1", error.message)
        else:
            login(request, user, backend=MODEL_BACKEND)  # a new session: the key rotates
            messages.success(request, _("Đã tạo tài khoản. Chào mừng bạn!"))
            return redirect("online:mine")
    return no_store(render(request, "online/password.html", {"form": form}))


@sensitive_post_parameters("password")
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None)
    wanted = request.POST.get("next") or request.GET.get("next", "")
    if request.method == "POST" and form.is_valid():
        identifier = form.cleaned_data["identifier"]
        if citizens.sign_in_blocked(identifier):
            login_failed_record(username="", request=request, reason="blocked")
            form.add_error(None, _("Đăng nhập sai quá nhiều lần; vui lòng thử lại sau 15 phút."))
        else:
            # An identifier of no account still gets a user name of its own ("?" is in no
            # real one): django-axes counts failures per user name, and a shared "" would
            # lock unknown identifiers out first, telling them from registered ones.
            username = citizens.username_for(identifier) or f"?{identifier.strip().lower()}"
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
            if is_locked_out(request):  # django-axes: too many failures from this address
                form.add_error(None, locked_out_message())
            elif user is None or citizen_profile_of(user) is None:
                if user is not None:  # a wrong password is already logged by its signal
                    login_failed_record(
                        username=user.get_username(), request=request, reason="not_a_citizen"
                    )
                citizens.sign_in_failed(identifier)
                form.add_error(None, _("Số điện thoại, thư điện tử hoặc mật khẩu không đúng."))
            else:
                citizens.sign_in_succeeded(identifier)
                login(request, user)
                safe = url_has_allowed_host_and_scheme(
                    wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
                )
                return redirect(wanted if wanted and safe else "online:mine")
    return no_store(render(request, "online/sign_in.html", {"form": form, "next": wanted}))


@citizen_required
def profile(request: AuthenticatedRequest) -> HttpResponse:
    current = citizen_profile_of(request.user)
    assert current is not None  # noqa: S101 - citizen_required
    form = ProfileForm(
        request.POST or None,
        initial={
            "full_name": current.full_name,
            "id_number": current.id_number,
            "address": current.address,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            citizens.citizen_profile_update(actor=request.user, **form.cleaned_data)
        except OnlineError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã lưu thông tin cá nhân."))
            return redirect("online:profile")
    return no_store(render(request, "online/profile.html", {"form": form, "profile": current}))


def _mask(row: OneTimeCode) -> str:
    """Where the code went, partly hidden: 091****678, ng***@example.com."""
    if "@" in row.address:
        name, _at, domain = row.address.partition("@")
        return f"{name[:2]}***@{domain}"
    return f"{row.address[:3]}****{row.address[-3:]}"


@citizen_required
def my_data(request: AuthenticatedRequest) -> HttpResponse:
    """ "Tải dữ liệu cá nhân của tôi": the account's own data as one JSON file."""
    response = HttpResponse(
        citizen_data_json(user=request.user), content_type="application/json; charset=utf-8"
    )
    day = timezone.localdate()
    response["Content-Disposition"] = f'attachment; filename="du-lieu-ca-nhan-{day:%Y%m%d}.json"'
    return no_store(response)
