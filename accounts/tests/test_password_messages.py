"""Password rules speak the page's language, Django's own messages included."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation


@pytest.mark.parametrize(
    ("language", "message"),
    [("vi", "Mật khẩu quá ngắn: cần ít nhất 8 ký tự."), ("en", "This password is too short.")],
)
def test_a_short_password_is_refused_in_the_pages_language(language, message):
    with translation.override(language), pytest.raises(ValidationError) as refused:
        validate_password("1a2")
    assert any(m.startswith(message) for m in refused.value.messages), refused.value.messages
