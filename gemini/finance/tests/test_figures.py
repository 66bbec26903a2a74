"""finance.figures.position is the one read of the finance headline: the page, the API and the
CLI say the same thing on the same data.

`position` takes no date or reader yet (every finance figure is Part 1 and read live; see
gemini/finance/figures.py), so the three are compared for today. The other finance figures
(budget, savings, income, agency, liability, scenarios) are compared here through the headline
they make up; a test per figure waits on `position` taking a date."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from gemini.api.services import create_token
from gemini.core.models import User
from gemini.core.reading import pounds_for_reading
from gemini.finance import figures

pytestmark = pytest.mark.django_db


def _finance_officer() -> User:
    return User.objects.get(email="finance@gemini.test")


def _api(user: User, path: str) -> Any:
    _, token = create_token(user, "Tests")
    client = Client(headers={"Authorization": f"Bearer {token}"})
    response = client.get(f"/api/v1/finance{path}")
    assert response.status_code == 200, response.content
    return response.json()


def test_the_position_is_the_same_on_the_page_in_the_api_and_in_the_cli(finance_demo, client):
    found = figures.position()
    assert found.one_off_total > 0

    user = _finance_officer()
    api = _api(user, "/position")
    out = io.StringIO()
    call_command("finance", "position", "--json", stdout=out)
    cli = json.loads(out.getvalue())
    client.force_login(user)
    page = client.get(reverse("finance:index")).content.decode()

    expected = found.as_json()
    for key in (
        "one_off_total",
        "one_off_by_council",
        "savings_target_by_council",
        "savings_delivered_by_council",
        "forecast_variance",
        "project_income_budget",
        "project_income_forecast",
        "agency_reduction_percent",
    ):
        assert cli[key] == api[key] == expected[key], key
    assert api["forecast_rag"] == found.forecast_rag
    # the dashboard rounds money for reading (core.reading.pounds_for_reading): £5.1m, £450k
    assert pounds_for_reading(found.one_off_total) in page
    for code, amount in found.one_off_by_council.items():
        assert f"{code} {pounds_for_reading(amount)}" in page
    assert f"forecast {pounds_for_reading(found.project_income_forecast)}" in page
    assert f"down {found.agency_reduction_percent}%" in page
