"""Decisions have their own pages and link to the risks, issues and meetings they are about;
those pages link back. A Part 2 (exempt) decision reaches only the roles that may read Part 2
(issue 19, item 8)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gemini.core.models import Organisation
from gemini.programme.governance import services as governance_services
from gemini.programme.models import Decision, GovernanceBody, Issue, Meeting, Programme, Risk
from gemini.programme.tests.test_api import Api
from gemini.testing.personas import PERSONA_NAMES

pytestmark = pytest.mark.django_db

PART_1_ONLY = {"member", "union"}
SECRET = "Settlement terms agreed in private"


def _cpc_meeting() -> Meeting:
    return Meeting.objects.get(body__short_name="CPC", date=dt.date(2025, 2, 6))


@pytest.fixture
def exempt_decision(demo: None) -> Decision:
    """A Part 2 decision of the CPC meeting of 6 February 2025 about risk R04 and issue I01."""
    meeting = _cpc_meeting()
    decision, _ = governance_services.save_decision(
        meeting.body.programme,
        "CPC/52/24-25 X1",
        {
            "title": SECRET,
            "body": meeting.body,
            "meeting": meeting,
            "date": meeting.date,
            "resolution": "Agreed.",
            "confidentiality": "exempt",
            "exempt_paragraph": 4,
            "public_interest_reason": "Negotiations with the trade unions are under way.",
        },
    )
    governance_services.link_decision(
        decision, [Risk.objects.get(reference="R04")], [Issue.objects.get(reference="I01")]
    )
    return decision


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_an_exempt_decision_reaches_only_those_who_may_read_part_2(
    exempt_decision, personas, client_for, name
):
    client = client_for(personas[name])
    hidden = name in PART_1_ONLY
    link = reverse("programme:decision", args=[exempt_decision.pk])
    risk = Risk.objects.get(reference="R04")

    detail = client.get(link)
    assert detail.status_code == (404 if hidden else 200)
    pages = {
        "decisions": client.get(reverse("programme:decisions")),
        "risk": client.get(reverse("programme:risk", args=[risk.pk])),
        "issues": client.get(reverse("programme:issues")),
        "meeting": client.get(reverse("programme:meeting", args=[_cpc_meeting().pk])),
        "body": client.get(reverse("programme:body", args=[_cpc_meeting().body_id])),
    }
    for page, response in pages.items():
        assert response.status_code == 200, page
        text = response.content.decode()
        assert (link in text) is not hidden, page
        assert (SECRET in text) is (not hidden and page != "issues"), page
    listed = {row["title"] for row in Api(personas[name]).get("/decisions").json()}
    assert (SECRET in listed) is not hidden
    assert Api(personas[name]).get(f"/decisions/{exempt_decision.pk}").status_code == (
        404 if hidden else 200
    )


def test_a_decision_page_links_to_its_risks_issues_and_meeting_and_they_link_back(
    demo, personas, client_for
):
    meeting = _cpc_meeting()
    decision = Decision.objects.get(reference="CPC/52/24-25 R2")
    risk = Risk.objects.get(reference="R04")
    issue = Issue.objects.get(reference="I01")
    governance_services.link_decision(decision, [risk], [issue])
    decision.meeting = meeting
    decision.save()
    member = client_for(personas["member"])
    link = reverse("programme:decision", args=[decision.pk])

    page = member.get(link).content.decode()
    assert reverse("programme:risk", args=[risk.pk]) in page
    assert f"{reverse('programme:issues')}#issue-{issue.pk}" in page
    assert reverse("programme:meeting", args=[meeting.pk]) in page
    for back in (
        reverse("programme:risk", args=[risk.pk]),
        reverse("programme:issues"),
        reverse("programme:meeting", args=[meeting.pk]),
    ):
        assert link in member.get(back).content.decode(), back


def test_the_issue_log_lists_the_decisions_in_a_fixed_number_of_queries(
    demo, personas, client_for, django_assert_max_num_queries
):
    pmo = client_for(personas["pmo"])
    issues = list(Issue.objects.all()[:3])
    for number, decision in enumerate(Decision.objects.order_by("pk")[:3]):
        governance_services.link_decision(decision, [], issues[: number + 1])
    pmo.get(reverse("programme:issues"))  # warm the session and the chosen programme
    with django_assert_max_num_queries(12):
        page = pmo.get(reverse("programme:issues")).content.decode()
    assert page.count("Decided by") == len(issues)


def test_a_decision_names_only_its_own_programmes_bodies_meetings_risks_and_issues(
    demo, personas, client_for
):
    sponsor = Organisation.objects.create(code="XSS", name="Another Shared Service", kind="council")
    other = Programme.objects.create(name="Another", slug="another", sponsor=sponsor)
    other_body = GovernanceBody.objects.create(programme=other, name="Other board", kind="board")
    pmo = client_for(personas["pmo"])
    demo_programme = Programme.objects.exclude(pk=other.pk).get()

    form = pmo.get(reverse("programme:add_decision"), {"programme": demo_programme.slug})
    text = form.content.decode()
    assert "Other board" not in text
    assert "Corporate Policy Committee" in text

    refused = pmo.post(
        reverse("programme:add_decision"),
        {
            "reference": "D99",
            "title": "Made by the wrong programme's board",
            "body": other_body.pk,
            "date-day": "6",
            "date-month": "2",
            "date-year": "2025",
            "confidentiality": "public",
        },
    )
    assert refused.status_code == 200
    assert not Decision.objects.filter(reference="D99").exists()

    offered = pmo.get(reverse("programme:add_decision"), {"programme": "another"})
    assert "Corporate Policy Committee" not in offered.content.decode()
    assert "Other board" in offered.content.decode()
