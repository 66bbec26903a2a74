"""A built report as HTML (the browser preview), PDF (WeasyPrint) and Word (docx_writer).

The preview and the PDF share one Jinja2 macro (`reports/_document.html`); charts are inline
SVG on screen and PNG in the PDF and Word files, drawn by the same chart functions.
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


def chart_titles(document: Document) -> dict[str, str]:
    """Each chart of the document, by key, with its title (its accessible name)."""
    return {block.key: block.title for block in document.blocks if isinstance(block, Chart)}


def svg_charts(document: Document, data: Mapping[str, Any]) -> dict[str, str]:
    """Each chart of the document as inline SVG (the preview)."""
    return {key: charts.svg(key, data, title) for key, title in chart_titles(document).items()}


def png_charts(document: Document, data: Mapping[str, Any]) -> dict[str, str]:
    """Each chart as an <img> with a PNG data URI (the PDF)."""
    out = {}
    for key, title in chart_titles(document).items():
        encoded = base64.b64encode(charts.png(key, data)).decode("ascii")
        out[key] = f'<img src="data:image/png;base64,{encoded}" alt="{html.escape(title)}">'
    return out


def pdf(document: Document, data: Mapping[str, Any]) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]

    page = render_to_string(
        "reports/print.html",
        {
            "document": document,
            "blocks": template_blocks(document),
            "charts": png_charts(document, data),
        },
    )
    result: bytes = HTML(string=page).write_pdf()
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
