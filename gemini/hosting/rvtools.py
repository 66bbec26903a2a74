"""Reading an RVTools export (REFERENCE.md §4; docs/formats.md).

Parses by header name, never position. Accepts the MiB headers and the older MB ones (the same
binary units: MB is read as MiB). Reads `vInfo` (required) and, when present, `vCPU`,
`vMemory`, `vDisk`, `vPartition`, `vNetwork` and `vHost`, checking them against `vInfo`.

Unlike the all-or-nothing importer framework, an RVTools export is taken for what is valid in
it: every problem (an empty or non-numeric cell, a VM one sheet has and another lacks, sheets
that disagree) is a `Finding(sheet, row, what)`, and the rest is kept. Only a file with no
`vInfo` sheet, or a `vInfo` without the `VM` column, is refused (`RvtoolsError`). Cell values
are read with the importer framework's `Cells` readers, so the wording matches other imports.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from openpyxl import load_workbook

from gemini.core.importing import Cells

SHEETS = ("vInfo", "vCPU", "vMemory", "vDisk", "vPartition", "vNetwork", "vHost")
POWER_STATES = {"poweredOn": "poweredOn", "poweredOff": "poweredOff", "suspended": "suspended"}

# Canonical name → the headers that carry it, in order of preference.
ALIASES: dict[str, tuple[str, ...]] = {
    "VM": ("VM",),
    "Powerstate": ("Powerstate",),
    "Template": ("Template",),
    "CPUs": ("CPUs",),
    "Memory": ("Memory", "Memory MiB", "Memory MB"),
    "NICs": ("NICs",),
    "Disks": ("Disks",),
    "Provisioned MiB": ("Provisioned MiB", "Provisioned MB"),
    "In Use MiB": ("In Use MiB", "In use MiB", "In Use MB", "In use MB"),
    "Total disk capacity MiB": ("Total disk capacity MiB", "Total disk capacity MB"),
    "Datacenter": ("Datacenter",),
    "Cluster": ("Cluster",),
    "Host": ("Host",),
    "Folder": ("Folder",),
    "OS config": ("OS according to the configuration file",),
    "OS tools": ("OS according to the VMware Tools",),
    "VM ID": ("VM ID",),
    "VM UUID": ("VM UUID",),
    "Firmware": ("Firmware",),
    "Annotation": ("Annotation",),
    "Sockets": ("Sockets",),
    "Cores p/s": ("Cores p/s",),
    "Size MiB": ("Size MiB", "Size MB"),
    "Capacity MiB": ("Capacity MiB", "Capacity MB"),
    "Consumed MiB": ("Consumed MiB", "Consumed MB"),
    "IPv4 Address": ("IPv4 Address",),
}


class RvtoolsError(ValueError):
    """The file cannot be read as an RVTools export at all (the message says what is missing)."""


@dataclass(frozen=True)
class Finding:
    sheet: str
    row: int  # the spreadsheet's row (header = 1); 0 for the sheet as a whole
    what: str
    vm: str = ""  # the VM it is about, if any (findings are shown only with their VM)


@dataclass(frozen=True)
class VmRow:
    name: str
    vm_id: str
    vm_uuid: str
    power_state: str
    cpus: int
    memory_mib: int
    nics: int | None
    disks: int | None
    provisioned_mib: int | None
    in_use_mib: int | None
    datacenter: str
    cluster: str
    host: str
    folder: str
    os_config: str
    os_tools: str
    firmware: str
    annotation: str
    ip_addresses: str = ""


@dataclass
class Export:
    vms: list[VmRow] = field(default_factory=list)
    templates: int = 0
    findings: list[Finding] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)


@dataclass
class _Sheet:
    name: str
    headers: dict[str, str]  # canonical → actual header
    rows: list[tuple[int, dict[str, str]]]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(" ")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _raw_sheets(data: bytes, filename: str) -> dict[str, list[list[str]]]:
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".csv":
        text = data.decode("utf-8-sig", errors="replace")
        try:
            dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
                text[:20_000], delimiters=",;\t"
            )
        except csv.Error:
            dialect = csv.excel
        return {"vInfo": [list(row) for row in csv.reader(io.StringIO(text), dialect)]}
    if suffix != ".xlsx":
        raise RvtoolsError(f"{filename} is not an RVTools export: save it as .xlsx or .csv.")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of error for a damaged workbook
        raise RvtoolsError(f"{filename} cannot be opened as a spreadsheet.") from error
    try:
        wanted = {name.lower(): name for name in SHEETS}
        return {
            wanted[sheet.title.strip().lower()]: [
                [_text(v) for v in row] for row in sheet.iter_rows(values_only=True)
            ]
            for sheet in book.worksheets
            if sheet.title.strip().lower() in wanted
        }
    finally:
        book.close()


def _normalise(header: str) -> str:
    return re.sub(r"\s+", " ", header.strip().lower())


def _sheet(name: str, raw: list[list[str]]) -> _Sheet:
    numbered = [(n, row) for n, row in enumerate(raw, start=1) if any(c.strip() for c in row)]
    if not numbered:
        return _Sheet(name, {}, [])
    _header_number, header = numbered[0]
    positions = {_normalise(h): i for i, h in reversed(list(enumerate(header))) if h.strip()}
    headers: dict[str, str] = {}
    index: dict[str, int] = {}
    for canonical, aliases in ALIASES.items():
        for alias in aliases:
            if _normalise(alias) in positions:
                headers[canonical] = alias
                index[alias] = positions[_normalise(alias)]
                break
    rows = [
        (n, {alias: (row[i].strip() if i < len(row) else "") for alias, i in index.items()})
        for n, row in numbered[1:]
    ]
    return _Sheet(name, headers, rows)


def read_export(data: bytes, filename: str) -> Export:
    """Read an RVTools export; raise RvtoolsError only when it has no vInfo or no VM column."""
    raw = _raw_sheets(data, filename)
    if "vInfo" not in raw:
        raise RvtoolsError(
            f"{filename} has no vInfo sheet. Export all sheets from RVTools (File > Export all "
            "to Excel), or give the vInfo tab saved as CSV."
        )
    sheets = {name: _sheet(name, rows) for name, rows in raw.items()}
    info = sheets["vInfo"]
    if "VM" not in info.headers:
        raise RvtoolsError(f"The vInfo sheet of {filename} has no VM column.")
    export = Export(sheets=[name for name in SHEETS if name in sheets])
    for canonical in ("Powerstate", "CPUs", "Memory"):
        if canonical not in info.headers:
            export.findings.append(
                Finding("vInfo", 1, f"The {canonical} column is missing; it is read as empty.")
            )
    by_name: dict[str, VmRow] = {}
    for number, values in info.rows:
        vm = _vm(info, number, values, export)
        if vm is None:
            continue
        if vm.name in by_name:
            export.findings.append(
                Finding(
                    "vInfo",
                    number,
                    f"{vm.name} appears more than once; this row is skipped.",
                    vm=vm.name,
                )
            )
            continue
        by_name[vm.name] = vm
    _check_other_sheets(sheets, by_name, export)
    export.vms = list(by_name.values())
    return export


def _vm(info: _Sheet, number: int, values: dict[str, str], export: Export) -> VmRow | None:
    h = info.headers

    def get(canonical: str) -> str:
        return values.get(h[canonical], "").strip() if canonical in h else ""

    name = get("VM")
    if not name:
        export.findings.append(Finding("vInfo", number, "The VM name is empty; row skipped."))
        return None
    if get("Template").lower() == "true":
        export.templates += 1
        return None
    cells = Cells(number, values)
    cpus = cells.integer(h["CPUs"], minimum=1) if "CPUs" in h else None
    memory = cells.integer(h["Memory"], minimum=1) if "Memory" in h else None
    optional: dict[str, int | None] = {}
    for canonical in ("NICs", "Disks", "Provisioned MiB", "In Use MiB"):
        optional[canonical] = (
            cells.integer(h[canonical], required=False, minimum=0) if canonical in h else None
        )
    power = get("Powerstate")
    if power not in POWER_STATES:
        shown = f"{power!r} is not" if power else "An empty power state is not"
        export.findings.append(
            Finding(
                "vInfo", number, f"{name}: {shown} poweredOn, poweredOff or suspended.", vm=name
            )
        )
        power = "unknown"
    for problem in cells.problems:
        export.findings.append(Finding("vInfo", number, f"{name}: {problem.message}", vm=name))
    if cpus is None or memory is None:
        export.findings.append(
            Finding(
                "vInfo", number, f"{name} has no valid CPUs or Memory; it is not imported.", vm=name
            )
        )
        return None
    for canonical in ("Provisioned MiB", "In Use MiB"):
        if canonical in h and not get(canonical):
            export.findings.append(
                Finding("vInfo", number, f"{name}: {h[canonical]} is empty.", vm=name)
            )
    return VmRow(
        name=name,
        vm_id=get("VM ID"),
        vm_uuid=get("VM UUID"),
        power_state=power,
        cpus=cpus,
        memory_mib=memory,
        nics=optional["NICs"],
        disks=optional["Disks"],
        provisioned_mib=optional["Provisioned MiB"],
        in_use_mib=optional["In Use MiB"],
        datacenter=get("Datacenter"),
        cluster=get("Cluster"),
        host=get("Host"),
        folder=get("Folder"),
        os_config=get("OS config"),
        os_tools=get("OS tools"),
        firmware=get("Firmware"),
        annotation=get("Annotation")[:2000],
    )


def _number(text: str) -> int | None:
    try:
        return int(float(text.replace(",", ""))) if text else None
    except ValueError:
        return None


def _check_other_sheets(sheets: dict[str, _Sheet], vms: dict[str, VmRow], export: Export) -> None:
    disks: dict[str, int] = {}
    ips: dict[str, list[str]] = {}
    for name in SHEETS[1:]:
        sheet = sheets.get(name)
        if sheet is None:
            continue
        if name == "vHost":
            continue
        if "VM" not in sheet.headers:
            export.findings.append(Finding(name, 1, "The sheet has no VM column; not checked."))
            continue
        for number, values in sheet.rows:
            vm_name = values.get(sheet.headers["VM"], "").strip()
            if not vm_name:
                export.findings.append(Finding(name, number, "The VM name is empty."))
                continue
            vm = vms.get(vm_name)
            if vm is None:
                if values.get(sheet.headers.get("Template", ""), "").lower() != "true":
                    export.findings.append(
                        Finding(
                            name,
                            number,
                            f"{vm_name} is not in vInfo (or was skipped there).",
                            vm=vm_name,
                        )
                    )
                continue
            get = {c: values.get(a, "").strip() for c, a in sheet.headers.items()}
            if name == "vCPU":
                sockets, cores = _number(get.get("Sockets", "")), _number(get.get("Cores p/s", ""))
                cpus = _number(get.get("CPUs", ""))
                if sockets and cores and sockets * cores != vm.cpus:
                    export.findings.append(
                        Finding(
                            name,
                            number,
                            f"{vm_name}: {sockets} sockets × {cores} cores = {sockets * cores}, "
                            f"but vInfo says {vm.cpus} CPUs.",
                            vm=vm_name,
                        )
                    )
                elif cpus is not None and cpus != vm.cpus:
                    export.findings.append(
                        Finding(
                            name,
                            number,
                            f"{vm_name}: {cpus} CPUs here, {vm.cpus} in vInfo.",
                            vm=vm_name,
                        )
                    )
            elif name == "vMemory":
                size = _number(get.get("Size MiB", ""))
                if size is not None and size != vm.memory_mib:
                    export.findings.append(
                        Finding(
                            name,
                            number,
                            f"{vm_name}: {size} MiB of memory here, {vm.memory_mib} in vInfo.",
                            vm=vm_name,
                        )
                    )
            elif name == "vDisk":
                disks[vm_name] = disks.get(vm_name, 0) + 1
            elif name == "vNetwork":
                address = get.get("IPv4 Address", "")
                if address:
                    ips.setdefault(vm_name, []).append(address)
    if "vDisk" in sheets and "VM" in sheets["vDisk"].headers:
        for vm in vms.values():
            if vm.disks is not None and disks.get(vm.name, 0) != vm.disks:
                export.findings.append(
                    Finding(
                        "vDisk",
                        0,
                        f"{vm.name}: {disks.get(vm.name, 0)} disks in vDisk, {vm.disks} in vInfo.",
                        vm=vm.name,
                    )
                )
    host_sheet = sheets.get("vHost")
    if host_sheet is not None and "Host" in host_sheet.headers:
        hosts = {
            values.get(host_sheet.headers["Host"], "").strip() for _, values in host_sheet.rows
        }
        for vm in vms.values():
            if vm.host and vm.host not in hosts:
                export.findings.append(
                    Finding(
                        "vHost",
                        0,
                        f"{vm.name} runs on host {vm.host}, which vHost lacks.",
                        vm=vm.name,
                    )
                )
    if ips:
        for vm_name, addresses in ips.items():
            old = vms[vm_name]
            vms[vm_name] = VmRow(**{**old.__dict__, "ip_addresses": ", ".join(addresses)[:500]})
