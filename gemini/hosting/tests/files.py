"""RVTools exports built in memory for the tests."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook

MIB_HEADERS = (
    "VM",
    "Powerstate",
    "Template",
    "CPUs",
    "Memory",
    "NICs",
    "Disks",
    "Provisioned MiB",
    "In Use MiB",
    "Datacenter",
    "Cluster",
    "Host",
    "OS according to the configuration file",
    "OS according to the VMware Tools",
    "VM ID",
    "VM UUID",
)
# A minimal older export: MB headers, no VM ID or UUID.
MB_HEADERS = (
    "VM",
    "Powerstate",
    "Template",
    "CPUs",
    "Memory",
    "NICs",
    "Disks",
    "Provisioned MB",
    "In Use MB",
    "Datacenter",
    "Cluster",
    "Host",
    "OS according to the configuration file",
    "OS according to the VMware Tools",
)


def vm(
    name: str,
    cpus: str = "2",
    memory: str = "4096",
    power: str = "poweredOn",
    template: str = "False",
    disks: str = "1",
    os_name: str = "Microsoft Windows Server 2019 (64-bit)",
    host: str = "esx01",
    uuid: str | None = None,
) -> list[str]:
    return [
        name,
        power,
        template,
        cpus,
        memory,
        "1",
        disks,
        "102400",
        "51200",
        "Kelly House",
        "KH-CEC-PROD",
        host,
        os_name,
        os_name if power == "poweredOn" else "",
        f"vm-{name}",
        uuid or f"uuid-{name}",
    ]


def xlsx(sheets: dict[str, Sequence[Sequence[object]]]) -> bytes:
    book = Workbook()
    book.remove(book.worksheets[0])
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export(
    rows: Sequence[Sequence[object]],
    headers: Sequence[str] = MIB_HEADERS,
    **other: Sequence[Sequence[object]],
) -> bytes:
    return xlsx({"vInfo": [headers, *[r[: len(headers)] for r in rows]], **other})
