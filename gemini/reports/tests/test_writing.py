"""The report reads as a Democratic Services officer would publish it (issue 18, items 3 and
4): nothing said twice, counts agreeing with their nouns, money in £m or whole pounds, no
system wording, and a Part 2 that cites its Schedule 12A paragraph for each item, gives the
public-interest test once per paragraph and hides counts small enough to point at someone."""

from __future__ import annotations

import copy
from typing import Any

from gemini.core.reporting.blocks import Content, Document, Paragraph
from gemini.reports import checks
from gemini.reports import document as d
from gemini.reports.tests.test_document import HEADER, content, data


def _workforce(**costs: Any) -> dict[str, Any]:
    return {
        "run": 1,
        "run_date": "2025-01-20",
        "staff": 300,
        "posts": 332,
        "outcomes": [["Slot-in", 73], ["At risk", 30], ["Not yet decided", "<5"]],
        "pools": 9,
        "decided": "<5",  # as the workforce figures give it: suppressed below the minimum
        "minimum": 5,
        "costs": {
            "people": 30,
            "statutory": "253577.95",
            "discretionary": "455606.24",
            "pension_flags": "<5",
            "ring_fence_surplus": 23,
            "range_shown": True,
            "statutory_low": "352081.10",
            "statutory_high": "643635.49",
            "discretionary_low": "709816.00",
            "discretionary_high": "1450414.00",
            "strain_known": None,
            "strain_known_people": 0,
            "strain_not_known": "<5",
            **costs,
        },
        "timetable": ["125 proposed redundancies: collective consultation (TULRCA s188)."],
        "first_dismissal": "2025-06-30",
    }


def _exempt_risk(reference: str, reason: str) -> dict[str, Any]:
    return {
        "reference": reference,
        "title": f"Risk {reference}",
        "workstream": "",
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
        "reason": reason,
    }


def _with_part_2(**costs: Any) -> Content:
    part2 = copy.deepcopy(data()["part2"])
    part2["workforce"] = _workforce(**costs)
    part2["risks"] = [_exempt_risk("R8", "A second paragraph 4 reason.")]
    return content(
        {"legal": "TULRCA s188 applies."},
        {"part2_legal": {"text": "Advice.", "paragraph": 5, "reason": ""}},
        part2=part2,
    )


def test_part_2_cites_the_paragraph_of_each_item():
    text = d.build_part_2(_with_part_2()).text()

    assert "By virtue of paragraphs 3, 4 and 5 of Part 1 of Schedule 12A" in text
    assert "Legal implications (paragraph 5)" in text
    assert "Workforce: consultation and labour relations (paragraph 4)" in text
    assert "Redundancy cost estimates (paragraph 3)" in text
    assert "R8 Risk R8 (paragraph 4)" in text


def test_the_public_interest_test_is_given_once_per_paragraph():
    blocks = d.build_part_2(_with_part_2()).blocks
    tests = [b.text for b in blocks if isinstance(b, Paragraph) and b.text.startswith("Paragraph ")]

    assert [t.split(" ")[1] for t in tests] == ["3", "4", "5"]
    assert "A second paragraph 4 reason." not in "\n".join(tests)
    assert all("outweighs" in t for t in tests)


def test_part_2_shows_the_cost_range_in_whole_pounds_and_strain_costs_as_not_known():
    text = d.build_part_2(_with_part_2()).text()

    assert "£0.25m in statutory redundancy pay and £0.46m in discretionary" in text
    assert "With the ring-fence surplus: lowest £352,081 £709,816" in text
    assert "With the ring-fence surplus: highest £643,635 £1,450,414" in text
    assert "Pension strain costs: not known for fewer than 5 people" in text
    assert ".95" not in text
    assert ".24" not in text
    assert "£0 " not in text


def test_small_counts_in_part_2_are_suppressed_like_the_equality_tables():
    text = d.build_part_2(_with_part_2()).text()

    assert "Fewer than 5 people at risk may take an immediate unreduced pension" in text
    assert "Not yet decided <5" in text
    assert "3 may take" not in text


def test_a_known_strain_total_is_given_and_a_range_too_small_to_show_is_withheld():
    text = d.build_part_2(
        _with_part_2(
            strain_known="412000.00",
            strain_known_people=6,
            strain_not_known=0,
            range_shown=False,
        )
    ).text()

    assert "Pension strain costs: £0.41m for 6 people." in text
    assert "The range with the ring-fence surplus is not shown" in text
    assert "lowest" not in text


def test_counts_agree_with_their_nouns_and_there_is_no_system_wording():
    text = d.build_part_2(_with_part_2()).text()
    part1 = d.build_part_1(_with_part_2()).text()

    assert "1 outcome has been confirmed" not in text  # below the minimum: hidden
    assert "fewer than 5 outcomes have been confirmed or changed so far" in text
    for system in ("Gemini", "matching run", "Matching run", "(no names)"):
        assert system not in text, system
        assert system not in part1, system


def test_the_monitoring_officer_section_refers_to_part_2():
    part1 = d.build_part_1(_with_part_2()).text()

    assert "TULRCA s188 applies." in part1
    assert "Members are asked to refer to Appendix 1: Legal implications" in part1


def test_a_paragraph_said_twice_fails_the_checks():
    said = "The programme remains on track for April 2025 and the councils agree the plan."
    document = Document(1, "T", "OPEN", (Paragraph(said, 1), Paragraph(said, 2)))
    sentence = Document(
        1, "T", "OPEN", (Paragraph(said, 1), Paragraph(f"Also, in short. {said}", 2))
    )
    lead_ins = Document(
        1, "T", "OPEN", (Paragraph("Next milestones:", 1), Paragraph("Next milestones:", 2))
    )

    assert [f.code for f in checks._repeated(document)] == ["repeated"]
    assert [f.code for f in checks._repeated(sentence)] == ["repeated"]
    assert checks._repeated(lead_ins) == []


def test_the_generated_paragraphs_do_not_repeat_one_another():
    report = _with_part_2()
    for part in (1, 2):
        assert checks._repeated(d.build(report, part)) == []


def test_reasons_are_needed_for_each_recommendation():
    two = Content(HEADER, {"reasons": "(a) One.\n(b) Two."}, {}, ("A.", "B."), data())
    one = Content(HEADER, {"reasons": "Only one."}, {}, ("A.", "B."), data())

    assert checks._reasons(two) == []
    assert [f.code for f in checks._reasons(one)] == ["reasons"]


def test_a_report_with_part_2_needs_a_public_legal_summary():
    silent = copy.copy(_with_part_2())
    silent = Content(silent.header, {}, silent.part2_sections, (), silent.data)
    documents = [d.build(silent, 1), d.build(silent, 2)]

    assert [f.code for f in checks._legal(silent, documents)] == ["legal"]
    assert checks._legal(_with_part_2(), [d.build(_with_part_2(), 2)]) == []
