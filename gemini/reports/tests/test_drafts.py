"""Drafts: made for a meeting, pre-filled from the last report to the same body, edited under
optimistic locking, compared with the last issued report."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gemini.core.versioning import StaleEditError
from gemini.programme.governance import services as governance_services
from gemini.programme.models import Meeting, Risk
from gemini.reports import compare, services
from gemini.reports.models import CommitteeReport


def _next_meeting(meeting: Meeting) -> Meeting:
    later, _ = governance_services.save_meeting(meeting.body, dt.date(2025, 6, 26), "Update")
    return later


@pytest.mark.django_db
def test_it_prefills_a_new_draft_from_the_last_report_to_the_same_body(draft, personas):
    report = services.create_report(_next_meeting(draft.meeting), personas["pmo"])

    assert report.report_of == draft.report_of
    assert report.part2_title == draft.part2_title
    assert report.reference == ""
    assert report.sections.get(key="purpose").text == draft.sections.get(key="purpose").text
    assert report.sections.get(key="part2_legal").is_exempt
    assert list(report.recommendations.values_list("text", flat=True)) == list(
        draft.recommendations.values_list("text", flat=True)
    )
    assert report.data_as_at is None  # figures as at the day it is issued


@pytest.mark.django_db
def test_a_draft_for_a_body_with_no_earlier_report_starts_empty(meeting, personas):
    board = meeting.body.programme.bodies.get(short_name="Programme Board")
    first, _ = governance_services.save_meeting(board, dt.date(2025, 3, 31))

    report = services.create_report(first, personas["pmo"])

    assert not report.sections.exists()
    assert report.data_as_at is None


@pytest.mark.django_db
def test_an_edit_from_an_old_version_is_refused_and_changes_nothing(draft):
    header = {"title": "First edit"}
    services.edit_report(draft, draft.version, header, {"purpose": "Mine."}, {}, ["One."])

    stale = CommitteeReport.objects.get(pk=draft.pk)
    with pytest.raises(StaleEditError):
        services.edit_report(stale, 1, {"title": "Second edit"}, {"purpose": "Theirs."}, {}, [])

    draft.refresh_from_db()
    assert draft.title == "First edit"
    assert draft.sections.get(key="purpose").text == "Mine."
    assert list(draft.recommendations.values_list("text", flat=True)) == ["One."]


@pytest.mark.django_db
def test_a_part_2_section_is_exempt_with_its_paragraph_and_reason(draft):
    section = services.set_section(draft, "part2_legal", "Advice.", 5, "")

    assert section is not None
    assert section.is_exempt
    assert section.exempt_paragraph == 5
    assert "legal professional privilege" in section.public_interest_reason


@pytest.mark.django_db
def test_clearing_a_section_removes_it(draft):
    services.set_section(draft, "purpose", "   ")

    assert not draft.sections.filter(key="purpose").exists()


@pytest.mark.django_db
def test_it_compares_a_draft_with_the_last_issued_report(draft, personas):
    issued = services.issue_report(draft, personas["pmo"])
    report = services.create_report(_next_meeting(draft.meeting), personas["pmo"])
    Risk.objects.filter(reference="R04").update(current_likelihood=5, current_impact=5)
    services.set_section(report, "purpose", "A new purpose for the June meeting.")

    changes = compare.compare(services.build(issued, 1), services.build(report, 1))

    by_section = {change.section: change.lines for change in changes}
    assert any(
        "A new purpose for the June meeting." in line.after
        for line in by_section["Purpose of Report"]
    )
    risk_lines = by_section["Implications and Comments › Risk Management"]
    assert any("25 (5 × 5)" in line.after and "15 (3 × 5)" in line.before for line in risk_lines)
    assert "Recommendations" not in by_section


@pytest.mark.django_db
def test_a_draft_can_be_deleted(draft):
    services.delete_draft(draft)

    assert not CommitteeReport.objects.filter(pk=draft.pk).exists()


@pytest.mark.django_db
def test_an_unknown_header_field_is_refused(draft):
    with pytest.raises(ValueError, match="Not a report header field: colour"):
        services.edit_report(draft, draft.version, {"colour": "red"}, {}, {}, [])


@pytest.mark.django_db
def test_a_bad_header_value_is_refused_with_the_field(draft):
    with pytest.raises(ValidationError) as refused:
        services.edit_report(draft, draft.version, {"purpose": "gossip"}, {}, {}, [])

    assert "purpose" in refused.value.message_dict
