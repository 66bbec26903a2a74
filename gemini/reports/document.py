"""The committee report as a list of blocks, built from the report's content (header, narrative,
recommendations) and its data snapshot. Pure: no Django, no files.

Word, PDF and the browser preview all draw the same blocks, so a paragraph has the same number
in each. Paragraphs are numbered through the report (REFERENCE.md §1); recommendations are
numbered on their own, as in the seed. Headings, tables and charts are not numbered.

Part 1 reads everything but `data["part2"]` and the Part 2 sections; Part 2 reads only those,
and names the Schedule 12A paragraphs and the public-interest reasons.
"""

from __future__ import annotations

from gemini.core.reporting.blocks import (
    Banner,
    Block,
    Bullets,
    Chart,
    Content,
    Document,
    HeaderBlock,
    Heading,
    Paragraph,
    Recommendations,
    Table,
    narrative_blocks,
)
from gemini.reports.part_1 import build_part_1
from gemini.reports.part_2 import build_part_2, part2_paragraphs

__all__ = [
    "Banner",
    "Block",
    "Bullets",
    "Chart",
    "Content",
    "Document",
    "HeaderBlock",
    "Heading",
    "Paragraph",
    "Recommendations",
    "Table",
    "build",
    "build_part_1",
    "build_part_2",
    "narrative_blocks",
    "part2_paragraphs",
]


def build(content: Content, part: int) -> Document:
    return build_part_1(content) if part == 1 else build_part_2(content)
