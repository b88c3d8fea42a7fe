"""The dossier book (Sổ theo dõi hồ sơ, Mẫu 06): one line per dossier a unit received in a
period, numbered continuously through the unit's year (the year is the book, Quyển số).

Rows are read in chunks with their transfers and assignments prefetched, a constant number
of queries per chunk, so a year of a busy desk streams into Excel without piling up in memory.
"""

import io
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from catalog.models import AdministrativeUnit
from documents.history import year_bounds
from documents.timing import Timeliness, timeliness
from documents.wording import short_vi, unit_names
from dossiers.models import Channel, Dossier, DossierEvent, DossierTransfer, Outcome, Status
from dossiers.privacy import mask_name, mask_phone
from dossiers.transitions import Action

CHUNK = 1000
# Only what a line of the book shows: a year of rows stays small in memory.
_ROW_FIELDS = (
    "code", "received_at", "due_at", "appointment_at", "applicant_name", "applicant_address",
    "applicant_phone", "channel", "status", "outcome", "finished_at", "returned_at",
    "returned_to", "refusal_reason", "procedure_version__name", "procedure_version__level",
)  # fmt: skip

COLUMNS = (
    "TT",
    "Mã hồ sơ",
    "Tên thủ tục hành chính",
    "Số lượng hồ sơ (bộ)",
    "Tên cá nhân, tổ chức",
    "Địa chỉ, số điện thoại",
    "Cơ quan chủ trì giải quyết",
    "Nhận hồ sơ (giờ, ngày tháng năm)",
    "Hẹn trả kết quả (giờ, ngày tháng năm)",
    "Chuyển hồ sơ đến cơ quan giải quyết",
    "Nhận kết quả từ cơ quan giải quyết",
    "Trả kết quả cho cá nhân, tổ chức (ngày tháng năm, ký nhận)",
    "Ghi chú",
)


# Column widths (%) of the A4 landscape page, in the order of COLUMNS. The code column
# holds a whole code on one line (searchable in the PDF) even in plain DejaVu Serif.
PDF_WIDTHS = (3, 14, 10, 4, 8, 8, 7, 6, 6, 9, 8, 8, 9)
# WeasyPrint lays a page out in about a quarter of a second and keeps every page in memory
# (about 20 s and 450 MB for 1,000 lines), so longer periods go to Excel instead.
MAX_PDF_ROWS = 1000


@dataclass(frozen=True)
class BookRow:
    number: int
    code: str
    procedure: str
    sets: int
    applicant: str
    address_phone: str
    lead_agency: str
    received_at: datetime
    due_at: datetime
    sent_to: str
    result_received: str
    returned_at: datetime | None
    returned_to: str
    note: str


@dataclass(frozen=True)
class BookPeriod:
    unit: AdministrativeUnit
    date_from: date
    date_to: date
    # For readers who are not officers of the unit (overseers, supervisors): the applicant's
    # name masked, address left out, phone masked (dossiers.privacy).
    masked: bool = False

    @property
    def start(self) -> datetime:
        return _local_midnight(self.date_from)

    @property
    def end(self) -> datetime:
        return _local_midnight(self.date_to + timedelta(days=1))

    @property
    def volume(self) -> str:
        """Quyển số: the year, or "2025–2026" for a period across the new year."""
        years = sorted({self.date_from.year, self.date_to.year})
        return "–".join(str(year) for year in years)


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=timezone.get_current_timezone())


def book_period(
    *, unit: AdministrativeUnit, date_from: date, date_to: date, masked: bool = False
) -> BookPeriod:
    if date_from > date_to:
        raise ValueError("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.")
    return BookPeriod(unit, date_from, date_to, masked)


def book_count(period: BookPeriod) -> int:
    return _in_period(period).count()


def _in_period(period: BookPeriod) -> "QuerySet[Dossier]":
    return Dossier.objects.filter(
        unit=period.unit, received_at__gte=period.start, received_at__lt=period.end
    )


def book_rows(period: BookPeriod) -> Iterator[BookRow]:
    unit = period.unit
    dossiers = (
        _in_period(period)
        .select_related("procedure_version")
        .only(*_ROW_FIELDS)
        .prefetch_related(
            Prefetch(
                "events",
                DossierEvent.objects.filter(action=Action.ASSIGN)
                .only("dossier_id", "at")
                .order_by("at", "id"),
                to_attr="assignments",
            ),
            Prefetch("transfers", DossierTransfer.objects.order_by("sent_at", "id")),
        )
        .order_by("received_at", "id")
    )
    agencies = _lead_agencies(unit)
    year, number = 0, 0
    for dossier in dossiers.iterator(chunk_size=CHUNK):
        received_year = timezone.localtime(dossier.received_at).year
        if received_year != year:  # a new book: count what it already holds before the period
            year = received_year
            number = _received_before(unit, year, period.start)
        number += 1
        row = _row(dossier, number, agencies)
        yield _masked(row, dossier) if period.masked else row


def _received_before(unit: AdministrativeUnit, year: int, moment: datetime) -> int:
    start, _ = year_bounds(year)
    if moment <= start:
        return 0
    return Dossier.objects.filter(unit=unit, received_at__gte=start, received_at__lt=moment).count()


def _lead_agencies(unit: AdministrativeUnit) -> dict[str, str]:
    """The People's Committee at each level above and at the unit: a procedure of district
    level received at a commune desk is resolved by the district."""
    agencies: dict[str, str] = {}
    current: AdministrativeUnit | None = unit
    while current is not None:
        agencies.setdefault(current.level, unit_names(current).agency_short)
        current = current.parent
    return agencies


