"""The committee report as a Word document (python-docx): what councils circulate.

Draws a `document.Document` block by block on A4 with the PDF's margins:

- the marking (OPEN, or NOT FOR PUBLICATION) once on every page, in the header (the body's
  banner block is the PDF's and the preview's first-page marking, so Word leaves it out);
- "Page N of M" in the footer, from Word's PAGE and NUMPAGES fields;
- numbered paragraphs carry real Word numbering (a decimal list in numbering.xml, applied with
  numPr), so Word renumbers them after an edit; the numbers shown are the blocks' numbers,
  the same as in the PDF and the preview; recommendations are a list of their own;
- headings in Word's Title, Heading 1 and Heading 2 styles; the language is en-GB;
- tables with a repeating header row, rows that never split across a page, and columns at
  least as wide as their longest word (no word broken inside a cell);
- each chart with its alt text (the picture's description) and a numbered caption
  ("Figure 2: …", a SEQ field).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from typing import Any

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

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
LANGUAGE = "en-GB"
BLACK = RGBColor(0x0B, 0x0C, 0x0C)
RED = RGBColor(0xD4, 0x35, 0x1C)
# A4, with the PDF's margins (print.html's @page), so both paginate alike.
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGINS_CM = {"top": 2.2, "right": 2.0, "bottom": 2.0, "left": 2.0}
TEXT_WIDTH_CM = PAGE_WIDTH_MM / 10 - MARGINS_CM["left"] - MARGINS_CM["right"]
TABLE_FONT_PT = 9.5
HEADER_SHADING = "F3F2F1"  # the PDF's table header (GOV.UK light grey)
# Column widths: a character of Arial at the table's size, generously (bold capitals), and a
# cell's left and right padding (Word's default 0.19 cm each side) with a little to spare.
CHARACTER_CM = TABLE_FONT_PT * 0.62 * 2.54 / 72
CELL_PADDING_CM = 0.5
NUMBER_INDENT_CM = 1.0
CHART_WIDTH_CM = {"heat_map": 13.0}
DEFAULT_CHART_WIDTH_CM = 16.0


# ---------------------------------------------------------------- fields and numbering


def _field(paragraph: Any, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES, SEQ Figure) with the value shown until Word updates it."""

    def run_with(tag: str, **attributes: str) -> Any:
        run = paragraph.add_run()
        element = OxmlElement(tag)
        for name, value in attributes.items():
            element.set(qn(name), value)
        run._r.append(element)
        return element

    run_with("w:fldChar", **{"w:fldCharType": "begin"})
    instruction_text = run_with("w:instrText", **{"xml:space": "preserve"})
    instruction_text.text = f" {instruction} "
    run_with("w:fldChar", **{"w:fldCharType": "separate"})
    paragraph.add_run(shown)
    run_with("w:fldChar", **{"w:fldCharType": "end"})


class _Numbering:
    """Decimal lists in the document's numbering.xml: one abstract list per kind (report
    paragraphs, recommendations), and a list instance for each run of numbers, starting at the
    run's first number."""

    def __init__(self, doc: Any) -> None:
        self.element = doc.part.numbering_part.element
        self.abstract_ids: dict[str, int] = {}
        self.next_abstract = 1 + max(
            (
                int(a.get(qn("w:abstractNumId")))
                for a in self.element.iterchildren(qn("w:abstractNum"))
            ),
            default=-1,
        )
        self.next_num = 1 + max(
            (int(n.get(qn("w:numId"))) for n in self.element.iterchildren(qn("w:num"))),
            default=0,
        )

    def define(self, kind: str, left_cm: float, hanging_cm: float, bold: bool = False) -> None:
        abstract_id = self.next_abstract
        self.next_abstract += 1
        self.abstract_ids[kind] = abstract_id
        abstract = OxmlElement("w:abstractNum")
        abstract.set(qn("w:abstractNumId"), str(abstract_id))
        kind_element = OxmlElement("w:multiLevelType")
        kind_element.set(qn("w:val"), "singleLevel")
        abstract.append(kind_element)
        level = OxmlElement("w:lvl")
        level.set(qn("w:ilvl"), "0")
        for tag, value in (
            ("w:start", "1"),
            ("w:numFmt", "decimal"),
            ("w:lvlText", "%1."),
            ("w:lvlJc", "left"),
        ):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            level.append(child)
        paragraph_properties = OxmlElement("w:pPr")
        tabs = OxmlElement("w:tabs")
        tab = OxmlElement("w:tab")
        tab.set(qn("w:val"), "num")
        tab.set(qn("w:pos"), str(Cm(left_cm).twips))
        tabs.append(tab)
        paragraph_properties.append(tabs)
        indent = OxmlElement("w:ind")
        indent.set(qn("w:left"), str(Cm(left_cm).twips))
        indent.set(qn("w:hanging"), str(Cm(hanging_cm).twips))
        paragraph_properties.append(indent)
        level.append(paragraph_properties)
        if bold:
            run_properties = OxmlElement("w:rPr")
            run_properties.append(OxmlElement("w:b"))
            level.append(run_properties)
        abstract.append(level)
        # Every abstractNum comes before the first num (the schema's order).
        first_num = self.element.find(qn("w:num"))
        if first_num is None:
            self.element.append(abstract)
        else:
            first_num.addprevious(abstract)

    def start(self, kind: str, first: int) -> int:
        """A new list of `kind` whose first item is numbered `first`; its numId."""
        num_id = self.next_num
        self.next_num += 1
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), str(num_id))
        abstract = OxmlElement("w:abstractNumId")
        abstract.set(qn("w:val"), str(self.abstract_ids[kind]))
        num.append(abstract)
        override = OxmlElement("w:lvlOverride")
        override.set(qn("w:ilvl"), "0")
        start = OxmlElement("w:startOverride")
        start.set(qn("w:val"), str(first))
        override.append(start)
        num.append(override)
        self.element.append(num)
        return num_id


