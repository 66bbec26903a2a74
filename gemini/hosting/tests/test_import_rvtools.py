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


def _import(data: bytes, name: str = "RVTools.xlsx") -> RvtoolsImport:
    return services.import_rvtools(read_export(data, name), name)


def test_reimporting_a_newer_export_updates_by_uuid_and_reports_what_appeared_and_disappeared():
    _import(export([vm("A"), vm("B")]))
    renamed = vm("A-RENAMED", cpus="4", uuid="uuid-A")
    record = _import(export([renamed, vm("C")]))
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
