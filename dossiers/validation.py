"""Applicant field rules, shared by intake services (desk, API, online) and the historical
importer: one place decides what a name, a CCCD/CMND number and a phone number may be."""

import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from common.text import nfc

ID_NUMBER_RE = re.compile(r"^(\d{12}|\d{9})$")  # 12-digit CCCD or 9-digit CMND
PHONE_RE = re.compile(r"^0\d{9,10}$")  # mobile 0xxxxxxxxx; landline 0 + area code + number


@dataclass(frozen=True)
class Applicant:
    name: str
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


def clean_line(raw: str) -> str:
    """One line of text as we store it: NFC, runs of white space made one space."""
    return " ".join(nfc(raw).split())


def invisible_characters(value: str) -> list[str]:
    """Control and format characters in `value` (U+200B zero-width space, U+202E right-to-left
    override, …), as "U+XXXX". They are invisible, make one name look like another and let a
    file name hide its real suffix; no Vietnamese name or address needs them."""
    return sorted({f"U+{ord(ch):04X}" for ch in value if unicodedata.category(ch) in ("Cc", "Cf")})


def invisible_characters_error(value: str, label: str) -> str | None:
    """A Vietnamese message when `value` (the field called `label`) holds invisible
    characters; None when it is clean. For names and other one-line fields."""
    found = invisible_characters(value)
    if not found:
        return None
    return _("%(label)s chứa ký tự ẩn hoặc ký tự điều khiển hướng chữ (%(chars)s); hãy gõ lại.") % {
        "label": label,
        "chars": ", ".join(found),
    }


def normalize_phone(raw: str) -> str:
    """Drop spaces, dots and dashes; +84 becomes the leading 0 of Vietnamese numbers."""
    phone = re.sub(r"[\s.\-()]", "", raw)
    if phone.startswith("+84"):
        phone = "0" + phone[3:]
    elif phone.startswith("84") and len(phone) == 11:
        phone = "0" + phone[2:]
    return phone


def id_number_error(value: str) -> str | None:
    if value and not ID_NUMBER_RE.match(value):
        return _("Số CCCD/CMND «%(value)s» không hợp lệ: CCCD có 12 chữ số, CMND có 9 chữ số.") % {
            "value": value
        }
    return None


def phone_error(value: str) -> str | None:
    if value and not PHONE_RE.match(value):
        return _(
            "Số điện thoại «%(value)s» không hợp lệ: cần 10 hoặc 11 chữ số, bắt đầu bằng 0."
        ) % {"value": value}
    return None


def applicant_clean(applicant: Applicant) -> tuple[Applicant, list[str]]:
    """The applicant as stored (NFC, single spaces, phone digits) and what is wrong with it,
    as Vietnamese messages (empty when it may be stored)."""
    errors = []
    name = clean_line(applicant.name)
    address = clean_line(applicant.address)
    if not name:
        errors.append(_("Chưa nhập họ và tên người nộp hồ sơ."))
    for value, label in ((name, _("Họ và tên")), (address, _("Địa chỉ"))):
        if error := invisible_characters_error(value, label):
            errors.append(error)
    id_number = applicant.id_number.strip()
    phone = normalize_phone(applicant.phone)
    errors += [e for e in (id_number_error(id_number), phone_error(phone)) if e]
    email = nfc(applicant.email.strip())
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(_("Địa chỉ thư điện tử «%(email)s» không hợp lệ.") % {"email": email})
    return Applicant(name, id_number, phone, email, address), errors
