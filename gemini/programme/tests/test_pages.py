"""The programme pages: what each role sees, the forms, exports and query counts."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gemini.programme.models import (
    BenefitMeasurement,
    Issue,
    Milestone,
    Risk,
    RiskAction,
)
from gemini.programme.risks import services as risks_services

pytestmark = pytest.mark.django_db

EXEMPT_RISK = "Dispute with trade unions over the restructure"
LISTS = (
    "programme:dashboard",
    "programme:status",
    "programme:milestones",
    "programme:risks",
    "programme:issues",
    "programme:decisions",
    "programme:benefits",
    "programme:catalogue",
    "programme:forward_plan",
)
EXPORTS = (
    "programme:status",
    "programme:milestones",
    "programme:risks",
    "programme:issues",
    "programme:decisions",
    "programme:benefits",
    "programme:catalogue",
    "programme:forward_plan",
)


def _workbook_text(response) -> str:
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return " ".join(
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )


@pytest.mark.parametrize("name", LISTS)
def test_list_pages_make_a_fixed_number_of_queries(
    demo, personas, client_for, django_assert_max_num_queries, name
):
    client = client_for(personas["pmo"])
    client.get(reverse(name))
    # Fixed whatever the data: the dashboard reads each of its eight panels once.
    with django_assert_max_num_queries(20 if name == "programme:dashboard" else 16):
        assert client.get(reverse(name)).status_code == 200


def test_the_overview_stays_within_the_core_query_budget(
    demo, personas, client_for, django_assert_max_num_queries
):
    client = client_for(personas["pmo"])
    client.get(reverse("programme:overview"))
    with django_assert_max_num_queries(8):
        client.get(reverse("programme:overview"))


@pytest.mark.parametrize("role", ["member", "union"])
def test_an_exempt_risk_never_reaches_a_part_1_only_role(demo, personas, client_for, role):
    client = client_for(personas[role])
    exempt = Risk.objects.get(reference="R08")
    for name in ("programme:risks", "programme:dashboard", "programme:issues"):
        assert EXEMPT_RISK not in client.get(reverse(name)).content.decode()
    assert client.get(reverse("programme:workstream", args=["workforce"])).status_code == 200
    assert (
        EXEMPT_RISK
        not in client.get(reverse("programme:workstream", args=["workforce"])).content.decode()
    )
    assert client.get(reverse("programme:risk", args=[exempt.pk])).status_code == 404
    export = client.get(reverse("programme:risks"), {"export": "xlsx"})
    assert EXEMPT_RISK not in _workbook_text(export)
    assert "R08" not in _workbook_text(export)
    cell = client.get(reverse("programme:risks"), {"likelihood": 2, "impact": 4})
    assert EXEMPT_RISK not in cell.content.decode()


def test_an_officer_sees_the_exempt_risk_marked_with_its_paragraph(demo, personas, client_for):
    page = client_for(personas["finance"]).get(reverse("programme:risks")).content.decode()
    assert EXEMPT_RISK in page
    assert "Part 2 – exempt, paragraph 4" in page


def test_exempt_issues_and_decisions_are_hidden_from_members(demo, personas, client_for):
    risk = Risk.objects.get(reference="R08")
    issue = Issue.objects.create(
        programme=risk.programme,
        reference="I90",
        title="Secret dispute",
        raised_date=dt.date(2025, 2, 1),
        confidentiality="exempt",
        exempt_paragraph=4,
        public_interest_reason="Negotiations.",
    )
    member = client_for(personas["member"])
    assert issue.title not in member.get(reverse("programme:issues")).content.decode()
    assert issue.title not in _workbook_text(
        member.get(reverse("programme:issues"), {"export": "xlsx"})
    )
    assert (
        issue.title in client_for(personas["pmo"]).get(reverse("programme:issues")).content.decode()
    )


@pytest.mark.parametrize("name", EXPORTS)
def test_every_list_exports_to_excel(demo, personas, client_for, name):
    response = client_for(personas["member"]).get(reverse(name), {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    assert _workbook_text(response)


def test_a_heat_map_cell_lists_its_open_risks(demo, personas, client_for):
    page = (
        client_for(personas["pmo"])
        .get(reverse("programme:risks"), {"likelihood": 3, "impact": 5})
        .content.decode()
    )
    assert "Showing the open risks with current likelihood 3 and impact 5" in page
    assert "End-of-life hosting environment" in page
    assert "VPN contract end date" not in page


def test_the_dashboard_shows_the_seed_status_and_the_linked_heat_map(demo, personas, client_for):
    page = (
        client_for(personas["member"])
        .get(reverse("programme:dashboard"), {"date": "06/02/2025"})
        .content.decode()
    )
    assert "reflecting the risks and issues associated with the workforce and finance" in page
    assert "As at 6 February 2025" in page
    assert "?likelihood=3&amp;impact=5" in page or "?likelihood=3&impact=5" in page
    assert "<svg" in page


def test_a_lead_adds_a_risk_only_to_a_workstream_they_lead(demo, personas, client_for):
    client = client_for(personas["lead"])
    data = {
        "reference": "R60",
        "title": "Licensing",
        "workstream": "",
        "inherent_likelihood": 3,
        "inherent_impact": 3,
        "current_likelihood": 2,
        "current_impact": 3,
        "target_likelihood": 3,
        "target_impact": 3,
        "response": "treat",
        "status": "open",
        "confidentiality": "public",
    }
    finance = Risk.objects.get(reference="R03").workstream_id
    technical = Milestone.objects.get(reference="M06").workstream_id
    refused = client.post(reverse("programme:add_risk"), {**data, "workstream": finance})
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    saved = client.post(reverse("programme:add_risk"), {**data, "workstream": technical})
    assert saved.status_code == 302
    added = Risk.objects.get(title="Licensing")  # its reference made by Gemini, not typed
    assert added.reference != "R60"
    assert added.target_score == 9
    risk_page = client.get(reverse("programme:risk", args=[added.pk]))
    assert "current above inherent" not in risk_page.content.decode()
    assert "The target score 9 is above the current score 6" in risk_page.content.decode()


def test_a_stale_risk_edit_is_refused_and_shows_the_saved_version(demo, personas, client_for):
    risk = Risk.objects.get(reference="R04")
    client = client_for(personas["pmo"])
    form = client.get(reverse("programme:edit_risk", args=[risk.pk]))
    assert form.status_code == 200
    fields = {
        "version": risk.version,
        "title": "Hosting end of life",
        "workstream": risk.workstream_id,
        "inherent_likelihood": 4,
        "inherent_impact": 5,
        "current_likelihood": 2,
        "current_impact": 5,
        "target_likelihood": 2,
        "target_impact": 3,
        "response": "treat",
        "status": "open",
        "confidentiality": "public",
        "review_date": "31/03/2025",
    }
    assert client.post(reverse("programme:edit_risk", args=[risk.pk]), fields).status_code == 302
    stale = client.post(reverse("programme:edit_risk", args=[risk.pk]), {**fields, "title": "Old"})
    assert stale.status_code == 200
    assert "changed by someone else" in stale.content.decode()
    risk.refresh_from_db()
    assert risk.title == "Hosting end of life"
    assert [point[3] for point in risks_services.score_history(risk)][-2:] == [15, 10]


def test_a_risk_that_happens_becomes_a_linked_issue(demo, personas, client_for):
    risk = Risk.objects.get(reference="R05")
    response = client_for(personas["pmo"]).post(
        reverse("programme:raise_issue", args=[risk.pk]),
        {"reference": "I30", "raised_date": "01/07/2025"},
    )
    assert response.status_code == 302
    issue = Issue.objects.get(risk=risk)  # its reference made by Gemini, not typed
    risk.refresh_from_db()
    assert issue.risk == risk
    assert risk.status == "occurred"


def test_an_action_and_a_measurement_are_recorded(demo, personas, client_for):
    client = client_for(personas["pmo"])
    risk = Risk.objects.get(reference="R04")
    client.post(
        reverse("programme:add_risk_action", args=[risk.pk]),
        {"description": "Agree an extension", "owner": "Phase 2 lead", "due_date": "30/04/2025"},
    )
    assert RiskAction.objects.filter(risk=risk, description="Agree an extension").exists()
    benefit = risk.programme.benefits.get(reference="B1")
    client.post(
        reverse("programme:add_measurement", args=[benefit.pk]),
        {"date": "31/03/2025", "value": "100", "note": "All users"},
    )
    assert BenefitMeasurement.objects.filter(benefit=benefit, date=dt.date(2025, 3, 31)).exists()
    page = client.get(reverse("programme:benefit", args=[benefit.pk])).content.decode()
    assert "= 100.0%" in page


def test_the_benefits_page_adds_the_savings_by_council(demo, personas, client_for):
    page = client_for(personas["member"]).get(reverse("programme:benefits")).content.decode()
    assert "£1,470,000.00" in page
    assert "£1,200,000.00" in page
    assert "The target equals the baseline" not in page


def test_who_to_go_to_for_a_service_in_a_council(demo, personas, client_for):
    programme = Risk.objects.get(reference="R01").programme
    desk = programme.services.get(slug="service-desk")
    cwac = desk.owners.get(organisation__code="CWAC").organisation
    page = (
        client_for(personas["member"])
        .get(reverse("programme:responsibility"), {"service": desk.pk, "organisation": cwac.pk})
        .content.decode()
    )
    assert "CWAC Head of ICT" in page
    assert "CWAC ICT service desk" in page


def test_a_lead_edits_a_milestone_of_their_workstream(demo, personas, client_for):
    milestone = Milestone.objects.get(reference="M06")
    response = client_for(personas["lead"]).post(
        reverse("programme:edit_milestone", args=[milestone.pk]),
        {
            "version": milestone.version,
            "title": milestone.title,
            "workstream": milestone.workstream_id,
            "baseline_date": "28/06/2024",
            "actual_date": "05/07/2024",
            "status": "complete",
        },
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.slippage_days == 7


def test_the_milestones_page_flags_a_late_predecessors_successor(demo, personas, client_for):
    page = client_for(personas["member"]).get(reverse("programme:milestones")).content.decode()
    assert "Predecessor M08 is late." in page


def test_a_new_risk_gets_the_next_reference_and_levels_in_the_matrixs_words(
    demo, personas, client_for
):
    client = client_for(personas["pmo"])
    form = client.get(reverse("programme:add_risk")).content.decode()
    assert "1 Rare" in form
    assert "5 Almost certain" in form
    assert 'type="radio"' in form
    assert "---------" not in form

    levels = {
        f"{kind}_{axis}": 2
        for kind in ("inherent", "current", "target")
        for axis in ("likelihood", "impact")
    }
    data = {"title": "Licensing", "response": "treat", "status": "open", **levels}
    data["confidentiality"] = "public"
    existing = sorted(
        int(r[1:]) for r in Risk.objects.values_list("reference", flat=True) if r[1:].isdigit()
    )
    saved = client.post(reverse("programme:add_risk"), data)

    assert saved.status_code == 302
    created = Risk.objects.get(title="Licensing")
    assert created.reference == f"R{existing[-1] + 1:02d}"
