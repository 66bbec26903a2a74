"""Part 2 of a committee report: the appendix NOT FOR PUBLICATION (issue 18, item 4;
REFERENCE.md §1). Pure.

Each item cites the paragraph of Part 1 of Schedule 12A to the Local Government Act 1972 that
makes it exempt — 3 for financial information (the redundancy cost estimates), 4 for labour
relations (the proposed outcomes and the consultation), 5 for legal advice, or a record's own
paragraph — and the public-interest test says once per paragraph why the public interest in
keeping it exempt outweighs the public interest in disclosing it (Schedule 12A, Part 2,
paragraph 10): the reason of the first item under that paragraph (the officer's, else the
section's standard reason, else the record's own).
"""

from __future__ import annotations

from collections.abc import Iterable

from gemini.core.reporting import formatting as f
from gemini.core.reporting import registry as r
from gemini.core.reporting.blocks import Banner, Builder, Content, Document, header_block
from gemini.reports import sections as s

PARAGRAPH_NAMES = {
    1: "information relating to any individual",
    2: "information likely to reveal the identity of an individual",
    3: "information relating to the financial or business affairs of any particular person "
    "(including the authority)",
    4: "information relating to consultations or negotiations in connection with labour "
    "relations matters",
    5: "information in respect of which a claim to legal professional privilege could be "
    "maintained",
    6: "information revealing that the authority proposes to give a notice, order or direction "
    "under an enactment",
    7: "information relating to the prevention, investigation or prosecution of crime",
}
ACT = "Part 1 of Schedule 12A to the Local Government Act 1972"


def section_paragraph(content: Content, section: r.Section) -> tuple[int | None, str]:
    """A Part 2 section's own paragraph and reason: the officer's, else the section's."""
    stored = content.part2_sections.get(section.key, {})
    paragraph = stored.get("paragraph") or section.paragraph
    reason = str(stored.get("reason") or section.reason)
    return (int(paragraph) if paragraph else None), reason


def part2_paragraphs(content: Content) -> dict[int, str]:
    """The Schedule 12A paragraphs of what the Part 2 appendix holds, each with its one
    public-interest reason, in paragraph order."""
    found: dict[int, str] = {}
    for section in s.part_2_sections():
        if not s.has_body(content, section):
            continue
        if section.exemptions is not None:
            cited = section.exemptions(content)
        else:
            paragraph, reason = section_paragraph(content, section)
            cited = [(paragraph, reason)] if paragraph else []
        for paragraph, reason in cited:
            if not found.get(paragraph):
                found[paragraph] = reason.strip()
    return dict(sorted(found.items()))


def by_virtue(paragraphs: Iterable[int]) -> str:
    numbers = [str(p) for p in paragraphs]
    word = "paragraph" if len(numbers) == 1 else "paragraphs"
    return f"By virtue of {word} {f.join(numbers)} of {ACT}."


def build_part_2(content: Content) -> Document:
    h = content.header
    paragraphs = part2_paragraphs(content)
    b = Builder()
    b.add(Banner("NOT FOR PUBLICATION"))
    b.add(header_block(content, 2))
    b.heading(h["part2_title"])
    if not paragraphs:
        b.para("This report has no exempt (Part 2) information.")
        return Document(2, h["part2_title"], "NOT FOR PUBLICATION", tuple(b.blocks))
    b.para(f"NOT FOR PUBLICATION: {by_virtue(paragraphs)}")
    b.heading("Public interest test", 2)
    for paragraph, reason in paragraphs.items():
        b.para(
            f"Paragraph {paragraph} ({PARAGRAPH_NAMES[paragraph]}): "
            + (reason or "no public-interest reason has been recorded.")
        )
    for section in s.part_2_sections():
        if not s.has_body(content, section):
            continue
        own, _ = section_paragraph(content, section)
        cited = f" (paragraph {own})" if section.exemptions is None and own else ""
        b.heading(f"{section.title}{cited}", 2)
        s.write_body(b, content, section)
    return Document(2, h["part2_title"], "NOT FOR PUBLICATION", tuple(b.blocks))


def register() -> None:
    r.register_section(
        r.Section(
            "part2_legal",
            "Legal implications",
            10,
            part=2,
            paragraph=5,
            reason=(
                "The appendix contains legal advice to the Council; the public interest in "
                "maintaining legal professional privilege, so that the Council can take full "
                "and frank advice, outweighs the public interest in disclosure."
            ),
            hint="Legal advice to the Council (exempt under paragraph 5: legal professional "
            "privilege).",
        )
    )
