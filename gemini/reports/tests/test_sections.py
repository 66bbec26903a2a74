"""Report sections come from the apps through one registry (issue 17, item 3): the ordered
list drives the edit page and the document alike, so a section registered once is printed and
offered for narrative, in its place."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from gemini.core.reporting import registry as r
from gemini.core.reporting.blocks import Builder, Content
from gemini.reports import document as d
from gemini.reports import sections as s
from gemini.reports.forms import ReportForm
from gemini.reports.tests.test_document import content, headings


def _digital_inclusion(b: Builder, report: Content, key: str) -> None:
    b.para(f"Figures for {key}: {len(report.data['status']['workstreams'])} workstream.")


@pytest.fixture
def registered() -> Iterator[r.Section]:
    section = r.register_section(
        r.Section(
            "digital_inclusion",
            "Digital Inclusion",
            185,
            figures=("status",),
            render=_digital_inclusion,
            group=s.IMPLICATIONS,
        )
    )
    yield section
    r.unregister_section(section.key)


def test_a_registered_section_is_printed_in_its_place_with_its_figures(registered):
    document = d.build_part_1(content({"digital_inclusion": "Officer's words."}))
    text = document.text()

    assert "Digital Inclusion" in text
    assert "Figures for digital_inclusion: 1 workstream." in text
    assert "Officer's words." in text
    level_2 = [b.text for b in document.blocks if isinstance(b, d.Heading) and b.level == 2]
    assert level_2.index("Digital Inclusion") == level_2.index("Public Health") + 1


def test_a_registered_section_is_offered_on_the_edit_page_in_the_same_order(registered):
    form = ReportForm(workstreams=[("technical", "Technical")])
    fields = [bound.label for bound in form.section_fields()]
    document = d.build_part_1(content())
    printed = [
        b.text for b in document.blocks if isinstance(b, d.Heading) and b.text in set(fields)
    ]

    assert "Digital Inclusion" in fields
    assert fields == printed  # one list, one order


def test_the_programmes_workstreams_take_the_place_of_the_workstreams_section():
    found = s.part_1_sections([("a", "Alpha"), ("b", "Beta phase")])
    keys = [section.key for section in found]

    assert r.WORKSTREAMS not in keys
    assert keys[keys.index("benefits") + 1 : keys.index("benefits") + 3] == [
        "workstream:a",
        "workstream:b",
    ]
    assert found[keys.index("workstream:b")].title == "Beta phase"


def test_two_sections_may_not_take_one_place():
    with pytest.raises(r.RegistryError):
        r.register_section(r.Section("another_purpose", "Another", 10))
    assert r.section("another_purpose") is None


def test_the_apps_contribute_their_figures_to_the_executive_summary():
    contributed = r.contributions("executive_summary")

    assert [c.figures for c in contributed] == [
        ("status",),
        ("migration",),
        ("workforce",),
        ("finance",),
    ]
    assert {f.key for f in r.figures(1)} >= {"status", "finance", "migration", "workforce"}
    assert headings(d.build_part_1(content()))[1] == "Executive Summary"
