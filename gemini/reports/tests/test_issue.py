"""Issuing freezes a report: its snapshot and its four files with their SHA-256. Later changes
to risks, figures or text never change what was issued (REFERENCE.md §1)."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gemini.finance.models import QuarterFigure
from gemini.programme.models import OverallStatus, Risk
from gemini.reports import services
from gemini.reports.models import IssuedFile, ReportIsIssuedError


@pytest.mark.django_db
def test_an_issued_report_is_byte_identical_after_the_data_changes(draft, personas, client_for):
    report = services.issue_report(draft, personas["pmo"])
    before = {
        (part, fmt): services.file_for(report, part, fmt).content
        for part in services.PARTS
        for fmt in services.FORMATS
    }
    page_before = client_for(personas["member"]).get(reverse("reports:report", args=(report.pk,)))

    Risk.objects.filter(reference="R04").update(current_likelihood=5, current_impact=5)
    OverallStatus.objects.update(rating="Red", reason="Everything changed.")
    QuarterFigure.objects.update(forecast_outturn=1)
    with pytest.raises(ReportIsIssuedError):
        services.set_section(report, "purpose", "New words after the issue.")

    report.refresh_from_db()
    for (part, fmt), content in before.items():
        again = services.file_for(report, part, fmt)
        assert again.content == content
        assert again.sha256 == hashlib.sha256(content).hexdigest()
    download = client_for(personas["member"]).get(
        reverse("reports:download", args=(report.pk, 1, "pdf"))
    )
    assert download.content == before[(1, "pdf")]
    assert download["X-Content-SHA256"] == hashlib.sha256(before[(1, "pdf")]).hexdigest()
    page_after = client_for(personas["member"]).get(reverse("reports:report", args=(report.pk,)))
    assert "Everything changed." not in page_after.content.decode()
    assert b"Amber overall" in page_before.content
    assert b"Amber overall" in page_after.content


@pytest.mark.django_db
def test_it_stores_four_files_with_their_fingerprints(draft, personas):
    report = services.issue_report(draft, personas["pmo"])

    files = {(f.part, f.format): f for f in report.files.all()}

    assert set(files) == {("part1", "docx"), ("part1", "pdf"), ("part2", "docx"), ("part2", "pdf")}
    for file in files.values():
        assert file.sha256 == hashlib.sha256(bytes(file.content)).hexdigest()
        assert file.size == len(bytes(file.content))
    assert bytes(files[("part1", "pdf")].content).startswith(b"%PDF")
    assert bytes(files[("part1", "docx")].content).startswith(b"PK")
    assert report.snapshot is not None
    assert report.snapshot["data"]["status"]["overall"]["rating"] == "Amber"
    assert report.issued_by == personas["pmo"]


@pytest.mark.django_db
def test_an_issued_file_can_be_neither_changed_nor_deleted(draft, personas):
    report = services.issue_report(draft, personas["pmo"])
    stored = IssuedFile.objects.get(report=report, part="part1", format="pdf")

    stored.content = b"tampered"
    with pytest.raises(ValidationError):
        stored.save()
    with pytest.raises(ValidationError):
        stored.delete()
    with pytest.raises(ValidationError):
        services.delete_draft(report)
    with pytest.raises(ReportIsIssuedError):
        report.delete()
    with pytest.raises(ReportIsIssuedError):
        report.sections.get(key="purpose").delete()


@pytest.mark.django_db
def test_it_refuses_to_issue_twice(draft, personas):
    report = services.issue_report(draft, personas["pmo"])

    with pytest.raises(ReportIsIssuedError):
        services.issue_report(report, personas["pmo"])


@pytest.mark.django_db
def test_it_refuses_to_issue_without_a_reference_or_recommendations(meeting, personas):
    from gemini.programme.governance import services as governance_services

    later, _ = governance_services.save_meeting(meeting.body, meeting.date.replace(year=2026))
    report = services.create_report(later, personas["pmo"], reference="")
    services.set_recommendations(report, [])

    with pytest.raises(ValidationError) as refused:
        services.issue_report(report, personas["pmo"])

    messages = " ".join(refused.value.messages)
    assert "Give the report its reference" in messages
    assert "needs at least one recommendation" in messages
    assert not report.files.exists()
