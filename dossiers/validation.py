"""Applicant field rules, shared by intake services and the historical importer."""

import re

from django.utils.translation import gettext as _

ID_NUMBER_RE = re.compile(r"^(\d{12}|\d{9})$")  # 12-digit CCCD or 9-digit CMND
PHONE_RE = re.compile(r"^0\d{9,10}$")  # mobile 0xxxxxxxxx; landline 0 + area code + number


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
