"""Part 2 of a committee report: the appendix NOT FOR PUBLICATION, with the Schedule 12A
paragraphs of everything in it and their public-interest reasons (REFERENCE.md §1). Pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from gemini.reports import formatting as f
from gemini.reports import sections as s
from gemini.reports.blocks import Banner, Builder, Content, Document, Table, header_block

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


def part2_paragraphs(content: Content) -> dict[int, list[str]]:
    """The Schedule 12A paragraphs of the Part 2 appendix, each with its reasons."""
    found: dict[int, list[str]] = {}

    def add(paragraph: int | None, reason: str) -> None:
        if paragraph is None:
            return
        reasons = found.setdefault(int(paragraph), [])
        if reason and reason not in reasons:
            reasons.append(reason)

    for section in s.PART_2:
        stored = content.part2_sections.get(section.key, {})
        if stored.get("text", "").strip():
            add(
                stored.get("paragraph") or section.paragraph, stored.get("reason") or section.reason
            )
    part2 = content.data["part2"]
    for kind in ("risks", "issues", "decisions", "papers"):
        for record in part2[kind]:
            add(record["paragraph"], record["reason"])
    if part2["workforce"] is not None:
        section = s.PART_2_BY_KEY["part2_workforce"]
        stored = content.part2_sections.get(section.key, {})
        add(stored.get("paragraph") or section.paragraph, stored.get("reason") or section.reason)
    return dict(sorted(found.items()))


def by_virtue(paragraphs: Iterable[int]) -> str:
    numbers = [str(p) for p in paragraphs]
    word = "paragraph" if len(numbers) == 1 else "paragraphs"
    return f"By virtue of {word} {f.join(numbers)} of {ACT}."


# ---------------------------------------------------------------- Part 2


def build_part_2(content: Content) -> Document:
    h = content.header
    part2 = content.data["part2"]
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
    for paragraph, reasons in paragraphs.items():
        b.para(
            f"Paragraph {paragraph} ({PARAGRAPH_NAMES[paragraph]}): "
            + (" ".join(reasons) if reasons else "no reason recorded.")
        )
    for section in s.PART_2:
        stored = content.part2_sections.get(section.key, {})
        text = stored.get("text", "")
        workforce = part2["workforce"] if section.key == "part2_workforce" else None
        if not text.strip() and workforce is None:
            continue
        b.heading(section.title, 2)
        b.narrative(text)
        if workforce is not None:
            _workforce_part2(b, workforce)
    if part2["risks"]:
        b.heading("Exempt risks", 2)
        for r in part2["risks"]:
            b.para(
                f"{r['reference']} {r['title']} (paragraph {r['paragraph']}): because of "
                f"{r['cause'] or '…'}, there is a risk that {r['event'] or '…'}, which would "
                f"lead to {r['effect'] or '…'}. Current score {r['score']} ({r['band']}), "
                f"target {r['target_score']}; response {r['response']}; owner {r['owner']}.",
                from_data=True,
            )
    if part2["issues"]:
        b.heading("Exempt issues", 2)
        for i in part2["issues"]:
            resolution = f" Resolution: {i['resolution']}" if i["resolution"] else ""
            b.para(
                f"{i['reference']} {i['title']} ({i['priority']} priority, paragraph "
                f"{i['paragraph']}). {i['description']}{resolution}",
                from_data=True,
            )
    if part2["decisions"]:
        b.heading("Exempt decisions", 2)
        for d in part2["decisions"]:
            b.para(
                f"{d['reference']} {d['title']} ({f.short_date(d['date'])}, paragraph "
                f"{d['paragraph']}). {d['resolution']}",
                from_data=True,
            )
    return Document(2, h["part2_title"], "NOT FOR PUBLICATION", tuple(b.blocks))


def _workforce_part2(b: Builder, workforce: Mapping[str, Any]) -> None:
    b.para(
        f"Matching run {workforce['run']} ({f.short_date(workforce['run_date'])}) proposes "
        f"outcomes for {f.count(workforce['staff'])} staff against {f.count(workforce['posts'])} "
        f"posts, in {workforce['pools']} pools; {workforce['decided']} outcomes have been "
        "confirmed or changed by HR so far. The outcomes are proposals: a named HR officer "
        "confirms or overrides each one.",
        from_data=True,
    )
    b.add(
        Table(
            ("Proposed outcome", "People"),
            tuple((label, f.count(n)) for label, n in workforce["outcomes"]),
            "Proposed outcomes (no names)",
        )
    )
    costs = workforce["costs"]
    if costs:
        b.para(
            f"Estimated redundancy costs for the {costs['people']} people at risk: statutory "
            f"{f.pounds(costs['statutory'])}, with discretionary compensation "
            f"{f.pounds(costs['discretionary'])}; {costs['pension_flags']} may take an "
            "immediate unreduced pension (strain cost from the pension fund's actuary).",
            from_data=True,
        )
    else:
        b.para(
            f"Redundancy cost totals are not shown: fewer than {workforce['minimum']} people "
            "are at risk, so a total would reveal someone's pay.",
            from_data=True,
        )
    b.para("Consultation timetable:", from_data=True)
    b.bullets(workforce["timetable"], from_data=True)
