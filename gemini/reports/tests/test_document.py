"""The document builder (pure): sections in the seed's order, paragraphs numbered through the
report, Part 2 kept apart with its Schedule 12A paragraphs."""

from __future__ import annotations

import copy
from typing import Any

from gemini.reports import document as d


def data(**changes: Any) -> dict[str, Any]:
    """A snapshot with one workstream and nothing else (what gather gives a bare programme)."""
    base: dict[str, Any] = {
        "schema": 1,
        "as_at": "2025-02-06",
        "programme": {"name": "Gemini", "scale": ["Green", "Amber", "Red"]},
        "councils": {"CEC": "Cheshire East", "CWAC": "Cheshire West and Chester"},
        "status": {
            "workstreams": [
                {
                    "slug": "technical",
                    "name": "Technical",
                    "rating": "Green",
                    "date": "2025-01-31",
                    "narrative": "On track.",
                    "achievements": "",
                    "next_steps": "",
                    "history": [["2025-01-31", "Green"]],
                }
            ],
            "overall": None,
            "suggestion": {"rating": "Green", "rule": "worst"},
            "milestones": [],
        },
        "benefits": [],
        "savings_profile": {},
        "risks": {
            "matrix": {
                "levels": 5,
                "bands": [["Low", 1, 4, "#00703c"], ["High", 5, 25, "#d4351c"]],
                "likelihood_labels": [],
                "impact_labels": [],
                "appetite": None,
            },
            "open": 0,
            "top": [],
            "counts": [],
        },
        "finance": None,
        "migration": None,
        "workforce": None,
        "hosting": None,
        "part2": {"risks": [], "issues": [], "decisions": [], "papers": [], "workforce": None},
    }
    base.update(changes)
    return base


HEADER = {
    "committee": "Corporate Policy Committee",
    "body_short": "CPC",
    "date": "2025-02-06",
    "title": "ICT update",
    "report_of": "Director",
    "reference": "CPC/1/24-25",
    "wards": "All",
    "purpose": "Decision",
    "data_as_at": "2025-02-06",
    "contact_name": "Director of Digital",
    "contact_details": "",
    "background_papers": ["An earlier report"],
    "part2_title": "Appendix 1: Legal implications",
}


def content(
    narrative: dict[str, str] | None = None,
    part2_sections: dict[str, dict[str, Any]] | None = None,
    recommendations: tuple[str, ...] = ("To note the progress.", "To approve consultation."),
    **data_changes: Any,
) -> d.Content:
    return d.Content(
        HEADER, narrative or {}, part2_sections or {}, recommendations, data(**data_changes)
    )


def numbers(document: d.Document) -> list[int]:
    return [b.number for b in document.blocks if isinstance(b, d.Paragraph) and b.number]


def headings(document: d.Document) -> list[str]:
    return [b.text for b in document.blocks if isinstance(b, d.Heading) and b.level == 1]


def test_it_numbers_paragraphs_through_the_report_without_gaps():
    document = d.build_part_1(
        content({"purpose": "One.\n\nTwo.", "background": "Three.", "climate": "Last."})
    )
    found = numbers(document)
    assert found == list(range(1, len(found) + 1))
    assert len(found) > 5


def test_it_numbers_recommendations_on_their_own():
    document = d.build_part_1(content())
    recommendations = [b for b in document.blocks if isinstance(b, d.Recommendations)]
    assert recommendations[0].items == ("To note the progress.", "To approve consultation.")
    assert recommendations[0].intro == "The Corporate Policy Committee is recommended:"


def test_it_keeps_the_seed_order_of_sections():
    found = headings(d.build_part_1(content()))
    assert found[:5] == [
        "Purpose of Report",
        "Executive Summary",
        "Recommendations",
        "Background",
        "Benefits",
    ]
    assert found[5] == "Technical Workstream"
    assert found[-2:] == ["Implications and Comments", "Access to Information"]


def test_it_splits_narrative_into_paragraphs_and_bullets():
    blocks = d.narrative_blocks("First line\nsame paragraph.\n\n- one\n- two\n\n(a) a\n(b) b")
    assert blocks == [
        ("paragraph", "First line same paragraph."),
        ("bullets", ("one", "two")),
        ("bullets", ("(a) a", "(b) b")),
    ]


