"""Reading RVTools exports: both header variants, templates, findings, never a crash."""

from __future__ import annotations

import pytest

from gemini.hosting.rvtools import RvtoolsError, read_export
from gemini.hosting.tests.files import MB_HEADERS, MIB_HEADERS, export, vm, xlsx


def test_it_reads_the_mib_headers():
    result = read_export(export([vm("CEC-APP01")]), "RVTools.xlsx")
    assert [v.name for v in result.vms] == ["CEC-APP01"]
    row = result.vms[0]
    assert (row.cpus, row.memory_mib, row.provisioned_mib, row.in_use_mib) == (
        2,
        4096,
        102400,
        51200,
    )
    assert row.vm_uuid == "uuid-CEC-APP01"
    assert result.findings == []


def test_it_reads_the_older_mb_headers_as_the_same_binary_units():
    result = read_export(export([vm("CEC-APP01")], headers=MB_HEADERS), "old.xlsx")
    assert result.vms[0].provisioned_mib == 102400
    assert result.vms[0].in_use_mib == 51200


def test_it_reads_the_vinfo_tab_saved_as_csv():
    lines = [",".join(MIB_HEADERS), ",".join(vm("CW-WEB01"))]
    result = read_export("\n".join(lines).encode(), "vInfo.csv")
    assert [v.name for v in result.vms] == ["CW-WEB01"]


def test_templates_are_skipped_but_counted():
    result = read_export(
        export([vm("A"), vm("TPL-2019", template="True"), vm("TPL-2022", template="True")]),
        "x.xlsx",
    )
    assert [v.name for v in result.vms] == ["A"]
    assert result.templates == 2


def test_a_non_numeric_cpu_count_is_a_finding_and_the_vm_is_kept_needing_data():
    result = read_export(export([vm("A"), vm("B", cpus="four")]), "x.xlsx")
    assert [v.name for v in result.vms] == ["A", "B"]
    assert result.vms[1].needs_data == "No CPUs (not in vInfo or vCPU)."
    rows = {(f.sheet, f.row) for f in result.findings}
    assert ("vInfo", 3) in rows
    assert any("'four' is not a whole number" in f.what for f in result.findings)


def test_empty_cells_are_findings_not_crashes():
    row = vm("A")
    row[8] = ""  # In Use MiB
    result = read_export(export([row]), "x.xlsx")
    assert result.vms[0].in_use_mib is None
    assert any("In Use MiB is empty" in f.what for f in result.findings)


def test_a_cross_sheet_mismatch_becomes_a_finding():
    data = export(
        [vm("A", cpus="4"), vm("B", disks="2")],
        vCPU=[("VM", "CPUs", "Sockets", "Cores p/s"), ("A", 4, 1, 2)],
        vMemory=[("VM", "Size MiB"), ("A", 8192)],
        vDisk=[("VM", "Disk", "Capacity MiB"), ("A", "Hard disk 1", 1), ("B", "Hard disk 1", 1)],
        vNetwork=[("VM", "Network", "IPv4 Address"), ("Ghost", "VLAN10", "10.0.0.9")],
        vHost=[("Host",), ("esx99",)],
    )
    result = read_export(data, "x.xlsx")
    text = " | ".join(f"{f.sheet}:{f.what}" for f in result.findings)
    assert "vCPU:A: 1 sockets × 2 cores = 2, but vInfo says 4 CPUs." in text
    assert "vMemory:A: 8192 MiB of memory here, 4096 in vInfo." in text
    assert "vDisk:B: 1 disks in vDisk, 2 in vInfo." in text
    assert "vNetwork:1 VM(s) here are not in vInfo (or were skipped there): Ghost." in text
    assert "vHost:Host esx01 is not in vHost; 2 VM(s) run on it." in text
    assert len(result.vms) == 2


def test_a_workbook_without_a_vinfo_sheet_is_refused_naming_what_is_missing():
    with pytest.raises(RvtoolsError, match="has no vInfo sheet"):
        read_export(xlsx({"vHost": [("Host",), ("esx01",)]}), "x.xlsx")


def test_a_vinfo_without_the_vm_column_is_refused_naming_it():
    with pytest.raises(RvtoolsError, match=r"lacks a column .*: VM \(looked for VM, VM Name\)"):
        read_export(xlsx({"vInfo": [("Name", "CPUs"), ("A", 2)]}), "x.xlsx")


def test_a_damaged_file_is_a_clear_error():
    with pytest.raises(RvtoolsError, match="cannot be opened"):
        read_export(b"not a workbook", "x.xlsx")


def test_a_duplicate_vm_name_is_a_finding():
    result = read_export(export([vm("A"), vm("A")]), "x.xlsx")
    assert len(result.vms) == 1
    assert "appears more than once" in result.findings[0].what


# Issue 15, item 1: a workbook whose vInfo columns are renamed imported 0 VMs.
RENAMED = (
    "VM",
    "Powerstate",
    "Template",
    "# CPUs",
    "Memory (MB)",
    "NICs",
    "Disks",
    "Provisioned (MB)",
    "In Use (MB)",
)


