"""`gemini finance position|scenario`: the JSON keys are a contract."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def _json(*args: str) -> Any:
    out = StringIO()
    call_command("finance", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_position_gives_the_seed_figures_with_exactly_the_issue_keys(finance_demo):
    position = _json("position")
    assert position == {
        "as_of": "2024-12-31",
        "one_off_total": "5100000.00",
        "one_off_by_council": {"CEC": "2550000.00", "CWAC": "2550000.00"},
        "savings_target_by_council": {"CEC": "1470000.00", "CWAC": "1200000.00"},
        "savings_delivered_by_council": {"CEC": "450000.00", "CWAC": "400000.00"},
        "forecast_variance": "0.00",
        "project_income_budget": "3600000.00",
        "project_income_forecast": "3600000.00",
        "agency_reduction_percent": "29.2",
    }


def test_scenario_compares_fewer_hours_with_the_base_case(finance_demo):
    result = _json("scenario", "--project-hours", "50000")
    assert result == {
        "base": {
            "project_income": "3600000.00",
            "shortfall": "0.00",
            "agency_fte_reduction_needed": "0.0",
        },
        "scenario": {
            "project_income": "3157894.74",
            "shortfall": "442105.26",
            "agency_fte_reduction_needed": "15.6",
        },
    }


def test_the_tables_print_without_json(finance_demo):
    out = StringIO()
    call_command("finance", "position", stdout=out)
    assert "£5,100,000.00" in out.getvalue()
    out = StringIO()
    call_command("finance", "scenario", "--project-hours", "50,000", stdout=out)
    assert "15.6" in out.getvalue()


@pytest.mark.parametrize("hours", ["-5", "lots", "NaN"])
def test_it_refuses_hours_that_are_not_hours(finance_demo, hours):
    with pytest.raises(CommandError, match="hours"):
        call_command("finance", "scenario", "--project-hours", hours, stdout=StringIO())


def test_it_says_so_when_there_is_nothing_to_model(db):
    with pytest.raises(CommandError, match="no project income plan"):
        call_command("finance", "scenario", "--project-hours", "1", stdout=StringIO())


def test_it_refuses_a_year_that_is_not_one(finance_demo):
    with pytest.raises(CommandError, match="financial year"):
        call_command("finance", "position", "--year", "2024", stdout=StringIO())
