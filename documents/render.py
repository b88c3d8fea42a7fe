"""HTML templates to PDF bytes with WeasyPrint."""

from typing import Any

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from documents.fonts import serif_font_stack
from documents.forms import FormTemplate

# Type densities, tried in order until a one-page form fits its page: a receipt with five
# long papers must still be one sheet, while the usual two-paper one keeps the larger type.
DENSITIES = ("regular", "compact", "tight")


def render_pdf(*, form: FormTemplate, context: dict[str, Any]) -> bytes:
    densities = DENSITIES if form.one_page else DENSITIES[:1]
    for density in densities:
        html = render_to_string(
            form.template,
            {**context, "form": form, "font_family": serif_font_stack(), "density": density},
        )
        # Images are data URIs; refusing every other scheme means no text typed by a
        # citizen can make the renderer read a local file or the network.
        fetcher = URLFetcher(allowed_protocols={"data"})
        document = HTML(string=html, url_fetcher=fetcher).render()
        if len(document.pages) == 1:
            break
    return document.write_pdf()
