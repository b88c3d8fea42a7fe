"""Reading the rendered PDFs back with pypdf."""

import io
import unicodedata

from pypdf import PdfReader

A5 = (419.5, 595.3)  # points
A4_LANDSCAPE = (841.9, 595.3)


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def pdf_text(pdf: bytes) -> str:
    """All text, NFC-normalised, with every run of white space as one space."""
    text = " ".join(page.extract_text() for page in reader(pdf).pages)
    return " ".join(unicodedata.normalize("NFC", text).split())


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader(pdf).pages]


def assert_pages(pdf: bytes, size: tuple[float, float]) -> None:
    for width, height in page_sizes(pdf):
        assert abs(width - size[0]) < 1 and abs(height - size[1]) < 1, (width, height)


def font_names(pdf: bytes) -> set[str]:
    """Base font names without the subset prefix: "DejaVu-Serif-Bold"."""
    names = set()
    for page in reader(pdf).pages:
        fonts = page["/Resources"].get("/Font", {})
        for font in fonts.values():
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+")[-1])
    return names


def assert_serif_fonts(pdf: bytes) -> None:
    names = font_names(pdf)
    assert names
    for name in names:
        assert name.startswith(
            ("LiberationSerif", "Liberation-Serif", "DejaVuSerif", "DejaVu-Serif")
        ), name
