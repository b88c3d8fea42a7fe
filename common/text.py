"""Vietnamese text helpers shared by search and import code."""

import unicodedata


def fold(text: str) -> str:
    """Lower-case `text` without diacritics, so "Đăng ký" and "dang ky" compare equal.

    NFD splits most marks off their letters; đ/Đ is a letter of its own and is mapped by hand.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())
