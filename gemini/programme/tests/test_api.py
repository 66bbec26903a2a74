"""The programme API: reads through the access layer (Part 2 never reaches a member or union
representative), writes through the services, optimistic locking (409 on a stale version,
nothing written), permissions before the body, money as strings and dates in ISO."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.test import Client

from gemini.api.services import create_token
from gemini.core.history import recorded_as
from gemini.programme.benefits import services as benefits_services
from gemini.programme.models import (
    BenefitMeasurement,
    Issue,
    Paper,
    Programme,
    Risk,
    RiskAction,
    StatusUpdate,
)

pytestmark = pytest.mark.django_db

BASE = "/api/v1/programme"
EXEMPT_RISK = "Dispute with trade unions over the restructure"


class Api:
    """A JSON client acting with a person's API token."""

    def __init__(self, user) -> None:
        _, token = create_token(user, "Tests")
        self.client = Client(headers={"Authorization": f"Bearer {token}"})

    def get(self, path: str):
        return self.client.get(BASE + path)

    def post(self, path: str, body: dict[str, object]):
        return self.client.post(BASE + path, json.dumps(body), content_type="application/json")

    def patch(self, path: str, body: dict[str, object]):
        return self.client.patch(BASE + path, json.dumps(body), content_type="application/json")


@pytest.fixture
def api(demo, personas):
    return {name: Api(user) for name, user in personas.items()}


LEVELS = {
    "inherent_likelihood": 3,
    "inherent_impact": 4,
    "current_likelihood": 2,
    "current_impact": 4,
    "target_likelihood": 1,
    "target_impact": 4,
}


# ---------------------------------------------------------------- reads


def test_it_gives_the_programme_with_the_seed_status(api):
    body = api["member"].get("/").json()

    assert body["name"] == "Gemini"
    assert body["status_scale"] == "rag"
    assert body["overall"]["rating"] == "Amber"
    assert body["overall"]["date"] == "2025-02-06"
    latest = {w["slug"]: w["latest"]["rating"] for w in body["workstreams"]}
    assert latest == {
        "technical": "Green",
        "workforce": "Amber",
        "finance": "Amber",
        "phase-2": "Green",
    }


def test_it_answers_the_status_as_at_a_past_date(api):
    body = api["pmo"].get("/status?date=2024-11-15").json()

    assert body["as_at"] == "2024-11-15"
    assert body["overall"]["date"] == "2024-10-31"
    assert body["suggestion"]["rule"] == "Overall = the worst of the workstreams' latest ratings."


def test_it_gives_risks_with_scores_bands_and_actions(api):
    risks = {r["reference"]: r for r in api["pmo"].get("/risks").json()}
    r04 = risks["R04"]

    assert r04["current"]["score"] == r04["current"]["likelihood"] * r04["current"]["impact"]
    assert r04["current"]["band"] in {"Low", "Medium", "High", "Very high"}
    assert "×" in r04["current"]["reason"]
    assert r04["actions"][0]["overdue"] is True
    assert risks["R08"]["confidentiality"] == "exempt"
    assert risks["R08"]["exempt_paragraph"] == 4


def test_it_gives_benefits_with_money_as_strings_and_percent_realised(api):
    benefits = {b["reference"]: b for b in api["member"].get("/benefits").json()}

    b2 = benefits["B2"]
    assert b2["target"] == "2670000.00"
    assert {(p["organisation"], p["financial_year"], p["amount"]) for p in b2["profile"]} == {
        ("CEC", "2025/26", "1470000.00"),
        ("CWAC", "2025/26", "1200000.00"),
    }
    assert benefits["B1"]["percent_realised"] == "100.0"
    assert benefits["B1"]["measurements"][0]["date"] == "2025-01-31"


@pytest.mark.parametrize("role", ["member", "union"])
def test_an_exempt_record_never_reaches_a_part_1_only_role(api, role):
    exempt_risk = Risk.objects.get(reference="R08")
    exempt_paper = Paper.objects.get(confidentiality="exempt")
    client = api[role]

    risks = client.get("/risks")
    meetings = client.get("/meetings")
    one_meeting = client.get(f"/meetings/{exempt_paper.meeting_id}")

    assert EXEMPT_RISK not in risks.content.decode()
    assert "R08" not in {r["reference"] for r in risks.json()}
    assert client.get(f"/risks/{exempt_risk.pk}").status_code == 404
    for response in (meetings, one_meeting):
        text = response.content.decode()
        assert exempt_paper.title not in text
        assert "Appendix 1" not in text  # nor the agenda item that takes it