def test_it_reads_the_renamed_columns_of_other_rvtools_versions():
    result = read_export(export([vm("A"), vm("B", cpus="4")], headers=RENAMED), "x.xlsx")
    assert [(v.name, v.cpus, v.memory_mib, v.provisioned_mib) for v in result.vms] == [
        ("A", 2, 4096, 102400),
        ("B", 4, 4096, 102400),
    ]
    assert result.findings == []


def test_it_reads_num_cpu_and_converts_gb_columns_to_mib():
    headers = ("VM", "Powerstate", "Num CPU", "Memory GB", "Provisioned GB", "In Use GB")
    result = read_export(xlsx({"vInfo": [headers, ("A", "poweredOn", 2, 8, 100, 50.5)]}), "x.xlsx")
    row = result.vms[0]
    assert (row.cpus, row.memory_mib, row.provisioned_mib, row.in_use_mib) == (
        2,
        8192,
        102400,
        51712,
    )


def test_a_vinfo_lacking_a_required_column_is_refused_naming_what_was_looked_for():
    headers = ("VM", "Powerstate", "vCPU count", "Memory", "Provisioned MiB")
    with pytest.raises(RvtoolsError) as error:
        read_export(xlsx({"vInfo": [headers, ("A", "poweredOn", 2, 4096, 1)]}), "x.xlsx")
    message = str(error.value)
    assert "nothing was imported" in message
    assert "CPUs (looked for CPUs, Num CPU" in message
    assert "storage in use (looked for In Use MiB, In Use MB" in message
    assert "Memory (looked for" not in message


# Issue 15, item 2: vm-9 (powered on, no CPUs or Memory in vInfo) was dropped from the estate.
def test_a_vm_without_cpus_or_memory_stays_takes_vcpu_and_needs_data():
    data = export(
        [vm("A"), vm("vm-9", cpus="", memory="")],
        vCPU=[("VM", "CPUs", "Sockets", "Cores p/s"), ("A", 2, 1, 2), ("vm-9", 4, 2, 2)],
    )
    result = read_export(data, "x.xlsx")
    assert [v.name for v in result.vms] == ["A", "vm-9"]
    nine = result.vms[1]
    assert (nine.cpus, nine.memory_mib, nine.power_state) == (4, 0, "poweredOn")
    assert nine.needs_data == ("No memory (not in vInfo or vMemory); 4 CPUs taken from vCPU.")
    assert result.vms[0].needs_data == ""
    assert any(f.vm == "vm-9" and "needs data" in f.what for f in result.findings)


def test_a_vm_completed_by_vcpu_and_vmemory_does_not_need_data():
    data = export(
        [vm("vm-9", cpus="", memory="")],
        vCPU=[("VM", "Sockets", "Cores p/s"), ("vm-9", 2, 2)],
        vMemory=[("VM", "Size MiB"), ("vm-9", 8192)],
    )
    nine = read_export(data, "x.xlsx").vms[0]
    assert (nine.cpus, nine.memory_mib, nine.needs_data) == (4, 8192, "")


def test_a_vm_with_no_power_state_needs_data():
    result = read_export(export([vm("A", power="")]), "x.xlsx")
    assert result.vms[0].needs_data == "No power state."


# Issue 15, item 7: findings a person can read.
def test_a_host_missing_from_vhost_is_one_finding_not_one_per_vm():
    rows = [vm(f"VM{n:03}", host="esx09") for n in range(40)] + [vm("OK", host="esx01")]
    result = read_export(export(rows, vHost=[("Host",), ("esx01",)]), "x.xlsx")
    host_findings = [f for f in result.findings if f.sheet == "vHost"]
    assert [f.what for f in host_findings] == ["Host esx09 is not in vHost; 40 VM(s) run on it."]


def test_templates_in_other_sheets_are_not_reported_as_missing_vms():
    data = export(
        [vm("A"), vm("TPL-2022", template="True")],
        vCPU=[("VM", "CPUs"), ("A", 2), ("TPL-2022", 2)],
        vDisk=[
            ("VM", "Disk", "VM ID"),
            ("A", "Hard disk 1", "vm-A"),
            ("TPL-2022", "d", "vm-TPL-2022"),
        ],
    )
    assert read_export(data, "x.xlsx").findings == []


def test_vm_ids_that_vinfo_lacks_are_one_finding_per_sheet_with_examples():
    disk_rows = [("A", "Hard disk 1", f"vm-{n}") for n in range(1000, 1012)]
    data = export(
        [vm("A", disks="12")],
        vDisk=[("VM", "Disk", "VM ID"), *disk_rows],
        vPartition=[("VM", "Disk", "VM UUID"), ("A", "C:", "uuid-other")],
        vMemory=[("VM", "Size MiB", "VM ID"), ("A", 4096, "vm-A")],
    )
    findings = [f for f in read_export(data, "x.xlsx").findings if f.sheet != "vInfo"]
    assert [(f.sheet, f.what) for f in findings] == [
        (
            "vDisk",
            "12 VM ID(s) here are not in vInfo, e.g. vm-1000, vm-1001, vm-1002, vm-1003, "
            "vm-1004, …: the sheets may come from different exports or vCenters, so check "
            "them before trusting this sheet.",
        ),
        (
            "vPartition",
            "1 VM UUID(s) here are not in vInfo, e.g. uuid-other: the sheets may come from "
            "different exports or vCenters, so check them before trusting this sheet.",
        ),
    ]
