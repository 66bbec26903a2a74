"""The applications and dependencies imports: all or nothing, through the core importer."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gemini.core import importing
from gemini.hosting.models import Application, Dependency, VirtualMachine
from gemini.hosting.tests.files import export, vm
from gemini.hosting.tests.test_import_rvtools import _import
from gemini.testing.personas import make_organisations

pytestmark = pytest.mark.django_db

HEADER = "name,council,criticality,business_owner,supplier,contract_end,vms,users,saas_alternative"


@pytest.fixture(autouse=True)
def estate():
    make_organisations()
    _import(export([vm("CEC-REV01"), vm("CEC-REV02"), vm("SS-HR01")]))


def _run(kind: str, text: str, dry_run: bool = False) -> importing.ImportResult:
    return importing.run_import(importing.importer_for(kind), text.encode(), f"{kind}.csv", dry_run)


GOOD = "\n".join(
    [
        HEADER,
        "CEC Revenues,CEC,high,A Person,Civica,30/09/2026,CEC-REV01;CEC-REV02,250,",
        "Shared HR and Payroll,shared,High,B Person,MHR,2026-03-31,SS-HR01,3000,",
    ]
)


def test_a_good_file_writes_applications_with_vms_shares_and_owners():
    result = _run("applications", GOOD)
    assert result.ok, result.problems
    revenues = Application.objects.get(name="CEC Revenues")
    assert revenues.vms.count() == 2
    assert {v.organisation.code for v in revenues.vms.all()} == {"CEC"}
    shared = Application.objects.get(name="Shared HR and Payroll")
    assert shared.shared
    assert sorted(shared.shares.values_list("organisation__code", "fraction")) == [
        ("CEC", Decimal("0.5")),
        ("CWAC", Decimal("0.5")),
    ]


def test_a_file_with_bad_rows_reports_each_and_writes_nothing():
    text = "\n".join(
        [
            HEADER,
            "Good,CEC,high,,,,,,",
            "Bad council,XYZ,high,,,,,,",
            "Bad criticality,CEC,vital,,,,,,",
            "Bad date,CEC,low,,,31/31/2026,,,",
            "Unknown VM,CEC,low,,,,NOPE01,,",
            "Good,CWAC,low,,,,,,",
        ]
    )
    result = _run("applications", text)
    assert not result.ok
    found = {(p.row, p.column) for p in result.problems}
    assert {(4, "criticality"), (5, "contract_end")} <= found
    assert not Application.objects.exists()
    # Cross-row problems are checked once every row is clean: fix those and see the rest.
    text = "\n".join(
        [
            HEADER,
            "Good,CEC,high,,,,,,",
            "Bad council,XYZ,high,,,,,,",
            "Unknown VM,CEC,low,,,,NOPE01,,",
            "Good,CWAC,low,,,,,,",
        ]
    )
    result = _run("applications", text)
    assert {(p.row, p.column) for p in result.problems} == {(3, "council"), (4, "vms"), (5, "name")}
    assert not Application.objects.exists()


def test_a_dry_run_writes_nothing():
    result = _run("applications", GOOD, dry_run=True)
    assert result.ok
    assert result.count("created") == 2
    assert not Application.objects.exists()


def test_dependencies_import_and_refuse_unknown_applications_and_self_dependency():
    _run("applications", GOOD)
    bad = _run(
        "dependencies",
        "from,to,kind\nCEC Revenues,Nobody,data\nCEC Revenues,CEC Revenues,data\n",
    )
    # Every problem in one pass (issue 16.4): the self-dependency and the unknown application.
    assert {(p.row, p.column) for p in bad.problems} == {(2, "to"), (3, "to")}
    bad = _run("dependencies", "from,to,kind\nCEC Revenues,Nobody,data\n")
    assert {(p.row, p.column) for p in bad.problems} == {(2, "to")}
    good = _run("dependencies", "from,to,kind\nCEC Revenues,Shared HR and Payroll,Data feed\n")
    assert good.ok, good.problems
    assert Dependency.objects.get().kind == "data"
    again = _run("dependencies", "from,to,kind\nCEC Revenues,Shared HR and Payroll,data\n")
    assert again.count("unchanged") == 1


def test_on_premises_costs_by_vm_and_by_host_with_the_vms_own_row_winning():
    result = _run(
        "on-premises-costs",
        "vm,host,annual_cost\n,esx01,3000\nCEC-REV01,,1500.50\n",
    )
    assert result.ok, result.problems
    costs = dict(VirtualMachine.objects.values_list("name", "annual_on_premises_cost"))
    assert costs == {
        "CEC-REV01": Decimal("1500.50"),
        "CEC-REV02": Decimal("1000.00"),
        "SS-HR01": Decimal("1000.00"),
    }


def test_on_premises_costs_refuse_a_row_with_neither_vm_nor_host_and_unknown_names():
    result = _run("on-premises-costs", "vm,host,annual_cost\n,,10\nNOPE,,10\n,esx99,10\n")
    assert {(p.row, p.column) for p in result.problems} == {(2, "vm"), (3, "vm"), (4, "host")}
    result = _run("on-premises-costs", "vm,host,annual_cost\nNOPE,,10\n,esx99,10\n")
    assert {(p.row, p.column) for p in result.problems} == {(2, "vm"), (3, "host")}


def test_the_azure_migrate_export_adds_observed_network_dependencies():
    _run("applications", GOOD)
    text = "\n".join(
        [
            "Timeslot,Source server name,Source application,Source process,"
            "Destination server name,Destination IP,Destination application,"
            "Destination process,Destination port",
            "2025-01-01,cec-rev01.ictss.local,w3wp,w3wp.exe,SS-HR01.ictss.local,10.1.1.5,"
            "sqlservr,sqlservr.exe,1433",
            "2025-01-01,laptop-123.ictss.local,chrome,chrome.exe,CEC-REV02,10.1.1.6,w3wp,"
            "w3wp.exe,443",
        ]
    )
    result = _run("azure-migrate-dependencies", text)
    assert result.ok, result.problems
    dependency = Dependency.objects.get()
    assert (dependency.source.name, dependency.target.name, dependency.kind) == (
        "CEC Revenues",
        "Shared HR and Payroll",
        "network",
    )
    assert any("laptop-123" in change.description for change in result.changes)
