"""Consistency checks run before a report is issued (issue 18, item 2; docs/reports.md,
"Checks before issue"). Pure: the report's content and its built documents in, failures out.

A failure blocks issue unless a named person overrides it with a reason, which is kept with the
report (`services.issue_report`).

- `placeholder`: placeholder or demo text ("[Demo text]", "[TBC]", "TBC", "XXX", lorem ipsum)
  anywhere in Part 1 or Part 2.
- `required`: the report's author (Report of), the contact officer's name, and an email address
  and a telephone number for them.
- `over`: "over N" (or "more than N") in a paragraph that gives the figure as exactly N.
- `milestone`: a milestone shown "On track" whose forecast is later than its baseline by more
  than the tolerance (a setting), with no actual date.
- `jdq`: text saying the job description questionnaires are complete or evaluated while the
  data has post records with draft JDQs.
- `repeated`: a paragraph, or a sentence of eight words or more, that says again what the same
  document already said (issue 18, item 3), whether the officer wrote it or Gemini did. The
  appendix of changes, which quotes the report, is left out.
- `reasons`: fewer reasons in Reasons for Recommendations (paragraphs or lettered points) than
  there are recommendations.
- `legal`: a report with a Part 2 appendix whose Monitoring Officer/Legal section gives no
  public summary of the legal basis.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from gemini.core.reporting.blocks import (
    Bullets,
    Content,
    Document,
    Heading,
    Paragraph,
    narrative_blocks,
)


@dataclass(frozen=True)
class Failure:
    code: str
    message: str

    def as_json(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


PLACEHOLDER = re.compile(
    r"\[\s*(demo text|tbc|tbd|to follow|insert[^\]]*|placeholder)\s*\]"
    r"|\bTBC\b|\bXXX+\b|lorem ipsum",
    re.IGNORECASE,
)
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", re.IGNORECASE)
PHONE = re.compile(r"(?:\+44\s?|0)(?:\d[\s-]?){9,10}\b")
NUMBER = r"£?\d[\d,]*(?:\.\d+)?(?:\s?(?:m|bn|k|million|billion))?"
OVER = re.compile(rf"\b(?:over|more than|in excess of|exceeding)\s+({NUMBER})", re.IGNORECASE)
SENTENCE = re.compile(r"(?<=[.!?])\s+")
JDQ_WORDS = re.compile(r"\b(JDQs?|job description questionnaires?)\b", re.IGNORECASE)
DONE_WORDS = re.compile(r"\b(complete[ds]?|evaluated|finali[sz]ed)\b", re.IGNORECASE)
NOT_DONE_WORDS = re.compile(
    r"\b(not|draft|remain(?:s|ing)?|outstanding|yet|some|most)\b", re.IGNORECASE
)


def run_checks(
    content: Content, documents: Sequence[Document], milestone_tolerance_days: int
) -> list[Failure]:
    """Every check's failures, in the order above."""
    texts = [document.text() for document in documents]
    return [
        *_placeholders(texts),
        *_required(content.header),
        *_over(texts),
        *_milestones(content.data, milestone_tolerance_days),
        *_jdqs(texts[0] if texts else "", content.data),
        *(failure for document in documents for failure in _repeated(document)),
        *_reasons(content),
        *_legal(content, documents),
    ]


CHANGES_HEADING = "Changes since the last report to this committee"
SHORTEST_SENTENCE = 8  # words: shorter sentences ("Nothing has changed.") may recur
SHORTEST_PARAGRAPH = 4  # words: a short lead-in ("Next milestones:") may recur


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w£%]+", " ", text.casefold()).split())


def _repeated(document: Document) -> list[Failure]:
    """Paragraphs and long sentences said twice in one document."""
    seen: dict[str, str] = {}
    failures: dict[str, Failure] = {}
    for block in document.blocks:
        if isinstance(block, Heading) and block.text == CHANGES_HEADING:
            break
        if isinstance(block, Paragraph):
            texts = [block.text]
        elif isinstance(block, Bullets):
            texts = list(block.items)
        else:
            continue
        for text in texts:
            whole = _key(text)
            if len(whole.split()) >= SHORTEST_PARAGRAPH and whole in seen:
                units = [text]  # the paragraph again: one failure, not one per sentence
            else:
                units = [text, *(x for x in SENTENCE.split(text) if x != text)]
            for unit in units:
                key = _key(unit)
                shortest = SHORTEST_PARAGRAPH if unit is text else SHORTEST_SENTENCE
                if len(key.split()) < shortest:
                    continue
                if key in seen:
                    failures.setdefault(
                        key,
                        Failure(
                            "repeated",
                            f"Part {document.part} says this twice: “{unit.strip()[:160]}”. "
                            "Keep it once.",
                        ),
                    )
                else:
                    seen[key] = unit
    return list(failures.values())


