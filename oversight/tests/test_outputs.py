"""The report and conclusion notice as DOCX (read back with python-docx) and PDF (pypdf),
the follow-up table in Excel (openpyxl), and a unit's II.06a workbook read back."""

import io
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from oversight import exports, selectors, services
from oversight.errors import OversightError
from oversight.evidence import evidence_pack
from oversight.tests.helpers import END, START, scene
from reports.definitions import Period
from reports.engine import report
from reports.exports.as_xlsx import to_xlsx
from reports.exports.ii06a import ii06a_sheet

pytestmark = pytest.mark.django_db


def docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def with_conclusions():
    s = scene()
    services.finding_add(
        actor=s.member, programme=s.programme, kind="shortcoming", text="Còn hồ sơ trễ hạn."
    )
    services.recommendation_add(
        actor=s.overseer,
        programme=s.programme,
        unit=s.hong_son.unit,
        content="Rà soát hồ sơ quá hạn",
        deadline=date(2018, 6, 30),
    )
    return s


@pytest.mark.parametrize("document", list(exports.DOCUMENTS))
def test_docx_has_programme_units_and_numbers(document):
    s = with_conclusions()
    text = docx_text(exports.programme_docx(s.programme, document))
    counts = evidence_pack(unit=s.hong_son.unit, period=Period(START, END)).counts
    assert "12/QĐ-HĐND" in text and "Phạm Quang Lộ" in text
    row = next(line for line in text.splitlines() if line.startswith("Xã Hồng Sơn |"))
    cells = row.split(" | ")
    assert cells[1:4] == [str(counts.received_total), "1", str(counts.resolved_total)]
    assert cells[6] == str(counts.resolved_late) == "2"
    assert "Còn hồ sơ trễ hạn." in text and "Rà soát hồ sơ quá hạn" in text
    assert "{{" not in text and "{%" not in text


def test_pdf_reads_back():
    s = with_conclusions()
    content = exports.programme_pdf(s.programme, "bao-cao")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "BÁO CÁO KẾT QUẢ GIÁM SÁT" in text
    assert "Xã Hồng Sơn" in text and "12/QĐ-HĐND" in text and "Rà soát hồ sơ quá hạn" in text


def docx_in_order(content: bytes) -> str:
    """The DOCX's paragraphs and table rows in the order they appear."""
    doc = Document(io.BytesIO(content))
    body, lines = doc.element.body, []
    for child in body.iterchildren():
        if child.tag.endswith("}p"):
            lines.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
        elif child.tag.endswith("}tbl"):
            lines.extend(
                " | ".join(
                    "".join(t.text or "" for t in c.iter() if t.tag.endswith("}t")) for c in row
                )
                for row in child.iter()
                if row.tag.endswith("}tr")
            )
    return "\n".join(lines)


@pytest.mark.parametrize("document", list(exports.DOCUMENTS))
def test_pdf_and_docx_give_their_sections_in_the_same_order(document):
    s = with_conclusions()
    pdf = exports.programme_pdf(s.programme, document)
    pdf_text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    docx = docx_in_order(exports.programme_docx(s.programme, document))
    markers = [
        "I. SỐ LIỆU GIẢI QUYẾT",
        "II. KẾT QUẢ GIÁM SÁT",
        "III. KIẾN NGHỊ",
        "Số liệu của các đơn vị",
        "Đề nghị các đơn vị thực hiện",
        "Xã Hồng Sơn",  # first in the figures table
        "Còn hồ sơ trễ hạn.",  # a finding
        "Rà soát hồ sơ quá hạn",  # a recommendation
    ]

    def order(text: str) -> list[str]:
        found = [m for m in markers if m in text]
        return sorted(found, key=text.index)

    assert order(pdf_text) == order(docx)
    titles = 3 if document == "bao-cao" else 2  # numbered sections, or two lead-ins
    assert len(order(docx)) == titles + 3


def test_follow_up_workbook():
    s = with_conclusions()
    book = load_workbook(io.BytesIO(exports.follow_up_xlsx(s.programme, today=date(2018, 7, 1))))
    rows = list(book.active.iter_rows(min_row=5, values_only=True))
    assert rows[0][1] == "Xã Hồng Sơn" and rows[0][2] == "Rà soát hồ sơ quá hạn"
    assert rows[0][6] == "Đang theo dõi" and rows[0][7] == "Quá hạn"


@pytest.mark.parametrize(
    ("status", "overdue"), [("partly", True), ("not_done", True), ("done", False)]
)
def test_a_recommendation_not_wholly_done_is_overdue_past_its_deadline(status, overdue):
    s = with_conclusions()
    rec = s.programme.recommendations.get()
    services.recommendation_mark(actor=s.member, recommendation=rec, status=status)
    book = load_workbook(io.BytesIO(exports.follow_up_xlsx(s.programme, today=date(2018, 7, 1))))
    row = next(book.active.iter_rows(min_row=5, values_only=True))
    assert row[7] == ("Quá hạn" if overdue else None)
    listed = selectors.overdue_recommendations(programme=s.programme, today=date(2018, 7, 1))
    assert listed == ([rec] if overdue else [])
    on_time = selectors.overdue_recommendations(programme=s.programme, today=date(2018, 6, 30))
    assert on_time == []  # due that day: not yet overdue


def test_ii06a_workbook_reads_back_to_the_computed_columns():
    s = scene()
    unit = s.hong_son.unit
    result = report(date_from=START, date_to=END, group_by="level_field", unit_ids=[unit.pk])
    workbook = to_xlsx(ii06a_sheet(result, reporting_unit=unit.name, receiving_unit="Huyện"))
    pack = evidence_pack(unit=unit, period=Period(START, END))
    assert exports.read_ii06a(workbook) == pack.columns
    with pytest.raises(OversightError):
        exports.read_ii06a(b"not a workbook")
