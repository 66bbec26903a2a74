"""The home page per role: what needs each person now (core.home and the apps' home panels).

A table of the eight roles against the panels each must and must not see, then one test per
thing a panel counts, each changing the data so the count must move.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from gemini.core import asat
from gemini.core.models import Confidentiality
from gemini.programme.models import Issue, Programme, StatusUpdate, Workstream

PANELS = (
    "Since the committee last met",
    "Workforce",
    "Finance",
    "Microsoft 365 migration",
    "Hosting exit",
    "Committee reports",
)

NOT_HOSTING = set(PANELS) - {"Hosting exit"}

# role: (panels shown, texts that must appear, texts that must not)
ROLE_HOMES: dict[str, tuple[set[str], tuple[str, ...], tuple[str, ...]]] = {
    "pmo": (
        set(PANELS),
        ("Workforce: status update overdue", "risk reviews overdue", "await a decision by HR"),
        ("(yours)", "await your decision"),
    ),
    "lead": (
        NOT_HOSTING,
        ("Technical (yours)", "Technical: status update overdue"),
        ("Workforce: status update overdue", "await your decision", "migration exception"),
    ),
    "hr": (
        NOT_HOSTING,
        ("await your decision", "proposed as at risk"),
        ("status update overdue", "migration exception", "create the draft"),
    ),
    "hr_cwac": (
        NOT_HOSTING,
        (
            "decided by HR",
            "No outcome awaits your decision: you decide for the staff of Cheshire West and "
            "Chester Council, where you are HR",
        ),
        ("await your decision", "status update overdue"),
    ),
    "finance": (
        NOT_HOSTING,
        ("savings delivered", 'Needs you</strong> <a class="govuk-link" href="/finance/savings/'),
        ("status update overdue", "await your decision", "Hosting exit", "No outcome awaits"),
    ),
    "tech": (
        set(PANELS),
        ("have finished phase 1",),
        ("status update overdue", "await your decision"),
    ),
    "member": (
        NOT_HOSTING,
        ("Amber overall", "decided by HR"),
        ("Needs you", "Hosting exit", "await", "create the draft", "risk reviews overdue"),
    ),
    "union": (
        NOT_HOSTING,
        ("Amber overall", "decided by HR"),
        ("Needs you", "Hosting exit", "await", "create the draft", "risk reviews overdue"),
    ),
}


def _home(client_for: Any, user: Any) -> str:
    response = client_for(user).get(reverse("core:dashboard"))
    assert response.status_code == 200
    page: str = response.content.decode()
    return page


def _titles(page: str) -> set[str]:
    return {title for title in PANELS if f'">{title}' in page}


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(ROLE_HOMES))
def test_each_role_sees_its_own_home(role, demo, personas, client_for):
    Workstream.objects.get(slug="technical").leads.add(personas["lead"])
    shown, present, absent = ROLE_HOMES[role]

    page = _home(client_for, personas[role])

    assert _titles(page) == shown
    for text in present:
        assert text in page, f"{role}'s home lacks {text!r}"
    for text in absent:
        assert text not in page, f"{role}'s home shows {text!r}"


@pytest.mark.django_db
def test_the_lead_of_the_demo_is_recorded_by_name(demo, client_for, personas):
    page = client_for(personas["pmo"]).get(reverse("programme:workstream", args=["technical"]))

    assert "Not recorded</dd>" not in page.content.decode().split("Lead</dt>")[1][:200]


@pytest.mark.django_db
def test_a_status_update_is_due_a_week_before_and_overdue_after_a_month(
    demo, personas, client_for, settings
):
    settings.GEMINI_STATUS_UPDATE_DUE_DAYS = 31
    technical = Workstream.objects.get(slug="technical")
    technical.leads.add(personas["lead"])
    today = asat.today()
    StatusUpdate.objects.create(
        workstream=technical, date=today - dt.timedelta(days=26), rating="Green"
    )

    page = _home(client_for, personas["lead"])
    due = today + dt.timedelta(days=5)
    assert f"Technical: status update due by {due:%d/%m/%Y}" in page
    assert "Technical: status update overdue" not in page

    settings.GEMINI_STATUS_UPDATE_DUE_DAYS = 20
    page = _home(client_for, personas["lead"])
    assert "Technical: status update overdue" in page


@pytest.mark.django_db
def test_since_the_committee_met_counts_what_the_reader_may_see(demo, personas, client_for):
    programme = Programme.objects.get()
    technical = Workstream.objects.get(slug="technical")
    today = asat.today()
    StatusUpdate.objects.create(workstream=technical, date=today, rating="Red")
    Issue.objects.create(
        programme=programme,
        reference="I900",
        title="A public issue",
        raised_date=today,
    )
    Issue.objects.create(
        programme=programme,
        reference="I901",
        title="An exempt issue",
        raised_date=today,
        confidentiality=Confidentiality.EXEMPT,
        exempt_paragraph=3,
        public_interest_reason="Commercial terms under negotiation.",
    )

    officer = _home(client_for, personas["pmo"])
    member = _home(client_for, personas["member"])

    assert "Technical: Green → Red" in officer
    assert "Technical: Green → Red" in member
    assert "2 issues raised" in officer
    assert "1 issue raised" in member  # the Part 2 issue is not counted for a member


@pytest.mark.django_db
def test_hr_is_told_how_many_outcomes_await_their_decision(demo, personas, client_for):
    from gemini.workforce import access as workforce_access
    from gemini.workforce.models import Decision, MatchingRun

    run = MatchingRun.objects.order_by("-number").first()
    assert run is not None
    waiting = (
        workforce_access.outcomes_to_decide(personas["hr"], run)
        .filter(decision=Decision.PENDING)
        .count()
    )
    assert waiting

    page = _home(client_for, personas["hr"])

    noun = "outcome awaits" if waiting == 1 else "outcomes await"
    assert f"{waiting:,} {noun} your decision" in page
    assert f"/workforce/runs/{run.number}/outcomes/?decision=pending" in page


@pytest.mark.django_db
def test_the_officer_is_asked_for_the_next_meetings_report(demo, personas, client_for):
    from gemini.programme.models import GovernanceBody, Meeting

    committee = GovernanceBody.objects.filter(kind=GovernanceBody.Kind.COMMITTEE).first()
    assert committee is not None
    meeting = Meeting.objects.create(
        body=committee, date=asat.today() + dt.timedelta(days=20), title="Update"
    )

    page = _home(client_for, personas["pmo"])
    member = _home(client_for, personas["member"])

    assert f"/reports/new/?meeting={meeting.pk}" in page
    assert "create the draft" in page
    assert "create the draft" not in member


@pytest.mark.django_db
def test_the_technical_lead_sees_open_migration_exceptions(demo, personas, client_for):
    from gemini.migration import models as m

    status = m.WorkloadStatus.objects.first()
    if status is None:
        pytest.skip("the small demo has no migration statuses")
    m.WorkloadStatus.objects.filter(pk=status.pk).update(state=m.State.FAILED)

    page = _home(client_for, personas["tech"])

    assert "migration exception" in page
    assert reverse("migration:exceptions") in page


@pytest.mark.django_db
def test_the_technical_lead_sees_what_blocks_the_hosting_exit(demo, personas, client_for):
    from gemini.hosting import access as hosting_access
    from gemini.hosting.models import WavePlan

    name = hosting_access.applications_for(personas["tech"]).values_list("name", flat=True)[0]
    finding = {"application": name, "rule": "deadline missed", "message": "Too late."}
    WavePlan.objects.create(
        start=dt.date(2025, 4, 1),
        exit_date=dt.date(2027, 3, 31),
        wave_days=28,
        max_vms_per_wave=40,
        max_tb_per_wave=20,
        result={"waves": [], "move_groups": [], "findings": [finding]},
    )

    tech = _home(client_for, personas["tech"])
    member = _home(client_for, personas["member"])

    assert "1 application is blocked in the wave plan" in tech
    assert "blocked in the wave plan" not in member
