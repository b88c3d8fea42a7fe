"""The password may not resemble the account's own name, username or e-mail address.

Django's UserAttributeSimilarityValidator compares the password with each attribute as
typed, so a Vietnamese name written without its marks ("vuthilan" for "Vũ Thị Lan", as most
keyboards make people type passwords) passed; and it named the attribute by the field's
label ("Tên"), which reads as the username. Here the name is compared folded (common.text),
whole, without its spaces and word by word, and the message says which it resembled."""

from difflib import SequenceMatcher

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from common.text import fold

MAX_SIMILARITY = 0.7  # Django's default


def _forms(value: str) -> list[str]:
    """The ways a password may copy `value`: whole, without spaces, each word."""
    folded = fold(value)
    words = [w for w in folded.replace("@", " ").replace(".", " ").split() if w]
    return [folded, folded.replace(" ", ""), *words]


class PersonalDataSimilarityValidator:
    def validate(self, password: str, user: object = None) -> None:
        if user is None:
            return
        typed = fold(password)
        candidates = {
            _("họ tên"): " ".join(
                str(getattr(user, name, "") or "") for name in ("last_name", "first_name")
            ),
            _("tên đăng nhập"): str(getattr(user, "username", "") or ""),
            _("địa chỉ thư điện tử"): str(getattr(user, "email", "") or ""),
        }
        for what, value in candidates.items():
            for form in _forms(value):
                if len(form) < 3:  # a word like "vu" resembles any short password
                    continue
                if SequenceMatcher(a=typed, b=form).quick_ratio() >= MAX_SIMILARITY:
                    raise ValidationError(
                        _("Mật khẩu quá giống %(what)s của tài khoản.") % {"what": what},
                        code="password_too_similar",
                    )

    def get_help_text(self) -> str:
        return _("Mật khẩu không được giống họ tên, tên đăng nhập hay địa chỉ thư điện tử.")
