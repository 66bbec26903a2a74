"""The registers' add and edit pages: benefits and their profile, assumptions, the catalogue,
decisions and risk actions done. Each form saves through its service, shows the GOV.UK error
summary and changes nothing on bad input, and refuses an edit over a newer version.
"""

from __future__ import annotations

import datetime as dt
import html
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from gemini.core.models import Organisation
from gemini.programme.models import (
    Assumption,
    Benefit,
    BenefitProfile,
    CatalogueService,
    Decision,
    Programme,
    Risk,
    RiskAction,
    ServiceOwner,
)

pytestmark = pytest.mark.django_db

PROBLEM = "There is a problem"
STALE = "changed by someone else"


@pytest.fixture
def pmo(demo, personas, client_for):
    return client_for(personas["pmo"])


def _text(response) -> str:
    return html.unescape(response.content.decode())


# ---------------------------------------------------------------- benefits

BENEFIT = {
    "reference": "B8",
    "title": "Fewer applications to support",
    "description": "Rationalise and decommission redundant legacy applications.",
    "kind": "benefit",
    "category": "Simplification",
    "quantitative": "on",
    "owner": "Director of Digital",
    "measure": "Applications in the portfolio",
    "baseline": "420",
    "target": "300",
}


def test_it_adds_a_benefit_and_opens_its_page(pmo):
    response = pmo.post(reverse("programme:add_benefit"), BENEFIT)

    benefit = Benefit.objects.get(reference="B8")
    assert response.status_code == 302
    assert response["Location"] == reverse("programme:benefit", args=[benefit.pk])
    assert benefit.target == Decimal("300")
    assert benefit.quantitative
    assert not benefit.financial


def test_it_refuses_a_benefit_without_a_title_and_saves_nothing(pmo):
    response = pmo.post(reverse("programme:add_benefit"), {**BENEFIT, "title": ""})

    assert response.status_code == 200
    assert PROBLEM in _text(response)
    assert "Enter the benefit's title" in _text(response)
    assert not Benefit.objects.filter(reference="B8").exists()


def test_it_refuses_a_financial_benefit_that_is_not_quantitative(pmo):
    data = {**BENEFIT, "financial": "on"}
    del data["quantitative"]

    response = pmo.post(reverse("programme:add_benefit"), data)

    assert PROBLEM in _text(response)
    assert "A financial benefit is measured in pounds" in _text(response)
    assert not Benefit.objects.filter(reference="B8").exists()


def test_a_new_benefits_reference_is_made_by_gemini_not_typed(pmo):
    page = _text(pmo.get(reverse("programme:add_benefit")))
    response = pmo.post(reverse("programme:add_benefit"), {**BENEFIT, "reference": "B1"})

    assert 'name="reference"' not in page or 'type="hidden"' in page
    assert response.status_code == 302
    assert Benefit.objects.filter(reference="B1").count() == 1  # the typed one is ignored
    assert Benefit.objects.filter(title=BENEFIT["title"]).get().reference == "B8"


def test_it_edits_a_benefit_and_shows_the_change_in_its_history(pmo):
    benefit = Benefit.objects.get(reference="B2")
    data = {
        "version": benefit.version,
        "title": benefit.title,
        "kind": "benefit",
        "financial": "on",
        "cash_releasing": "on",
        "quantitative": "on",
        "owner": "Section 151 Officer",
        "baseline": "0",
        "target": "2670000.00",
    }

    response = pmo.post(reverse("programme:edit_benefit", args=[benefit.pk]), data)

    assert response.status_code == 302
    benefit.refresh_from_db()
    assert benefit.owner == "Section 151 Officer"
    assert benefit.version == 2
    page = _text(pmo.get(reverse("programme:benefit", args=[benefit.pk])))
    assert "History" in page
    assert "Section 151 Officer" in page


