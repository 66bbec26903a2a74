"""The Word and PDF files as a reader, a printer and a screen reader meet them (issue 18,
items 5 to 7): A4; the marking once a page; "Page N of M"; real Word numbering; table headers
that repeat and rows that stay whole; headings, alt text and numbered figure captions; a tagged
PDF with its language and title."""

from __future__ import annotations

import io
import re
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm, Mm
from pypdf import PdfReader

from gemini.reports import charts, services
from gemini.reports import document as d
from gemini.reports.docx_writer import CHARACTER_CM, column_widths
from gemini.reports.tests.files import flat, pdf_text


def _word(draft: Any, part: int = 1) -> Any:
    return docx.Document(io.BytesIO(services.file_for(draft, part, "docx").content))


@pytest.mark.django_db
def test_the_word_file_is_a4_with_the_marking_once_a_page_in_the_header(draft):
    for part, marking in ((1, "OPEN"), (2, "NOT FOR PUBLICATION")):
        word = _word(draft, part)
        section = word.sections[0]

        assert abs(section.page_width - Mm(210)) < Mm(1)
        assert abs(section.page_height - Mm(297)) < Mm(1)
        assert Cm(1.9) < section.left_margin < Cm(2.6)
        assert not section.different_first_page_header_footer
        header = "\n".join(p.text for p in section.header.paragraphs)
        assert header.count(marking) == 1
        assert [p.text for p in word.paragraphs if p.text.strip() == marking] == []