def test_an_officer_reads_the_exempt_paper_of_the_meeting(api):
    exempt_paper = Paper.objects.get(confidentiality="exempt")

    meeting = api["finance"].get(f"/meetings/{exempt_paper.meeting_id}").json()

    papers = {p["title"]: p for p in meeting["papers"]}
    assert papers[exempt_paper.title]["exempt_paragraph"] == 5
    assert len(meeting["agenda"]) == 2


def test_an_issue_does_not_name_an_exempt_risk_to_a_member(api):
    risk = Risk.objects.get(reference="R08")
    Issue.objects.create(
        programme=risk.programme,
        reference="I40",
        title="Public consequence",
        raised_date=dt.date(2025, 2, 1),
        risk=risk,
    )

    seen = {i["reference"]: i for i in api["member"].get("/issues").json()}
    officer = {i["reference"]: i for i in api["pmo"].get("/issues").json()}

    assert seen["I40"]["risk"] is None
    assert officer["I40"]["risk"] == "R08"


# ---------------------------------------------------------------- status updates


def test_a_lead_records_their_workstreams_status_and_only_theirs(api):
    created = api["lead"].post(
        "/status/updates",
        {"workstream": "technical", "date": "2025-03-31", "rating": "Green", "narrative": "Done."},
    )
    refused = api["lead"].post(
        "/status/updates", {"workstream": "finance", "date": "2025-03-31", "rating": "Red"}
    )

    assert created.status_code == 201
    assert created.json()["date"] == "2025-03-31"
    assert StatusUpdate.objects.get(workstream__slug="technical", date=dt.date(2025, 3, 31))
    assert refused.status_code == 403
    assert not StatusUpdate.objects.filter(workstream__slug="finance", date=dt.date(2025, 3, 31))


def test_a_second_status_for_the_same_day_is_refused_naming_whose_until_replace_is_sent(api):
    """No silent overwrite through the API either (issue 19 item 2): the lead's Green stays
    until the programme manager says they mean to replace it."""
    day = {"workstream": "technical", "date": "2025-03-31"}
    assert api["lead"].post("/status/updates", {**day, "rating": "Green"}).status_code == 201

    refused = api["pmo"].post("/status/updates", {**day, "rating": "Red"})

    assert refused.status_code == 409
    detail = refused.json()["detail"]
    assert "already recorded by Demo Workstream Lead" in detail
    assert "(Green)" in detail
    assert '"replace": true' in detail
    assert refused.json()["errors"]["replace"] == [detail]
    saved = StatusUpdate.objects.get(workstream__slug="technical", date=dt.date(2025, 3, 31))
    assert saved.rating == "Green"

    replaced = api["pmo"].post("/status/updates", {**day, "rating": "Red", "replace": True})

    assert replaced.status_code == 201
    saved.refresh_from_db()
    assert saved.rating == "Red"


def test_a_tool_sending_its_own_days_status_again_replaces_it(api):
    day = {"workstream": "technical", "date": "2025-03-31"}
    assert api["lead"].post("/status/updates", {**day, "rating": "Green"}).status_code == 201

    again = api["lead"].post("/status/updates", {**day, "rating": "Amber", "narrative": "Later."})

    assert again.status_code == 201
    saved = StatusUpdate.objects.get(workstream__slug="technical", date=dt.date(2025, 3, 31))
    assert (saved.rating, saved.narrative) == ("Amber", "Later.")


def test_a_second_measurement_for_the_same_day_is_refused_until_replace_is_sent(api, personas):
    benefit = Programme.objects.get().benefits.filter(quantitative=True).first()
    assert benefit is not None
    path = f"/benefits/{benefit.pk}/measurements"
    with recorded_as(personas["lead"]):  # someone else's, say entered on the page
        benefits_services.record_measurement(benefit, dt.date(2025, 3, 31), Decimal(10))

    refused = api["pmo"].post(path, {"date": "2025-03-31", "value": "12"})
    replaced = api["pmo"].post(path, {"date": "2025-03-31", "value": "12", "replace": True})

    assert refused.status_code == 409
    assert "already recorded by Demo Workstream Lead" in refused.json()["detail"]
    assert "(value 10" in refused.json()["detail"]
    assert replaced.status_code == 201
    assert benefit.measurements.get(date=dt.date(2025, 3, 31)).value == 12


