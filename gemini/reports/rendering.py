"""A built report as HTML (the browser preview), PDF (WeasyPrint) and Word (docx_writer).

The preview and the PDF share one Jinja2 macro (`reports/_document.html`); charts are inline
SVG on screen and PNG in the PDF and Word files, drawn by the same chart functions, each with
its alt text and its numbered caption ("Figure 2: …").

The PDF is tagged PDF/UA-1 (WeasyPrint's `pdf_variant="pdf/ua-1"`): a structure tree with real
headings (h1 to h3), tables and figures with their alt text, the language (en-GB, from the
page's `lang`) and the title (from its `<title>`), shown as the window's title. The Public
Sector Bodies Accessibility Regulations 2018 cover documents a council publishes on its
website, committee papers among them.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
from collections.abc import Mapping
from typing import Any

from django.template.loader import render_to_string

from gemini.reports import charts
from gemini.reports.document import (
    Banner,
    Block,
    Bullets,
    Chart,
    Document,
    HeaderBlock,
    Heading,
    Paragraph,
    Recommendations,
    Table,
)
from gemini.reports.docx_writer import write_docx

KINDS: dict[type, str] = {
    Banner: "banner",
    HeaderBlock: "header",
    Heading: "heading",
    Paragraph: "paragraph",
    Bullets: "bullets",
    Recommendations: "recommendations",
    Table: "table",
    Chart: "chart",
}


def template_blocks(document: Document) -> list[tuple[str, Block]]:
    return [(KINDS[type(block)], block) for block in document.blocks]


PDF_VARIANT = "pdf/ua-1"


def chart_keys(document: Document) -> list[str]:
    return [block.key for block in document.blocks if isinstance(block, Chart)]


def chart_captions(document: Document) -> dict[str, str]:
    """Each chart of the document, by key, with its numbered caption ("Figure 2: …")."""
    titles = {block.key: block.title for block in document.blocks if isinstance(block, Chart)}
    return {
        key: charts.caption(number, titles[key])
        for key, number in charts.figure_numbers(document).items()
    }


def svg_charts(document: Document, data: Mapping[str, Any]) -> dict[str, str]:
    """Each chart of the document as inline SVG (the preview), named by its alt text."""
    return {key: charts.svg(key, data, charts.alt_text(key, data)) for key in chart_keys(document)}


def png_charts(document: Document, data: Mapping[str, Any]) -> dict[str, str]:
    """Each chart as an <img> with a PNG data URI and its alt text (the PDF)."""
    out = {}
    for key in chart_keys(document):
        encoded = base64.b64encode(charts.png(key, data)).decode("ascii")
        alt = html.escape(charts.alt_text(key, data))
        out[key] = f'<img src="data:image/png;base64,{encoded}" alt="{alt}">'
    return out


def pdf(document: Document, data: Mapping[str, Any]) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]

    page = render_to_string(
        "reports/print.html",
        {
            "document": document,
            "blocks": template_blocks(document),
            "charts": png_charts(document, data),
            "captions": chart_captions(document),
        },
    )
    result: bytes = HTML(string=page).write_pdf(pdf_variant=PDF_VARIANT)
    return result


def docx(document: Document, data: Mapping[str, Any], created: dt.datetime | None = None) -> bytes:
    return write_docx(document, data, created)


def render(
    document: Document, data: Mapping[str, Any], fmt: str, created: dt.datetime | None = None
) -> bytes:
    if fmt == "docx":
        return docx(document, data, created)
    if fmt == "pdf":
        return pdf(document, data)
    raise ValueError(f"There is no report format {fmt!r}: use docx or pdf.")
