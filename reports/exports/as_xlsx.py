"""Biểu II.06a as an Excel workbook (openpyxl): numbers as numbers, headers merged."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from reports.exports.ii06a import COLUMNS, FORM, HEADER, HEADER_ROWS, TITLE, UNIT_LINE, Sheet

FIRST_HEADER_ROW = 7  # rows 1–6: form, title, units, period, as of, unit of measure
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
WIDTHS = {1: 6, 2: 42}  # other columns 11


def to_xlsx(sheet: Sheet) -> bytes:
    book = Workbook()
    ws = book.active
    assert ws is not None  # noqa: S101 (a new workbook always has one sheet)
    ws.title = "II.06a"
    last = get_column_letter(COLUMNS)

    def put(cell_range: str, text: str, *, bold: bool = False, align: str = "center") -> None:
        ws.merge_cells(cell_range)
        first = ws[cell_range.split(":")[0]]
        first.value = text
        first.font = Font(bold=bold)
        first.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)

    put("A1:C2", FORM, bold=True, align="left")
    put("D1:J2", TITLE, bold=True)
    put("K1:M1", f"Đơn vị báo cáo: {sheet.reporting_unit}", align="left")
    put("K2:M2", f"Đơn vị nhận báo cáo: {sheet.receiving_unit}", align="left")
    put(f"A3:{last}3", sheet.period_line)
    put(f"A4:{last}4", sheet.as_of_line)
    put("K5:M5", UNIT_LINE, align="right")
    ws.row_dimensions[1].height = ws.row_dimensions[2].height = 24

    for text, r1, c1, r2, c2 in HEADER:
        top, bottom = FIRST_HEADER_ROW + r1, FIRST_HEADER_ROW + r2
        if (r1, c1) != (r2, c2):
            ws.merge_cells(start_row=top, start_column=c1, end_row=bottom, end_column=c2)
        cell = ws.cell(row=top, column=c1, value=text)
        cell.font, cell.alignment = Font(bold=True), CENTRE
        for row in range(top, bottom + 1):
            for column in range(c1, c2 + 1):
                ws.cell(row=row, column=column).border = BOX
    numbers_row = FIRST_HEADER_ROW + HEADER_ROWS
    for column in range(1, COLUMNS + 1):
        cell = ws.cell(row=numbers_row, column=column, value=column)
        cell.font, cell.alignment, cell.border = Font(italic=True), CENTRE, BOX

    for offset, line in enumerate(sheet.lines, start=1):
        row = numbers_row + offset
        bold = line.kind != "field"
        for column, value in enumerate((line.number, line.label, *line.values), start=1):
            cell = ws.cell(row=row, column=column, value=value)
            cell.border, cell.font = BOX, Font(bold=bold)
            cell.alignment = Alignment(
                horizontal="left" if column == 2 else "center", vertical="center", wrap_text=True
            )

    for column in range(1, COLUMNS + 1):
        ws.column_dimensions[get_column_letter(column)].width = WIDTHS.get(column, 11)
    ws.freeze_panes = ws.cell(row=numbers_row + 1, column=3)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