def test_it_says_plainly_when_an_app_has_no_data():
    text = d.build_part_1(content()).text()
    assert "No tenant migration figures have been recorded yet." in text
    assert "No overall status had been recorded for the programme by 6 February 2025." in text
    assert "No benefits have been recorded for the programme yet." in text
    assert "There are no open risks on the programme's register." in text


def test_a_report_without_exempt_content_has_no_appendix():
    part1 = d.build_part_1(content())
    part2 = d.build_part_2(content())
    assert "NOT FOR PUBLICATION" not in part1.text()
    assert "Appendices: None" in part1.text()
    assert "This report has no exempt (Part 2) information." in part2.text()


def test_part_2_names_its_paragraphs_and_part_1_names_the_appendix_only_by_title():
    exempt_risk = {
        "reference": "R9",
        "title": "SECRET negotiation position",
        "workstream": "Workforce",
        "cause": "c",
        "event": "e",
        "effect": "f",
        "owner": "o",
        "likelihood": 2,
        "impact": 4,
        "score": 8,
        "band": "High",
        "target_score": 4,
        "response": "Treat",
        "status": "Open",
        "paragraph": 4,
        "reason": "Negotiations are under way.",
    }
    part2_data = copy.deepcopy(data()["part2"])
    part2_data["risks"] = [exempt_risk]
    report = content(
        part2_sections={
            "part2_legal": {"text": "PRIVILEGED advice.", "paragraph": 5, "reason": "Advice."}
        },
        part2=part2_data,
    )
    part1, part2 = d.build_part_1(report).text(), d.build_part_2(report).text()
    assert "SECRET" not in part1
    assert "PRIVILEGED" not in part1
    assert (
        "Appendix 1: Legal implications – NOT FOR PUBLICATION: By virtue of paragraphs 4 and 5"
        in part1
    )
    assert "Members are asked to refer to Appendix 1: Legal implications for the legal" in part1
    assert "SECRET negotiation position" in part2
    assert "PRIVILEGED advice." in part2
    assert "By virtue of paragraphs 4 and 5 of Part 1 of Schedule 12A" in part2
    assert "Paragraph 4 (information relating to consultations" in part2
    assert "Negotiations are under way." in part2


def test_it_writes_the_seed_figures_from_the_data():
    finance = {
        "year": "2024/25",
        "review": "FR3",
        "as_of": "2024-12-31",
        "one_off_total": "5100000.00",
        "one_off_by_council": {"CEC": "2550000.00", "CWAC": "2550000.00"},
        "one_off_basis": "50:50",
        "savings_year": "2025/26",
        "savings_year_number": 3,
        "savings_target_by_council": {"CEC": "1470000.00", "CWAC": "1200000.00"},
        "savings_delivered_by_council": {"CEC": "0.00", "CWAC": "0.00"},
        "contract_savings": "500000.00",
        "forecast_variance": "0.00",
        "forecast_rag": "Green",
        "project_income_budget": "3600000.00",
        "project_income_forecast": "3600000.00",
        "planned_hours": "57000",
        "agency_reduction_percent": "29.2",
        "agency_start": 24,
        "agency_latest": 17,
        "agency_months": 10,
        "trajectory": [],
    }
    migration = {
        "moving": "Cheshire West and Chester",
        "source_tenant": "Our Cheshire",
        "target_tenant": "Cheshire West",
        "users": 3061,
        "devices": 3000,
        "phase_1": 3061,
        "phase_2": 3061,
        "percent_complete": "100.0",
        "waves": [],
    }
    text = " ".join(d.build_part_1(content(finance=finance, migration=migration)).text().split())
    for fact in (
        "migration of users and devices into the new environment is 100% complete (3,061 users",
        "Agency roles are down by over 25% since the start of the financial year",
        "balanced forecast at the third quarter (Financial Review 3)",
        "project income of £3.6m, which assumes 57,000 project hours",
        "one-off investment (a mix of capital and revenue) of £5.1m (£2.55m per council)",
        "£2.67m a year by year 3 (2025/26) for both councils: £1.47m Cheshire East and £1.2m "
        "Cheshire West and Chester",
        "Contract costs are expected to reduce by £0.5m.",
    ):
        assert fact in text, fact
