"""No lost updates on the finance forms: two officers editing the same quarter's figures, or
recording the same quarter, council or month at once — the second save is refused with the
GOV.UK error and the first officer's figures stay."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gemini.core.models import Membership, Organisation, Role, User
from gemini.core.versioning import StaleEditError
from gemini.finance import services
from gemini.finance.models import AgencySnapshot, BudgetLine, ProjectHours, QuarterFigure

pytestmark = pytest.mark.django_db


@pytest.fixture
def officers(finance_demo, personas, client_for):
    second = User.objects.create_user("finance-two@gemini.test", "x-password-123")
    Membership.objects.create(
        user=second, organisation=Organisation.objects.get(code="CWAC"), role=Role.FINANCE
    )
    return client_for(personas["finance"]), client_for(second)


def _refused(response) -> str:
    assert response.status_code == 200
    page: str = response.content.decode()
    assert "govuk-error-summary" in page
    assert "There is a problem" in page
    return page


def test_the_second_of_two_edits_of_a_quarters_figures_is_refused(officers):
    first, second = officers
    figure = QuarterFigure.objects.get(line__name="Staff", quarter="FR3")
    url = reverse("finance:edit_figures", args=[figure.pk])
    for officer in (first, second):  # both open the form at the same version
        form = officer.get(url).content.decode()
        assert re.search(rf'name="version"[^>]*value="{figure.version}"', form)

    saved = first.post(url, {"version": figure.version, "actual": "100.00"})
    refused = second.post(url, {"version": figure.version, "actual": "200.00"})

    assert saved.status_code == 302
    page = _refused(refused)
    assert "changed by someone else" in page
    figure.refresh_from_db()
    assert figure.actual == Decimal("100.00")


def test_two_officers_recording_the_same_quarter_cannot_overwrite_each_other(officers):
    first, second = officers
    line = BudgetLine.objects.get(name="Staff")
    url = reverse("finance:record_figures")
    data = {"line": line.pk, "quarter": "Outturn", "forecast_outturn": ""}

    saved = first.post(url, data | {"actual": "100.00"})
    refused = second.post(url, data | {"actual": "200.00"})  # opened before the first saved

    assert saved.status_code == 302
    page = _refused(refused)
    assert "had already been recorded" in page
    assert "£100.00" in page  # what is saved now, beside the second officer's entry
    figure = QuarterFigure.objects.get(line=line, quarter="Outturn")
    assert figure.actual == Decimal("100.00")
    again = second.post(
        url, data | {"actual": "200.00", "record_id": figure.pk, "version": figure.version}
    )
    assert again.status_code == 302  # now they have seen it, they may replace it
    figure.refresh_from_db()
    assert (figure.actual, figure.version) == (Decimal("200.00"), 2)


def test_two_officers_recording_the_same_councils_hours_cannot_overwrite_each_other(officers):
    first, second = officers
    url = reverse("finance:record_hours") + "?year=2025/26"
    data = {"organisation": "CWAC", "quarter": "FR1", "delivered_hours": ""}

    saved = first.post(url, data | {"commissioned_hours": "100"})
    refused = second.post(url, data | {"commissioned_hours": "999"})

    assert saved.status_code == 302
    assert "had already been recorded" in _refused(refused)
    hours = ProjectHours.objects.get(financial_year="2025/26", quarter="FR1")
    assert hours.commissioned_hours == Decimal("100.0")


def test_two_officers_recording_the_same_agency_month_cannot_overwrite_each_other(officers):
    first, second = officers
    url = reverse("finance:record_agency")
    data = {"month": "01/04/2026", "fte": "10", "average_day_rate": "450", "spend": "1000"}

    saved = first.post(url, data | {"roles": "10"})
    refused = second.post(url, data | {"roles": "99"})

    assert saved.status_code == 302
    assert "had already been recorded" in _refused(refused)
    assert AgencySnapshot.objects.get(month=dt.date(2026, 4, 1)).roles == 10


def test_a_seen_version_of_another_record_does_not_let_an_entry_replace_this_one(finance_demo):
    line = BudgetLine.objects.get(name="Staff")
    fr3 = QuarterFigure.objects.get(line=line, quarter="FR3")
    fr2 = QuarterFigure.objects.get(line=line, quarter="FR2")

    with pytest.raises(StaleEditError):
        services.record_quarter_figure(line, "FR3", Decimal(1), None, seen=(fr2.pk, fr3.version))

    fr3.refresh_from_db()
    assert fr3.actual != Decimal(1)


def test_a_new_scenario_saved_under_a_name_just_taken_is_refused_and_the_first_kept(
    finance_demo, personas
):
    first = services.create_scenario("Hours fall", "2024/25", project_hours=Decimal(40_000))

    with pytest.raises(ValidationError) as refused:
        services.create_scenario("Hours fall", "2024/25", project_hours=Decimal(1))

    assert "A scenario with that name already exists" in str(refused.value)
    first.refresh_from_db()
    assert (first.project_hours, first.version) == (Decimal(40_000), 1)
