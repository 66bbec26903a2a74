"""What changed between two committee reports: a draft against the last one issued to the same
body. Pure: compares the built documents section by section, in the reader's own words, so a
new figure, a changed status and an edited paragraph all show the same way.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Line:
    change: str  # "added", "removed" or "changed"
    before: str
    after: str


@dataclass(frozen=True)
class SectionChanges:
    section: str
    lines: tuple[Line, ...]


def _sections(document: Document) -> dict[str, list[str]]:
    """Each section's lines of text (paragraph numbers left out: they move with every edit)."""
    out: dict[str, list[str]] = {}
    top = "Header"
    current = top
    for block in document.blocks:
        if isinstance(block, Heading):
            if block.level == 1:
                top = current = block.text
            else:
                current = f"{top} › {block.text}"
            out.setdefault(current, [])
            continue
        lines = out.setdefault(current, [])
        if isinstance(block, Banner | Chart):
            continue
        if isinstance(block, HeaderBlock):
            lines += [block.committee, block.date, block.title]
            lines += [f"{label} {value}" for label, value in block.rows]
        elif isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Bullets):
            lines += [f"• {item}" for item in block.items]
        elif isinstance(block, Recommendations):
            lines += [f"{n}. {item}" for n, item in enumerate(block.items, start=1)]
        elif isinstance(block, Table):
            lines += [" | ".join(row) for row in block.rows]
    return out


def _words(text: str) -> list[str]:
    return re.findall(r"\S+", text)


def compare(before: Document, after: Document) -> list[SectionChanges]:
    """The sections whose text differs, with the lines added, removed or changed."""
    old, new = _sections(before), _sections(after)
    order = list(new) + [name for name in old if name not in new]
    result = []
    for name in order:
        a, b = old.get(name, []), new.get(name, [])
        if a == b:
            continue
        lines: list[Line] = []
        matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            removed, added = a[i1:i2], b[j1:j2]
            paired = min(len(removed), len(added)) if tag == "replace" else 0
            lines += [Line("changed", removed[k], added[k]) for k in range(paired)]
            lines += [Line("removed", text, "") for text in removed[paired:]]
            lines += [Line("added", "", text) for text in added[paired:]]
        result.append(SectionChanges(name, tuple(lines)))
    return result


def changed_words(line: Line) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """The words of a changed line, each marked True where it differs (for highlighting)."""
    a, b = _words(line.before), _words(line.after)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    before: list[tuple[str, bool]] = []
    after: list[tuple[str, bool]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        before += [(word, tag != "equal") for word in a[i1:i2]]
        after += [(word, tag != "equal") for word in b[j1:j2]]
    return before, after
