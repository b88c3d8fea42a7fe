"""Citizen accounts: registration confirmed by a one-time code sent through the
notifications app, sign-in by phone or e-mail, and the profile the forms are filled from.

One-time codes: 6 digits from `secrets`, stored as a keyed hash, valid 10 minutes, at most
5 wrong tries, one open code per address (a new one closes the old), at most 5 codes per
address and hour, a new code at most once a minute.
"""

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from accounts.models import User
from dossiers.validation import (
    clean_line,
    id_number_error,
    invisible_characters_error,
    normalize_phone,
)
from online.errors import InvalidInput, NotAllowed
from online.models import CitizenProfile, CodeChannel, OneTimeCode, SignInFailure
from online.notify import code_send

CODE_LIFETIME = timedelta(minutes=10)
CODE_MAX_TRIES = 5
CODES_PER_HOUR = 5
CODE_RESEND_AFTER = timedelta(seconds=60)
# After confirming the code, the citizen chooses a password within this time.
PASSWORD_WINDOW = timedelta(minutes=30)
SIGN_IN_WINDOW = timedelta(minutes=15)
SIGN_IN_MAX_FAILURES = 10

MOBILE_RE = re.compile(r"^0[35789]\d{8}$")  # Vietnamese mobile numbers (SMS)
CODE_RE = re.compile(r"^\d{6}$")


@dataclass(frozen=True)
class Contact:
    channel: str  # CodeChannel
    address: str  # normalised: 0xxxxxxxxx or lower-case e-mail


def contact_parse(raw: str) -> Contact:
    """A phone number (SMS) or an e-mail address, normalised."""
    value = raw.strip()
    if "@" in value:
        email = value.lower()
        try:
            validate_email(email)
        except ValidationError:
            raise InvalidInput(
                _("Địa chỉ thư điện tử «%(email)s» không hợp lệ.") % {"email": value}
            ) from None
        return Contact(CodeChannel.EMAIL, email)
    phone = normalize_phone(value)
    if not MOBILE_RE.match(phone):
        raise InvalidInput(
            _(
                "«%(value)s» không phải số điện thoại di động (10 chữ số, bắt đầu bằng 03, 05, "
                "07, 08 hoặc 09) hay địa chỉ thư điện tử."
            )
            % {"value": value}
        )
    return Contact(CodeChannel.SMS, phone)


def profile_for_contact(contact: Contact) -> CitizenProfile | None:
    lookup = {"phone" if contact.channel == CodeChannel.SMS else "email": contact.address}
    return CitizenProfile.objects.select_related("user").filter(**lookup).first()


# ---------------------------------------------------------------- one-time codes


def _code_hash(row: OneTimeCode, code: str) -> str:
    message = f"{row.purpose}:{row.address}:{code}"
    return salted_hmac("online.one-time-code", message, algorithm="sha256").hexdigest()


def otp_issue(*, purpose: str, contact: Contact, data: dict) -> OneTimeCode:
    """Create a code for `contact`, close any open one, and send it (notifications app)."""
    now = timezone.now()
    with transaction.atomic():
        recent = OneTimeCode.objects.filter(
            address=contact.address, created_at__gte=now - timedelta(hours=1)
        ).order_by("-created_at")
        if recent.count() >= CODES_PER_HOUR:
            raise InvalidInput(
                _("Đã gửi quá nhiều mã tới địa chỉ này; vui lòng thử lại sau một giờ.")
            )
        last = recent.first()
        if last is not None and now - last.created_at < CODE_RESEND_AFTER:
            wait = int((CODE_RESEND_AFTER - (now - last.created_at)).total_seconds()) + 1
            raise InvalidInput(
                _("Vui lòng chờ %(seconds)s giây rồi xin mã mới.") % {"seconds": wait}
            )
        OneTimeCode.objects.filter(
            purpose=purpose, address=contact.address, closed_at__isnull=True
        ).update(closed_at=now, closed_reason=OneTimeCode.Closed.REPLACED)
        code = f"{secrets.randbelow(10**6):06d}"
        row = OneTimeCode(
            purpose=purpose,
            channel=contact.channel,
            address=contact.address,
            data=data,
            created_at=now,
            expires_at=now + CODE_LIFETIME,
        )
        row.code_hash = _code_hash(row, code)
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:  # another request opened a code for this address just now
            raise InvalidInput(_("Vui lòng thử lại sau ít phút.")) from None
        code_send(channel=contact.channel, address=contact.address, code=code)
    return row


