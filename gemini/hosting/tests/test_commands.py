"""`gemini hosting estate` and `gemini hosting plan`: the JSON keys the issue names."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gemini.hosting.models import WavePlan

pytestmark = pytest.mark.django_db


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    call_command("hosting", *args)
    return json.loads(capsys.readouterr().out)


def test_estate_json_has_exactly_the_issues_keys_and_excludes_templates(demo, capsys):
    data = _json(capsys, "estate", "--json")
    assert list(data) == [
        "vms",
        "templates",
        "powered_on",
        "powered_off",
        "vcpus",
        "memory_mib",
        "provisioned_mib",
        "in_use_mib",
        "findings",
        "needs_data",
    ]
    assert data["vms"] == 36
    assert data["needs_data"] == 0
    assert data["templates"] == 2
    assert data["powered_on"] + data["powered_off"] <= data["vms"]
    assert data["findings"] == 4


def test_plan_json_has_the_issues_keys_and_is_kept(demo, capsys):
    before = WavePlan.objects.count()
    data = _json(capsys, "plan", "--deadline", "2030-03-31", "--json")
    assert list(data) == ["applications", "move_groups", "waves", "findings"]
    assert all(list(w) == ["name", "start", "end", "applications", "vms"] for w in data["waves"])
    assert ["CEC Finance Ledger", "Shared HR and Payroll", "Shared Integration Hub"] in data[
        "move_groups"
    ]
    assert WavePlan.objects.count() == before + 1
    assert WavePlan.objects.latest("pk").exit_date.isoformat() == "2030-03-31"


def test_plan_refuses_a_deadline_that_is_not_a_date(demo):
    with pytest.raises(CommandError, match="not a date"):
        call_command("hosting", "plan", "--deadline", "31/03/2027")


def test_the_tables_print_without_json(demo, capsys):
    call_command("hosting", "estate")
    assert "powered on" in capsys.readouterr().out
