"""Part 1 of a committee report: the public report, its sections in the order of
`sections.part_1_sections`, each with the officer's words and the figures its app writes.
Pure.

The sections that are the officer's words only are registered here (`register`), with the
Recommendations, Access to Information and the optional appendix of what changed since the
last report to the committee (issue 18, item 8).
"""

from __future__ import annotations

from gemini.core.reporting import formatting as f
from gemini.core.reporting import registry as r
from gemini.core.reporting.blocks import (
    Banner,
    Builder,
    Content,
    Document,
    Paragraph,
    Recommendations,
    Table,
    header_block,
)
from gemini.reports import sections as s
from gemini.reports.part_2 import by_virtue, part2_paragraphs

CHANGES_TITLE = "Changes since the last report to this committee"


def build_part_1(content: Content) -> Document:
    h = content.header
    b = Builder()
    b.add(Banner("OPEN"))
    b.add(header_block(content, 1))
    paragraphs = part2_paragraphs(content)
    if paragraphs:
        b.add(Paragraph(f"{h['part2_title']} – NOT FOR PUBLICATION: {by_virtue(paragraphs)}"))
    group = ""
    for section in s.part_1_sections(content.workstreams):
        if section.key == "changes" and content.changes is None:
            continue
        if section.group != group:
            group = section.group
            if group:
                b.heading(group)
        b.heading(section.title, 2 if section.group else 1)
        s.write_body(b, content, section)
    return Document(1, h["title"], "OPEN", tuple(b.blocks))


def appendices(content: Content) -> list[str]:
    out = []
    if part2_paragraphs(content):
        out.append(content.header["part2_title"])
    if content.changes is not None:
        out.append(CHANGES_TITLE)
    return out


# ---------------------------------------------------------------- this app's sections


def _recommendations(b: Builder, content: Content, key: str) -> None:
    if content.recommendations:
        b.add(
            Recommendations(
                f"The {content.header['committee']} is recommended:", content.recommendations
            )
        )
    else:
        b.para("There are no recommendations: this report is for information.")


def _legal(b: Builder, content: Content, key: str) -> None:
    if part2_paragraphs(content):
        b.para(
            f"Members are asked to refer to {content.header['part2_title']} for the legal "
            "advice, which is not for publication.",
            from_data=True,
        )


def _access(b: Builder, content: Content, key: str) -> None:
    h = content.header
    contact = " ".join(x for x in (h["contact_name"], h["contact_details"]) if x)
    papers = [line for line in h["background_papers"] if line.strip()]
    listed = appendices(content)
    b.add(
        Table(
            ("", ""),
            (
                ("Contact Officer:", contact or "Not given"),
                ("Appendices:", "\n".join(listed) if listed else "None"),
                ("Background Papers:", "\n".join(papers) if papers else "None"),
            ),
        )
    )


CHANGE_WORDS = {"added": "Added", "removed": "Removed", "changed": "Changed"}


def _changes(b: Builder, content: Content, key: str) -> None:
    changes = content.changes or {}
    if not changes.get("report"):
        b.para(
            "There is no earlier issued report to this committee to compare this report with.",
            from_data=True,
        )
        return
    b.para(
        f"What has changed in this report since {changes['report']}, the report to the "
        f"meeting of {f.long_date(changes['meeting'])} (issued on "
        f"{f.long_date(changes['issued'])}), section by section. Paragraph numbers are left "
        "out, as they move with every edit.",
        from_data=True,
    )
    if not changes["sections"]:
        b.para("Nothing has changed.", from_data=True)
        return
    for section, lines in changes["sections"]:
        b.para(f"{section}:", from_data=True)
        b.bullets(
            [
                f"{CHANGE_WORDS[change]}: “{after}” (was “{before}”)"
                if change == "changed"
                else f"{CHANGE_WORDS[change]}: “{before or after}”"
                for change, before, after in lines
            ],
            from_data=True,
        )


def register() -> None:
    implications = s.IMPLICATIONS
    for section in (
        r.Section(
            "purpose",
            "Purpose of Report",
            10,
            hint="Why the report comes to this meeting and how it serves the Corporate Plan.",
        ),
        r.Section(
            "executive_summary",
            "Executive Summary",
            20,
            hint="The headlines. Gemini writes the overall status, the migration, workforce and "
            "finance figures before your text.",
        ),
        r.Section(
            "recommendations", "Recommendations", 30, render=_recommendations, narrative=False
        ),
        r.Section("consultation", "Consultation and Engagement", 70),
        r.Section(
            "reasons",
            "Reasons for Recommendations",
            80,
            hint="A reason for each recommendation, in the same order: one paragraph or "
            "lettered point each.",
        ),
        r.Section("other_options", "Other Options Considered", 90),
        r.Section(
            "legal",
            "Monitoring Officer/Legal",
            100,
            render=_legal,
            narrative_first=True,
            group=implications,
            hint="A public summary of the legal basis (such as consultation under TULRCA s188, "
            "TUPE or COSOP, and any delegation the recommendations seek). Legal advice goes in "
            "the Part 2 section below; Gemini adds the reference to it.",
        ),
        r.Section("policy", "Policy", 120, group=implications),
        r.Section("equality", "Equality, Diversity and Inclusion", 130, group=implications),
        r.Section(
            "human_resources",
            "Human Resources",
            140,
            group=implications,
            hint="Numbers only in Part 1: never names, pay or consultation detail.",
        ),
        r.Section("rural", "Rural Communities", 160, group=implications),
        r.Section(
            "children",
            "Children and Young People including Cared for Children, care leavers and "
            "Children with special educational needs and disabilities (SEND)",
            170,
            group=implications,
        ),
        r.Section("public_health", "Public Health", 180, group=implications),
        r.Section("climate", "Climate Change", 190, group=implications),
        r.Section("access", "Access to Information", 200, render=_access, narrative=False),
        r.Section("changes", CHANGES_TITLE, 210, render=_changes, narrative=False),
    ):
        r.register_section(section)
