"""The password may not resemble what others know of the account: its name, username,
e-mail address, and for a citizen the phone number they sign in with and their ID number.

Django's UserAttributeSimilarityValidator compares the password with each attribute as
typed, so a Vietnamese name written without its marks ("vuthilan" for "Vũ Thị Lan", as most
keyboards make people type passwords) passed; it named the attribute by the field's label
("Tên"), which reads as the username; and it knew nothing of a citizen's phone or ID
number. Here values are compared folded (common.text): whole, without spaces, each part of
the name and each word, and the message says which one the password resembled."""

from difflib import SequenceMatcher

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.utils.translation import gettext as _

from common.text import fold

MAX_SIMILARITY = 0.7  # Django's default


def _forms(value: str) -> list[str]:
    """The ways a password may copy `value`: whole, without spaces, each word; of an e-mail
    address, the part before the @ (not "gmail" or "com": they are nobody's)."""
    folded = fold(value)
    if "@" in folded:
        return [folded, folded.split("@", 1)[0]]
    return [folded, folded.replace(" ", ""), *folded.split()]


def _alike(typed: str, form: str) -> bool:
    # quick_ratio only counts shared characters, whatever their order (any two strings of
    # digits look alike to it): a cheap first test, then the real ratio.
    matcher = SequenceMatcher(a=typed, b=form)
    return matcher.quick_ratio() >= MAX_SIMILARITY and matcher.ratio() >= MAX_SIMILARITY


def _personal_data(user: object) -> dict[str, list[str]]:
    """What the password is compared with, by what it is called. A citizen's profile may be
    one not saved yet (online.citizens sets it on the new user before the check)."""
    name_parts = [str(getattr(user, name, "") or "") for name in ("last_name", "first_name")]
    data = {
        _("họ tên"): [" ".join(name_parts), *name_parts],
        _("tên đăng nhập"): [str(getattr(user, "username", "") or "")],
        _("địa chỉ thư điện tử"): [str(getattr(user, "email", "") or "")],
    }
    try:
        profile = user.citizen_profile  # type: ignore[attr-defined]
    except ObjectDoesNotExist:  # an officer, or a user without one yet
        profile = None
    if profile is not None:
        data[_("họ tên")].append(profile.full_name)
        data[_("địa chỉ thư điện tử")].append(profile.email)
        data[_("số điện thoại")] = [profile.phone]
        data[_("số CCCD/CMND")] = [profile.id_number]
    return data


class PersonalDataSimilarityValidator:
    def validate(self, password: str, user: object = None) -> None:
        if user is None:
            return
        typed = fold(password)
        for what, values in _personal_data(user).items():
            for form in (form for value in values if value for form in _forms(value)):
                if len(form) < 3:  # a word like "vu" resembles any short password
                    continue
                if _alike(typed, form):
                    raise ValidationError(
                        _("Mật khẩu quá giống %(what)s của tài khoản.") % {"what": what},
                        code="password_too_similar",
                    )

    def get_help_text(self) -> str:
        return _(
            "Mật khẩu không được giống họ tên, tên đăng nhập, địa chỉ thư điện tử, số điện "
            "thoại hay số CCCD/CMND."
        )
