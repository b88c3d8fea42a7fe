"""The registers as books for a period (Decree 30/2020/NĐ-CP, Phụ lục IV: sổ đăng ký văn bản
đến, sổ đăng ký văn bản đi): PDF on A4 landscape with the national heading, and Excel."""

import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from catalog.models import AdministrativeUnit
from documents.forms import A4_LANDSCAPE, FormKind, FormTemplate
from documents.render import render_pdf
from documents.wording import person_name, unit_names
from registry.errors import RegistryError
from registry.models import IncomingLetter, LetterStatus, OutgoingDocument, Urgency
from workcalendar.calendar import VN_TZ

# WeasyPrint keeps every page in memory; a longer period goes to Excel instead.
MAX_PDF_ROWS = 1000
DECREE_30 = "Nghị định số 30/2020/NĐ-CP"

Cell = str | int | date | None


@dataclass(frozen=True)
class Book:
    slug: str  # "den" or "di", for file names
    title: str
    columns: tuple[str, ...]
    widths: tuple[int, ...]  # % of the PDF page, and ×3 characters in Excel
    rows: Callable[[AdministrativeUnit, datetime, datetime], Iterable[list[Cell]]]


def _incoming_rows(
    unit: AdministrativeUnit, start: datetime, end: datetime
) -> Iterator[list[Cell]]:
    letters = (
        IncomingLetter.objects.filter(unit=unit, received_at__gte=start, received_at__lt=end)
        .select_related("handler")
        .prefetch_related("replies", "dossiers")
        .order_by("year", "number")
    )
    for letter in letters:
        yield [
            timezone.localdate(letter.received_at),
            letter.number,
            letter.sender,
            letter.original_number,
            letter.original_date,
            f"{letter.get_doc_type_display()}: {letter.summary}",
            person_name(letter.handler),
            "",
            _letter_note(letter),
        ]


def _letter_note(letter: IncomingLetter) -> str:
    notes = []
    if letter.urgency != Urgency.NORMAL:
        notes.append(str(letter.get_urgency_display()))
    if letter.reply_due_at:
        notes.append(f"Hạn trả lời {timezone.localtime(letter.reply_due_at):%d/%m/%Y}")
    replies = [document.symbol for document in letter.replies.all()]
    if replies:
        notes.append("Đã trả lời bằng " + ", ".join(replies))
    elif letter.status == LetterStatus.HANDLED and letter.handled_at:
        notes.append(f"Đã xử lý {timezone.localtime(letter.handled_at):%d/%m/%Y}")
    codes = [dossier.code for dossier in letter.dossiers.all()]
    if codes:
        notes.append("Hồ sơ " + ", ".join(codes))
    return "; ".join(notes)


def _outgoing_rows(
    unit: AdministrativeUnit, start: datetime, end: datetime
) -> Iterator[list[Cell]]:
    documents = (
        OutgoingDocument.objects.filter(unit=unit, issued_at__gte=start, issued_at__lt=end)
        .select_related("issued_by", "reply_to", "dossier")
        .order_by("issued_at", "id")
    )
    for document in documents:
        notes = []
        if document.reply_to:
            letter = document.reply_to
            notes.append(f"Trả lời văn bản đến số {letter.number}/{letter.year} ({letter.sender})")
        if document.dossier:
            notes.append(f"Kết quả hồ sơ {document.dossier.code}")
        yield [
            document.symbol,
            timezone.localdate(document.issued_at),
            f"{document.get_doc_type_display()}: {document.summary}",
            document.signer,
            document.recipients,
            person_name(document.issued_by),
            "",
            "; ".join(notes),
        ]


INCOMING_BOOK = Book(
    slug="den",
    title="SỔ ĐĂNG KÝ VĂN BẢN ĐẾN",
    columns=(
        "Ngày đến",
        "Số đến",
        "Tác giả",
        "Số, ký hiệu",
        "Ngày tháng",
        "Tên loại và trích yếu nội dung",
        "Đơn vị hoặc người nhận",
        "Ký nhận",
        "Ghi chú",
    ),
    widths=(8, 5, 14, 10, 8, 27, 10, 6, 12),
    rows=_incoming_rows,
)
OUTGOING_BOOK = Book(
    slug="di",
    title="SỔ ĐĂNG KÝ VĂN BẢN ĐI",
    columns=(
        "Số, ký hiệu văn bản",
        "Ngày tháng văn bản",
        "Tên loại và trích yếu nội dung văn bản",
        "Người ký",
        "Nơi nhận văn bản",
        "Đơn vị, người nhận bản lưu",
        "Ký nhận",
        "Ghi chú",
    ),
    widths=(11, 8, 27, 11, 15, 10, 6, 12),
    rows=_outgoing_rows,
)
BOOKS = {book.slug: book for book in (INCOMING_BOOK, OUTGOING_BOOK)}


class BookTooLong(RegistryError):
    """More lines than a PDF book can hold in memory; the message says to use Excel."""


@dataclass(frozen=True)
class Period:
    unit: AdministrativeUnit
    date_from: date
    date_to: date

    @property
    def start(self) -> datetime:
        return datetime.combine(self.date_from, time(), tzinfo=VN_TZ)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.date_to + timedelta(days=1), time(), tzinfo=VN_TZ)


def book_rows(book: Book, period: Period) -> list[list[Cell]]:
    return list(book.rows(period.unit, period.start, period.end))


def _text(value: Cell) -> str:
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return "" if value is None else str(value)


def book_pdf(book: Book, period: Period) -> bytes:
    rows = book_rows(book, period)
    if len(rows) > MAX_PDF_ROWS:
        raise BookTooLong(
            _(
                "Kỳ này có %(rows)s dòng, quá %(max)s dòng của một sổ PDF; hãy tải bản Excel "
                "hoặc chọn kỳ ngắn hơn."
            )
            % {"rows": len(rows), "max": MAX_PDF_ROWS}
        )
    template = FormTemplate(
        kind=FormKind.BOOK,
        code=f"so-van-ban-{book.slug}",
        title=book.title.capitalize(),
        template="registry/book_pdf.html",
        paper=A4_LANDSCAPE,
        circular=DECREE_30,
        valid_from=date(2020, 3, 5),
        one_page=False,
    )
    context = {
        "book": book,
        "names": unit_names(period.unit),
        "period": period,
        "rows": [[_text(value) for value in row] for row in rows],
    }
    return render_pdf(form=template, context=context)


HEADER_ROW = 5  # the row of column titles in the workbook (1-based)


def book_xlsx(book: Book, period: Period) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(book.title.capitalize()[:31])
    for index, width in enumerate(book.widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width * 3
    bold = Font(bold=True)

    def cell(value: Cell, font: Font | None = None, wrap: bool = False) -> WriteOnlyCell:
        written = WriteOnlyCell(sheet, value=value)
        if font is not None:
            written.font = font
        if wrap:
            written.alignment = Alignment(wrap_text=True, vertical="top")
        if isinstance(value, date):
            written.number_format = "dd/mm/yyyy"
        return written

    sheet.append([cell(unit_names(period.unit).heading, bold)])
    sheet.append([cell(book.title, Font(bold=True, size=14))])
    sheet.append([f"Từ ngày {period.date_from:%d/%m/%Y} đến ngày {period.date_to:%d/%m/%Y}"])
    sheet.append([])
    sheet.append([cell(title, bold, wrap=True) for title in book.columns])
    for row in book.rows(period.unit, period.start, period.end):
        sheet.append([cell(value, wrap=isinstance(value, str)) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
