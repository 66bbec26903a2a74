"""The report pages as people use them: create, edit (with the GOV.UK error summary and
optimistic locking), issue, preview and download — and a member gets Part 1 only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gemini.programme.governance import services as governance_services
from gemini.reports import services
from gemini.reports.models import CommitteeReport

pytestmark = pytest.mark.django_db


def _edit_data(report: CommitteeReport, **changes: str) -> dict[str, str]:
    data = {
        "version": str(report.version),
        "title": report.title,
        "report_of": report.report_of,
        "reference": report.reference,
        "wards": report.wards,
        "purpose": report.purpose,
        "data_as_at": f"{report.data_as_at:%d/%m/%Y}" if report.data_as_at else "",
        "contact_name": report.contact_name,
        "contact_details": report.contact_details,
        "background_papers": report.background_papers,
        "part2_title": report.part2_title,
        "recommendations": "To note the progress.\nTo approve consultation.",
        "section__purpose": "Why this comes to the committee.",
        "part2__part2_legal": "Advice.",
        "part2__part2_legal__paragraph": "5",
        "part2__part2_legal__reason": "",
        "part2__part2_workforce": "",
        "part2__part2_workforce__paragraph": "4",
        "part2__part2_workforce__reason": "",
        "part2__part2_costs": "",
        "part2__part2_costs__paragraph": "3",
        "part2__part2_costs__reason": "",
    }
    data.update(changes)
    return data


def test_the_programme_manager_creates_a_draft_for_a_meeting(meeting, personas, client_for):
    later, _ = governance_services.save_meeting(meeting.body, dt.date(2025, 6, 26), "Update")
    client = client_for(personas["pmo"])

    response = client.post(reverse("reports:create"), {"meeting": later.pk, "reference": "X/1"})

    report = CommitteeReport.objects.get(meeting=later)
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:edit", args=(report.pk,))
    assert report.reference == "X/1"
    assert report.created_by == personas["pmo"]


def test_creating_without_a_meeting_shows_the_error_summary(meeting, personas, client_for):
    response = client_for(personas["pmo"]).post(reverse("reports:create"), {"meeting": ""})

    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert "Select the meeting the report is for" in body
    assert CommitteeReport.objects.count() == 1


def test_editing_saves_the_header_narrative_part_2_and_recommendations(draft, personas, client_for):
    response = client_for(personas["pmo"]).post(
        reverse("reports:edit", args=(draft.pk,)), _edit_data(draft, title="New title")
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "New title"
    assert draft.sections.get(key="purpose").text == "Why this comes to the committee."
    assert draft.sections.get(key="part2_legal").is_exempt
    assert not draft.sections.filter(key="part2_workforce").exists()
    assert list(draft.recommendations.values_list("text", flat=True)) == [
        "To note the progress.",
        "To approve consultation.",
    ]


def test_a_bad_date_shows_the_error_summary_and_changes_nothing(draft, personas, client_for):
    response = client_for(personas["pmo"]).post(
        reverse("reports:edit", args=(draft.pk,)),
        _edit_data(draft, data_as_at="31/02/2025", title="Not saved"),
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert "must be a real date" in body  # the GOV.UK date input's message
    draft.refresh_from_db()
    assert draft.title != "Not saved"


def test_two_people_editing_the_same_draft_lose_nothing(draft, personas, client_for):
    opened = _edit_data(draft, title="The first title")
    client = client_for(personas["pmo"])
    client.post(reverse("reports:edit", args=(draft.pk,)), opened)

    second = client.post(
        reverse("reports:edit", args=(draft.pk,)), {**opened, "title": "The second title"}
    )

    body = second.content.decode()
    assert second.status_code == 200
    assert "changed by someone else after you opened it" in body
    assert 'value="The second title"' in body  # their entry is kept on the page
    draft.refresh_from_db()
    assert draft.title == "The first title"


def test_issuing_from_the_page_freezes_the_report(draft, personas, client_for):
    client = client_for(personas["pmo"])
    assert (
        "Issuing freezes the report"
        in client.get(reverse("reports:issue", args=(draft.pk,))).content.decode()
    )

    response = client.post(reverse("reports:issue", args=(draft.pk,)))

    draft.refresh_from_db()
    assert response.status_code == 302
    assert draft.is_issued
    assert client.get(reverse("reports:edit", args=(draft.pk,))).status_code == 302


def test_the_issue_page_says_what_is_missing(meeting, personas, client_for):
    later, _ = governance_services.save_meeting(meeting.body, dt.date(2025, 6, 26))
    CommitteeReport.objects.filter(meeting=meeting).delete()
    report = services.create_report(later, personas["pmo"])

    response = client_for(personas["pmo"]).post(reverse("reports:issue", args=(report.pk,)))

    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "Give the report its reference" in body
    report.refresh_from_db()
    assert not report.is_issued


def test_a_member_gets_part_1_of_an_issued_report_only(draft, personas, client_for):
    report = services.issue_report(draft, personas["pmo"])
    member = client_for(personas["member"])

    page = member.get(reverse("reports:report", args=(report.pk,))).content.decode()

    assert "Part 1 as PDF" in page
    assert "Part 2" not in page.split("Preview")[0].replace("PART 2 LEGAL", "")
    assert member.get(reverse("reports:part_2", args=(report.pk,))).status_code == 404
    assert member.get(reverse("reports:download", args=(report.pk, 2, "pdf"))).status_code == 404
    part1 = member.get(reverse("reports:download", args=(report.pk, 1, "docx")))
    assert part1.status_code == 200
    assert part1["Content-Disposition"] == 'attachment; filename="CPC-52-24-25-part1.docx"'


def test_a_member_never_sees_a_draft(draft, personas, client_for):
    member = client_for(personas["member"])

    assert member.get(reverse("reports:report", args=(draft.pk,))).status_code == 404
    assert (
        "No reports have been issued yet: a report appears here once the programme manager"
        in member.get(reverse("reports:index")).content.decode()
    )


def test_a_draft_download_is_marked_draft(draft, personas, client_for):
    response = client_for(personas["lead"]).get(
        reverse("reports:download", args=(draft.pk, 1, "docx"))
    )

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="CPC-52-24-25-draft-part1.docx"'


def test_the_preview_shows_which_paragraphs_come_from_the_data(draft, personas, client_for):
    page = client_for(personas["pmo"]).get(reverse("reports:report", args=(draft.pk,)))

    body = page.content.decode()
    assert "gemini-report__from-data" in body
    assert "<svg" in body  # the charts, drawn by the same functions as the pages


def test_the_compare_page_lists_the_changes(draft, personas, client_for):
    services.issue_report(draft, personas["pmo"])
    later, _ = governance_services.save_meeting(draft.meeting.body, dt.date(2025, 6, 26))
    report = services.create_report(later, personas["pmo"])
    services.set_section(report, "purpose", "A different purpose.")

    page = client_for(personas["pmo"]).get(reverse("reports:compare", args=(report.pk,)))

    body = page.content.decode()
    assert "What changed" in body
    assert "Purpose of Report" in body
    assert "gemini-diff__changed" in body


def test_a_meeting_page_leads_to_its_reports(draft, personas, client_for):
    client = client_for(personas["pmo"])

    meeting_page = client.get(reverse("programme:meeting", args=(draft.meeting.pk,)))
    listed = client.get(reverse("reports:index"), {"meeting": draft.meeting.pk})
    other = client.get(reverse("reports:index"), {"meeting": 999_999})

    assert f"/reports/new/?meeting={draft.meeting.pk}" in meeting_page.content.decode()
    assert draft.title in listed.content.decode()
    assert "There are no reports yet." in other.content.decode()