def _number(paragraph: Any, num_id: int) -> None:
    numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numbering.get_or_add_ilvl().val = 0
    numbering.get_or_add_numId().val = num_id


# ---------------------------------------------------------------- page, styles, header


def _page(doc: Any, marking: str) -> None:
    section = doc.sections[0]
    section.page_width = Mm(PAGE_WIDTH_MM)
    section.page_height = Mm(PAGE_HEIGHT_MM)
    section.top_margin = Cm(MARGINS_CM["top"])
    section.right_margin = Cm(MARGINS_CM["right"])
    section.bottom_margin = Cm(MARGINS_CM["bottom"])
    section.left_margin = Cm(MARGINS_CM["left"])
    section.header_distance = section.footer_distance = Cm(1.0)
    section.different_first_page_header_footer = False
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = header.add_run(marking)
    run.bold = True
    run.font.size = Pt(12)
    run.font.color.rgb = BLACK if marking == "OPEN" else RED
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    _field(footer, "PAGE", "1")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES", "1")
    for run in footer.runs:
        run.font.size = Pt(9)


def _styles(doc: Any) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = run_defaults.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_defaults.append(language)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        language.set(qn(attribute), LANGUAGE)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(6)
    for name, size in (("Title", 18), ("Heading 1", 14), ("Heading 2", 12)):
        style = doc.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = BLACK
        style.paragraph_format.keep_with_next = True
        fonts = style.element.rPr.rFonts
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)  # the theme's font would win over Arial
    caption = doc.styles["Caption"]
    caption.font.name = FONT
    caption.font.size = Pt(10)
    caption.font.bold = False
    caption.font.italic = True
    caption.font.color.rgb = BLACK


# ---------------------------------------------------------------- tables


def column_widths(
    headings: Sequence[str], rows: Sequence[Sequence[str]], total_cm: float = TEXT_WIDTH_CM
) -> list[float]:
    """Each column's width in cm, together the text width: each at least as wide as its
    longest word (so Word never breaks a word such as "Response" inside a cell), the rest of
    the width shared by how much text the column holds (long prose gets the room)."""
    count = len(headings)
    columns = [[headings[i], *(row[i] for row in rows)] for i in range(count)]
    least = [
        max((len(word) for text in column for word in text.split()), default=1) * CHARACTER_CM
        + CELL_PADDING_CM
        for column in columns
    ]
    needs = [
        min(sum(len(row[i]) for row in rows) / max(len(rows), 1), 70) + len(headings[i]) / 2 + 6
        for i in range(count)
    ]
    if sum(least) >= total_cm:
        return [total_cm * width / sum(least) for width in least]
    widths: dict[int, float] = {}
    room = total_cm
    while True:
        free = [i for i in range(count) if i not in widths]
        weight = sum(needs[i] for i in free)
        narrow = [i for i in free if room * needs[i] / weight < least[i]]
        if not narrow:
            break
        for i in narrow:
            widths[i] = least[i]
            room -= least[i]
    for i in free:
        widths[i] = room * needs[i] / weight
    return [widths[i] for i in range(count)]


def _row_properties(row: Any, header: bool) -> None:
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if header:
        properties.append(OxmlElement("w:tblHeader"))


def _shade(cell: Any, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _cell_margins(table: Any) -> None:
    """Room above and below a cell's text (the PDF's 3 pt padding), Word's default at the
    sides."""
    margins = OxmlElement("w:tblCellMar")
    for side, twips in (("top", 40), ("left", 108), ("bottom", 40), ("right", 108)):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(twips))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    properties = table._tbl.tblPr
    look = properties.find(qn("w:tblLook"))  # the schema puts tblCellMar before tblLook
    if look is None:
        properties.append(margins)
    else:
        look.addprevious(margins)


def _cell_text(cell: Any, text: str, bold: bool) -> None:
    cell.text = ""
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)  # a "\n" becomes a line break
    run.bold = bold
    run.font.size = Pt(TABLE_FONT_PT)


