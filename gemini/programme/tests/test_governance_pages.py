"""Governance pages: bodies, meetings, agenda items and papers (public or exempt), and the
programme's settings (the risk matrix and the status scale)."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.urls import reverse

from gemini.programme.models import (
    AgendaItem,
    GovernanceBody,
    Meeting,
    Paper,
    Programme,
    RiskBand,
    RiskMatrix,
    StatusUpdate,
)

pytestmark = pytest.mark.django_db

PROBLEM = "There is a problem"
STALE = "changed by someone else"


@pytest.fixture
def pmo(demo, personas, client_for):
    return client_for(personas["pmo"])


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _cpc() -> GovernanceBody:
    return GovernanceBody.objects.get(short_name="CPC")


def _cpc_meeting() -> Meeting:
    return Meeting.objects.get(body__short_name="CPC", date=dt.date(2025, 2, 6))


# ---------------------------------------------------------------- bodies


def test_it_adds_a_governance_body_after_the_others(pmo):
    response = pmo.post(
        reverse("programme:add_body"),
        {
            "name": "CEC Audit and Governance Committee",
            "short_name": "A&G",
            "kind": "committee",
            "organisation": _cpc().organisation_id,
            "role": "Assurance on the programme's risk management.",
        },
    )

    body = GovernanceBody.objects.get(short_name="A&G")
    assert response["Location"] == reverse("programme:body", args=[body.pk])
    assert body.order == GovernanceBody.objects.exclude(pk=body.pk).count() + 1
    assert "CEC Audit and Governance Committee" in _text(pmo.get(reverse("programme:overview")))


def test_it_refuses_a_body_without_a_name_or_with_a_taken_one(pmo):
    blank = pmo.post(reverse("programme:add_body"), {"name": "", "kind": "board"})
    taken = pmo.post(reverse("programme:add_body"), {"name": _cpc().name, "kind": "committee"})

    assert PROBLEM in _text(blank)
    assert "Enter the body's name" in _text(blank)
    assert f"There is already a body called {_cpc().name}." in _text(taken)
    assert GovernanceBody.objects.filter(name=_cpc().name).count() == 1


def test_it_edits_a_body_and_refuses_a_stale_edit(pmo):
    body = _cpc()
    url = reverse("programme:edit_body", args=[body.pk])
    data = {
        "version": body.version,
        "name": body.name,
        "short_name": "CPC",
        "kind": "committee",
        "organisation": body.organisation_id,
        "role": "Decides for Cheshire East.",
    }
    assert pmo.post(url, data).status_code == 302

    stale = pmo.post(url, {**data, "role": "Something older."})

    assert STALE in _text(stale)
    body.refresh_from_db()
    assert body.role == "Decides for Cheshire East."
    assert "Decides for Cheshire East." in _text(pmo.get(url))  # in the history


# ---------------------------------------------------------------- meetings


def test_it_adds_a_meeting_and_lists_it_in_the_forward_plan(pmo):
    response = pmo.post(
        reverse("programme:add_meeting", args=[_cpc().pk]),
        {"date": "05/06/2031", "title": "Gemini close-down report"},
    )

    meeting = Meeting.objects.get(body=_cpc(), date=dt.date(2031, 6, 5))
    assert response["Location"] == reverse("programme:meeting", args=[meeting.pk])
    plan = _text(pmo.get(reverse("programme:forward_plan")))
    assert "05/06/2031" in plan
    assert "Gemini close-down report" in plan


def test_it_refuses_a_meeting_on_a_date_that_is_not_real_or_already_taken(pmo):
    url = reverse("programme:add_meeting", args=[_cpc().pk])
    before = Meeting.objects.count()

    unreal = pmo.post(url, {"date": "31/02/2025", "title": "x"})
    taken = pmo.post(url, {"date": "06/02/2025", "title": "Again"})

    assert PROBLEM in _text(unreal)
    assert "must be a real date" in _text(unreal)
    assert "The CPC already meets on 06/02/2025." in _text(taken)
    assert Meeting.objects.count() == before


def test_it_moves_a_meeting_and_refuses_a_stale_edit(pmo):
    meeting = _cpc_meeting()
    url = reverse("programme:edit_meeting", args=[meeting.pk])
    data = {"version": meeting.version, "date": "07/02/2025", "title": meeting.title}
    assert pmo.post(url, data).status_code == 302

    stale = pmo.post(url, {**data, "date": "08/02/2025"})

    assert STALE in _text(stale)
    meeting.refresh_from_db()
    assert meeting.date == dt.date(2025, 2, 7)


# ---------------------------------------------------------------- agenda items and papers


def test_it_adds_an_agenda_item_with_its_paper(pmo):
    meeting = _cpc_meeting()
    paper = meeting.papers.get(reference="CPC/52/24-25")

    response = pmo.post(
        reverse("programme:add_agenda_item", args=[meeting.pk]),
        {"order": "3", "title": "Any other business", "paper": paper.pk},
    )

    assert response.status_code == 302
    item = AgendaItem.objects.get(meeting=meeting, title="Any other business")
    assert (item.order, item.paper) == (3, paper)


def test_it_refuses_an_agenda_item_with_a_paper_of_another_meeting(pmo):
    meeting = _cpc_meeting()
    other = Meeting.objects.exclude(pk=meeting.pk).order_by("pk")[0]
    foreign = Paper.objects.create(meeting=other, title="Another meeting's paper")

    response = pmo.post(
        reverse("programme:add_agenda_item", args=[meeting.pk]),
        {"order": "3", "title": "Item", "paper": foreign.pk},
    )

    assert PROBLEM in _text(response)
    assert "Select a valid choice" in _text(response)
    assert not AgendaItem.objects.filter(title="Item").exists()


def test_it_renames_an_agenda_item_and_refuses_a_stale_edit(pmo):
    item = AgendaItem.objects.get(paper__reference="CPC/52/24-25")
    url = reverse("programme:edit_agenda_item", args=[item.pk])
    data = {"version": item.version, "order": 1, "title": "The update", "paper": item.paper_id}
    assert pmo.post(url, data).status_code == 302

    stale = pmo.post(url, {**data, "title": "Older title"})

    assert STALE in _text(stale)
    item.refresh_from_db()
    assert item.title == "The update"


def test_it_adds_an_exempt_paper_that_a_member_never_sees(demo, personas, client_for):
    pmo = client_for(personas["pmo"])
    meeting = _cpc_meeting()

    response = pmo.post(
        reverse("programme:add_paper", args=[meeting.pk]),
        {
            "title": "Appendix 2: staffing costs by person",
            "reference": "CPC/52/24-25 App 2",
            "summary": "Named redundancy estimates.",
            "confidentiality": "exempt",
            "exempt_paragraph": "1",
            "public_interest_reason": "Information about named individuals.",
        },
    )

    assert response.status_code == 302
    paper = Paper.objects.get(reference="CPC/52/24-25 App 2")
    assert (paper.exempt_paragraph, paper.is_exempt) == (1, True)
    officer = _text(pmo.get(reverse("programme:meeting", args=[meeting.pk])))
    assert "Appendix 2: staffing costs by person" in officer
    assert "Part 2 – exempt, paragraph 1" in officer
    for role in ("member", "union"):
        client = client_for(personas[role])
        for url in (
            reverse("programme:meeting", args=[meeting.pk]),
            reverse("programme:body", args=[meeting.body_id]),
        ):
            page = _text(client.get(url))
            assert "staffing costs by person" not in page
            assert "Appendix 1" not in page  # the demo's exempt appendix and its agenda item


def test_it_refuses_an_exempt_paper_without_its_paragraph_and_reasoning(pmo):
    meeting = _cpc_meeting()

    response = pmo.post(
        reverse("programme:add_paper", args=[meeting.pk]),
        {"title": "Appendix 3", "confidentiality": "exempt"},
    )

    page = _text(response)
    assert PROBLEM in page
    assert "Choose the Schedule 12A paragraph that applies." in page
    assert "Say why the public interest in keeping this private outweighs" in page
    assert not Paper.objects.filter(title="Appendix 3").exists()


def test_a_paper_made_public_loses_its_paragraph_and_a_stale_edit_is_refused(pmo):
    paper = Paper.objects.get(confidentiality="exempt")
    url = reverse("programme:edit_paper", args=[paper.pk])
    data = {
        "version": paper.version,
        "title": paper.title,
        "reference": paper.reference,
        "summary": "Released after the decision.",
        "confidentiality": "public",
        "exempt_paragraph": "5",
        "public_interest_reason": paper.public_interest_reason,
    }
    assert pmo.post(url, data).status_code == 302
    paper.refresh_from_db()
    assert (paper.is_exempt, paper.exempt_paragraph, paper.public_interest_reason) == (
        False,
        None,
        "",
    )

    stale = pmo.post(url, {**data, "summary": "Older."})

    assert STALE in _text(stale)
    paper.refresh_from_db()
    assert paper.summary == "Released after the decision."


# ---------------------------------------------------------------- the risk matrix


def _matrix_data(version: int | None, bands, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "version": version or "",
        "bands_count": len(bands),
        "levels": 5,
        "likelihood_labels": "Rare\nUnlikely\nPossible\nLikely\nAlmost certain",
        "impact_labels": "",
        "appetite": "15",
    }
    for number, (name, lowest, highest, colour) in enumerate(bands, start=1):
        data.update(
            {
                f"band_name_{number}": name,
                f"band_lowest_{number}": lowest,
                f"band_highest_{number}": highest,
                f"band_colour_{number}": colour,
            }
        )
    data.update(changes)
    return data


THREE_BANDS = [
    ("Low", 1, 6, "#00703c"),
    ("Medium", 7, 12, "#ffdd00"),
    ("High", 13, 25, "#d4351c"),
    ("", "", "", ""),
]


def test_it_changes_the_risk_matrix_bands_and_appetite(pmo):
    matrix = RiskMatrix.objects.get()
    url = reverse("programme:edit_risk_matrix")
    assert "Very high" in _text(pmo.get(url))

    response = pmo.post(url, _matrix_data(matrix.version, THREE_BANDS))

    assert response.status_code == 302
    matrix.refresh_from_db()
    assert matrix.appetite == 15
    assert matrix.impact_labels == []
    bands = RiskBand.objects.filter(matrix=matrix).values_list("name", "lowest", "highest")
    assert list(bands) == [
        ("Low", 1, 6),
        ("Medium", 7, 12),
        ("High", 13, 25),
    ]
    assert "High</strong> 13–25" in _text(pmo.get(reverse("programme:risks")))


def test_it_refuses_bands_that_leave_a_possible_score_out_and_changes_nothing(pmo):
    matrix = RiskMatrix.objects.get()
    gap = [("Low", 1, 5, "#00703c"), ("High", 8, 25, "#d4351c")]

    response = pmo.post(reverse("programme:edit_risk_matrix"), _matrix_data(matrix.version, gap))

    page = _text(response)
    assert PROBLEM in page
    assert "Score 6 is in no band; it must be in exactly one band." in page
    assert RiskBand.objects.filter(matrix=matrix).count() == 4
    matrix.refresh_from_db()
    assert matrix.appetite == 12


def test_it_refuses_fewer_levels_than_the_risks_use(pmo):
    matrix = RiskMatrix.objects.get()
    four = [("Low", 1, 4, "#00703c"), ("High", 5, 16, "#d4351c")]

    response = pmo.post(
        reverse("programme:edit_risk_matrix"),
        _matrix_data(matrix.version, four, levels=4, likelihood_labels="", appetite=""),
    )

    assert "use level 5, above 4: lower those risks' likelihood and impact first" in _text(response)
    matrix.refresh_from_db()
    assert matrix.levels == 5


def test_it_refuses_a_stale_matrix_edit(pmo):
    matrix = RiskMatrix.objects.get()
    url = reverse("programme:edit_risk_matrix")
    assert pmo.post(url, _matrix_data(matrix.version, THREE_BANDS)).status_code == 302

    stale = pmo.post(url, _matrix_data(matrix.version, THREE_BANDS, appetite="20"))

    assert STALE in _text(stale)
    matrix.refresh_from_db()
    assert matrix.appetite == 15


# ---------------------------------------------------------------- the status scale


def test_it_moves_to_the_five_point_scale_and_explains_what_that_does(pmo):
    programme = Programme.objects.get()
    url = reverse("programme:edit_status_scale")
    assert "so the history keeps its meaning" in _text(pmo.get(url))

    response = pmo.post(url, {"version": programme.version, "status_scale": "dca"})

    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.status_scale == "dca"
    form = _text(pmo.get(reverse("programme:add_status_update", args=["technical"])))
    assert "Amber/Green" in form


def test_it_refuses_a_scale_that_would_orphan_ratings_already_given(pmo):
    programme = Programme.objects.get()
    url = reverse("programme:edit_status_scale")
    pmo.post(url, {"version": programme.version, "status_scale": "dca"})
    programme.refresh_from_db()
    pmo.post(
        reverse("programme:add_status_update", args=["technical"]),
        {"date": "28/02/2025", "rating": "Amber/Green"},
    )
    assert StatusUpdate.objects.filter(rating="Amber/Green").count() == 1

    response = pmo.post(url, {"version": programme.version, "status_scale": "rag"})

    page = _text(response)
    assert PROBLEM in page
    assert "1 rating already given is not on the RAG (Red, Amber, Green) scale" in page
    assert "Technical on 28/02/2025: Amber/Green" in page
    programme.refresh_from_db()
    assert programme.status_scale == "dca"


def test_it_refuses_a_stale_scale_change(pmo):
    programme = Programme.objects.get()

    stale = pmo.post(
        reverse("programme:edit_status_scale"),
        {"version": programme.version + 1, "status_scale": "dca"},
    )

    assert STALE in _text(stale)
    programme.refresh_from_db()
    assert programme.status_scale == "rag"