def _row(dossier: Dossier, number: int, agencies: dict[str, str]) -> BookRow:
    version = dossier.procedure_version
    transfers = list(dossier.transfers.all())
    sent = [f"{short_vi(e.at)}: Công chức chuyên môn" for e in dossier.assignments[:1]]  # type: ignore[attr-defined]
    sent += [f"{short_vi(t.sent_at)}: {t.agency_name}" for t in transfers]
    received = [f"{short_vi(t.returned_at)}: {t.agency_name}" for t in transfers if t.returned_at]
    if dossier.finished_at and dossier.outcome == Outcome.RESOLVED:
        received.append(short_vi(dossier.finished_at))
    elif dossier.finished_at and dossier.outcome == Outcome.REFUSED:
        received.append(f"{short_vi(dossier.finished_at)} (từ chối)")
    contact = [part for part in (dossier.applicant_address, dossier.applicant_phone) if part]
    return BookRow(
        number=number,
        code=dossier.code,
        procedure=version.name,
        sets=1,
        applicant=dossier.applicant_name,
        address_phone="; ".join(contact),
        lead_agency=agencies.get(version.level) or next(iter(agencies.values())),
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        sent_to="\n".join(sent),
        result_received="\n".join(received),
        returned_at=dossier.returned_at,
        returned_to=dossier.returned_to,
        note=_note(dossier),
    )


def _masked(row: BookRow, dossier: Dossier) -> BookRow:
    return replace(
        row,
        applicant=mask_name(dossier.applicant_name),
        address_phone=mask_phone(dossier.applicant_phone),
        returned_to=mask_name(dossier.returned_to),
    )


def _note(dossier: Dossier) -> str:
    notes = []
    if dossier.channel == Channel.ONLINE:
        notes.append("Nộp trực tuyến")
    elif dossier.channel == Channel.POSTAL:
        notes.append("Nộp qua bưu chính")
    if dossier.appointment_at:
        notes.append(f"Hẹn lại: {short_vi(dossier.appointment_at)}")
    if dossier.outcome == Outcome.REFUSED:
        notes.append(f"Từ chối: {dossier.refusal_reason}" if dossier.refusal_reason else "Từ chối")
    elif dossier.outcome == Outcome.WITHDRAWN:
        notes.append("Công dân rút hồ sơ")
    elif dossier.outcome == Outcome.RESOLVED and dossier.finished_at:
        notes.append(timeliness(done_at=dossier.finished_at, due_at=dossier.due_at).value)
    elif dossier.status == Status.AWAITING_SUPPLEMENT:
        notes.append("Chờ bổ sung hồ sơ")
    elif dossier.due_at < timezone.now():
        notes.append(f"{Timeliness.LATE.value}, đang giải quyết")
    return "; ".join(notes)


# ---------------------------------------------------------------- Excel


def book_xlsx(period: BookPeriod) -> bytes:
    """The book as a write-only workbook: rows go to disk-backed XML as they come."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Sổ theo dõi hồ sơ")
    for letter, width in zip("ABCDEFGHIJKLM", _WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "C7"
    names = unit_names(period.unit)
    bold = Font(bold=True)
    sheet.append([_cell(sheet, names.heading, bold)])
    sheet.append([_cell(sheet, "SỔ THEO DÕI HỒ SƠ", Font(bold=True, size=14))])
    sheet.append([f"Quyển số: {period.volume}"])
    sheet.append([f"Từ ngày {period.date_from:%d/%m/%Y} đến ngày {period.date_to:%d/%m/%Y}"])
    sheet.append([_cell(sheet, title, bold, wrap=True) for title in COLUMNS])
    sheet.append([f"({i})" for i in range(1, len(COLUMNS) + 1)])
    for row in book_rows(period):
        sheet.append(_xlsx_values(sheet, row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


HEADER_ROW = 5  # the row of column titles in the workbook (1-based)
_WIDTHS = (6, 26, 40, 9, 24, 28, 22, 17, 17, 30, 26, 24, 30)
_DATETIME = "dd/mm/yyyy hh:mm"


def _cell(
    sheet: WriteOnlyWorksheet, value: object, font: Font | None = None, wrap: bool = False
) -> Cell:
    cell = WriteOnlyCell(sheet, value=value)
    if font is not None:
        cell.font = font
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _xlsx_values(sheet: WriteOnlyWorksheet, row: BookRow) -> list[object]:
    def moment(value: datetime | None) -> Cell | None:
        if value is None:
            return None
        # Excel has no time zones: write the Vietnam wall-clock time.
        cell = WriteOnlyCell(sheet, value=timezone.localtime(value).replace(tzinfo=None))
        cell.number_format = _DATETIME
        return cell

    returned = f"Người nhận kết quả: {row.returned_to}" if row.returned_to else ""
    return [
        row.number,
        row.code,
        row.procedure,
        row.sets,
        row.applicant,
        row.address_phone,
        row.lead_agency,
        moment(row.received_at),
        moment(row.due_at),
        _cell(sheet, row.sent_to, wrap=True),
        _cell(sheet, row.result_received, wrap=True),
        moment(row.returned_at),
        _cell(sheet, "; ".join(part for part in (returned, row.note) if part), wrap=True),
    ]
