"""Password rules speak the page's language, Django's own messages included."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation

from accounts.models import User
from online.models import CitizenProfile


@pytest.mark.parametrize(
    ("language", "message"),
    [("vi", "Mật khẩu quá ngắn: cần ít nhất 8 ký tự."), ("en", "This password is too short.")],
)
def test_a_short_password_is_refused_in_the_pages_language(language, message):
    with translation.override(language), pytest.raises(ValidationError) as refused:
        validate_password("1a2")
    assert any(m.startswith(message) for m in refused.value.messages), refused.value.messages


@pytest.mark.parametrize(
    ("password", "what"),
    [
        ("vuthilan", "họ tên"),  # the name typed without its marks or spaces
        ("Vũ Thị Lan", "họ tên"),
        ("thi lan 2", "họ tên"),
        ("congdan-lan", "tên đăng nhập"),
        ("lan.vu@example", "địa chỉ thư điện tử"),
    ],
)
def test_a_password_like_the_accounts_own_name_is_refused_naming_what(password, what):
    user = User(
        username="congdan-lan", last_name="Vũ", first_name="Thị Lan", email="lan.vu@example.vn"
    )
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    assert f"Mật khẩu quá giống {what} của tài khoản." in refused.value.messages


def test_a_password_unlike_the_name_passes_and_english_says_what():
    user = User(username="congdan-lan", last_name="Vũ", first_name="Thị Lan")
    validate_password("mat-khau-rieng-2026", user)  # nothing raised
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        validate_password("vuthilan", user)
    assert "The password is too similar to the account's full name." in refused.value.messages


@pytest.mark.parametrize("password", ["xy@987654321", "gmail1234", "Lua-nuong-2026"])
def test_a_password_unlike_anything_of_the_account_passes_digits_included(password):
    """Sharing characters in another order is not resembling: any two phone-like strings
    share digits."""
    user = User(username="congdan-lan", last_name="Vũ", first_name="Thị Lan", email="lan@gmail.com")
    user.citizen_profile = CitizenProfile(phone="0912345678", id_number="001190012345")
    validate_password(password, user)  # nothing raised
