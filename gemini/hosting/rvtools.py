"""Reading an RVTools export (REFERENCE.md §4; docs/formats.md).

Parses by header name, never position, and accepts the spellings RVTools has used across
versions (`CPUs`, `# CPUs`, `Num CPU`; `Memory`, `Memory (MB)`; `Provisioned MiB`,
`Provisioned (MB)`, `Provisioned GB` ...). MB is read as MiB (RVTools' binary units); a GB
column is converted to MiB (× 1024). Reads `vInfo` (required) and, when present, `vCPU`,
`vMemory`, `vDisk`, `vPartition`, `vNetwork` and `vHost`, checking them against `vInfo`.

A file is refused (`RvtoolsError`, naming what was looked for) when it has no `vInfo` sheet or
its `vInfo` lacks a required column: VM, Powerstate, CPUs, Memory, and a provisioned and an
in-use storage column. Otherwise an export is taken for what is valid in it: every VM named
in `vInfo` is kept. A VM whose CPUs, memory or power state are missing takes what `vCPU` and
`vMemory` give, and whatever is still missing is its `needs_data` reason (it stays in the
estate, and blocks the wave plan until resolved). Every other problem is a
`Finding(sheet, row, what)`, grouped so that a person can read them: one per host missing
from `vHost`, one per sheet for rows naming VMs or VM IDs that `vInfo` lacks. Cell values are
read with the importer framework's `Cells` readers, so the wording matches other imports.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import PurePath
from typing import Any

from python_calamine import CalamineWorkbook

from gemini.core.importing import Cells

SHEETS = ("vInfo", "vCPU", "vMemory", "vDisk", "vPartition", "vNetwork", "vHost")
POWER_STATES = {"poweredOn": "poweredOn", "poweredOff": "poweredOff", "suspended": "suspended"}
MIB_PER_GIB = 1024
EXAMPLES = 5  # how many examples a grouped finding names

# Canonical name → the headers that carry it, in order of preference. Headers are compared
# without case, brackets or "#", so "Memory (MB)" matches "Memory MB" and "# CPUs" "CPUs".
# A header in GB or GiB is converted to MiB.
ALIASES: dict[str, tuple[str, ...]] = {
    "VM": ("VM", "VM Name"),
    "Powerstate": ("Powerstate", "Power state"),
    "Template": ("Template",),
    "CPUs": ("CPUs", "Num CPU", "Num CPUs", "NumCPU", "vCPUs"),
    "Memory": (
        "Memory",
        "Memory MiB",
        "Memory MB",
        "Memory GiB",
        "Memory GB",
        "Memory Size MB",
        "MemoryMB",
    ),
    "NICs": ("NICs", "Num NICs"),
    "Disks": ("Disks", "Num Disks"),
    "Provisioned MiB": (
        "Provisioned MiB",
        "Provisioned MB",
        "Provisioned GiB",
        "Provisioned GB",
        "Provisioned Space MB",
        "Provisioned Space GB",
    ),
    "In Use MiB": (
        "In Use MiB",
        "In Use MB",
        "In Use GiB",
        "In Use GB",
        "Used Space MB",
        "Used Space GB",
    ),
    "Total disk capacity MiB": ("Total disk capacity MiB", "Total disk capacity MB"),
    "Datacenter": ("Datacenter",),
    "Cluster": ("Cluster",),
    "Host": ("Host",),
    "Folder": ("Folder",),
    "OS config": ("OS according to the configuration file",),
    "OS tools": ("OS according to the VMware Tools",),
    "VM ID": ("VM ID", "VMID"),
    "VM UUID": ("VM UUID",),
    "Firmware": ("Firmware",),
    "Annotation": ("Annotation",),
    "Sockets": ("Sockets",),
    "Cores p/s": ("Cores p/s",),
    "Size MiB": ("Size MiB", "Size MB", "Size GiB", "Size GB"),
    "Capacity MiB": ("Capacity MiB", "Capacity MB"),
    "Consumed MiB": ("Consumed MiB", "Consumed MB"),
    "Active": ("Active", "Active MiB", "Active MB"),
    "CPU usage": ("CPU Usage %", "CPU usage", "CPU Usage Percent", "Overall CPU Usage %"),
    "IPv4 Address": ("IPv4 Address",),
}
# The vInfo columns without which an export cannot stand for the estate.
REQUIRED = ("VM", "Powerstate", "CPUs", "Memory", "Provisioned MiB", "In Use MiB")
REQUIRED_NAMES = {
    "Provisioned MiB": "provisioned storage",
    "In Use MiB": "storage in use",
}
# vCPU and vMemory name their columns differently: "CPUs" there is the VM's vCPU count and
# "Size MiB" its memory.


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
    cpus: int  # 0 when no sheet gives it (then `needs_data` says so)
    memory_mib: int  # 0 when no sheet gives it
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
    needs_data: str = ""  # why its data is incomplete; empty when complete
    # RVTools' own usage, one reading when the export was made (fractions): vInfo's CPU usage
    # column where the export has one, and vMemory's Active over Size.
    rvtools_cpu_usage: Decimal | None = None
    rvtools_memory_usage: Decimal | None = None
    disk_sizes_mib: list[int] = field(default_factory=list)  # each disk's capacity (vDisk)


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

    def get(self, values: dict[str, str], canonical: str) -> str:
        header = self.headers.get(canonical)
        return values.get(header, "").strip() if header else ""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(" ")
    if isinstance(value, dt.date):  # calamine gives a date-only cell as a date
        return dt.datetime.combine(value, dt.time()).isoformat(" ")
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
    # Read with python-calamine, as every import reads a workbook (issue 16.2): openpyxl took
    # 87 s and 369 MB for a 30,000-VM export. Every row from A1, so row numbers in findings
    # are the sheet's own.
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        wanted = {name.lower(): name for name in SHEETS}
        return {
            wanted[title.strip().lower()]: [
                [_text(v) for v in row]
                for row in book.get_sheet_by_name(title).to_python(skip_empty_area=False)
            ]
            for title in book.sheet_names
            if title.strip().lower() in wanted
        }
    except Exception as error:  # calamine raises several kinds of error for a damaged workbook
        raise RvtoolsError(f"{filename} cannot be opened as a spreadsheet.") from error


def _normalise(header: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[()#]", " ", header).strip().lower())


def _in_gib(header: str) -> bool:
    return bool(re.search(r"\b(gb|gib)\b", _normalise(header)))


def _sheet(name: str, raw: list[list[str]]) -> _Sheet:
    numbered = [(n, row) for n, row in enumerate(raw, start=1) if any(c.strip() for c in row)]
    if not numbered:
        return _Sheet(name, {}, [])
    _header_number, header = numbered[0]
    positions = {_normalise(h): (i, h.strip()) for i, h in reversed(list(enumerate(header)))}
    positions.pop("", None)
    headers: dict[str, str] = {}
    index: dict[str, int] = {}
    for canonical, aliases in ALIASES.items():
        for alias in aliases:
            if _normalise(alias) in positions:
                i, actual = positions[_normalise(alias)]
                headers[canonical] = actual
                index[actual] = i
                break
    rows = [
        (n, {actual: (row[i].strip() if i < len(row) else "") for actual, i in index.items()})
        for n, row in numbered[1:]
    ]
    return _Sheet(name, headers, rows)


def _missing_columns(info: _Sheet, filename: str) -> str:
    missing = [c for c in REQUIRED if c not in info.headers]
    if not missing:
        return ""
    described = "; ".join(
        f"{REQUIRED_NAMES.get(c, c)} (looked for {', '.join(ALIASES[c])})" for c in missing
    )
    return (
        f"The vInfo sheet of {filename} lacks a column Gemini needs, so nothing was imported: "
        f"{described}. Headers are matched without case, brackets or #; GB is converted to "
        "MiB. Export vInfo with all its columns from RVTools."
    )


def read_export(data: bytes, filename: str) -> Export:
    """Read an RVTools export; raise RvtoolsError when it has no vInfo or lacks a required
    column. Every VM named in vInfo (templates aside) is in the result."""
    raw = _raw_sheets(data, filename)
    if "vInfo" not in raw:
        raise RvtoolsError(
            f"{filename} has no vInfo sheet. Export all sheets from RVTools (File > Export all "
            "to Excel), or give the vInfo tab saved as CSV."
        )
    sheets = {name: _sheet(name, rows) for name, rows in raw.items()}
    info = sheets["vInfo"]
    problem = _missing_columns(info, filename)
    if problem:
        raise RvtoolsError(problem)
    export = Export(sheets=[name for name in SHEETS if name in sheets])
    by_name: dict[str, _Partial] = {}
    templates = _Keys()
    for number, values in info.rows:
        partial = _vm(info, number, values, export, templates)
        if partial is None:
            continue
        name = partial.row.name
        if name in by_name:
            export.findings.append(
                Finding(
                    "vInfo", number, f"{name} appears more than once; this row is skipped.", vm=name
                )
            )
            continue
        by_name[name] = partial
    _check_other_sheets(sheets, by_name, templates, export)
    export.vms = [partial.complete(export) for partial in by_name.values()]
    return export


@dataclass
class _Keys:
    """The names, VM IDs and VM UUIDs of a set of vInfo rows."""

    names: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    uuids: set[str] = field(default_factory=set)

    def add(self, name: str, vm_id: str, vm_uuid: str) -> None:
        self.names.add(name)
        if vm_id:
            self.ids.add(vm_id)
        if vm_uuid:
            self.uuids.add(vm_uuid)


@dataclass
class _Partial:
    """A vInfo VM while the other sheets fill what vInfo lacks."""

    row: VmRow
    number: int
    cpus: int | None
    memory_mib: int | None
    power_known: bool
    taken: list[str] = field(default_factory=list)  # what other sheets gave

    def complete(self, export: Export) -> VmRow:
        missing = []
        if self.cpus is None:
            missing.append("CPUs (not in vInfo or vCPU)")
        if self.memory_mib is None:
            missing.append("memory (not in vInfo or vMemory)")
        if not self.power_known:
            missing.append("power state")
        name = self.row.name
        if self.taken:
            export.findings.append(
                Finding("vInfo", self.number, f"{name}: {'; '.join(self.taken)}.", vm=name)
            )
        reason = ""
        if missing:
            reason = "No " + ", ".join(missing)
            if self.taken:
                reason += f"; {'; '.join(self.taken)}"
            reason += "."
            export.findings.append(
                Finding(
                    "vInfo",
                    self.number,
                    f"{name} needs data: {reason} It is kept in the estate and blocks the "
                    "wave plan until a newer export gives it.",
                    vm=name,
                )
            )
        return replace(
            self.row, cpus=self.cpus or 0, memory_mib=self.memory_mib or 0, needs_data=reason
        )


def _mib(cells: Cells, header: str, minimum: int) -> int | None:
    """A whole number of MiB from a MiB/MB column, or a GB/GiB column converted to MiB."""
    if not _in_gib(header):
        return cells.integer(header, required=False, minimum=minimum)
    value = cells.decimal(header, required=False, minimum=Decimal(minimum))
    if value is None:
        return None
    return int((value * MIB_PER_GIB).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _vm(
    info: _Sheet, number: int, values: dict[str, str], export: Export, templates: _Keys
) -> _Partial | None:
    h = info.headers

    def get(canonical: str) -> str:
        return info.get(values, canonical)

    name = get("VM")
    if not name:
        export.findings.append(Finding("vInfo", number, "The VM name is empty; row skipped."))
        return None
    if get("Template").lower() == "true":
        export.templates += 1
        templates.add(name, get("VM ID"), get("VM UUID"))
        return None
    cells = Cells(number, values)
    cpus = cells.integer(h["CPUs"], required=False, minimum=1)
    memory = _mib(cells, h["Memory"], minimum=1)
    optional: dict[str, int | None] = {
        "NICs": cells.integer(h["NICs"], required=False, minimum=0) if "NICs" in h else None,
        "Disks": cells.integer(h["Disks"], required=False, minimum=0) if "Disks" in h else None,
        "Provisioned MiB": _mib(cells, h["Provisioned MiB"], minimum=0),
        "In Use MiB": _mib(cells, h["In Use MiB"], minimum=0),
    }
    usage = _usage(cells, h["CPU usage"]) if "CPU usage" in h else None
    power = get("Powerstate")
    if power not in POWER_STATES:
        shown = f"{power!r} is not" if power else "An empty power state is not"
        export.findings.append(
            Finding(
                "vInfo", number, f"{name}: {shown} poweredOn, poweredOff or suspended.", vm=name
            )
        )
    for problem in cells.problems:
        export.findings.append(Finding("vInfo", number, f"{name}: {problem.message}", vm=name))
    for canonical in ("Provisioned MiB", "In Use MiB"):
        if not get(canonical):
            export.findings.append(
                Finding("vInfo", number, f"{name}: {h[canonical]} is empty.", vm=name)
            )
    row = VmRow(
        name=name,
        vm_id=get("VM ID"),
        vm_uuid=get("VM UUID"),
        power_state=power if power in POWER_STATES else "unknown",
        cpus=cpus or 0,
        memory_mib=memory or 0,
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
        rvtools_cpu_usage=usage,
    )
    return _Partial(row, number, cpus, memory, power in POWER_STATES)


def _usage(cells: Cells, header: str) -> Decimal | None:
    """A usage percentage (0 to 100, with or without %) as a fraction from 0 to 1."""
    cells.values[header] = cells.raw(header).rstrip("%").strip()
    value = cells.decimal(header, required=False, minimum=Decimal(0), maximum=Decimal(100))
    return None if value is None else (value / 100).quantize(Decimal("0.0001"))


def _number(text: str) -> int | None:
    try:
        return int(float(text.replace(",", ""))) if text else None
    except ValueError:
        return None


def _examples(items: list[str]) -> str:
    shown = ", ".join(items[:EXAMPLES])
    return shown + (", …" if len(items) > EXAMPLES else "")


def _check_other_sheets(
    sheets: dict[str, _Sheet], vms: dict[str, _Partial], templates: _Keys, export: Export
) -> None:
    known = _Keys()
    for partial in vms.values():
        known.add(partial.row.name, partial.row.vm_id, partial.row.vm_uuid)
    disks: dict[str, int] = {}
    ips: dict[str, list[str]] = {}
    usage = _Usage()
    for name in SHEETS[1:]:
        sheet = sheets.get(name)
        if sheet is None or name == "vHost":
            continue
        if "VM" not in sheet.headers:
            export.findings.append(Finding(name, 1, "The sheet has no VM column; not checked."))
            continue
        unnamed: list[int] = []
        strangers: list[str] = []
        misaligned: dict[str, list[str]] = {"VM ID": [], "VM UUID": []}
        for number, values in sheet.rows:
            vm_name = sheet.get(values, "VM")
            if not vm_name:
                unnamed.append(number)
                continue
            if vm_name in templates.names or sheet.get(values, "Template").lower() == "true":
                continue  # a template: never a VM, so never a missing one
            for column, ids, skipped in (
                ("VM ID", known.ids, templates.ids),
                ("VM UUID", known.uuids, templates.uuids),
            ):
                value = sheet.get(values, column)
                if value and ids and value not in ids and value not in skipped:
                    misaligned[column].append(value)
            target = vms.get(vm_name)
            if target is None:
                strangers.append(vm_name)
                continue
            _compare(name, sheet, number, values, target, export, disks, ips)
            usage.read(name, sheet, values, target)
        if unnamed:
            rows = _examples([str(n) for n in unnamed])
            export.findings.append(
                Finding(name, unnamed[0], f"{len(unnamed)} row(s) have no VM name (rows {rows}).")
            )
        if strangers:
            unique = list(dict.fromkeys(strangers))
            export.findings.append(
                Finding(
                    name,
                    0,
                    f"{len(unique)} VM(s) here are not in vInfo (or were skipped there): "
                    f"{_examples(unique)}.",
                )
            )
        for column, values_seen in misaligned.items():
            if values_seen:
                unique = list(dict.fromkeys(values_seen))
                export.findings.append(
                    Finding(
                        name,
                        0,
                        f"{len(unique)} {column}(s) here are not in vInfo, e.g. "
                        f"{_examples(unique)}: the sheets may come from different exports "
                        "or vCenters, so check them before trusting this sheet.",
                    )
                )
    if "vDisk" in sheets and "VM" in sheets["vDisk"].headers:
        for partial in vms.values():
            vm = partial.row
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
        hosts = {host_sheet.get(values, "Host") for _, values in host_sheet.rows}
        missing: dict[str, int] = {}
        for partial in vms.values():
            if partial.row.host and partial.row.host not in hosts:
                missing[partial.row.host] = missing.get(partial.row.host, 0) + 1
        for host, count in sorted(missing.items()):
            export.findings.append(
                Finding("vHost", 0, f"Host {host} is not in vHost; {count} VM(s) run on it.")
            )
    for vm_name, addresses in ips.items():
        owner = vms[vm_name]
        owner.row = replace(owner.row, ip_addresses=", ".join(addresses)[:500])
    usage.apply(vms)


@dataclass
class _Usage:
    """What vDisk, vMemory and vPartition say of a VM's disks and use."""

    disk_sizes: dict[str, list[int]] = field(default_factory=dict)
    active: dict[str, int] = field(default_factory=dict)
    consumed: dict[str, int] = field(default_factory=dict)

    def read(self, name: str, sheet: _Sheet, values: dict[str, str], vm: _Partial) -> None:
        vm_name = vm.row.name
        if name == "vDisk":
            capacity = _number(sheet.get(values, "Capacity MiB"))
            if capacity is not None and capacity >= 0:
                self.disk_sizes.setdefault(vm_name, []).append(capacity)
        elif name == "vMemory":
            active = _number(sheet.get(values, "Active"))
            if active is not None and active >= 0:
                self.active[vm_name] = active
        elif name == "vPartition":
            consumed = _number(sheet.get(values, "Consumed MiB"))
            if consumed is not None and consumed >= 0:
                self.consumed[vm_name] = self.consumed.get(vm_name, 0) + consumed

    def apply(self, vms: dict[str, _Partial]) -> None:
        for vm_name, partial in vms.items():
            row = partial.row
            changes: dict[str, Any] = {}
            if vm_name in self.disk_sizes:
                changes["disk_sizes_mib"] = self.disk_sizes[vm_name]
            memory = partial.memory_mib
            if vm_name in self.active and memory:
                share = min(Decimal(self.active[vm_name]) / Decimal(memory), Decimal(1))
                changes["rvtools_memory_usage"] = share.quantize(Decimal("0.0001"))
            if row.in_use_mib is None and vm_name in self.consumed:
                changes["in_use_mib"] = self.consumed[vm_name]
                partial.taken.append(f"{self.consumed[vm_name]} MiB in use taken from vPartition")
            if changes:
                partial.row = replace(row, **changes)