def _reasons(content: Content) -> list[Failure]:
    wanted = len(content.recommendations)
    given = sum(
        1 if kind == "paragraph" else len(value)
        for kind, value in narrative_blocks(content.narrative.get("reasons", ""))
    )
    if wanted and given < wanted:
        return [
            Failure(
                "reasons",
                f"Reasons for Recommendations gives {given} reasons for {wanted} "
                "recommendations: give a reason for each, in the same order.",
            )
        ]
    return []


def _legal(content: Content, documents: Sequence[Document]) -> list[Failure]:
    part_2 = [d for d in documents if d.part == 2]
    has_part_2 = any(
        isinstance(b, Heading) and b.level == 2 and b.text != "Public interest test"
        for d in part_2
        for b in d.blocks
    )
    if has_part_2 and not content.narrative.get("legal", "").strip():
        return [
            Failure(
                "legal",
                "The Monitoring Officer/Legal section is empty: give a public summary of the "
                "legal basis (the Part 2 appendix holds the advice itself).",
            )
        ]
    return []


def _placeholders(texts: Sequence[str]) -> list[Failure]:
    found: dict[str, None] = {}
    for text in texts:
        for match in PLACEHOLDER.finditer(text):
            found.setdefault(match.group(0))
    return [
        Failure("placeholder", f"Placeholder text “{text}” is still in the report: replace it.")
        for text in found
    ]


def _required(header: Mapping[str, Any]) -> list[Failure]:
    failures = []
    if not str(header.get("report_of", "")).strip():
        failures.append(Failure("required", "Say who the report is from (Report of)."))
    if not str(header.get("contact_name", "")).strip():
        failures.append(Failure("required", "Give the contact officer's name."))
    details = str(header.get("contact_details", ""))
    if not EMAIL.search(details):
        failures.append(Failure("required", "Give the contact officer's email address."))
    if not PHONE.search(details):
        failures.append(Failure("required", "Give the contact officer's telephone number."))
    return failures


def _normal(number: str) -> str:
    return re.sub(r"[\s,]", "", number.lower())


def _over(texts: Sequence[str]) -> list[Failure]:
    failures: dict[str, Failure] = {}
    for text in texts:
        for paragraph in text.split("\n"):
            claims = list(OVER.finditer(paragraph))
            if not claims:
                continue
            # "3,000+" says "over 3,000" too: only a bare figure contradicts the claim.
            figures = [
                _normal(m.group(0))
                for m in re.finditer(NUMBER, paragraph)
                if paragraph[m.end() : m.end() + 1] != "+"
            ]
            for claim in claims:
                value = _normal(claim.group(1))
                if figures.count(value) > sum(1 for c in claims if _normal(c.group(1)) == value):
                    said = claim.group(0)
                    failures.setdefault(
                        said,
                        Failure(
                            "over",
                            f"“{said}” where the figure given is {claim.group(1)}: say "
                            f"“{claim.group(1)}”, or give the larger figure (in “"
                            f"{paragraph.strip()[:160]}”).",
                        ),
                    )
    return list(failures.values())


def _milestones(data: Mapping[str, Any], tolerance_days: int) -> list[Failure]:
    failures = []
    for milestone in data.get("status", {}).get("milestones", []):
        if milestone.get("status") != "On track" or milestone.get("actual"):
            continue
        baseline, forecast = milestone.get("baseline"), milestone.get("forecast")
        if not baseline or not forecast:
            continue
        late = (dt.date.fromisoformat(forecast) - dt.date.fromisoformat(baseline)).days
        if late > tolerance_days:
            failures.append(
                Failure(
                    "milestone",
                    f"{milestone['reference']} “{milestone['title']}” is shown On track but its "
                    f"forecast ({dt.date.fromisoformat(forecast):%d/%m/%Y}) is {late} days after "
                    f"its baseline ({dt.date.fromisoformat(baseline):%d/%m/%Y}); the tolerance is "
                    f"{tolerance_days} days. Update its status or its forecast.",
                )
            )
    return failures


def _jdqs(part_1: str, data: Mapping[str, Any]) -> list[Failure]:
    workforce = data.get("workforce") or {}
    designs = workforce.get("designs") or []
    draft = sum(int(row[4]) for row in designs if len(row) > 5)
    records = sum(int(row[5]) for row in designs if len(row) > 5)
    if not draft:
        return []
    for sentence in SENTENCE.split(part_1.replace("\n", " ")):
        if (
            JDQ_WORDS.search(sentence)
            and DONE_WORDS.search(sentence)
            and not NOT_DONE_WORDS.search(sentence)
        ):
            return [
                Failure(
                    "jdq",
                    f"The text says the JDQs are complete (“{sentence.strip()[:120]}”) but "
                    f"{draft} of {records} post records' JDQs are draft.",
                )
            ]
    return []
