"""Parse spreadsheet cells. Each parser raises ValueError with a Vietnamese message."""

import re
from datetime import date, datetime, time

from catalog.models import Level, ProcedureVersion, RequiredPaper
from catalog.specs import PaperSpec
from common.text import fold
from workcalendar.rules import TimeRule, TimeRuleKind


def text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def code(value: object, *, digits: int, label: str) -> str:
    """A numeric administrative code of exactly `digits` digits.

    Excel drops leading zeros from number cells, so a number cell is padded back; a text
    cell must already have the right length.
    """
    raw = text(value)
    if not raw:
        raise ValueError(f"thiếu mã {label}.")
    if not raw.isdigit():
        raise ValueError(f"mã {label} “{raw}” phải chỉ gồm chữ số.")
    if isinstance(value, int | float) and len(raw) < digits:
        raw = raw.zfill(digits)
    if len(raw) != digits:
        raise ValueError(f"mã {label} “{raw}” phải có đúng {digits} chữ số.")
    return raw


def required(value: object, *, label: str, max_length: int) -> str:
    raw = text(value)
    if not raw:
        raise ValueError(f"thiếu {label}.")
    if len(raw) > max_length:
        raise ValueError(f"{label} dài quá {max_length} ký tự.")
    return raw


def parse_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = text(value)
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(raw, pattern).date()  # noqa: DTZ007 — a calendar date
        except ValueError:
            continue
    raise ValueError(f"ngày “{raw}” không hợp lệ (dạng dd/mm/yyyy hoặc yyyy-mm-dd).")


COMMUNE_KINDS = {"xa": "xã", "phuong": "phường", "thi tran": "thị trấn", "dac khu": "đặc khu"}


def commune_kind(value: object) -> str:
    raw = text(value)
    try:
        return COMMUNE_KINDS[fold(raw)]
    except KeyError:
        raise ValueError(
            f"cấp “{raw}” không hợp lệ (chỉ nhận Xã, Phường, Thị trấn, Đặc khu)."
        ) from None


LEVELS = {"tinh": Level.PROVINCE, "huyen": Level.DISTRICT, "xa": Level.COMMUNE}


def level(value: object) -> Level:
    raw = text(value)
    try:
        return LEVELS[fold(raw).removeprefix("cap ")]
    except KeyError:
        raise ValueError(f"cấp thực hiện “{raw}” không hợp lệ (tỉnh, huyện hoặc xã).") from None


_COUNTED = re.compile(r"^(\d+)\s*(ngay|gio) lam viec$")
_SAME_DAY = re.compile(r"^trong ngay(?:\s*\(\s*(\d{1,2})\s*(?:[:h]\s*(\d{2}))?\s*(?:gio)?\s*\))?$")


def time_rule(value: object) -> TimeRule:
    """“3 ngày làm việc”, “8 giờ làm việc”, “Trong ngày” or “Trong ngày (15:00)”."""
    raw = text(value)
    folded = fold(raw)
    if match := _COUNTED.match(folded):
        amount = int(match[1])
        if amount <= 0:
            raise ValueError(f"thời hạn “{raw}” phải lớn hơn 0.")
        kind = TimeRuleKind.WORKING_DAYS if match[2] == "ngay" else TimeRuleKind.WORKING_HOURS
        return TimeRule(kind, amount)
    if match := _SAME_DAY.match(folded):
        if match[1] is None:
            return TimeRule(TimeRuleKind.SAME_DAY)
        hour, minute = int(match[1]), int(match[2] or 0)
        if hour > 23 or minute > 59:
            raise ValueError(f"giờ chốt trong “{raw}” không hợp lệ.")
        return TimeRule(TimeRuleKind.SAME_DAY, 0, time(hour, minute))
    raise ValueError(
        f"thời hạn “{raw}” không hợp lệ (ví dụ: “3 ngày làm việc”, “8 giờ làm việc”, "
        "“Trong ngày”, “Trong ngày (15:00)”)."
    )


_FREE = {"mien phi", "mien le phi", "khong thu phi", "khong", "0"}
_AMOUNT = re.compile(r"^(\d{1,3}(?:[.,]\d{3})+|\d+)\s*(?:d|dong|vnd)?$")


