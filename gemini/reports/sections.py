"""The sections of a committee report, in order: the single list that drives both the edit page
(a narrative field per section that takes one) and the document (issue 17, item 3;
docs/reports.md, "Sections").

The apps register their sections, contributions and figures (gemini.core.reporting.registry)
in their `AppConfig.ready`: the programme its status, benefits, risks and exempt records;
finance, migration, workforce and hosting their figures; this app the sections that are the
officer's words only (Purpose, Consultation, Policy, …), the Recommendations, Access to
Information and the appendix of changes. Each section's `order` puts it in the seed report's
own order (REFERENCE.md §1, "Committee report sections"). The programme's workstreams take the
place of the `workstreams` section, one section each, so another programme gets its own.
"""

from __future__ import annotations

from dataclasses import replace

from gemini.core.reporting import registry as r
from gemini.core.reporting.blocks import Builder, Content

IMPLICATIONS = "Implications and Comments"


def workstream_key(slug: str) -> str:
    return f"workstream:{slug}"


def workstream_section(slug: str, name: str, order: int = 0) -> r.Section:
    title = (
        name if "workstream" in name.lower() or "phase" in name.lower() else f"{name} Workstream"
    )
    return r.Section(
        workstream_key(slug),
        title,
        order,
        hint="Progress in the reporting period. Gemini adds the workstream's status, its "
        "figures and its next milestones.",
    )


def part_1_sections(workstreams: list[tuple[str, str]]) -> tuple[r.Section, ...]:
    """Every Part 1 section in order, with one section per (slug, name) workstream in the
    place of the `workstreams` section."""
    out: list[r.Section] = []
    for section in r.sections(1):
        if section.key == r.WORKSTREAMS:
            out += [workstream_section(slug, name, section.order) for slug, name in workstreams]
        else:
            out.append(section)
    return tuple(out)


def part_2_sections() -> tuple[r.Section, ...]:
    return tuple(r.sections(2))


def narrative_sections(workstreams: list[tuple[str, str]]) -> tuple[r.Section, ...]:
    """The Part 1 sections an officer writes text for (the edit page's fields)."""
    return tuple(s for s in part_1_sections(workstreams) if s.narrative)


def part_2_narrative_sections() -> tuple[r.Section, ...]:
    return tuple(s for s in part_2_sections() if s.narrative)


def part_2_section(key: str) -> r.Section | None:
    section = r.section(key)
    return section if section is not None and section.part == 2 else None


def text_of(content: Content, section: r.Section) -> str:
    if section.part == 2:
        return str(content.part2_sections.get(section.key, {}).get("text", ""))
    return content.narrative.get(section.key, "")


def write_body(b: Builder, content: Content, section: r.Section) -> None:
    """A section's body: the officer's text, its own figures and the other apps'
    contributions (the text first or last, as the section says)."""
    text = text_of(content, section) if section.narrative else ""
    if section.narrative_first:
        b.narrative(text)
    if section.render is not None:
        section.render(b, content, section.key)
    for contribution in r.contributions(section.key):
        contribution.render(b, content, section.key)
    if not section.narrative_first:
        b.narrative(text)


def has_body(content: Content, section: r.Section) -> bool:
    """True when the section writes anything: text, or figures (a trial run, pure)."""
    trial = Builder()
    write_body(trial, content, section)
    return bool(trial.blocks)


def without_changes(content: Content) -> Content:
    return replace(content, changes=None)
