"""No lost updates on the workforce forms: two HR officers deciding the same outcome, and a new
organised grouping under a name already taken."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gemini.core.models import Membership, Organisation, Role, User
from gemini.workforce import services
from gemini.workforce.models import Decision, OrganisedGrouping, PersonOutcome


def _second_hr_officer() -> User:
    user = User.objects.create_user("hr-two@gemini.test", "x-password-123", full_name="HR Two")
    Membership.objects.create(
        user=user, organisation=Organisation.objects.get(code="CEC"), role=Role.HR
    )
    return user


def _version_on(page: str) -> str:
    found = re.search(r'name="version"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="version"', page)
    assert found, "the form carries the version it was opened at"
    return found.group(1) or found.group(2)


def test_the_second_of_two_decisions_on_one_outcome_is_refused_and_the_first_kept(
    demo_for_module, db, personas, client_for
):
    item = PersonOutcome.objects.filter(decision=Decision.PENDING).select_related("run", "staff")[0]
    url = reverse("workforce:decide", args=[item.run.number, item.staff.employee_ref])
    first, second = client_for(personas["hr"]), client_for(_second_hr_officer())
    opened_first = _version_on(first.get(url).content.decode())
    opened_second = _version_on(second.get(url).content.decode())

    saved = first.post(
        url, {"version": opened_first, "decision": "confirmed", "reason": "Agreed at panel."}
    )
    refused = second.post(
        url,
        {
            "version": opened_second,
            "decision": "overridden",
            "outcome": "at_risk",
            "reason": "My view.",
        },
    )

    assert saved.status_code == 302
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "govuk-error-summary" in page
    assert "There is a problem" in page
    assert "changed by someone else" in page
    assert "My view." in page  # the second officer's entries are kept on the page
    item.refresh_from_db()
    assert (item.decision, item.decided_by, item.decision_reason) == (
        Decision.CONFIRMED,
        personas["hr"],
        "Agreed at panel.",
    )


def test_a_new_grouping_under_a_name_already_taken_is_refused_and_the_first_kept(
    demo_for_module, db, personas, client_for
):
    existing = OrganisedGrouping.objects.order_by("pk")[0]
    before = (existing.principal_purpose, set(existing.members.values_list("pk", flat=True)))

    response = client_for(personas["hr"]).post(
        reverse("workforce:new_grouping"),
        {
            "name": existing.name,
            "destination": "CWAC",
            "principal_purpose": "Something else entirely.",
            "transfer_date": "01/04/2025",
        },
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "An organised grouping with that name already exists" in page
    existing.refresh_from_db()
    assert (existing.principal_purpose, set(existing.members.values_list("pk", flat=True))) == (
        before
    )


def test_a_new_grouping_saved_under_a_name_just_taken_is_refused(demo_for_module, db):
    existing = OrganisedGrouping.objects.order_by("pk")[0]
    before = existing.principal_purpose

    with pytest.raises(ValidationError):
        services.create_grouping(
            existing.name,
            Organisation.objects.get(code="CWAC"),
            "Something else entirely.",
            dt.date(2025, 4, 1),
            "",
            [],
        )

    existing.refresh_from_db()
    assert existing.principal_purpose == before
