"""The registry of a committee report's sections (issue 17, item 3; docs/reports.md,
"Sections"): as importers (`core.importing.register`), demo loaders (`AppConfig.demo`) and API
routers (`<app>.api.router`) are, report sections are contributed by the apps.

- `Figures`: what an app reads for a report, as plain JSON-safe data, as it stood at the end of
  the report's date (`Scope.as_at`). The snapshot keeps it under its key (`data[key]`, or
  `data["part2"][key]` for Part 2), so an issued report keeps exactly what it showed.
- `Section`: a heading of the report in its place (`order`), the figures it reads and the
  renderer that writes them (paragraphs, tables, charts) into the document, and whether an
  officer writes narrative for it on the edit page. Part 2 sections carry their Schedule 12A
  paragraph and public-interest reason.
- `Contribution`: another app's paragraphs in a section it does not own (a headline in the
  Executive Summary, a domain's figures in its workstream's section).

An app registers in its `AppConfig.ready` (importing its `report.py`); `gemini.reports.sections`
lists what is registered, in order, for the edit page and the document alike. Adding a
section is one `register_section` call.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gemini.core.reporting.blocks import Builder, Content

WORKSTREAMS = "workstreams"  # the place of the per-workstream sections
EVERY_WORKSTREAM = "workstream:*"


@dataclass(frozen=True)
class Scope:
    """What a figures function is asked for: the programme and meeting the report is for
    (models, passed through untyped so core imports no app) and the day it is as at."""

    programme: Any
    meeting: Any
    as_at: dt.date


Renderer = Callable[[Builder, Content, str], None]  # (builder, content, section key)
Reader = Callable[[Scope], Any]
Exemptions = Callable[[Content], list[tuple[int, str]]]  # (paragraph, reason) of its records


@dataclass(frozen=True)
class Figures:
    key: str
    read: Reader
    part: int = 1


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    order: int
    part: int = 1
    figures: tuple[str, ...] = ()
    render: Renderer | None = None
    hint: str = ""
    group: str = ""  # a heading the section sits under ("Implications and Comments")
    narrative: bool = True  # the officer writes text for it on the edit page
    narrative_first: bool = False  # the officer's text before the figures (else after)
    paragraph: int | None = None  # Part 2: its Schedule 12A paragraph
    reason: str = ""  # Part 2: its default public-interest reason
    exemptions: Exemptions | None = None  # Part 2: the paragraphs of the records it lists


@dataclass(frozen=True)
class Contribution:
    section: str  # a section key; "workstream:*" for every workstream, "workstream:<slug>"
    render: Renderer
    figures: tuple[str, ...] = ()
    order: int = 50  # within the section; the section's own renderer is at 0


_FIGURES: dict[tuple[int, str], Figures] = {}
_SECTIONS: dict[str, Section] = {}
_CONTRIBUTIONS: list[Contribution] = []


class RegistryError(ValueError):
    """Two registrations claim one key or place: a programming error, caught at start-up."""


def register_figures(figures: Figures) -> Figures:
    known = _FIGURES.get((figures.part, figures.key))
    if known is not None and known.read is not figures.read:
        raise RegistryError(f"Report figures {figures.key!r} are registered twice.")
    _FIGURES[(figures.part, figures.key)] = figures
    return figures


def register_section(section: Section) -> Section:
    known = _SECTIONS.get(section.key)
    if known is not None and known != section:
        raise RegistryError(f"Report section {section.key!r} is registered twice.")
    clash = [
        s.key
        for s in _SECTIONS.values()
        if s.key != section.key and s.part == section.part and s.order == section.order
    ]
    if clash:
        raise RegistryError(
            f"Report section {section.key!r} takes the place ({section.order}) of {clash[0]!r}."
        )
    _SECTIONS[section.key] = section
    return section


def contribute(contribution: Contribution) -> Contribution:
    if contribution not in _CONTRIBUTIONS:
        _CONTRIBUTIONS.append(contribution)
    return contribution


def unregister_section(key: str) -> None:
    """Take a section out again (tests that register one of their own)."""
    _SECTIONS.pop(key, None)


def figures(part: int) -> list[Figures]:
    return sorted((f for (p, _), f in _FIGURES.items() if p == part), key=lambda f: f.key)


def sections(part: int) -> list[Section]:
    return sorted((s for s in _SECTIONS.values() if s.part == part), key=lambda s: s.order)


def section(key: str) -> Section | None:
    return _SECTIONS.get(key)


def contributions(key: str) -> list[Contribution]:
    """The contributions to section `key`, in order (a workstream's: those for every
    workstream and those for its slug)."""
    keys = {key}
    if key.startswith("workstream:"):
        keys.add(EVERY_WORKSTREAM)
    return sorted((c for c in _CONTRIBUTIONS if c.section in keys), key=lambda c: c.order)