def test_it_refuses_a_stale_benefit_edit_and_keeps_the_saved_version(pmo):
    benefit = Benefit.objects.get(reference="B1")
    data = {
        "version": benefit.version,
        "title": "Sovereignty for each council",
        "kind": "benefit",
        "quantitative": "on",
        "baseline": "0",
        "target": "100",
    }
    url = reverse("programme:edit_benefit", args=[benefit.pk])
    assert pmo.post(url, data).status_code == 302

    stale = pmo.post(url, {**data, "title": "An older idea"})

    assert stale.status_code == 200
    assert STALE in _text(stale)
    assert "What is saved now (version 2)" in _text(stale)
    assert "Save over the newer version" in _text(stale)
    benefit.refresh_from_db()
    assert benefit.title == "Sovereignty for each council"


def _profile_data(
    benefit: Benefit, rows: list[tuple[Organisation | None, str, str]]
) -> dict[str, object]:
    data: dict[str, object] = {"version": benefit.version, "rows": len(rows)}
    for number, (organisation, year, amount) in enumerate(rows, start=1):
        data[f"organisation_{number}"] = organisation.pk if organisation else ""
        data[f"year_{number}"] = year
        data[f"amount_{number}"] = amount
    return data


def test_it_replaces_a_benefits_profile_by_financial_year(pmo):
    benefit = Benefit.objects.get(reference="B2")
    cec = Organisation.objects.get(code="CEC")
    cwac = Organisation.objects.get(code="CWAC")
    url = reverse("programme:edit_benefit_profile", args=[benefit.pk])
    assert pmo.get(url).status_code == 200

    response = pmo.post(
        url,
        _profile_data(
            benefit,
            [
                (cec, "2025/26", "1470000.00"),
                (cwac, "2025/26", "1200000.00"),
                (cec, "2026/27", "1500000.00"),
                (None, "", ""),
            ],
        ),
    )

    assert response.status_code == 302
    rows = {
        (p.organisation.code, p.financial_year): p.amount
        for p in BenefitProfile.objects.filter(benefit=benefit)
    }
    assert rows == {
        ("CEC", "2025/26"): Decimal("1470000.00"),
        ("CWAC", "2025/26"): Decimal("1200000.00"),
        ("CEC", "2026/27"): Decimal("1500000.00"),
    }
    benefit.refresh_from_db()
    assert benefit.version == 2


def test_it_removes_a_cleared_profile_row(pmo):
    benefit = Benefit.objects.get(reference="B2")
    cec = Organisation.objects.get(code="CEC")

    pmo.post(
        reverse("programme:edit_benefit_profile", args=[benefit.pk]),
        _profile_data(benefit, [(cec, "2025/26", "1470000.00"), (None, "", "")]),
    )

    amounts = BenefitProfile.objects.filter(benefit=benefit).values_list("amount", flat=True)
    assert list(amounts) == [Decimal("1470000.00")]


def test_it_refuses_a_profile_year_that_is_not_a_financial_year_and_changes_nothing(pmo):
    benefit = Benefit.objects.get(reference="B2")
    before = list(BenefitProfile.objects.filter(benefit=benefit).values_list("amount", flat=True))
    cec = Organisation.objects.get(code="CEC")

    response = pmo.post(
        reverse("programme:edit_benefit_profile", args=[benefit.pk]),
        _profile_data(benefit, [(cec, "2025/27", "10"), (cec, "2025", "")]),
    )

    assert response.status_code == 200
    page = _text(response)
    assert PROBLEM in page
    assert "Row 1: A financial year runs April to March: 2025/26." in page
    assert "Row 2: enter the amount" in page
    assert (
        list(BenefitProfile.objects.filter(benefit=benefit).values_list("amount", flat=True))
        == before
    )


def test_it_refuses_the_same_council_and_year_twice(pmo):
    benefit = Benefit.objects.get(reference="B2")
    cec = Organisation.objects.get(code="CEC")

    response = pmo.post(
        reverse("programme:edit_benefit_profile", args=[benefit.pk]),
        _profile_data(benefit, [(cec, "2025/26", "1"), (cec, "2025/26", "2")]),
    )

    assert "Row 2: CEC 2025/26 is given twice." in _text(response)
    assert BenefitProfile.objects.filter(benefit=benefit, amount=Decimal("2")).count() == 0


