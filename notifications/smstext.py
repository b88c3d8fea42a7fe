"""SMS text: Vietnamese without diacritics, counted in SMS segments.

Why without diacritics: a message with any Vietnamese accented letter must be sent as UCS-2,
70 characters in one SMS and 67 per part, so a 200-character notice costs 3 parts instead of
2; brandname SMS in Vietnam is customarily sent unaccented, and older phones show it best.
Unlike `common.text.fold` (for search), case and punctuation are kept: people read these.
"""

import math
import unicodedata

# GSM 03.38: the basic set costs one unit, the extension set two (escape + character).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = frozenset("^{}\\[~]|€\f")

# Typography that would otherwise force UCS-2 for one character.
_PLAIN_PUNCTUATION = str.maketrans(
    {
        "«": '"',
        "»": '"',
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "–": "-",
        "—": "-",
        "…": "...",
        "×": "x",
        "→": "->",
        "\u00a0": " ",
    }
)

MAX_SEGMENTS = 2  # a notice should cost at most two SMS parts


def sms_plain(text: str) -> str:
    """ "Đã tiếp nhận hồ sơ «ABC»" → 'Da tiep nhan ho so "ABC"', on one line."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(unicodedata.normalize("NFC", stripped).translate(_PLAIN_PUNCTUATION).split())


def _plain_part(text: str) -> str:
    """`sms_plain` keeping one space at either edge, so parts join as written."""
    plain = sms_plain(text)
    if plain and text[:1].isspace():
        plain = " " + plain
    if plain and text[-1:].isspace():
        plain += " "
    return plain


def is_gsm7(text: str) -> bool:
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENDED for ch in text)


def _units(text: str) -> int:
    if is_gsm7(text):
        return len(text) + sum(ch in GSM7_EXTENDED for ch in text)
    return len(text)


def _capacity(segments: int, gsm7: bool) -> int:
    """Units that fit in `segments` parts (a multi-part SMS loses room to its header)."""
    single, part = (160, 153) if gsm7 else (70, 67)
    return single if segments == 1 else part * segments


def sms_segments(text: str) -> int:
    units, gsm7 = _units(text), is_gsm7(text)
    if units <= _capacity(1, gsm7):
        return 1
    return math.ceil(units / (153 if gsm7 else 67))


def sms_fit(head: str, free: str = "", tail: str = "", *, segments: int = MAX_SEGMENTS) -> str:
    """`head + free + tail` made plain; `free` (a reason, a list of papers, a procedure name:
    text of unbounded length) is shortened with "..." so that the whole fits `segments`."""
    head, free, tail = _plain_part(head), _plain_part(free), _plain_part(tail)
    text = head + free + tail
    while free and sms_segments(text) > segments:
        over = _units(text) - _capacity(segments, is_gsm7(text))
        free = free[: max(len(free) - max(over, 1) - 3, 0)].rstrip(" ,;.") + "..."
        if free == "...":
            free = ""
        text = head + free + tail
    return text