def otp_resend(*, code_id: int) -> OneTimeCode:
    """A new code for the same registration (the previous one is closed)."""
    previous = _code_or_error(code_id)
    if previous.verified_at is not None:
        raise NotAllowed(_("Địa chỉ này đã được xác nhận."))
    contact = Contact(previous.channel, previous.address)
    return otp_issue(purpose=previous.purpose, contact=contact, data=previous.data)


def otp_verify(*, code_id: int, code: str) -> OneTimeCode:
    """Check the code the citizen typed. Wrong codes count; the 5th closes the code."""
    code = re.sub(r"\s", "", code)
    if not CODE_RE.match(code):
        raise InvalidInput(_("Mã xác nhận gồm 6 chữ số."))
    error = None
    with transaction.atomic():
        row = _code_or_error(code_id, lock=True)
        now = timezone.now()
        if row.closed_reason == OneTimeCode.Closed.USED:
            error = _("Mã này đã được dùng; mỗi mã chỉ dùng một lần.")
        elif row.closed_reason == OneTimeCode.Closed.REPLACED:
            error = _("Mã này đã được thay bằng mã mới; hãy nhập mã gửi sau cùng.")
        elif row.closed_reason == OneTimeCode.Closed.TOO_MANY_TRIES:
            error = _("Bạn đã nhập sai quá %(max)s lần; hãy xin mã mới.") % {"max": CODE_MAX_TRIES}
        elif now >= row.expires_at:
            error = _("Mã đã hết hạn (mã có hiệu lực 10 phút); hãy xin mã mới.")
        elif not constant_time_compare(row.code_hash, _code_hash(row, code)):
            row.attempts += 1
            left = CODE_MAX_TRIES - row.attempts
            if left <= 0:
                row.closed_at, row.closed_reason = now, OneTimeCode.Closed.TOO_MANY_TRIES
                error = _("Mã không đúng. Bạn đã nhập sai %(max)s lần; hãy xin mã mới.") % {
                    "max": CODE_MAX_TRIES
                }
            else:
                error = _("Mã không đúng; bạn còn %(left)s lần thử.") % {"left": left}
            row.save(update_fields=["attempts", "closed_at", "closed_reason"])
        else:
            row.verified_at = row.closed_at = now
            row.closed_reason = OneTimeCode.Closed.USED
            row.save(update_fields=["verified_at", "closed_at", "closed_reason"])
    if error:  # raised after the commit, so the count of wrong tries is kept
        raise InvalidInput(error)
    return row


def _code_or_error(code_id: int, *, lock: bool = False) -> OneTimeCode:
    rows = OneTimeCode.objects.select_for_update() if lock else OneTimeCode.objects.all()
    try:
        return rows.get(pk=code_id)
    except OneTimeCode.DoesNotExist:
        raise NotAllowed(_("Phiên đăng ký không còn hiệu lực; vui lòng đăng ký lại.")) from None


def codes_purge(*, older_than: timedelta = timedelta(days=1)) -> int:
    """Delete one-time codes (with the registration details of abandoned registrations)
    and failed sign-in records older than `older_than`. Returns the codes deleted."""
    limit = timezone.now() - older_than
    SignInFailure.objects.filter(at__lt=limit).delete()
    deleted, _by_model = OneTimeCode.objects.filter(created_at__lt=limit).delete()
    return deleted


# ---------------------------------------------------------------- registration


@dataclass(frozen=True)
class Registration:
    full_name: str
    id_number: str
    address: str
    contact: str  # phone or e-mail, as typed


def registration_start(*, registration: Registration) -> OneTimeCode:
    """Check the details and send a code to the phone or e-mail address."""
    details = _clean_details(registration.full_name, registration.id_number, registration.address)
    contact = contact_parse(registration.contact)
    if profile_for_contact(contact) is not None:
        raise InvalidInput(
            _("%(address)s đã có tài khoản; vui lòng đăng nhập.") % {"address": contact.address}
        )
    return otp_issue(purpose=OneTimeCode.Purpose.REGISTER, contact=contact, data=details)