def _compare(
    name: str,
    sheet: _Sheet,
    number: int,
    values: dict[str, str],
    partial: _Partial,
    export: Export,
    disks: dict[str, int],
    ips: dict[str, list[str]],
) -> None:
    """Check one row of another sheet against its vInfo VM, filling what vInfo lacks."""
    vm_name = partial.row.name
    get = {c: values.get(a, "").strip() for c, a in sheet.headers.items()}
    if name == "vCPU":
        sockets, cores = _number(get.get("Sockets", "")), _number(get.get("Cores p/s", ""))
        cpus = _number(get.get("CPUs", ""))
        if cpus is None and sockets and cores:
            cpus = sockets * cores
        if partial.cpus is None:
            if cpus:
                partial.cpus = cpus
                partial.taken.append(f"{cpus} CPUs taken from vCPU")
        elif sockets and cores and sockets * cores != partial.cpus:
            export.findings.append(
                Finding(
                    name,
                    number,
                    f"{vm_name}: {sockets} sockets × {cores} cores = {sockets * cores}, "
                    f"but vInfo says {partial.cpus} CPUs.",
                    vm=vm_name,
                )
            )
        elif cpus is not None and cpus != partial.cpus:
            export.findings.append(
                Finding(
                    name,
                    number,
                    f"{vm_name}: {cpus} CPUs here, {partial.cpus} in vInfo.",
                    vm=vm_name,
                )
            )
    elif name == "vMemory":
        header = sheet.headers.get("Size MiB", "")
        size = _number(get.get("Size MiB", ""))
        if size is not None and _in_gib(header):
            size *= MIB_PER_GIB
        if partial.memory_mib is None:
            if size:
                partial.memory_mib = size
                partial.taken.append(f"{size} MiB of memory taken from vMemory")
        elif size is not None and size != partial.memory_mib:
            export.findings.append(
                Finding(
                    name,
                    number,
                    f"{vm_name}: {size} MiB of memory here, {partial.memory_mib} in vInfo.",
                    vm=vm_name,
                )
            )
    elif name == "vDisk":
        disks[vm_name] = disks.get(vm_name, 0) + 1
    elif name == "vNetwork":
        address = get.get("IPv4 Address", "")
        if address:
            ips.setdefault(vm_name, []).append(address)