def test_it_refuses_a_rating_off_the_programmes_scale(api):
    response = api["pmo"].post(
        "/status/updates", {"workstream": "technical", "date": "2025-03-31", "rating": "Amber/Red"}
    )

    assert response.status_code == 422
    assert "not on this programme's scale" in response.json()["detail"]
    assert not StatusUpdate.objects.filter(date=dt.date(2025, 3, 31)).exists()


@pytest.mark.parametrize("role", ["member", "union", "hr", "finance"])
def test_a_role_without_the_right_to_edit_gets_403_whatever_it_sends(api, role):
    for path, body in (
        ("/status/updates", {"workstream": "technical", "date": "2025-03-31", "rating": "Green"}),
        ("/risks", {}),
        ("/issues", {"nonsense": True}),
        (f"/benefits/{Programme.objects.get().benefits.get(reference='B1').pk}/measurements", {}),
    ):
        response = api[role].post(path, body)
        assert response.status_code == 403, (path, response.content)
    assert not StatusUpdate.objects.filter(date=dt.date(2025, 3, 31)).exists()


# ---------------------------------------------------------------- risks


def test_it_creates_a_risk_and_refuses_a_taken_reference(api):
    body = {"reference": "R50", "title": "Licence true-up", "workstream": "technical", **LEVELS}

    created = api["lead"].post("/risks", body)
    again = api["pmo"].post("/risks", body)

    assert created.status_code == 201
    assert created.json()["current"]["score"] == 8
    assert created.json()["version"] == 1
    assert again.status_code == 422
    assert again.json()["errors"] == {"reference": ["There is already a risk R50."]}
    assert Risk.objects.filter(reference="R50").count() == 1


def test_a_lead_cannot_create_a_risk_outside_their_workstreams(api):
    response = api["lead"].post(
        "/risks", {"reference": "R51", "title": "Budget", "workstream": "finance", **LEVELS}
    )

    assert response.status_code == 403
    assert not Risk.objects.filter(reference="R51").exists()


def test_it_refuses_an_exempt_risk_without_its_paragraph(api):
    response = api["pmo"].post(
        "/risks",
        {"reference": "R52", "title": "Dispute", "confidentiality": "exempt", **LEVELS},
    )

    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"exempt_paragraph", "public_interest_reason"}
    assert not Risk.objects.filter(reference="R52").exists()


def test_it_refuses_a_level_above_the_registers_matrix(api):
    response = api["pmo"].post(
        "/risks", {"reference": "R53", "title": "Off the scale", **LEVELS, "current_impact": 7}
    )

    assert response.status_code == 422
    assert response.json()["errors"]["current_impact"] == ["Enter a number from 1 to 5."]


def test_it_updates_a_risk_with_the_version_read_and_refuses_a_stale_one(api):
    risk = Risk.objects.get(reference="R04")

    updated = api["pmo"].patch(
        f"/risks/{risk.pk}", {"version": risk.version, "current_likelihood": 2, "owner": "Lead"}
    )
    stale = api["pmo"].patch(f"/risks/{risk.pk}", {"version": risk.version, "owner": "Stale"})

    assert updated.status_code == 200
    assert updated.json()["version"] == risk.version + 1
    assert stale.status_code == 409
    assert stale.json()["current_version"] == risk.version + 1
    risk.refresh_from_db()
    assert (risk.owner, risk.current_likelihood) == ("Lead", 2)


def test_a_risk_update_needs_a_version(api):
    risk = Risk.objects.get(reference="R04")

    response = api["pmo"].patch(f"/risks/{risk.pk}", {"owner": "No version"})

    assert response.status_code == 422
    risk.refresh_from_db()
    assert risk.owner != "No version"


def test_a_member_cannot_update_or_even_find_an_exempt_risk(api):
    risk = Risk.objects.get(reference="R08")

    response = api["member"].patch(f"/risks/{risk.pk}", {"version": risk.version, "owner": "x"})

    assert response.status_code == 403
    assert EXEMPT_RISK not in response.content.decode()


# ---------------------------------------------------------------- risk actions