def test_it_refuses_a_stale_profile_edit(pmo):
    benefit = Benefit.objects.get(reference="B2")
    cec = Organisation.objects.get(code="CEC")
    url = reverse("programme:edit_benefit_profile", args=[benefit.pk])
    data = _profile_data(benefit, [(cec, "2025/26", "1.00")])
    assert pmo.post(url, data).status_code == 302

    stale = pmo.post(url, {**data, "amount_1": "2.00"})

    assert STALE in _text(stale)
    assert BenefitProfile.objects.get(benefit=benefit).amount == Decimal("1.00")


# ---------------------------------------------------------------- assumptions


def test_it_adds_an_assumption(pmo):
    response = pmo.post(
        reverse("programme:add_assumption"),
        {"reference": "A04", "description": "Both councils keep the shared network to 2027."},
    )

    assert response.status_code == 302
    assert Assumption.objects.get(reference="A04").workstream is None
    assert "A04" in _text(pmo.get(reverse("programme:decisions")))


def test_it_refuses_an_assumption_without_a_description(pmo):
    response = pmo.post(
        reverse("programme:add_assumption"), {"reference": "A04", "description": ""}
    )

    assert PROBLEM in _text(response)
    assert "Describe the assumption" in _text(response)
    assert not Assumption.objects.filter(reference="A04").exists()


def test_it_validates_an_assumption_and_refuses_a_stale_edit(pmo):
    assumption = Assumption.objects.get(reference="A01")
    url = reverse("programme:edit_assumption", args=[assumption.pk])
    data = {
        "version": assumption.version,
        "description": assumption.description,
        "workstream": assumption.workstream_id,
        "validated": "on",
    }
    assert pmo.post(url, data).status_code == 302
    assumption.refresh_from_db()
    assert assumption.validated

    stale = pmo.post(url, {**data, "validated": ""})

    assert STALE in _text(stale)
    assumption.refresh_from_db()
    assert assumption.validated


# ---------------------------------------------------------------- catalogue


def _service_data(**changes: object) -> dict[str, object]:
    cec = Organisation.objects.get(code="CEC")
    cwac = Organisation.objects.get(code="CWAC")
    data: dict[str, object] = {
        "name": "Security operations centre",
        "description": "Monitoring and response, day and night.",
        "model": "shared",
        "provider": "ICT Shared Service",
        "cost_allocation": "equal",
        "current_state": "Project initiated",
        "target_state": "Live service",
        "change_date": "31/03/2026",
        f"owner_{cec.pk}": "CEC Director of Digital",
        f"contact_{cec.pk}": "ICT Shared Service desk",
        f"provider_{cec.pk}": "",
        f"owner_{cwac.pk}": "CWAC Director of Digital",
        f"contact_{cwac.pk}": "",
        f"provider_{cwac.pk}": "",
    }
    data.update(changes)
    return data


def test_it_adds_a_shared_service_with_its_owners_in_each_council(pmo):
    response = pmo.post(reverse("programme:add_service"), _service_data())

    assert response.status_code == 302
    service = CatalogueService.objects.get(name="Security operations centre")
    assert service.slug == "security-operations-centre"
    assert service.cost_allocation == "equal"
    assert service.change_date == dt.date(2026, 3, 31)
    owners = {o.organisation.code: o.accountable_owner for o in service.owners.all()}
    assert owners == {"CEC": "CEC Director of Digital", "CWAC": "CWAC Director of Digital"}


def test_it_refuses_a_shared_service_without_a_cost_split_and_saves_nothing(pmo):
    response = pmo.post(reverse("programme:add_service"), _service_data(cost_allocation=""))

    assert PROBLEM in _text(response)
    assert "Choose how the cost of a shared service is split." in _text(response)
    assert not CatalogueService.objects.filter(name="Security operations centre").exists()


def test_it_records_a_one_council_service_by_naming_the_council(pmo):
    cwac = Organisation.objects.get(code="CWAC")

    pmo.post(
        reverse("programme:add_service"),
        _service_data(name="Digital Pioneers", model=f"single:{cwac.pk}", cost_allocation=""),
    )

    service = CatalogueService.objects.get(name="Digital Pioneers")
    assert (service.model, service.sole_organisation) == ("single", cwac)
    assert service.model_label == "CWAC only"


