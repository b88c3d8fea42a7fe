"""Builds the DOCX templates (docxtpl/Jinja tags inside Word paragraphs and table rows) in
oversight/docx/. Our own text only. Run:
.venv/bin/python oversight/templates_src/build_templates.py"""

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

OUT = Path(__file__).resolve().parent.parent / "docx"


def _heading(doc) -> None:
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.text = "{{ body_upper }}\nĐOÀN GIÁM SÁT"
    right.text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    for cell in (left, right):
        for p in cell.paragraphs:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for run in p.runs:
                run.bold = True
    place = doc.add_paragraph("{{ place_date }}")
    place.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _title(doc, text: str) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run.bold, run.font.size = True, Pt(14)


def _figures_table(doc) -> None:
    headers = [
        "Đơn vị",
        "Tiếp nhận",
        "Trực tuyến",
        "Đã giải quyết",
        "Trước hạn",
        "Đúng hạn",
        "Quá hạn",
        "Đang giải quyết",
        "Đang quá hạn",
        "Dấu hiệu bất thường",
    ]
    table = doc.add_table(rows=3, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
    table.rows[1].cells[0].text = "{%tr for u in units %}"
    values = [
        "{{ u.name }}",
        "{{ u.received_total }}",
        "{{ u.received_online }}",
        "{{ u.resolved_total }}",
        "{{ u.resolved_early }}",
        "{{ u.resolved_on_time }}",
        "{{ u.resolved_late }}",
        "{{ u.pending_total }}",
        "{{ u.pending_overdue }}",
        "{{ u.flags }}",
    ]
    row = table.add_row()
    for cell, text in zip(row.cells, values, strict=True):
        cell.text = text
    end = table.add_row()
    end.cells[0].text = "{%tr endfor %}"
    # docxtpl needs the loop tags in rows of their own: move the data row between them.
    body = table._tbl
    body.remove(row._tr)
    body.remove(end._tr)
    body.remove(table.rows[2]._tr)
    body.append(row._tr)
    body.append(end._tr)


def _findings(doc) -> None:
    doc.add_paragraph("{%p for section in findings %}")
    p = doc.add_paragraph()
    p.add_run("{{ section.title }}").bold = True
    doc.add_paragraph("{%p for text in section.texts %}")
    doc.add_paragraph("- {{ text }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endfor %}")


def _recommendations(doc) -> None:
    doc.add_paragraph("{%p for r in recommendations %}")
    doc.add_paragraph(
        "{{ loop.index }}. {{ r.addressee }}: {{ r.content }} (thời hạn {{ r.deadline }})."
    )
    doc.add_paragraph("{%p endfor %}")


def _signature(doc) -> None:
    p = doc.add_paragraph("TRƯỞNG ĐOÀN GIÁM SÁT\n\n\n{{ head }}")
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def report_template() -> None:
    doc = Document()
    _heading(doc)
    _title(doc, "BÁO CÁO KẾT QUẢ GIÁM SÁT")
    doc.add_paragraph("{{ subject }}").alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(
        "Thực hiện {{ decision }} của {{ body }}, Đoàn giám sát do {{ head }} làm Trưởng đoàn "
        "đã giám sát tại {{ unit_count }} đơn vị, kỳ giám sát {{ period }}. "
        "Số liệu dưới đây do hệ thống Một Cửa tính từ hồ sơ, {{ as_of }}."
    )
    doc.add_paragraph("I. SỐ LIỆU GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH").runs[0].bold = True
    _figures_table(doc)
    doc.add_paragraph("II. KẾT QUẢ GIÁM SÁT").runs[0].bold = True
    _findings(doc)
    doc.add_paragraph("III. KIẾN NGHỊ").runs[0].bold = True
    _recommendations(doc)
    _signature(doc)
    doc.save(str(OUT / "bao_cao_giam_sat.docx"))


def conclusion_template() -> None:
    doc = Document()
    _heading(doc)
    _title(doc, "THÔNG BÁO KẾT LUẬN GIÁM SÁT")
    doc.add_paragraph("{{ subject }}").alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(
        "Căn cứ {{ decision }} của {{ body }} và kết quả giám sát tại các đơn vị trong kỳ "
        "{{ period }}, Đoàn giám sát thông báo kết luận như sau:"
    )
    _findings(doc)
    doc.add_paragraph("Số liệu của các đơn vị:").runs[0].bold = True
    _figures_table(doc)
    doc.add_paragraph("Đề nghị các đơn vị thực hiện:").runs[0].bold = True
    _recommendations(doc)
    _signature(doc)
    doc.save(str(OUT / "thong_bao_ket_luan.docx"))


if __name__ == "__main__":
    OUT.mkdir(exist_ok=True)
    report_template()
    conclusion_template()