def citizen_register(*, code_id: int, password: str) -> User:
    """Create the account of a confirmed registration, with the chosen password."""
    now = timezone.now()
    with transaction.atomic():
        row = _code_or_error(code_id, lock=True)
        if (
            row.purpose != OneTimeCode.Purpose.REGISTER
            or row.verified_at is None
            or row.consumed_at is not None
            or now - row.verified_at > PASSWORD_WINDOW
        ):
            raise NotAllowed(_("Phiên đăng ký không còn hiệu lực; vui lòng đăng ký lại."))
        contact = Contact(row.channel, row.address)
        if profile_for_contact(contact) is not None:
            raise InvalidInput(
                _("%(address)s đã có tài khoản; vui lòng đăng nhập.") % {"address": row.address}
            )
        user = _new_user(row)
        profile = CitizenProfile(
            full_name=row.data["full_name"],
            id_number=row.data["id_number"],
            address=row.data["address"],
            phone=row.address if row.channel == CodeChannel.SMS else "",
            email=row.address if row.channel == CodeChannel.EMAIL else "",
            verified_at=row.verified_at,
            created_at=now,
        )
        # Set before the check: the password may not resemble the phone or the ID number
        # (accounts.passwords reads the profile), nor the name.
        user.citizen_profile = profile  # type: ignore[attr-defined]
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise InvalidInput(" ".join(error.messages)) from None
        user.set_password(password)
        user.save()
        profile.save()
        row.consumed_at, row.data = now, {}
        row.save(update_fields=["consumed_at", "data"])
    return user


def _new_user(row: OneTimeCode) -> User:
    family, _space, given = row.data.get("full_name", "").partition(" ")
    return User(
        username=f"congdan-{secrets.token_hex(8)}",
        last_name=family[:150],
        first_name=given[:150],
        email=row.address if row.channel == CodeChannel.EMAIL else "",
    )


def _clean_details(full_name: str, id_number: str, address: str) -> dict:
    errors = []
    name, address = clean_line(full_name), clean_line(address)
    if not name:
        errors.append(_("Chưa nhập họ và tên."))
    for value, label in ((name, _("Họ và tên")), (address, _("Địa chỉ"))):
        if error := invisible_characters_error(value, label):
            errors.append(error)
    id_number = id_number.strip()
    if not id_number:
        errors.append(_("Chưa nhập số CCCD/CMND."))
    elif error := id_number_error(id_number):
        errors.append(error)
    if errors:
        raise InvalidInput(" ".join(errors))
    return {"full_name": name, "id_number": id_number, "address": address}


def citizen_profile_update(
    *, actor: User, full_name: str, id_number: str, address: str
) -> CitizenProfile:
    """The citizen corrects their own details (the phone or e-mail stays as confirmed)."""
    details = _clean_details(full_name, id_number, address)
    profile = CitizenProfile.objects.get(user=actor)
    profile.full_name = details["full_name"]
    profile.id_number = details["id_number"]
    profile.address = details["address"]
    profile.save(update_fields=["full_name", "id_number", "address"])
    family, _space, given = profile.full_name.partition(" ")
    actor.last_name, actor.first_name = family[:150], given[:150]
    actor.save(update_fields=["last_name", "first_name"])
    return profile


# ---------------------------------------------------------------- sign-in


def _sign_in_key(identifier: str) -> str:
    return hashlib.sha256(identifier.strip().lower().encode()).hexdigest()


def sign_in_blocked(identifier: str, now: datetime | None = None) -> bool:
    """Too many failed sign-ins for this phone or e-mail in the last 15 minutes."""
    now = now or timezone.now()
    return (
        SignInFailure.objects.filter(
            key=_sign_in_key(identifier), at__gte=now - SIGN_IN_WINDOW
        ).count()
        >= SIGN_IN_MAX_FAILURES
    )


def sign_in_failed(identifier: str) -> None:
    now = timezone.now()
    key = _sign_in_key(identifier)
    SignInFailure.objects.filter(key=key, at__lt=now - SIGN_IN_WINDOW).delete()
    SignInFailure.objects.create(key=key, at=now)


def sign_in_succeeded(identifier: str) -> None:
    SignInFailure.objects.filter(key=_sign_in_key(identifier)).delete()


def username_for(identifier: str) -> str:
    """The username of the citizen with this phone or e-mail; "" (no such user) otherwise,
    so that authentication still spends the time of a password check."""
    try:
        contact = contact_parse(identifier)
    except InvalidInput:
        return ""
    profile = profile_for_contact(contact)
    return profile.user.username if profile is not None else ""
