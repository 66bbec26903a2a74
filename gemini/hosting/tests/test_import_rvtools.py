"""Taking in RVTools exports: matching by UUID, ID or name; what appeared and disappeared."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from gemini.hosting import services
from gemini.hosting.models import RvtoolsImport, VirtualMachine
from gemini.hosting.rvtools import read_export
from gemini.hosting.tests.files import export, vm
from gemini.testing.personas import make_organisations

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def organisations():
    return make_organisations()


def _import(data: bytes, name: str = "RVTools.xlsx", allow: bool = False) -> RvtoolsImport:
    return services.import_rvtools(read_export(data, name), name, allow_disappear=allow)


def test_reimporting_a_newer_export_updates_by_uuid_and_reports_what_appeared_and_disappeared():
    _import(export([vm("A"), vm("B")]))
    renamed = vm("A-RENAMED", cpus="4", uuid="uuid-A")
    record = _import(export([renamed, vm("C")]), allow=True)
    assert record.appeared == ["C"]
    assert record.disappeared == ["B"]
    assert record.updated == 1
    a = VirtualMachine.objects.get(vm_uuid="uuid-A")
    assert (a.name, a.cpus) == ("A-RENAMED", 4)
    assert not VirtualMachine.objects.get(name="B").present


def test_the_same_export_twice_changes_no_vm():
    _import(export([vm("A"), vm("B")]))
    history = VirtualMachine.history.count()
    record = _import(export([vm("A"), vm("B")]))
    assert (record.appeared, record.disappeared, record.updated) == ([], [], 0)
    assert VirtualMachine.history.count() == history


def test_a_vm_powered_off_remembers_since_when():
    _import(export([vm("A", power="poweredOff")]))
    assert VirtualMachine.objects.get(name="A").powered_off_since is not None


def test_the_command_imports_and_lists_findings(tmp_path, capsys):
    path = tmp_path / "RVTools.xlsx"
    path.write_bytes(export([vm("A"), vm("B", cpus="x"), vm("T", template="True")]))
    call_command("hosting", "import-rvtools", str(path))
    out = capsys.readouterr().out
    assert "Imported 2 VMs" in out
    assert "1 templates skipped" in out
    assert "'x' is not a whole number" in out
    assert RvtoolsImport.objects.get().findings.count() == 2


def test_the_command_names_what_is_missing(tmp_path):
    from django.core.management.base import CommandError

    from gemini.hosting.tests.files import xlsx

    path = tmp_path / "bad.xlsx"
    path.write_bytes(xlsx({"Sheet1": [("VM",), ("A",)]}))
    with pytest.raises(CommandError, match="no vInfo sheet"):
        call_command("hosting", "import-rvtools", str(path))


# Issue 15, item 1: imports never lose the estate.
ESTATE = [vm(f"VM{n:02}") for n in range(20)]


def test_renamed_columns_import_the_whole_estate_and_mark_nothing_disappeared():
    from gemini.hosting.tests.test_rvtools import RENAMED

    _import(export(ESTATE))
    record = _import(export(ESTATE, headers=RENAMED))
    assert (record.vms, record.disappeared) == (20, [])
    assert VirtualMachine.objects.filter(present=True).count() == 20


def test_an_import_losing_more_than_the_set_share_is_refused_and_writes_nothing():
    _import(export(ESTATE))
    history = VirtualMachine.history.count()
    with pytest.raises(services.ImportRefusedError, match=r"3 of the 20 VMs .*\(15%\)"):
        _import(export(ESTATE[:17]))
    assert VirtualMachine.objects.filter(present=True).count() == 20
    assert RvtoolsImport.objects.count() == 1
    assert VirtualMachine.history.count() == history


def test_losing_no_more_than_the_set_share_needs_no_confirmation(settings):
    settings.GEMINI_HOSTING_MAX_DISAPPEAR_SHARE = 0.15
    _import(export(ESTATE))
    assert _import(export(ESTATE[:17])).disappeared == ["VM17", "VM18", "VM19"]


def test_a_confirmed_import_may_mark_the_estate_disappeared():
    _import(export(ESTATE))
    record = _import(export([vm("NEW")]), allow=True)
    assert len(record.disappeared) == 20


def test_the_check_lists_what_would_change_and_writes_nothing():
    from gemini.hosting.engine.disposition import Disposition
    from gemini.testing.personas import make_organisations

    _import(export([*ESTATE, vm("OFF", power="poweredOff")]))
    services.save_application("Payroll", make_organisations()["CEC"], "high", ["VM00", "OFF"])
    check = services.check_rvtools(
        read_export(
            export([vm("NEW"), vm("VM01", cpus="8"), *ESTATE[2:], vm("OFF", power="poweredOff")]),
            "x.xlsx",
        ),
        "x.xlsx",
    )
    assert check.appeared == ["NEW"]
    assert check.disappeared == ["VM00"]
    assert [(c.name, c.changes) for c in check.changed] == [("VM01", ("CPUs 2 → 8",))]
    assert check.unchanged == 19
    assert [(d.application, d.before, d.after) for d in check.dispositions] == [
        ("Payroll", Disposition.REHOST, Disposition.RETIRE)
    ]
    assert not check.needs_confirmation
    assert VirtualMachine.objects.get(name="VM00").present
    assert not VirtualMachine.objects.filter(name="NEW").exists()


def test_an_import_that_changes_the_estate_marks_earlier_plans_out_of_date():
    import datetime as dt

    from gemini.hosting.models import WavePlan

    _import(export(ESTATE))
    plan = services.make_plan(None, dt.date(2025, 4, 1))
    _import(export(ESTATE))  # the same estate: the plan still holds
    plan.refresh_from_db()
    assert plan.out_of_date_since is None
    _import(export([*ESTATE, vm("NEW")]))
    plan.refresh_from_db()
    assert plan.out_of_date_since is not None
    assert "1 VMs appeared, 0 changed, 0 disappeared" in plan.out_of_date_because
    fresh = services.make_plan(None, dt.date(2025, 4, 1))
    assert WavePlan.objects.get(pk=fresh.pk).out_of_date_since is None


# Issue 15, item 2: every VM is accounted for.
def test_a_vm_needing_data_is_kept_and_blocks_the_plan(capsys):
    import datetime as dt
    import json

    from gemini.testing.personas import make_organisations

    _import(export([vm("A"), vm("vm-9", cpus="", memory="")]))
    nine = VirtualMachine.objects.get(name="vm-9")
    assert (nine.present, nine.cpus) == (True, 0)
    assert nine.needs_data.startswith("No CPUs (not in vInfo or vCPU), memory")
    services.save_application("Payroll", make_organisations()["CEC"], "high", ["A", "vm-9"])
    findings = services.make_plan(None, dt.date(2025, 4, 1)).result["findings"]
    blockers = [f for f in findings if f["rule"] == "needs data"]
    assert len(blockers) == 1
    assert blockers[0]["application"] == "Payroll"
    assert "vm-9, whose data is incomplete" in blockers[0]["message"]
    call_command("hosting", "estate", "--json")
    figures = json.loads(capsys.readouterr().out)
    assert (figures["vms"], figures["needs_data"]) == (2, 1)


def test_the_command_dry_run_prints_the_check_and_writes_nothing(tmp_path, capsys):
    _import(export(ESTATE))
    path = tmp_path / "RVTools.xlsx"
    path.write_bytes(export([*ESTATE[1:], vm("NEW")]))
    call_command("hosting", "import-rvtools", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "1 would appear, 0 change, 19 stay the same, 1 disappear (5% of the 20" in out
    assert "Disappear: VM00" in out
    assert "Dry run: nothing was written." in out
    assert RvtoolsImport.objects.count() == 1


def test_the_command_refuses_a_mass_disappearance_unless_allowed(tmp_path, capsys):
    from django.core.management.base import CommandError

    _import(export(ESTATE))
    path = tmp_path / "RVTools.xlsx"
    path.write_bytes(export(ESTATE[:3]))
    with pytest.raises(CommandError, match=r"17 of the 20 VMs.*--allow-disappear"):
        call_command("hosting", "import-rvtools", str(path))
    assert VirtualMachine.objects.filter(present=True).count() == 20
    call_command("hosting", "import-rvtools", str(path), "--allow-disappear")
    assert VirtualMachine.objects.filter(present=True).count() == 3


def test_the_command_refuses_a_workbook_lacking_a_column(tmp_path):
    from django.core.management.base import CommandError

    from gemini.hosting.tests.files import xlsx

    path = tmp_path / "RVTools.xlsx"
    path.write_bytes(xlsx({"vInfo": [("VM", "Powerstate", "CPU"), ("A", "poweredOn", 2)]}))
    with pytest.raises(CommandError, match="looked for CPUs, Num CPU"):
        call_command("hosting", "import-rvtools", str(path))
    assert RvtoolsImport.objects.count() == 0