def test_it_edits_a_service_removes_a_cleared_owner_and_refuses_a_stale_edit(pmo):
    service = CatalogueService.objects.get(slug="service-desk")
    cec = Organisation.objects.get(code="CEC")
    url = reverse("programme:edit_service", args=[service.pk])
    data = _service_data(
        version=service.version,
        name=service.name,
        model="separate",
        cost_allocation="",
        **{f"owner_{cec.pk}": "", f"contact_{cec.pk}": ""},
    )
    assert pmo.get(url).status_code == 200
    assert pmo.post(url, data).status_code == 302
    assert not ServiceOwner.objects.filter(service=service, organisation=cec).exists()

    stale = pmo.post(url, {**data, "provider": "Someone else"})

    assert STALE in _text(stale)
    service.refresh_from_db()
    assert service.provider == "ICT Shared Service"


def test_it_refuses_a_contact_without_an_accountable_owner(pmo):
    cec = Organisation.objects.get(code="CEC")

    response = pmo.post(reverse("programme:add_service"), _service_data(**{f"owner_{cec.pk}": ""}))

    assert "Enter the accountable owner in CEC" in _text(response)
    assert not CatalogueService.objects.filter(name="Security operations centre").exists()


# ---------------------------------------------------------------- decisions


def test_it_records_the_resolution_of_a_decision(pmo):
    decision = Decision.objects.get(reference="CPC/52/24-25 R2")
    url = reverse("programme:edit_decision", args=[decision.pk])
    assert "CPC/52/24-25 R2" in _text(pmo.get(url))

    response = pmo.post(
        url,
        {
            "version": decision.version,
            "title": decision.title,
            "body": decision.body_id,
            "meeting": decision.meeting_id,
            "date": "06/02/2025",
            "recommendations": decision.recommendations,
            "resolution": "Approved: formal consultation to begin in February 2025.",
            "confidentiality": "public",
        },
    )

    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.resolution.startswith("Approved")
    assert decision.reference == "CPC/52/24-25 R2"
    assert "Approved: formal consultation" in _text(pmo.get(reverse("programme:decisions")))


def test_it_refuses_a_decision_at_a_meeting_of_another_body(pmo):
    decision = Decision.objects.get(reference="CPC/52/24-25 R2")
    board = decision.programme.bodies.get(short_name="Programme Board")

    response = pmo.post(
        reverse("programme:edit_decision", args=[decision.pk]),
        {
            "version": decision.version,
            "title": decision.title,
            "body": board.pk,
            "meeting": decision.meeting_id,
            "date": "06/02/2025",
            "confidentiality": "public",
        },
    )

    assert PROBLEM in _text(response)
    assert "Choose a meeting of the body that made the decision." in _text(response)
    decision.refresh_from_db()
    assert decision.body.short_name == "CPC"


def test_it_refuses_a_stale_decision_edit(pmo):
    decision = Decision.objects.get(reference="CPC/52/24-25 R1")
    url = reverse("programme:edit_decision", args=[decision.pk])
    data = {
        "version": decision.version,
        "title": decision.title,
        "body": decision.body_id,
        "meeting": decision.meeting_id,
        "date": "06/02/2025",
        "resolution": "Noted.",
        "confidentiality": "public",
    }
    assert pmo.post(url, data).status_code == 302

    stale = pmo.post(url, {**data, "resolution": "Deferred."})

    assert STALE in _text(stale)
    decision.refresh_from_db()
    assert decision.resolution == "Noted."


# ---------------------------------------------------------------- risk actions done


def test_it_marks_an_overdue_action_done_and_the_dashboard_stops_listing_it(pmo):
    action = RiskAction.objects.get(risk__reference="R04")
    dashboard = reverse("programme:dashboard")
    assert action.description in _text(pmo.get(dashboard))

    response = pmo.post(
        reverse("programme:complete_risk_action", args=[action.pk]),
        {"version": action.version, "completed_date": "28/02/2025"},
    )

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.completed_date == dt.date(2025, 2, 28)
    assert action.description not in _text(pmo.get(dashboard))
    risk_page = _text(pmo.get(reverse("programme:risk", args=[action.risk_id])))
    assert "28/02/2025" in risk_page