def test_it_adds_an_action_and_completes_it_so_it_is_no_longer_overdue(api):
    risk = Risk.objects.get(reference="R04")

    created = api["pmo"].post(
        f"/risks/{risk.pk}/actions",
        {
            "description": "Agree a hosting extension",
            "owner": "Phase 2 lead",
            "due_date": "2025-01-31",
        },
    )
    action = created.json()
    done = api["pmo"].post(
        f"/risk-actions/{action['id']}/complete",
        {"version": action["version"], "completed_date": "2025-02-14"},
    )
    stale = api["pmo"].post(
        f"/risk-actions/{action['id']}/complete",
        {"version": action["version"], "completed_date": "2025-02-15"},
    )

    assert created.status_code == 201
    assert action["overdue"] is True
    assert done.status_code == 200
    assert done.json()["overdue"] is False
    assert done.json()["completed_date"] == "2025-02-14"
    assert stale.status_code == 409
    assert RiskAction.objects.get(pk=action["id"]).completed_date == dt.date(2025, 2, 14)


def test_a_lead_cannot_complete_an_action_outside_their_workstreams(api):
    action = RiskAction.objects.filter(risk__reference="R04").order_by("pk")[0]

    response = api["lead"].post(
        f"/risk-actions/{action.pk}/complete",
        {"version": action.version, "completed_date": "2025-02-14"},
    )

    assert response.status_code == 403
    action.refresh_from_db()
    assert action.completed_date is None


# ---------------------------------------------------------------- issues


def test_it_creates_an_issue_linked_to_a_risk_and_escalated_to_a_body(api):
    programme = Programme.objects.get()
    board = programme.bodies.get(short_name="Programme Board")

    response = api["pmo"].post(
        "/issues",
        {
            "reference": "I20",
            "title": "VPN contract lapses",
            "raised_date": "2025-07-01",
            "priority": "critical",
            "escalated_to": board.pk,
            "risk": "R05",
            "workstream": "phase-2",
        },
    )

    assert response.status_code == 201
    assert response.json()["risk"] == "R05"
    assert response.json()["escalated_to"] == board.name
    issue = Issue.objects.get(reference="I20")
    assert issue.risk == Risk.objects.get(reference="R05")
    assert issue.priority == "critical"


def test_it_refuses_an_issue_resolved_before_it_was_raised(api):
    response = api["pmo"].post(
        "/issues",
        {
            "reference": "I21",
            "title": "x",
            "raised_date": "2025-07-01",
            "resolved_date": "2025-06-01",
        },
    )

    assert response.status_code == 422
    assert "resolved_date" in response.json()["errors"]
    assert not Issue.objects.filter(reference="I21").exists()


def test_it_updates_an_issue_and_refuses_a_stale_version(api):
    issue = Issue.objects.get(reference="I02")

    updated = api["pmo"].patch(
        f"/issues/{issue.pk}", {"version": issue.version, "resolution": "Closed at board."}
    )
    stale = api["pmo"].patch(f"/issues/{issue.pk}", {"version": issue.version, "resolution": "x"})

    assert updated.status_code == 200
    assert stale.status_code == 409
    issue.refresh_from_db()
    assert issue.resolution == "Closed at board."


def test_a_lead_may_not_write_issues(api):
    response = api["lead"].post(
        "/issues", {"reference": "I22", "title": "x", "raised_date": "2025-07-01"}
    )

    assert response.status_code == 403
    assert not Issue.objects.filter(reference="I22").exists()


# ---------------------------------------------------------------- benefit measurements


def test_it_records_a_measurement_and_the_percentage_follows(api):
    benefit = Programme.objects.get().benefits.get(reference="B2")

    response = api["pmo"].post(
        f"/benefits/{benefit.pk}/measurements",
        {"date": "2026-03-31", "value": "1335000.00", "note": "Half-way"},
    )

    assert response.status_code == 201
    assert response.json() == {"date": "2026-03-31", "value": "1335000.00", "note": "Half-way"}
    assert BenefitMeasurement.objects.get(benefit=benefit).value == Decimal("1335000.00")
    assert api["member"].get(f"/benefits/{benefit.pk}").json()["percent_realised"] == "50.0"


def test_it_refuses_a_measurement_of_a_qualitative_benefit(api):
    benefit = Programme.objects.get().benefits.get(reference="B3")

    response = api["pmo"].post(
        f"/benefits/{benefit.pk}/measurements", {"date": "2026-03-31", "value": "1"}
    )

    assert response.status_code == 422
    assert "qualitative" in response.json()["detail"]
    assert not BenefitMeasurement.objects.filter(benefit=benefit).exists()
