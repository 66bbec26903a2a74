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


def test_a_non_numeric_cpu_count_is_a_finding_on_that_row_and_the_rest_is_kept():
    result = read_export(export([vm("A"), vm("B", cpus="four")]), "x.xlsx")
    assert [v.name for v in result.vms] == ["A"]
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
    assert "vNetwork:Ghost is not in vInfo" in text
    assert "vHost:A runs on host esx01, which vHost lacks." in text
    assert len(result.vms) == 2


def test_a_workbook_without_a_vinfo_sheet_is_refused_naming_what_is_missing():
    with pytest.raises(RvtoolsError, match="has no vInfo sheet"):
        read_export(xlsx({"vHost": [("Host",), ("esx01",)]}), "x.xlsx")


def test_a_vinfo_without_the_vm_column_is_refused_naming_it():
    with pytest.raises(RvtoolsError, match="no VM column"):
        read_export(xlsx({"vInfo": [("Name", "CPUs"), ("A", 2)]}), "x.xlsx")


def test_a_damaged_file_is_a_clear_error():
    with pytest.raises(RvtoolsError, match="cannot be opened"):
        read_export(b"not a workbook", "x.xlsx")


def test_a_duplicate_vm_name_is_a_finding():
    result = read_export(export([vm("A"), vm("A")]), "x.xlsx")
    assert len(result.vms) == 1
    assert "appears more than once" in result.findings[0].what
