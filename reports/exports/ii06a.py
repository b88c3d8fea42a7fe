"""Biểu số II.06a/VPCP/KSTT (regulations.md §3.1) as a layout: header cells with their
spans, then a section row per level (with its subtotal) and a row per field under it,
then the total. The Excel and PDF exports both draw this layout."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from catalog.models import Level
from reports.definitions import Counts, day_start
from reports.engine import Report

FORM = "Biểu số II.06a/VPCP/KSTT"
TITLE = (
    "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH "
    "TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
)
UNIT_LINE = "Đơn vị tính: Số hồ sơ TTHC"
TOTAL_LABEL = "Tổng cộng"
COLUMNS = 13
HEADER_ROWS = 3
# (text, first row, first column, last row, last column): rows 0–2, columns 1–13.
HEADER = (
    ("TT", 0, 1, 2, 1),
    ("Lĩnh vực, công việc giải quyết theo cấp", 0, 2, 2, 2),
    ("Tiếp nhận", 0, 3, 0, 6),
    ("Số lượng hồ sơ đã giải quyết", 0, 7, 0, 10),
    ("Số lượng hồ sơ đang giải quyết", 0, 11, 0, 13),
    ("Tổng số", 1, 3, 2, 3),
    ("Trong đó", 1, 4, 1, 6),
    ("Tổng số", 1, 7, 2, 7),
    ("Trước hạn", 1, 8, 2, 8),
    ("Đúng hạn", 1, 9, 2, 9),
    ("Quá hạn", 1, 10, 2, 10),
    ("Tổng số", 1, 11, 2, 11),
    ("Trong hạn", 1, 12, 2, 12),
    ("Quá hạn", 1, 13, 2, 13),
    ("Trực tuyến", 2, 4, 2, 4),
    ("Trực tiếp, dịch vụ bưu chính", 2, 5, 2, 5),
    ("Từ kỳ trước", 2, 6, 2, 6),
)
ROMAN = ("I", "II", "III", "IV", "V")


@dataclass(frozen=True)
class Line:
    number: str  # column 1: I, II… for a level, 1, 2… for a field, empty for the total
    label: str  # column 2
    values: tuple[int, ...]  # columns 3–13
    kind: str  # "section", "field" or "total"


@dataclass(frozen=True)
class Sheet:
    reporting_unit: str
    receiving_unit: str
    period_line: str
    as_of_line: str
    lines: tuple[Line, ...]


def columns(counts: Counts) -> tuple[int, ...]:
    """Columns 3–13. Column 5 is direct + postal; 3 = 4 + 5 + 6 = 7 + 11."""
    c = counts
    return (
        c.received_total,
        c.received_online,
        c.received_direct + c.received_postal,
        c.received_carried_over,
        c.resolved_total,
        c.resolved_early,
        c.resolved_on_time,
        c.resolved_late,
        c.pending_total,
        c.pending_within_time,
        c.pending_overdue,
    )


def ii06a_sheet(report: Report, *, reporting_unit: str, receiving_unit: str) -> Sheet:
    """`report` grouped by level_field."""
    if report.group_by != "level_field":
        raise ValueError("Biểu II.06a lập từ báo cáo nhóm theo cấp và lĩnh vực (level_field).")
    lines: list[Line] = []
    present = [lv.value for lv in Level if any(row.section == lv.value for row in report.rows)]
    for number, level in zip(ROMAN, present, strict=False):
        rows = [row for row in report.rows if row.section == level]
        subtotal = sum((row.counts for row in rows), Counts())
        lines.append(Line(number, str(Level(level).label), columns(subtotal), "section"))
        lines += [
            Line(str(i), row.name, columns(row.counts), "field")
            for i, row in enumerate(rows, start=1)
        ]
    lines.append(Line("", TOTAL_LABEL, columns(report.total), "total"))
    return Sheet(
        reporting_unit=reporting_unit,
        receiving_unit=receiving_unit,
        period_line=(
            f"Kỳ báo cáo: từ ngày {report.date_from:%d/%m/%Y} đến ngày {report.date_to:%d/%m/%Y}"
        ),
        as_of_line=_as_of_line(report),
        lines=tuple(lines),
    )


def _as_of_line(report: Report) -> str:
    if report.as_of == day_start(report.date_to + timedelta(days=1)):
        return f"Số liệu đến hết ngày {report.date_to:%d/%m/%Y}"
    moment = timezone.localtime(report.as_of)
    line = f"Số liệu tính đến {moment:%H:%M} ngày {moment:%d/%m/%Y}"
    if report.not_begun:  # as the page says it (reports/report.html)
        line += " (kỳ báo cáo chưa bắt đầu: cột «Từ kỳ trước» là số hồ sơ đang giải quyết)"
    return line
