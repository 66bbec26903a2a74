"""The building blocks of a committee report: the blocks a document is made of, the content a
report is built from, the officer's narrative split into paragraphs and bullets, and the
builder that numbers paragraphs through the report. Pure: no Django, no files.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from gemini.core.reporting import formatting as f

# ---------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Banner:
    text: str


@dataclass(frozen=True)
class HeaderBlock:
    committee: str
    date: str
    title: str
    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str
    number: int | None = None
    from_data: bool = False


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    from_data: bool = False
    lettered: bool = False  # items that carry their own "(a)", "(b)": no bullet is drawn


@dataclass(frozen=True)
class Recommendations:
    intro: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""


@dataclass(frozen=True)
class Chart:
    key: str  # rag_history, heat_map, savings, migration (see charts.py)
    title: str


Block = Banner | HeaderBlock | Heading | Paragraph | Bullets | Recommendations | Table | Chart


@dataclass(frozen=True)
class Document:
    part: int
    title: str
    marking: str  # OPEN, or NOT FOR PUBLICATION
    blocks: tuple[Block, ...]

    def text(self) -> str:
        """Every word of the document, for tests and search."""
        out: list[str] = []
        for block in self.blocks:
            if isinstance(block, Banner):
                out.append(block.text)
            elif isinstance(block, HeaderBlock):
                out += [block.committee, block.date, block.title]
                out += [f"{k} {v}" for k, v in block.rows]
            elif isinstance(block, Heading | Paragraph):
                out.append(block.text)
            elif isinstance(block, Bullets):
                out += block.items
            elif isinstance(block, Recommendations):
                out += [block.intro, *block.items]
            elif isinstance(block, Table):
                out += [" ".join(block.headings), block.caption]
                out += [" ".join(row) for row in block.rows]
            elif isinstance(block, Chart):
                out.append(block.title)
        return "\n".join(out)


@dataclass(frozen=True)
class Content:
    """What a report is made from: the officer's words and the data (a snapshot's shape)."""

    header: Mapping[str, Any]
    narrative: Mapping[str, str]
    part2_sections: Mapping[str, Mapping[str, Any]]  # key -> {text, paragraph, reason}
    recommendations: tuple[str, ...]
    data: Mapping[str, Any]
    # What changed since the last report issued to the same body, when the officer chose the
    # appendix: {"report", "meeting", "issued", "sections": [[section, [[change, before,
    # after], ...]], ...]}, or {"report": None} when there is none to compare with.
    changes: Mapping[str, Any] | None = None

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> Content:
        return cls(
            value["header"],
            value["narrative"],
            value["part2_sections"],
            tuple(value["recommendations"]),
            value["data"],
            value.get("changes"),
        )

    def as_json(self) -> dict[str, Any]:
        out = {
            "header": dict(self.header),
            "narrative": dict(self.narrative),
            "part2_sections": {k: dict(v) for k, v in self.part2_sections.items()},
            "recommendations": list(self.recommendations),
            "data": dict(self.data),
        }
        if self.changes is not None:
            out["changes"] = dict(self.changes)
        return out

    @property
    def workstreams(self) -> list[tuple[str, str]]:
        return [(w["slug"], w["name"]) for w in self.data["status"]["workstreams"]]


# ---------------------------------------------------------------- narrative


def narrative_blocks(text: str) -> list[tuple[str, Any]]:
    """Split an officer's text into paragraphs (blank-line separated) and bullet lists
    (lines starting "- ", "• " or "(a) ")."""
    result: list[tuple[str, Any]] = []
    for chunk in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        if all(_is_bullet(line) for line in lines):
            result.append(("bullets", tuple(_strip_bullet(line) for line in lines)))
            continue
        paragraph: list[str] = []
        bullets: list[str] = []
        for line in lines:
            if _is_bullet(line) and paragraph:
                bullets.append(_strip_bullet(line))
            else:
                paragraph.append(line)
        result.append(("paragraph", " ".join(paragraph)))
        if bullets:
            result.append(("bullets", tuple(bullets)))
    return result


def _is_lettered(line: str) -> bool:
    return len(line) > 3 and line[0] == "(" and line[2] == ")" and line[1].isalpha()


def _is_bullet(line: str) -> bool:
    return line.startswith(("- ", "• ", "* ")) or _is_lettered(line)


def _strip_bullet(line: str) -> str:
    if line.startswith(("- ", "• ", "* ")):
        return line[2:].strip()
    return line


# ---------------------------------------------------------------- the builder


@dataclass
class Builder:
    blocks: list[Block] = field(default_factory=list)
    number: int = 0

    def heading(self, text: str, level: int = 1) -> None:
        self.blocks.append(Heading(text, level))

    def para(self, text: str, from_data: bool = False) -> None:
        self.number += 1
        self.blocks.append(Paragraph(text, self.number, from_data))

    def bullets(self, items: Iterable[str], from_data: bool = False) -> None:
        listed = tuple(items)
        if listed:
            lettered = all(_is_lettered(item) for item in listed)
            self.blocks.append(Bullets(listed, from_data, lettered))

    def narrative(self, text: str) -> None:
        for kind, value in narrative_blocks(text):
            if kind == "paragraph":
                self.para(value)
            else:
                self.bullets(value)

    def add(self, block: Block) -> None:
        self.blocks.append(block)


def header_block(content: Content, part: int) -> HeaderBlock:
    h = content.header
    rows = [
        ("Report of:", h["report_of"]),
        ("Report Reference No:", h["reference"] if part == 1 else f"{h['reference']} Appendix"),
        ("Ward(s) Affected:", h["wards"]),
    ]
    if part == 1:
        rows.append(("For Decision or Scrutiny:", h["purpose"].upper()))
    rows.append(("Figures as at:", f.long_date(h["data_as_at"])))
    return HeaderBlock(h["committee"], f.long_date(h["date"]), h["title"], tuple(rows))
