"""Vietnamese text helpers shared by search, input and import code.

Text is stored in Unicode NFC: the same letters typed on a Mac or with some input methods
arrive decomposed (NFD: "ệ" as e + U+0323 + U+0302), look identical, and compare unequal.
HTTP input is normalised once by motcua.middleware.NormalizeUnicodeMiddleware; importers call
`nfc` on each cell they read.
"""

import unicodedata
from typing import Any


def nfc(text: str) -> str:
    """`text` in Unicode NFC (composed), the one form we store."""
    return unicodedata.normalize("NFC", text)


def nfc_deep(value: Any) -> Any:
    """`value` with every string in it, keys included, in NFC (JSON-like data)."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [nfc_deep(item) for item in value]
    if isinstance(value, dict):
        return {nfc_deep(key): nfc_deep(item) for key, item in value.items()}
    return value


def fold(text: str) -> str:
    """Lower-case `text` without diacritics, so "Đăng ký" and "dang ky" compare equal.

    NFD splits most marks off their letters; đ/Đ is a letter of its own and is mapped by hand.
    Because every tone mark is dropped, old and new tone placement ("Hòa"/"Hoà",
    "Thúy"/"Thuý") and NFC or NFD input give the same key.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())
