"""The committee report as a Word document (python-docx): what councils circulate.

Draws a `document.Document` block by block. Numbered paragraphs carry their number as text
with a hanging indent, so the numbers are the same as in the PDF and the preview. Every page
carries the marking (OPEN, or NOT FOR PUBLICATION) in its header and "Page N" in its footer.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from typing import Any

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from gemini.reports import charts
from gemini.reports.document import (
    Banner,
    Bullets,
    Chart,
    Document,
    HeaderBlock,
    Heading,
    Paragraph,
    Recommendations,
    Table,
)

FONT = "Arial"
TEXT_WIDTH_CM = 16.6
RED = RGBColor(0xD4, 0x35, 0x1C)


def _page_field(run: Any) -> None:
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _styles(doc: Any) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    for name, size in (("Title", 18), ("Heading 1", 14), ("Heading 2", 12)):
        style = doc.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = RGBColor(0x0B, 0x0C, 0x0C)


def _marking(doc: Any, marking: str) -> None:
    section = doc.sections[0]
    section.left_margin = section.right_margin = Cm(2.2)
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = header.add_run(marking)
    run.bold = True
    if marking != "OPEN":
        run.font.color.rgb = RED
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    _page_field(footer.add_run())


def _numbered(doc: Any, number: int | None, text: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(6)
    if number is not None:
        paragraph.paragraph_format.left_indent = Cm(1.0)
        paragraph.paragraph_format.first_line_indent = Cm(-1.0)
        paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(1.0))
        paragraph.add_run(f"{number}.\t")
    paragraph.add_run(text)


def _table(doc: Any, block: Table) -> None:
    if block.caption:
        caption = doc.add_paragraph()
        caption.add_run(block.caption).bold = True
    headed = any(block.headings)
    table = doc.add_table(rows=1 if headed else 0, cols=len(block.headings))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    if headed:
        for cell, heading in zip(table.rows[0].cells, block.headings, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(heading).bold = True
    for row in block.rows:
        cells = table.add_row().cells
        for index, (cell, value) in enumerate(zip(cells, row, strict=True)):
            cell.text = ""
            run = cell.paragraphs[0].add_run(value)
            if not headed and index == 0:
                run.bold = True
    # Columns as wide as their text needs, within the page: long prose gets the room.
    needs = [
        min(sum(len(r[i]) for r in block.rows) / max(len(block.rows), 1), 70) + len(heading) / 2 + 6
        for i, heading in enumerate(block.headings)
    ]
    table.autofit = False
    widths = [Cm(TEXT_WIDTH_CM * need / sum(needs)) for need in needs]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    doc.add_paragraph()


def write_docx(
    document: Document, data: Mapping[str, Any], created: dt.datetime | None = None
) -> bytes:
    """The Word file for a built document; `data` is the snapshot the charts are drawn from."""
    doc = docx.Document()
    _styles(doc)
    _marking(doc, document.marking)
    properties = doc.core_properties
    properties.title = document.title
    properties.author = "Gemini"
    properties.last_modified_by = "Gemini"
    properties.comments = f"Part {document.part}: {document.marking}"
    if created is not None:
        properties.created = created.replace(tzinfo=None)
        properties.modified = created.replace(tzinfo=None)
    for block in document.blocks:
        if isinstance(block, Banner):
            paragraph = doc.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run = paragraph.add_run(block.text)
            run.bold = True
            run.font.size = Pt(14)
            if block.text != "OPEN":
                run.font.color.rgb = RED
        elif isinstance(block, HeaderBlock):
            doc.add_paragraph(block.committee, style="Heading 1")
            doc.add_paragraph(block.date).runs[0].bold = True
            doc.add_paragraph(block.title, style="Title")
            for label, value in block.rows:
                paragraph = doc.add_paragraph()
                paragraph.add_run(f"{label} ").bold = True
                paragraph.add_run(value)
        elif isinstance(block, Heading):
            doc.add_paragraph(block.text, style="Heading 1" if block.level == 1 else "Heading 2")
        elif isinstance(block, Paragraph):
            _numbered(doc, block.number, block.text)
        elif isinstance(block, Bullets):
            for item in block.items:
                paragraph = doc.add_paragraph(item, style=None if block.lettered else "List Bullet")
                paragraph.paragraph_format.left_indent = Cm(1.6)
        elif isinstance(block, Recommendations):
            doc.add_paragraph(block.intro)
            for number, item in enumerate(block.items, start=1):
                paragraph = doc.add_paragraph()
                paragraph.paragraph_format.left_indent = Cm(1.0)
                paragraph.paragraph_format.first_line_indent = Cm(-0.6)
                paragraph.add_run(f"{number}. ").bold = True
                paragraph.add_run(item)
        elif isinstance(block, Table):
            _table(doc, block)
        elif isinstance(block, Chart):
            width = Cm(10) if block.key == "heat_map" else Cm(15.5)
            doc.add_picture(io.BytesIO(charts.png(block.key, data)), width=width)
            doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            caption = doc.add_paragraph(block.title)
            caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
            caption.runs[0].italic = True
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
