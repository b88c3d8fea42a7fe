"""Biểu II.06a as a PDF: the HTML template reports/ii06a.html through WeasyPrint."""

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from documents.fonts import serif_font_stack
from reports.exports.ii06a import COLUMNS, FORM, HEADER, HEADER_ROWS, TITLE, UNIT_LINE, Sheet


def to_pdf(sheet: Sheet) -> bytes:
    html = render_to_string(
        "reports/ii06a.html",
        {
            "sheet": sheet,
            "form": FORM,
            "title": TITLE,
            "unit_line": UNIT_LINE,
            "header_rows": _header_rows(),
            "numbers": range(1, COLUMNS + 1),
            # The forms' font rule: Liberation Serif only where it can set Vietnamese.
            "font_family": serif_font_stack(),
        },
    )
    # Nothing to fetch: refuse every URL, so no text from the database can make the
    # renderer read a file or the network.
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher).write_pdf()


def _header_rows() -> list[list[dict]]:
    """HEADER as table rows of cells with rowspan and colspan."""
    rows: list[list[dict]] = [[] for _ in range(HEADER_ROWS)]
    for text, r1, c1, r2, c2 in sorted(HEADER, key=lambda cell: (cell[1], cell[2])):
        rows[r1].append({"text": text, "rowspan": r2 - r1 + 1, "colspan": c2 - c1 + 1})
    return rows
