"""The sections of a committee report, in the seed report's own order (REFERENCE.md §1,
"Committee report sections"), and which of Gemini's data fills each one.

Pure data: no Django. A section has the officer's narrative (kept with the report, pre-filled
from the last report for the same body) and, for some, paragraphs, tables and charts written
from the data. Workstream sections are made from the programme's own workstreams, so another
programme gets its own; `WORKSTREAM_FIGURES` says which domain's figures go into which
workstream's section (a workstream not named there gets its status and narrative only).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    hint: str = ""
    group: str = ""  # a heading the section sits under ("Implications and Comments")
    part: int = 1
    paragraph: int | None = None  # the Schedule 12A paragraph of a Part 2 section
    reason: str = ""  # its default public-interest reason


BEFORE_WORKSTREAMS: tuple[Section, ...] = (
    Section(
        "purpose",
        "Purpose of Report",
        "Why the report comes to this meeting and how it serves the Corporate Plan.",
    ),
    Section(
        "executive_summary",
        "Executive Summary",
        "The headlines. Gemini writes the overall status, the migration, workforce and finance "
        "figures before your text.",
    ),
    Section(
        "background",
        "Background",
        "The decisions so far and the programme's history. Gemini adds the overall status and "
        "its reason.",
    ),
    Section(
        "benefits",
        "Benefits",
        "An introduction to the benefits. Gemini adds the benefits table and the savings.",
    ),
)

IMPLICATIONS = "Implications and Comments"

AFTER_WORKSTREAMS: tuple[Section, ...] = (
    Section("consultation", "Consultation and Engagement"),
    Section("reasons", "Reasons for Recommendations"),
    Section("other_options", "Other Options Considered"),
    Section(
        "legal",
        "Monitoring Officer/Legal",
        "Part 1 text only. Legal advice goes in the Part 2 section below.",
        group=IMPLICATIONS,
    ),
    Section(
        "finance_implications",
        "Section 151 Officer/Finance",
        "Gemini adds the one-off investment, its split and the savings before your text.",
        group=IMPLICATIONS,
    ),
    Section("policy", "Policy", group=IMPLICATIONS),
    Section("equality", "Equality, Diversity and Inclusion", group=IMPLICATIONS),
    Section(
        "human_resources",
        "Human Resources",
        "Numbers only in Part 1: never names, pay or consultation detail.",
        group=IMPLICATIONS,
    ),
    Section(
        "risk_management",
        "Risk Management",
        "Gemini adds the top risks and the heat map (public risks only).",
        group=IMPLICATIONS,
    ),
    Section("rural", "Rural Communities", group=IMPLICATIONS),
    Section(
        "children",
        "Children and Young People including Cared for Children, care leavers and Children "
        "with special educational needs and disabilities (SEND)",
        group=IMPLICATIONS,
    ),
    Section("public_health", "Public Health", group=IMPLICATIONS),
    Section("climate", "Climate Change", group=IMPLICATIONS),
)

PART_2: tuple[Section, ...] = (
    Section(
        "part2_legal",
        "Legal implications",
        "Legal advice to the Council (exempt under paragraph 5: legal professional privilege).",
        part=2,
        paragraph=5,
        reason=(
            "The appendix contains legal advice to the Council; the public interest in "
            "maintaining legal professional privilege outweighs the public interest in "
            "disclosure."
        ),
    ),
    Section(
        "part2_workforce",
        "Workforce: consultation and labour relations",
        "Detail of the proposed outcomes and negotiations (paragraph 4). Gemini adds the "
        "matching outcomes, redundancy cost totals and the consultation timetable.",
        part=2,
        paragraph=4,
        reason=(
            "Information relating to consultations or negotiations with the trade unions "
            "about the restructure; disclosure before consultation concludes would prejudice "
            "them."
        ),
    ),
)

# Which domain's figures go into which workstream's section, by workstream slug.
WORKSTREAM_FIGURES: dict[str, str] = {
    "technical": "migration",
    "workforce": "workforce",
    "finance": "finance",
    "phase-2": "hosting",
}


def workstream_key(slug: str) -> str:
    return f"workstream:{slug}"


def workstream_section(slug: str, name: str) -> Section:
    title = (
        name if "workstream" in name.lower() or "phase" in name.lower() else f"{name} Workstream"
    )
    return Section(
        workstream_key(slug),
        title,
        "Progress in the reporting period. Gemini adds the workstream's status and its figures.",
    )


def part_1_sections(workstreams: list[tuple[str, str]]) -> tuple[Section, ...]:
    """Every Part 1 section in order, with one section per (slug, name) workstream."""
    return (
        *BEFORE_WORKSTREAMS,
        *(workstream_section(slug, name) for slug, name in workstreams),
        *AFTER_WORKSTREAMS,
    )


PART_2_BY_KEY = {section.key: section for section in PART_2}
