"""The appendix of what changed since the committee last saw the programme (issue 18, item
8): chosen on the edit page, it compares Part 1 with the last report issued to the same body,
section by section, and is kept with the report when it is issued."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from gemini.programme.governance import services as governance_services
from gemini.reports import services
from gemini.reports.part_1 import CHANGES_TITLE


def _later_draft(draft: Any, personas: Any) -> Any:
    services.issue_report(draft, personas["pmo"])
    later, _ = governance_services.save_meeting(draft.meeting.body, dt.date(2025, 6, 26), "Update")
    return services.create_report(later, personas["pmo"], reference="CPC/9/25-26")


@pytest.mark.django_db
def test_the_appendix_lists_what_changed_since_the_last_issued_report(draft, personas):
    report = _later_draft(draft, personas)
    services.set_section(report, "consultation", "Formal consultation began on 3 March 2025.")
    report.changes_appendix = True
    report.save()

    content = services.content_for(report)
    text = services.build(report, 1, content).text()

    assert content.changes is not None
    assert content.changes["report"] == "CPC/52/24-25"
    assert CHANGES_TITLE in text
    assert "the report to the meeting of 6 February 2025" in text
    assert "Consultation and Engagement:" in text
    assert "Formal consultation began on 3 March 2025." in text
    assert "Appendices:" in text
    assert CHANGES_TITLE in text.split("Appendices:")[1]
    assert "Formal consultation began" not in services.build(report, 2, content).text()


@pytest.mark.django_db
def test_without_the_option_there_is_no_appendix(draft, personas):
    report = _later_draft(draft, personas)

    assert services.content_for(report).changes is None
    assert CHANGES_TITLE not in services.build(report, 1).text()


@pytest.mark.django_db
def test_the_appendix_says_so_when_nothing_was_issued_before(draft):
    draft.changes_appendix = True
    draft.save()

    text = services.build(draft, 1).text()

    assert "There is no earlier issued report to this committee" in text


@pytest.mark.django_db
def test_the_option_is_chosen_on_the_edit_page_and_kept_when_issued(draft, personas, client_for):
    report = _later_draft(draft, personas)
    client = client_for(personas["pmo"])
    page = client.get(reverse("reports:edit", args=(report.pk,))).content.decode()
    assert 'name="changes_appendix"' in page

    report.changes_appendix = True
    report.save()
    issued = services.issue_report(report, personas["pmo"], override_reason="Test.")

    assert issued.snapshot is not None
    assert issued.snapshot["changes"]["report"] == "CPC/52/24-25"
    assert CHANGES_TITLE in services.build(issued, 1).text()
