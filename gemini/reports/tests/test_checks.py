"""Checks before issue (issue 18, item 2): each case that broke, and the demo report issuing
with no failed check (its data made consistent, as the seed says)."""

from __future__ import annotations

import dataclasses

import pytest
from django.urls import reverse

from gemini.core.reporting.blocks import Content, Document, Paragraph
from gemini.reports import checks, services


def _content(**header: str) -> Content:
    base = {
        "report_of": "Jo Bloggs, Director of Digital",
        "contact_name": "Sam Officer",
        "contact_details": "sam.officer@example.gov.uk, 01234 567890",
    }
    return Content({**base, **header}, {}, {}, (), {"status": {"milestones": []}})


def _document(*paragraphs: str) -> Document:
    return Document(1, "T", "OPEN", tuple(Paragraph(p) for p in paragraphs))


def _codes(content: Content, *paragraphs: str, tolerance: int = 30) -> list[str]:
    return [f.code for f in checks.run_checks(content, [_document(*paragraphs)], tolerance)]


def test_a_consistent_report_passes():
    assert _codes(_content(), "Over 3,000 devices were replaced: 3,214 in all.") == []


def test_placeholder_and_demo_text_fail():
    found = checks.run_checks(_content(), [_document("[Demo text] This appendix would …")], 30)
    assert [f.code for f in found] == ["placeholder"]
    assert "[Demo text]" in found[0].message
    assert _codes(_content(), "Savings: TBC.") == ["placeholder"]


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("report_of", "", "Report of"),
        ("contact_name", "", "contact officer's name"),
        ("contact_details", "01234 567890", "email address"),
        ("contact_details", "sam@example.gov.uk", "telephone number"),
    ],
)
def test_the_author_and_the_contact_officers_name_email_and_phone_are_required(field, value, words):
    found = checks.run_checks(_content(**{field: value}), [_document("Text.")], 30)
    assert [f.code for f in found] == ["required"]
    assert words in found[0].message


def test_over_n_where_the_figure_is_n_fails():
    # Today: "over 3,000 … 3,000 devices".
    found = checks.run_checks(
        _content(), [_document("We replaced over 3,000 devices, 3,000 devices in all.")], 30
    )
    assert [f.code for f in found] == ["over"]
    assert "over 3,000" in found[0].message
    assert _codes(_content(), "More than £2.5m saved; the total was £2.5m.") == ["over"]
    assert _codes(_content(), "Over 3,000 users migrated. Migration of 3,000+ users.") == []


def test_a_milestone_on_track_beyond_its_tolerance_fails():
    # Today: "Formal consultation begins": baseline 30/09/2024, forecast 28/02/2025, On track.
    milestone = {
        "reference": "M05",
        "title": "Formal consultation begins",
        "baseline": "2024-09-30",
        "forecast": "2025-02-28",
        "actual": None,
        "status": "On track",
    }
    content = dataclasses.replace(_content(), data={"status": {"milestones": [milestone]}})
    found = checks.run_checks(content, [_document("Text.")], 30)
    assert [f.code for f in found] == ["milestone"]
    assert "151 days" in found[0].message
    assert checks.run_checks(content, [_document("Text.")], 151) == []
    delayed = {**milestone, "status": "Delayed"}
    content = dataclasses.replace(content, data={"status": {"milestones": [delayed]}})
    assert checks.run_checks(content, [_document("Text.")], 30) == []


def test_text_saying_jdqs_are_complete_while_some_are_draft_fails():
    # Today: "completed… evaluated" while 89 of 180 CEC JDQs are draft.
    data = {
        "status": {"milestones": []},
        "workforce": {"designs": [["CEC", "CEC design", 200, 91, 89, 180]]},
    }
    content = dataclasses.replace(_content(), data=data)
    said = "The evaluation of Job Description Questionnaires (JDQs) has been completed."
    found = checks.run_checks(content, [_document(said)], 30)
    assert [f.code for f in found] == ["jdq"]
    assert "89 of 180" in found[0].message
    honest = "Most JDQs are evaluated; the rest remain in draft."
    assert checks.run_checks(content, [_document(honest)], 30) == []


@pytest.mark.django_db
def test_the_demo_report_issues_with_no_failed_check(draft, personas):
    assert services.issue_checks(draft) == []
    report = services.issue_report(draft, personas["pmo"])
    assert report.is_issued
    assert report.check_override is None


@pytest.mark.django_db
def test_a_failed_check_blocks_issue_unless_a_named_person_overrides_with_a_reason(
    draft, personas, client_for
):
    draft.contact_details = ""
    draft.save()
    with pytest.raises(services.ChecksFailedError) as refused:
        services.issue_report(draft, personas["pmo"])
    assert {f.code for f in refused.value.failures} == {"required"}
    draft.refresh_from_db()
    assert not draft.is_issued

    url = reverse("reports:issue", args=(draft.pk,))
    client = client_for(personas["pmo"])
    page = client.get(url).content.decode()
    assert "Give the contact officer&#39;s email address." in page or (
        "Give the contact officer's email address." in page
    )
    blocked = client.post(url, {"override": "yes", "override_reason": ""})
    assert blocked.status_code == 200
    assert "Enter your reason for issuing despite the checks" in blocked.content.decode()

    issued = client.post(url, {"override": "yes", "override_reason": "The contact is on leave."})
    assert issued.status_code == 302
    draft.refresh_from_db()
    assert draft.is_issued
    assert draft.check_override is not None
    assert draft.check_override["reason"] == "The contact is on leave."
    assert draft.check_override["by"] == str(personas["pmo"])
    assert len(draft.check_override["failures"]) == 2