def fee(value: object) -> tuple[str, int | None, str]:
    """(kind, amount, schedule text): “Miễn phí”, an amount such as “50.000”, or any text."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        amount = int(value)
        if amount != value or amount < 0:
            raise ValueError(f"mức phí “{value}” phải là số đồng nguyên không âm.")
        if amount == 0:
            return ProcedureVersion.FeeKind.FREE, None, ""
        return ProcedureVersion.FeeKind.FIXED, amount, ""
    raw = text(value)
    folded = fold(raw)
    if not raw:
        raise ValueError("thiếu phí (ghi “Miễn phí”, một số tiền hoặc nội dung biểu phí).")
    if folded in _FREE:
        return ProcedureVersion.FeeKind.FREE, None, ""
    if match := _AMOUNT.match(folded):
        return ProcedureVersion.FeeKind.FIXED, int(re.sub(r"[.,]", "", match[1])), ""
    return ProcedureVersion.FeeKind.SCHEDULE, None, raw


ONLINE = {
    "toan trinh": ProcedureVersion.OnlineLevel.FULL,
    "mot phan": ProcedureVersion.OnlineLevel.PARTIAL,
    "khong": ProcedureVersion.OnlineLevel.NONE,
    "khong truc tuyen": ProcedureVersion.OnlineLevel.NONE,
    "": ProcedureVersion.OnlineLevel.NONE,
}


def online_level(value: object) -> str:
    raw = text(value)
    try:
        return ONLINE[fold(raw)]
    except KeyError:
        raise ValueError(
            f"trực tuyến “{raw}” không hợp lệ (Toàn trình, Một phần hoặc Không)."
        ) from None


def yes_no(value: object, *, label: str) -> bool:
    raw = text(value)
    answer = {"co": True, "khong": False, "": False}.get(fold(raw))
    if answer is None:
        raise ValueError(f"{label} “{raw}” không hợp lệ (Có hoặc Không).")
    return answer


COPY_KINDS = {
    "ban chinh": RequiredPaper.CopyKind.ORIGINAL,
    "ban sao chung thuc": RequiredPaper.CopyKind.CERTIFIED_COPY,
    "ban sao co chung thuc": RequiredPaper.CopyKind.CERTIFIED_COPY,
    "ban sao": RequiredPaper.CopyKind.COPY,
}
OPTIONAL_MARKS = {"khong bat buoc": True, "tuy chon": True, "bat buoc": False, "": False}


def _paper(entry: str) -> PaperSpec:
    parts = [part.strip() for part in entry.split("|")]
    if len(parts) < 2 or len(parts) > 4 or not parts[0]:
        raise ValueError(
            f"giấy tờ “{entry}” phải có dạng “Tên giấy tờ | Bản chính | 1” "
            "(thêm “| Không bắt buộc” nếu không bắt buộc)."
        )
    name, kind = parts[0], COPY_KINDS.get(fold(parts[1]))
    if kind is None:
        raise ValueError(
            f"loại bản “{parts[1]}” của “{name}” không hợp lệ "
            "(Bản chính, Bản sao chứng thực hoặc Bản sao)."
        )
    if len(name) > 500:
        raise ValueError(f"tên giấy tờ “{name[:40]}…” dài quá 500 ký tự.")
    count_text = parts[2] if len(parts) > 2 and parts[2] else "1"
    if not count_text.isdigit() or int(count_text) < 1:
        raise ValueError(f"số lượng “{count_text}” của “{name}” phải là số nguyên dương.")
    optional = OPTIONAL_MARKS.get(fold(parts[3]) if len(parts) > 3 else "")
    if optional is None:
        raise ValueError(f"“{parts[3]}” của “{name}” phải là “Bắt buộc” hoặc “Không bắt buộc”.")
    return PaperSpec(name=name, copy_kind=kind, count=int(count_text), optional=optional)


def papers(value: object) -> tuple[PaperSpec, ...]:
    """One paper per line; a cell without line breaks may separate papers with “;”."""
    raw = text(value).replace("\r\n", "\n")
    entries = raw.split("\n") if "\n" in raw else raw.split(";")
    return tuple(_paper(entry.strip()) for entry in entries if entry.strip())
