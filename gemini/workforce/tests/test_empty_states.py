"""Empty and refused states say why (issue 19, item 7): whose personal data a person sees, and
what a matching run that cannot be made is missing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gemini.workforce import services
from gemini.workforce.models import MatchingRun

RUN = {
    "label": "First go",
    "slot_in": "70",
    "ring_fence": "50",
    "grade_steps_up": "0",
    "first_dismissal_date": "30/09/2025",
    "multiplier": "1.5",
    "cap_weeks": "40",
}


@pytest.mark.django_db
def test_the_staff_page_tells_hr_at_cwac_whose_data_they_see_and_why_the_list_is_empty(
    personas, client_for
):
    page = client_for(personas["hr_cwac"]).get(reverse("workforce:staff")).content.decode()

    assert (
        "You see the personal data of the staff of Cheshire West and Chester Council, "
        "where you are HR, and of anyone the latest matching run proposes for a post there: "
        "0 people." in page
    )
    assert "No one: the staff baseline has no one employed there" in page
    assert "ask the programme manager to give you a role there" in page
    assert "No staff you may see" not in page


@pytest.mark.django_db
def test_the_staff_page_tells_hr_at_cec_they_also_see_the_shared_service_cec_hosts(
    personas, client_for
):
    page = client_for(personas["hr"]).get(reverse("workforce:staff")).content.decode()

    assert (
        "the staff of Cheshire East Council, where you are HR, and ICT Shared Service, "
        "which Cheshire East Council hosts" in page
    )


def test_the_redundancy_and_outcome_pages_of_a_run_say_whose_people_are_shown(
    demo_for_module, db, personas, client_for
):
    client = client_for(personas["hr_cwac"])
    number = MatchingRun.objects.order_by("number")[0].number

    costs = client.get(reverse("workforce:run_redundancy", args=[number])).content.decode()
    outcomes = client.get(
        reverse("workforce:run_outcomes", args=[number]), {"q": "no such person"}
    ).content.decode()

    assert "Cheshire West and Chester Council, where you are HR" in costs
    assert "No one matches these filters." in outcomes
    assert "Clear the filters" in outcomes


@pytest.mark.django_db
def test_a_run_that_cannot_be_made_says_what_is_missing_and_writes_nothing(personas, client_for):
    client = client_for(personas["hr"])

    before = client.get(reverse("workforce:new_run")).content.decode()
    response = client.post(reverse("workforce:new_run"), RUN)

    page = response.content.decode()
    assert response.status_code == 200
    assert "A matching run cannot be made yet." in before
    assert "govuk-error-summary" in page
    assert "A matching run cannot be made yet. The staff baseline is empty" in page
    assert "No future service design has a post" in page
    assert "Import staff and posts" not in page
    assert not MatchingRun.objects.exists()


def test_the_demo_is_ready_for_a_run(demo_for_module, db):
    assert services.run_readiness().missing == ()
