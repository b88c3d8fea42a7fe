"""The programme's outputs: the supervision report and the conclusion notice (DOCX from
our templates in oversight/docx/, and PDF), the recommendation follow-up table (Excel),
and reading a unit's II.06a spreadsheet back."""

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.utils import timezone
from docxtpl import DocxTemplate
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font

from documents.forms import A4_LANDSCAPE, FormKind, FormTemplate
from documents.render import render_pdf
from documents.wording import long_date_vi
from oversight.errors import OversightError
from oversight.evidence import COLUMN_KEYS, EvidencePack, evidence_pack
from oversight.models import FindingKind, Programme
from reports.definitions import Period
from reports.exports.ii06a import TOTAL_LABEL

DOCX_DIR = Path(__file__).resolve().parent / "docx"
DOCUMENTS = {
    "bao-cao": ("bao_cao_giam_sat.docx", "Báo cáo kết quả giám sát"),
    "thong-bao-ket-luan": ("thong_bao_ket_luan.docx", "Thông báo kết luận giám sát"),
}
CHECK_LABELS_VI = {
    "finished_before_received": "hoàn thành trước khi tiếp nhận",
    "returned_without_approval": "trả kết quả không qua phê duyệt",
    "history_gaps": "lịch sử đứt đoạn",
    "times_edited": "sửa thời điểm tiếp nhận/hạn trả",
    "due_moved_without_apology": "lùi hạn không có phiếu xin lỗi",
    "returned_without_record": "đánh dấu đã trả nhưng không có biên nhận",
    "same_minute_bursts": "tiếp nhận và hoàn thành trong cùng một phút",
}


@dataclass(frozen=True)
class Output:
    packs: list[EvidencePack]
    context: dict[str, Any]


def output_context(programme: Programme) -> Output:
    period = Period(programme.period_start, programme.period_end)
    packs = [evidence_pack(unit=u, period=period) for u in programme.units.order_by("name")]
    units = []
    for pack in packs:
        flags = [f"{CHECK_LABELS_VI[name]}: {len(ids)}" for name, ids in pack.checks.items() if ids]
        units.append(
            {"name": pack.unit.name, **pack.counts.as_dict(), "flags": "; ".join(flags) or "—"}
        )
    findings = [
        {"title": str(kind.label), "texts": [f.text for f in programme.findings.filter(kind=kind)]}
        for kind in FindingKind
    ]
    findings = [f for f in findings if f["texts"]]
    recommendations = [
        {
            "addressee": r.addressee,
            "content": r.content,
            "deadline": f"{r.deadline:%d/%m/%Y}",
        }
        for r in programme.recommendations.select_related("unit")
    ]
    as_of = packs[0].as_of if packs else timezone.now()
    context = {
        "body": programme.body,
        "body_upper": programme.body.upper(),
        "head": programme.head,
        "subject": programme.subject,
        "decision": (
            f"Quyết định số {programme.decision_number} ngày {programme.decision_date:%d/%m/%Y}"
        ),
        "period": f"từ ngày {period.start:%d/%m/%Y} đến ngày {period.end:%d/%m/%Y}",
        "place_date": long_date_vi(timezone.localdate()).capitalize(),
        "as_of": f"số liệu tính đến {timezone.localtime(as_of):%H:%M ngày %d/%m/%Y}",
        "unit_count": len(packs),
        "units": units,
        "findings": findings,
        "recommendations": recommendations,
    }
    return Output(packs, context)


def programme_docx(programme: Programme, document: str) -> bytes:
    if document not in DOCUMENTS:
        raise OversightError("unknown document")
    template = DocxTemplate(str(DOCX_DIR / DOCUMENTS[document][0]))
    template.render(output_context(programme).context)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def programme_pdf(programme: Programme, document: str) -> bytes:
    if document not in DOCUMENTS:
        raise OversightError("unknown document")
    title = DOCUMENTS[document][1]
    form = FormTemplate(
        kind=FormKind.BOOK,
        code=f"giam-sat-{document}",
        title=title,
        template="oversight/programme_pdf.html",
        paper=A4_LANDSCAPE,
        circular="",
        valid_from=date(2018, 1, 1),
        one_page=False,
    )
    context = {**output_context(programme).context, "title": title.upper(), "document": document}
    return render_pdf(form=form, context=context)


FOLLOW_UP_COLUMNS = (
    "TT",
    "Đơn vị, cơ quan thực hiện",
    "Nội dung kiến nghị",
    "Thời hạn",
    "Trả lời của đơn vị",
    "Ngày trả lời",
    "Kết quả",
    "Quá hạn",
)


def follow_up_xlsx(programme: Programme, *, today: date) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 (a new workbook always has one sheet)
    sheet.title = "Theo dõi kiến nghị"
    sheet.append([f"Theo dõi thực hiện kiến nghị giám sát — {programme.decision_number}"])
    sheet["A1"].font = Font(bold=True)
    sheet.append([programme.subject])
    sheet.append([])
    sheet.append(list(FOLLOW_UP_COLUMNS))
    for cell in sheet[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True)
    for i, r in enumerate(programme.recommendations.select_related("unit"), start=1):
        sheet.append(
            [
                i,
                r.addressee,
                r.content,
                r.deadline,
                r.answer,
                timezone.localdate(r.answered_at) if r.answered_at else None,
                str(r.get_status_display()),
                "Quá hạn" if r.is_overdue(today) else "",
            ]
        )
        sheet.cell(row=sheet.max_row, column=4).number_format = "dd/mm/yyyy"
        sheet.cell(row=sheet.max_row, column=6).number_format = "dd/mm/yyyy"
    for letter, width in zip("ABCDEFGH", (5, 30, 50, 12, 50, 12, 18, 10), strict=True):
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_ii06a(content: bytes) -> dict[str, int]:
    """Columns 3–13 of the total row («Tổng cộng») of an II.06a workbook laid out like
    reports.exports.as_xlsx (the first sheet, the label in column B)."""
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a file that is not a workbook
        raise OversightError("Tệp không phải bảng tính Excel (.xlsx).") from error
    sheet = book.worksheets[0]
    for row in sheet.iter_rows(values_only=True):
        if len(row) >= 13 and isinstance(row[1], str) and row[1].strip() == TOTAL_LABEL:
            try:
                values = [int(v or 0) for v in row[2:13]]
            except (TypeError, ValueError) as error:
                raise OversightError("Dòng «Tổng cộng» có ô không phải số.") from error
            return dict(zip(COLUMN_KEYS, values, strict=True))
    raise OversightError("Không tìm thấy dòng «Tổng cộng» của Biểu II.06a.")