def _table(doc: Any, block: Table) -> None:
    if block.caption:
        caption = doc.add_paragraph()
        caption.paragraph_format.keep_with_next = True
        caption.add_run(block.caption).bold = True
    headed = any(block.headings)
    table = doc.add_table(rows=1 if headed else 0, cols=len(block.headings))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    if headed:
        header = table.rows[0]
        _row_properties(header, header=True)
        for cell, heading in zip(header.cells, block.headings, strict=True):
            _cell_text(cell, heading, bold=True)
            _shade(cell, HEADER_SHADING)
    for row in block.rows:
        added = table.add_row()
        _row_properties(added, header=False)
        for index, (cell, value) in enumerate(zip(added.cells, row, strict=True)):
            _cell_text(cell, value, bold=not headed and index == 0)
    # Word lays the table out by its content (autofit), starting from these widths; it never
    # makes a column narrower than its longest word.
    table.autofit = True
    _cell_margins(table)
    widths = [Cm(width) for width in column_widths(block.headings, block.rows)]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    table_width = table._tbl.tblPr.find(qn("w:tblW"))
    if table_width is None:
        table_width = OxmlElement("w:tblW")
        table._tbl.tblPr.append(table_width)
    table_width.set(qn("w:type"), "dxa")
    table_width.set(qn("w:w"), str(sum(width.twips for width in widths)))
    doc.add_paragraph().paragraph_format.space_after = Pt(0)


# ---------------------------------------------------------------- charts


def _chart(doc: Any, block: Chart, number: int, data: Mapping[str, Any]) -> None:
    width = Cm(CHART_WIDTH_CM.get(block.key, DEFAULT_CHART_WIDTH_CM))
    doc.add_picture(io.BytesIO(charts.png(block.key, data)), width=width)
    picture = doc.paragraphs[-1]
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.keep_with_next = True
    properties = doc.inline_shapes[-1]._inline.docPr
    properties.set("descr", charts.alt_text(block.key, data))
    properties.set("title", block.title)
    # charts.caption's "Figure 2: title", with the number as a SEQ field (Word renumbers it
    # after an edit).
    caption = doc.add_paragraph(style="Caption")
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.add_run(f"{charts.FIGURE} ")
    _field(caption, f"SEQ {charts.FIGURE} \\* ARABIC", str(number))
    caption.add_run(f": {block.title}")


# ---------------------------------------------------------------- the document


def write_docx(
    document: Document, data: Mapping[str, Any], created: dt.datetime | None = None
) -> bytes:
    """The Word file for a built document; `data` is the snapshot the charts are drawn from."""
    doc = docx.Document()
    _styles(doc)
    _page(doc, document.marking)
    numbering = _Numbering(doc)
    numbering.define("paragraph", NUMBER_INDENT_CM, NUMBER_INDENT_CM)
    numbering.define("recommendation", 1.6, 0.6, bold=True)
    properties = doc.core_properties
    properties.title = document.title
    properties.language = LANGUAGE
    properties.author = "Gemini"
    properties.last_modified_by = "Gemini"
    properties.comments = f"Part {document.part}: {document.marking}"
    if created is not None:
        properties.created = created.replace(tzinfo=None)
        properties.modified = created.replace(tzinfo=None)
    paragraph_list: int | None = None
    last_number: int | None = None
    figure_numbers = charts.figure_numbers(document)
    for block in document.blocks:
        if isinstance(block, Banner):
            continue  # the marking is in every page's header
        if isinstance(block, HeaderBlock):
            committee = doc.add_paragraph()
            run = committee.add_run(block.committee)
            run.bold = True
            run.font.size = Pt(14)
            doc.add_paragraph().add_run(block.date).bold = True
            doc.add_paragraph(block.title, style="Title")
            for label, value in block.rows:
                paragraph = doc.add_paragraph()
                paragraph.paragraph_format.space_after = Pt(2)
                paragraph.add_run(f"{label} ").bold = True
                paragraph.add_run(value)
        elif isinstance(block, Heading):
            doc.add_paragraph(block.text, style="Heading 1" if block.level == 1 else "Heading 2")
        elif isinstance(block, Paragraph):
            paragraph = doc.add_paragraph(block.text)
            if block.number is not None:
                if paragraph_list is None or last_number is None or block.number != last_number + 1:
                    paragraph_list = numbering.start("paragraph", block.number)
                _number(paragraph, paragraph_list)
                last_number = block.number
        elif isinstance(block, Bullets):
            for item in block.items:
                paragraph = doc.add_paragraph(item, style=None if block.lettered else "List Bullet")
                paragraph.paragraph_format.left_indent = Cm(1.6)
        elif isinstance(block, Recommendations):
            doc.add_paragraph(block.intro)
            recommendations = numbering.start("recommendation", 1)
            for item in block.items:
                _number(doc.add_paragraph(item), recommendations)
        elif isinstance(block, Table):
            _table(doc, block)
        elif isinstance(block, Chart):
            _chart(doc, block, figure_numbers[block.key], data)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