@pytest.mark.django_db
def test_the_word_footer_says_page_n_of_m_from_fields(draft):
    footer = _word(draft).sections[0].footer.paragraphs[0]

    instructions = [i.text.strip() for i in footer._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert footer.text == "Page 1 of 1"  # the fields' values until Word lays the pages out


@pytest.mark.django_db
def test_numbered_paragraphs_carry_word_numbering_not_typed_numbers(draft):
    built = services.build(draft, 1)
    numbered = {b.text for b in built.blocks if isinstance(b, d.Paragraph) and b.number}
    word = _word(draft)

    numbering = word.part.numbering_part.element
    lists = {
        a.get(qn("w:abstractNumId"))
        for a in numbering.iterchildren(qn("w:abstractNum"))
        if a.find(f"{qn('w:lvl')}/{qn('w:numFmt')}").get(qn("w:val")) == "decimal"
        and a.find(f"{qn('w:lvl')}/{qn('w:lvlText')}").get(qn("w:val")) == "%1."
    }
    used = {
        num.find(qn("w:abstractNumId")).get(qn("w:val"))
        for num in numbering.iterchildren(qn("w:num"))
        if int(num.get(qn("w:numId"))) in _list_ids(word, numbered)
    }
    assert used
    assert used <= lists
    for paragraph in word.paragraphs:
        if paragraph.text in numbered:
            assert paragraph._p.pPr.numPr is not None, paragraph.text
    assert not [p.text for p in word.paragraphs if re.match(r"\d+\.\s", p.text)]


def _list_ids(word: Any, texts: set[str]) -> set[int]:
    return {
        p._p.pPr.numPr.numId.val
        for p in word.paragraphs
        if p.text in texts and p._p.pPr is not None and p._p.pPr.numPr is not None
    }


@pytest.mark.django_db
def test_the_paragraph_list_follows_the_blocks_numbers_in_order(draft):
    built = services.build(draft, 1)
    word = _word(draft)

    paragraph_numbers = [b.number for b in built.blocks if isinstance(b, d.Paragraph) and b.number]
    recommendation_lists = _list_ids(
        word, set(draft.recommendations.values_list("text", flat=True))
    )
    shown = []
    counted: dict[int, int] = {}
    starts = _starts(word)
    for paragraph in word.paragraphs:
        properties = paragraph._p.pPr
        if properties is None or properties.numPr is None or paragraph.style.name != "Normal":
            continue
        num_id = properties.numPr.numId.val
        counted[num_id] = counted.get(num_id, starts.get(num_id, 1) - 1) + 1
        if num_id not in recommendation_lists:
            shown.append(counted[num_id])

    assert shown == paragraph_numbers
    assert [counted[n] for n in sorted(recommendation_lists)] == [draft.recommendations.count()]


def _starts(word: Any) -> dict[int, int]:
    numbering = word.part.numbering_part.element
    out = {}
    for num in numbering.iterchildren(qn("w:num")):
        start = num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
        if start is not None:
            out[int(num.get(qn("w:numId")))] = int(start.get(qn("w:val")))
    return out


@pytest.mark.django_db
def test_every_table_repeats_its_header_row_and_never_splits_a_row(draft):
    built = services.build(draft, 1)
    tables = [b for b in built.blocks if isinstance(b, d.Table)]
    word = _word(draft)

    assert len(word.tables) == len(tables)
    for table, block in zip(word.tables, tables, strict=True):
        rows = table.rows
        for row in rows:
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None
        headed = [row._tr.trPr.find(qn("w:tblHeader")) is not None for row in rows]
        assert headed == [any(block.headings)] + [False] * (len(rows) - 1)
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "autofit"


def test_no_column_is_narrower_than_its_longest_word():
    headings = ("Ref", "Risk", "Current score", "Band", "Response", "Owner")
    rows = (
        (
            "R04",
            "End-of-life hosting environment with a long description " * 3,
            "15 (3 × 5)",
            "High",
            "Treat",
            "Phase 2 lead",
        ),
    ) * 5

    widths = column_widths(headings, rows, total_cm=17.0)

    assert sum(widths) == pytest.approx(17.0)
    longest = [
        max(len(w) for text in (h, *(r[i] for r in rows)) for w in text.split())
        for i, h in enumerate(headings)
    ]
    for width, letters in zip(widths, longest, strict=True):
        assert width >= letters * CHARACTER_CM
    assert widths[1] == max(widths)  # the prose gets the room


@pytest.mark.django_db
def test_headings_are_word_heading_styles(draft):
    built = services.build(draft, 1)
    word = _word(draft)

    styles = {p.text: p.style.name for p in word.paragraphs}
    header = next(b for b in built.blocks if isinstance(b, d.HeaderBlock))
    assert styles[header.title] == "Title"
    for block in built.blocks:
        if isinstance(block, d.Heading):
            assert styles[block.text] == f"Heading {block.level}"


@pytest.mark.django_db
def test_every_chart_in_word_has_alt_text_and_a_numbered_caption(draft):
    content = services.content_for(draft)
    built = d.build(content, 1)
    shown = [b for b in built.blocks if isinstance(b, d.Chart)]
    word = _word(draft)

    assert shown
    pictures = list(word.inline_shapes)
    assert len(pictures) == len(shown)
    for picture, block in zip(pictures, shown, strict=True):
        description = picture._inline.docPr.get("descr")
        assert description == charts.alt_text(block.key, content.data)
        assert len(description) > len(block.title)
    captions = [p for p in word.paragraphs if p.style.name == "Caption"]
    assert [p.text for p in captions] == [
        f"Figure {number}: {block.title}" for number, block in enumerate(shown, 1)
    ]
    assert all(
        "SEQ Figure" in "".join(i.text for i in p._p.iter(qn("w:instrText"))) for p in captions
    )


@pytest.mark.django_db
def test_the_pdf_is_tagged_with_its_language_title_headings_and_alt_text(draft):
    content = services.content_for(draft)
    built = d.build(content, 1)
    data = services.file_for(draft, 1, "pdf").content

    reader = PdfReader(io.BytesIO(data))
    root: Any = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en-GB"
    assert reader.metadata is not None
    assert reader.metadata.title == built.title
    kinds: dict[str, int] = {}
    alts: list[str] = []

    def walk(node: Any) -> None:
        node = node.get_object()
        kind = node.get("/S")
        if kind:
            kinds[kind] = kinds.get(kind, 0) + 1
        if kind == "/Figure":
            alts.append(str(node.get("/Alt")))
        children = node.get("/K")
        for child in children if isinstance(children, list) else [children]:
            child = child.get_object() if hasattr(child, "get_object") else child
            if hasattr(child, "get"):
                walk(child)

    walk(root["/StructTreeRoot"])
    assert kinds["/H1"] == 1
    assert kinds["/H2"] == sum(isinstance(b, d.Heading) and b.level == 1 for b in built.blocks)
    # A table that runs onto the next page is tagged once on each page.
    assert kinds["/Table"] >= sum(isinstance(b, d.Table) for b in built.blocks)
    assert kinds["/TH"] >= sum(len(b.headings) for b in built.blocks if isinstance(b, d.Table))
    shown = [b for b in built.blocks if isinstance(b, d.Chart)]
    assert alts == [charts.alt_text(b.key, content.data) for b in shown]
    text = flat(pdf_text(data))
    for number, block in enumerate(shown, 1):
        assert f"Figure {number}: {block.title}" in text


@pytest.mark.django_db
def test_the_preview_numbers_the_figures_as_the_files_do(draft, personas, client_for):
    from django.urls import reverse

    built = services.build(draft, 1)
    shown = [b for b in built.blocks if isinstance(b, d.Chart)]

    page = client_for(personas["pmo"]).get(reverse("reports:report", args=(draft.pk,)))

    for number, block in enumerate(shown, 1):
        assert f"<figcaption>Figure {number}: {block.title}</figcaption>" in page.content.decode()
