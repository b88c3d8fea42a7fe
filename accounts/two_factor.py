"""Two-factor sign-in with a TOTP app (django-otp's TOTP devices).

Administrators (is_staff, is_superuser, or the unit administrator role anywhere) must use it;
other officers may. Whoever has a confirmed device enters a 6-digit code after the password
(accounts.middleware.TwoFactorRequiredMiddleware): until then no other page answers. A code
is accepted once (a replay of the same code is refused) and wrong codes slow down (django-otp
throttling: 1, 2, 4 … seconds between tries).
"""

import base64
import io
from dataclasses import dataclass

import qrcode
from django.contrib.auth import SESSION_KEY
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Membership, Role, User

DEVICE_NAME = "Ứng dụng xác thực"


def two_factor_required(user: User) -> bool:
    """Administrators must sign in with a second factor."""
    return bool(
        user.is_staff or user.is_superuser or user.memberships.filter(role=Role.UNIT_ADMIN).exists()
    )


def second_factor_status(user: User) -> tuple[bool, bool]:
    """(has a confirmed device, must use two-factor sign-in), in one query: the two-factor
    gate asks on every request of a not yet verified session."""
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            has_device=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            unit_admin=Exists(Membership.objects.filter(user=OuterRef("pk"), role=Role.UNIT_ADMIN)),
        )
        .values_list("has_device", "unit_admin")
        .first()
    )
    has_device, unit_admin = row or (False, False)
    return has_device, bool(user.is_staff or user.is_superuser or unit_admin)


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_device(user: User) -> TOTPDevice:
    """The not yet confirmed device of an enrolment in progress (one per user)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


@dataclass(frozen=True)
class Enrolment:
    device: TOTPDevice
    secret: str  # base32, in groups of four, for typing into the app by hand
    qr_data_uri: str  # the otpauth:// address as a PNG, for scanning


def enrolment_for(user: User) -> Enrolment:
    device = pending_device(user)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    png = io.BytesIO()
    qrcode.make(device.config_url, border=2).save(png)
    encoded = base64.b64encode(png.getvalue()).decode()
    return Enrolment(
        device=device,
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        qr_data_uri=f"data:image/png;base64,{encoded}",
    )


def _clean(code: str) -> str:
    return "".join(code.split())


def device_confirm(*, request: HttpRequest, actor: User, code: str) -> bool:
    """Finish an enrolment: the first right code confirms the device and verifies the
    session. Returns False for a wrong code."""
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=actor, confirmed=False)
            .order_by("pk")
            .first()
        )
        if device is None or not device.verify_token(_clean(code)):
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=actor).exclude(pk=device.pk).delete()
    _verified(request, device)
    return True


def session_verify(*, request: HttpRequest, actor: User, code: str) -> bool:
    """Check the code of the signed-in user's confirmed device. Returns False for a wrong,
    reused or throttled code."""
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=actor, confirmed=True)
            .order_by("pk")
            .first()
        )
        if device is None or not device.verify_token(_clean(code)):
            return False
    _verified(request, device)
    return True


def retry_after_seconds(user: User) -> int:
    """Seconds until the next code may be tried (after wrong ones), 0 if now."""
    device = confirmed_device(user) or TOTPDevice.objects.filter(user=user).first()
    if device is None:
        return 0
    allowed, data = device.verify_is_allowed()
    if allowed or not data or "locked_until" not in data:
        return 0
    from django.utils import timezone

    return max(1, int((data["locked_until"] - timezone.now()).total_seconds()) + 1)


def devices_remove(*, actor: User) -> None:
    """An officer who is not required to turns two-factor sign-in off."""
    TOTPDevice.objects.filter(user=actor).delete()


def _verified(request: HttpRequest, device: TOTPDevice) -> None:
    # A new session id for the now fully signed-in session, as at the password step.
    user_id = request.session.get(SESSION_KEY)
    request.session.cycle_key()
    assert request.session.get(SESSION_KEY) == user_id  # noqa: S101 - cycle_key keeps data
    otp_login(request, device)
