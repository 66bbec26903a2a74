"""Issue 18, item 1: every figure, table and chart of a report is as at its issue day (or a
chosen data-as-at date shown on the cover), never the meeting date or today.

The case that broke it: the 6 February 2025 report, issued on 29 January 2025, said "Amber
overall as at 6 February 2025" and its Part 2 said "Matching run 1 (03/12/2026)".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from gemini.programme.models import Risk, Workstream
from gemini.programme.risks import services as risks_services
from gemini.programme.status import services as status_services
from gemini.reports import services
from gemini.reports.demo import ISSUED
from gemini.reports.tests.files import flat

LATER = dt.datetime(2026, 12, 3, 10, 0, tzinfo=dt.UTC)


def _texts(report: Any) -> tuple[str, str]:
    return flat(services.build(report, 1).text()), flat(services.build(report, 2).text())


@pytest.mark.django_db
def test_it_prints_nothing_recorded_after_the_issue_day(draft, personas):
    from gemini.workforce.models import MatchingRun

    programme = draft.meeting.body.programme
    workstream = Workstream.objects.filter(programme=programme).order_by("order").first()
    assert workstream is not None
    status_services.save_status_update(
        workstream, dt.date(2025, 2, 3), "Red", "Written after the report was issued."
    )
    risk = Risk.objects.filter(programme=programme, status=Risk.Status.OPEN).first()
    assert risk is not None
    Risk.objects.filter(pk=risk.pk).update(title="A title given after the issue")
    risks_services.save_risk(
        programme,
        "R99",
        {
            "title": "A risk raised after the issue",
            "cause": "c",
            "event": "e",
            "effect": "x",
            "owner": "Programme Manager",
            "inherent_likelihood": 5,
            "inherent_impact": 5,
            "current_likelihood": 5,
            "current_impact": 5,
            "target_likelihood": 1,
            "target_impact": 1,
        },
    )
    MatchingRun.objects.update(created_at=LATER)

    report = services.issue_report(draft, personas["pmo"], ISSUED)
    part1, part2 = _texts(report)

    assert report.snapshot is not None
    assert report.snapshot["data"]["as_at"] == "2025-01-29"
    assert "Amber overall as at 29 January 2025" in part1
    assert "as at 6 February 2025" not in part1
    assert "Written after the report was issued." not in part1
    assert "A risk raised after the issue" not in part1
    assert "A title given after the issue" not in part1
    assert "Matching run" not in part2
    assert "03/12/2026" not in part2
    assert "Figures as at: 29 January 2025" in part1


@pytest.mark.django_db
def test_a_draft_reads_the_day_it_is_looked_at_and_sees_a_later_change(draft):
    programme = draft.meeting.body.programme
    workstream = Workstream.objects.filter(programme=programme).order_by("order").first()
    assert workstream is not None
    status_services.save_status_update(
        workstream, dt.date(2025, 2, 3), "Red", "Written after the report was issued."
    )

    part1, _ = _texts(draft)

    assert "Written after the report was issued." in part1


@pytest.mark.django_db
def test_a_chosen_data_as_at_date_is_used_and_shown_on_the_cover(draft, personas):
    from gemini.workforce.models import MatchingRun

    type(draft).objects.filter(pk=draft.pk).update(data_as_at=dt.date(2025, 1, 20))
    draft.refresh_from_db()
    MatchingRun.objects.update(created_at=dt.datetime(2025, 1, 25, 9, 0, tzinfo=dt.UTC))

    report = services.issue_report(draft, personas["pmo"], ISSUED)
    part1, part2 = _texts(report)

    assert report.snapshot is not None
    assert report.snapshot["data"]["as_at"] == "2025-01-20"
    assert "Figures as at: 20 January 2025" in part1
    assert "Matching run" not in part2  # made on 25 January, after the chosen day


@pytest.mark.django_db
def test_it_refuses_a_data_as_at_date_after_the_issue_day(draft, personas):
    type(draft).objects.filter(pk=draft.pk).update(data_as_at=dt.date(2025, 2, 6))
    draft.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        services.issue_report(draft, personas["pmo"], ISSUED)

    assert "is after the issue date (29/01/2025)" in " ".join(refused.value.messages)
    assert not draft.files.exists()
