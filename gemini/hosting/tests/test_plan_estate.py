"""Every VM accounted for in the plan, and the plan against the exit date (issue 15, items 2
and 6): a workbook with no application mapping, applications with no VMs, grouping VMs in no
application into applications, and what would meet the exit date."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse

from gemini.core.models import Organisation
from gemini.hosting import assessment, services
from gemini.hosting.engine.grouping import Basis
from gemini.hosting.models import Application, VirtualMachine
from gemini.hosting.rvtools import read_export
from gemini.hosting.tests.files import export, vm
from gemini.testing.personas import make_organisations

pytestmark = pytest.mark.django_db
START = dt.date(2026, 4, 1)


@pytest.fixture
def loose_estate():
    """An RVTools export and nothing else: no application links any VM."""
    make_organisations()  # priced with the bundled illustrative list (no list imported)
    rows = [vm(f"CEC-REV-APP0{i}") for i in range(1, 4)] + [
        vm("CWAC-HR-DB01"),
        vm("OLD-FTP01", power="poweredOff"),
    ]
    services.import_rvtools(read_export(export(rows), "RVTools.xlsx"), "RVTools.xlsx")


def _planned_vms(result: dict[str, Any]) -> list[str]:
    return [name for wave in result["waves"] for name in wave["unassigned_vms"]]


def test_a_workbook_with_no_applications_plans_and_costs_every_vm(loose_estate):
    plan = services.make_plan(None, START)
    result = plan.result
    assert result["applications"] == 0
    # Before: an empty plan. Now each powered-on VM is planned on its own.
    assert sorted(_planned_vms(result)) == [
        "CEC-REV-APP01",
        "CEC-REV-APP02",
        "CEC-REV-APP03",
        "CWAC-HR-DB01",
    ]
    assert result["unassigned"] == {"vms": 5, "planned": 4, "retired": 1, "after_exit": 0}
    assert result["exit"]["meets"] is True
    assert result["exit"]["vms"] == 4
    loose = assessment.loose_estate(VirtualMachine.objects.all())
    assert len(loose.vms) == 5
    assert loose.cloud > 0  # costed per VM, though in no council's bill


def test_an_application_with_no_vms_is_a_finding_and_in_no_wave(loose_estate):
    owner = Organisation.objects.get(code="CEC")
    services.save_application("Empty Shell", owner, "medium")
    result = services.make_plan(None, START).result
    assert all("Empty Shell" not in wave["applications"] for wave in result["waves"])
    findings = [f for f in result["findings"] if f["application"] == "Empty Shell"]
    assert [f["rule"] for f in findings] == ["no VMs"]
    assert "nothing to move" in findings[0]["message"]


def test_accepting_a_grouping_makes_applications_recorded_with_who_and_plans_them(
    loose_estate, personas
):
    vms = list(assessment.loose_vms(VirtualMachine.objects.all()))
    grouping = assessment.grouping_of(vms, Basis.NAME_PREFIX)
    groups = {g.name: g for g in grouping.groups}
    assert groups["CEC-REV"].vms == ("CEC-REV-APP01", "CEC-REV-APP02", "CEC-REV-APP03")
    made = services.accept_grouping(
        [groups["CEC-REV"]],
        Basis.NAME_PREFIX,
        Organisation.objects.get(code="CEC"),
        "high",
        personas["tech"],
    )
    application = Application.objects.get(name="CEC-REV")
    assert made == [application]
    assert sorted(application.vms.values_list("name", flat=True)) == list(groups["CEC-REV"].vms)
    created = application.history.earliest("history_date")
    assert created.history_user == personas["tech"]
    assert "name prefix “CEC-REV”" in created.history_change_reason
    result = services.make_plan(None, START).result
    assert any("CEC-REV" in wave["applications"] for wave in result["waves"])
    assert result["unassigned"]["vms"] == 2


def test_accepting_a_name_already_taken_is_refused_and_writes_nothing(loose_estate):
    vms = list(assessment.loose_vms(VirtualMachine.objects.all()))
    groups = assessment.grouping_of(vms, Basis.NAME_PREFIX).groups
    owner = Organisation.objects.get(code="CEC")
    services.save_application(groups[0].name, owner, "low")
    before = Application.objects.count()
    with pytest.raises(services.GroupingRefusedError, match="already called"):
        services.accept_grouping(list(groups), Basis.NAME_PREFIX, owner, "low", None)
    assert Application.objects.count() == before


def test_the_grouping_page_proposes_groups_and_a_manager_accepts_them(
    loose_estate, personas, client_for
):
    url = reverse("hosting:grouping")
    page = client_for(personas["tech"]).get(url, {"basis": "name_prefix"}).content.decode()
    assert "5 VMs you can see are in no application" in page
    assert "CEC-REV" in page
    assert "Accept the selected groups" in page
    data = {
        "basis": "name_prefix",
        "groups": ["CEC-REV", "CWAC-HR"],
        "organisation": "CWAC",
        "criticality": "medium",
    }
    assert client_for(personas["finance"]).post(url, data).status_code == 403
    response = client_for(personas["tech"]).post(url, data)
    assert response.status_code == 302
    assert set(Application.objects.values_list("name", flat=True)) == {"CEC-REV", "CWAC-HR"}


def test_the_grouping_form_shows_the_error_summary_when_nothing_is_selected(
    loose_estate, personas, client_for
):
    response = client_for(personas["tech"]).post(
        reverse("hosting:grouping"),
        {"basis": "cluster", "organisation": "CEC", "criticality": "low"},
    )
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Select at least one group to accept" in page
    assert not Application.objects.exists()


def test_the_plan_page_says_what_would_meet_the_exit_date(loose_estate, personas, client_for):
    # 4 VMs, one a wave, waves of 120 days: 4 waves to 2027, only 2 before 31/12/2026.
    services.make_plan(
        None, START, exit_date=dt.date(2026, 12, 31), wave_days=120, max_vms_per_wave=1
    )
    page = client_for(personas["tech"]).get(reverse("hosting:plan")).content.decode()
    assert "Meeting the exit date" in page
    assert "at least 2 VMs" in page
    assert "CEC-REV-APP01" in page  # VMs in no application are shown in their waves
    overview = client_for(personas["tech"]).get(reverse("hosting:index")).content.decode()
    assert "5 VMs are in no application" in overview
    assert "The plan needs 4 waves" in overview


def test_the_plan_command_prints_and_gives_in_json_what_would_meet_the_exit_date(
    loose_estate, capsys
):
    call_command("hosting", "plan", "--deadline", "2030-06-30", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["unassigned"]["planned"] == 4
    assert set(data["exit"]) >= {"meets", "waves_needed", "waves_available", "vms_per_wave"}
    call_command("hosting", "plan")
    out = capsys.readouterr().out
    assert "Meets the exit date" in out
    assert "5 VMs are in no application" in out


def test_the_exit_date_setting_must_be_a_date(monkeypatch):
    from gemini.settings import env_date

    monkeypatch.setenv("GEMINI_HOSTING_EXIT_DATE", "31/03/2027")
    with pytest.raises(ImproperlyConfigured, match="YYYY-MM-DD"):
        env_date("GEMINI_HOSTING_EXIT_DATE", dt.date(2027, 3, 31))
    monkeypatch.setenv("GEMINI_HOSTING_EXIT_DATE", "2028-03-31")
    assert env_date("GEMINI_HOSTING_EXIT_DATE", dt.date(2027, 3, 31)) == dt.date(2028, 3, 31)
