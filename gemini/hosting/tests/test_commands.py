"""`gemini hosting estate` and `gemini hosting plan`: the JSON keys the issue names."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gemini.hosting import assessment
from gemini.hosting.models import VirtualMachine, WavePlan

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
        "readiness",
    ]
    assert data["vms"] == 36
    assert data["needs_data"] == 0
    assert data["templates"] == 2
    assert data["powered_on"] + data["powered_off"] <= data["vms"]
    assert data["findings"] == 4


def test_estate_json_counts_the_vms_by_azure_readiness_and_they_add_up(demo, capsys):
    data = _json(capsys, "estate", "--json")
    assert list(data["readiness"]) == ["ready", "conditionally_ready", "not_ready", "unknown"]
    assert sum(data["readiness"].values()) == data["vms"]
    assert data["readiness"]["conditionally_ready"] > 0  # the demo's 2008 R2 and 2012 R2 VMs


def test_estate_judges_readiness_on_the_date_given(demo, capsys):
    today = _json(capsys, "estate", "--on", "2025-06-01", "--json")["readiness"]
    at_exit = _json(capsys, "estate", "--on", "2027-03-31", "--json")["readiness"]
    # Windows Server 2016's support ends on 12/01/2027: ready now, conditionally ready at exit.
    assert at_exit["ready"] < today["ready"]
    assert sum(at_exit.values()) == sum(today.values())


def test_an_unknown_operating_system_is_unknown_readiness_a_finding_and_never_supported(
    demo, capsys
):
    before = _json(capsys, "estate", "--json")["readiness"]["unknown"]
    vm = VirtualMachine.objects.filter(present=True, applications__isnull=False).first()
    assert vm is not None
    other = "Other 3.x or later Linux (64-bit)"
    VirtualMachine.objects.filter(pk=vm.pk).update(os_tools=other, os_config=other)
    assert _json(capsys, "estate", "--json")["readiness"]["unknown"] == before + 1
    vm.refresh_from_db()
    assert assessment.support_of(vm).status.value == "unknown"
    result = assessment.assess()
    for application in vm.applications.all():
        proposal = result.applications[application.name].proposal
        assert any(vm.name in finding for finding in proposal.findings)
        assert "supported systems" not in " ".join(proposal.reasons)


def test_plan_json_has_the_issues_keys_and_is_kept(demo, capsys):
    before = WavePlan.objects.count()
    data = _json(capsys, "plan", "--deadline", "2030-03-31", "--json")
    assert list(data) == ["applications", "move_groups", "waves", "findings", "unassigned", "exit"]
    assert all(
        list(w) == ["name", "start", "end", "applications", "unassigned_vms", "vms"]
        for w in data["waves"]
    )
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
    out = capsys.readouterr().out
    assert "powered on" in out
    assert "Conditionally ready" in out
