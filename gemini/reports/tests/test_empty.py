"""Every section builds with an empty database: a programme with one committee and one
meeting, and nothing else. Each empty part says so plainly, and all four files are made."""

from __future__ import annotations

import datetime as dt

import pytest

from gemini.core.models import Organisation
from gemini.programme.governance import services as governance_services
from gemini.programme.models import GovernanceBody
from gemini.programme.status import services as status_services
from gemini.reports import services
from gemini.reports.tests.files import docx_text, flat, pdf_text


@pytest.fixture
def bare_meeting(db):
    council = Organisation.objects.create(code="XC", name="Example Council", kind="council")
    programme, _ = status_services.save_programme("Example", "example", council)
    body, _ = governance_services.save_body(
        programme, "Example Committee", "EC", GovernanceBody.Kind.COMMITTEE, 1, council
    )
    meeting, _ = governance_services.save_meeting(body, dt.date(2025, 2, 6))
    return meeting


@pytest.mark.django_db
def test_every_section_builds_with_an_empty_database(bare_meeting):
    report = services.create_report(bare_meeting, None, data_as_at=dt.date(2025, 3, 1))

    files = {
        (part, fmt): services.file_for(report, part, fmt).content
        for part in services.PARTS
        for fmt in services.FORMATS
    }

    part1 = flat(pdf_text(files[(1, "pdf")]))
    for plain in (
        "No overall status had been recorded for the programme by 1 March 2025.",
        "No benefits have been recorded for the programme yet.",
        "No finance figures have been recorded yet.",
        "There are no open risks on the programme's register.",
        "There are no recommendations: this report is for information.",
    ):
        assert plain in part1, plain
    assert "Access to Information" in flat(docx_text(files[(1, "docx")]))
    assert "This report has no exempt (Part 2) information." in flat(pdf_text(files[(2, "pdf")]))
    assert "This report has no exempt (Part 2) information." in docx_text(files[(2, "docx")])