def test_it_refuses_a_done_date_in_the_future(pmo):
    action = RiskAction.objects.get(risk__reference="R04")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    response = pmo.post(
        reverse("programme:complete_risk_action", args=[action.pk]),
        {"version": action.version, "completed_date": f"{tomorrow:%d/%m/%Y}"},
    )

    assert PROBLEM in _text(response)
    assert "The date it was done must be today or earlier." in _text(response)
    action.refresh_from_db()
    assert action.completed_date is None


def test_it_refuses_to_mark_an_action_done_twice(pmo):
    action = RiskAction.objects.get(risk__reference="R04")
    url = reverse("programme:complete_risk_action", args=[action.pk])
    pmo.post(url, {"version": action.version, "completed_date": "28/02/2025"})
    action.refresh_from_db()

    again = pmo.post(url, {"version": action.version, "completed_date": "01/03/2025"})

    assert "This action was already done on 28/02/2025." in _text(again)
    action.refresh_from_db()
    assert action.completed_date == dt.date(2025, 2, 28)


def test_it_refuses_a_stale_done_date(pmo):
    action = RiskAction.objects.get(risk__reference="R04")
    url = reverse("programme:complete_risk_action", args=[action.pk])

    stale = pmo.post(url, {"version": action.version + 1, "completed_date": "28/02/2025"})

    assert STALE in _text(stale)
    action.refresh_from_db()
    assert action.completed_date is None


def test_a_lead_marks_done_an_action_only_in_a_workstream_they_lead(demo, personas, client_for):
    programme = Programme.objects.get()
    technical = programme.workstreams.get(slug="technical")
    levels = dict.fromkeys(
        (
            "inherent_likelihood",
            "inherent_impact",
            "current_likelihood",
            "current_impact",
            "target_likelihood",
            "target_impact",
        ),
        2,
    )
    risk = Risk.objects.create(
        programme=programme, reference="R70", title="Redirects end", workstream=technical, **levels
    )
    own = RiskAction.objects.create(risk=risk, description="Extend the redirects")
    other = RiskAction.objects.get(risk__reference="R04")
    lead = client_for(personas["lead"])

    done = lead.post(
        reverse("programme:complete_risk_action", args=[own.pk]),
        {"version": own.version, "completed_date": "01/03/2025"},
    )
    refused = lead.post(
        reverse("programme:complete_risk_action", args=[other.pk]),
        {"version": other.version, "completed_date": "01/03/2025"},
    )

    assert done.status_code == 302
    assert refused.status_code == 403
    other.refresh_from_db()
    assert other.completed_date is None


def test_an_edit_form_shows_a_saved_date_in_the_govuk_date_input(pmo):
    decision = Decision.objects.get(reference="CPC/52/24-25 R2")

    page = _text(pmo.get(reverse("programme:edit_decision", args=[decision.pk])))

    assert 'name="date-day" type="text" value="6"' in page
    assert 'name="date-month" type="text" value="2"' in page
    assert 'name="date-year" type="text" value="2025"' in page
    assert "2025-02-06" not in page


def test_a_decision_has_its_own_page_linked_to_the_risks_and_issues_it_is_about(
    pmo, personas, client_for
):
    from gemini.programme.models import Decision, Issue, Risk

    decision = Decision.objects.filter(confidentiality="public").order_by("date").first()
    assert decision is not None
    risk = Risk.objects.get(reference="R04")
    issue = Issue.objects.filter(confidentiality="public").first()
    assert issue is not None
    url = reverse("programme:edit_decision", args=[decision.pk])
    form = pmo.get(url).content.decode()
    assert "Risks it is about" in form

    data = {
        "version": decision.version,
        "title": decision.title,
        "body": decision.body_id,
        "meeting": decision.meeting_id or "",
        "date": decision.date.strftime("%d/%m/%Y"),
        "recommendations": decision.recommendations,
        "resolution": decision.resolution,
        "confidentiality": "public",
        "related_risks": [risk.pk],
        "related_issues": [issue.pk],
    }
    assert pmo.post(url, data).status_code == 302

    page = client_for(personas["member"]).get(reverse("programme:decision", args=[decision.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert f"{risk.reference} {risk.title}" in body
    assert issue.reference in body
    risk_page = pmo.get(reverse("programme:risk", args=[risk.pk])).content.decode()
    assert reverse("programme:decision", args=[decision.pk]) in risk_page
