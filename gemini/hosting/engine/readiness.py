"""Azure readiness of a VM, in Azure Migrate's four categories, with the reasons
(docs/hosting.md, "Azure readiness"; Microsoft Learn, "Assessment overview (migrate to Azure
VMs)", the Azure VM readiness tables).

- **Not ready**: it will not start in Azure. More than 128 vCPUs, more than 3,892 GiB of memory,
  more than 32 network adapters, more than 65 disks (64 data disks and the OS disk), a disk over
  its size limit, or UEFI boot with Windows Server 2003, 2008 or 2008 R2.
- **Readiness unknown**: the operating system cannot be identified (vCenter's "Other …", a name
  no lifecycle entry recognises, none recorded, or a distribution whose release is not given).
- **Conditionally ready**: it may start but without full Azure support. Windows Server past
  its end of extended support (Extended Security Updates, where Azure still gives them, are named
  but do not make it Ready); Windows client (XP, 7, 8.x, 10, 11: Azure supports them only with a
  Visual Studio subscription or multitenant hosting rights); a Linux that Azure does not endorse
  (CentOS, Amazon Linux, Fedora) or an endorsed one whose vendor support has ended; other systems
  (FreeBSD, Solaris, NetWare, Windows NT …); any 32-bit system.
- **Ready** otherwise: a supported Windows Server, or an endorsed Linux its vendor still supports.

The worst category wins (Not ready, then Unknown, then Conditionally ready). Support is judged on
the date passed in (today, or the plan's exit date): Windows Server 2016 is Ready today and
Conditionally ready after 12/01/2027.

RVTools gives each VM's disk count and total provisioned size, not each disk's size, so the
disk-size rule is the certain part of it: a VM is Not ready when its provisioned total cannot fit
in its disks even at the limits (one 4 TiB OS disk and 32 TiB per data disk).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from gemini.hosting.engine.lifecycle import (
    END_OF_SUPPORT,
    EndOfSupport,
    Family,
    GuestOs,
    esu_note,
    identify,
)

MIB_PER_GIB = 1024


class Readiness(enum.StrEnum):
    READY = "ready"
    CONDITIONALLY_READY = "conditionally_ready"
    NOT_READY = "not_ready"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return {
            "ready": "Ready",
            "conditionally_ready": "Conditionally ready",
            "not_ready": "Not ready",
            "unknown": "Readiness unknown",
        }[self.value]


# Worst first: the VM's category is the worst any check gives.
SEVERITY = (
    Readiness.NOT_READY,
    Readiness.UNKNOWN,
    Readiness.CONDITIONALLY_READY,
    Readiness.READY,
)


@dataclass(frozen=True)
class Limits:
    """Azure's limits as Azure Migrate checks them (docs/hosting.md gives the sources)."""

    max_vcpus: int = 128
    max_memory_gib: int = 3892
    max_nics: int = 32
    max_disks: int = 65  # 64 data disks and the OS disk
    max_os_disk_gib: int = 4096  # 4 TiB
    max_data_disk_gib: int = 32 * 1024  # 32 TiB (Premium, Standard SSD and HDD managed disks)


LIMITS = Limits()


@dataclass(frozen=True)
class ReadinessFacts:
    name: str
    os_names: tuple[str, ...]  # VMware Tools' name, then the configuration file's
    cpus: int
    memory_mib: int
    nics: int | None = None
    disks: int | None = None
    provisioned_mib: int | None = None
    firmware: str = ""  # "bios" or "efi", as RVTools reports it


@dataclass(frozen=True)
class Finding:
    readiness: Readiness
    reason: str


@dataclass(frozen=True)
class VmReadiness:
    vm: str
    readiness: Readiness
    findings: tuple[Finding, ...]  # worst first; the Ready finding when nothing is wrong
    guest: GuestOs

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(f.reason for f in self.findings)

    @property
    def reason(self) -> str:
        return " ".join(self.reasons)

    @property
    def bits_32(self) -> bool:
        return self.guest.bits == 32


# Systems Azure Migrate names as "may start, no OS support" that have no lifecycle entry.
NOT_ENDORSED = re.compile(
    r"freebsd|solaris|mac ?os|darwin|netware|os/2|sco |unixware|windows (nt|2000|98|95|3\.1|me\b)|"
    r"ms-dos|windows vista"
)
# vCenter's catch-all names: Azure Migrate cannot identify the system.
OTHER = re.compile(r"^other\b")


def _uk(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _gib(mib: int | Decimal) -> str:
    return f"{Decimal(mib) / MIB_PER_GIB:,.0f} GiB"


def _os_findings(guest: GuestOs, on: dt.date) -> list[Finding]:
    entry = guest.entry
    if entry is None:
        if not guest.text:
            return [
                Finding(
                    Readiness.UNKNOWN,
                    "No operating system is recorded (neither VMware Tools nor the configuration "
                    "file names one): readiness cannot be judged.",
                )
            ]
        if OTHER.search(guest.text.lower()):
            return [
                Finding(
                    Readiness.UNKNOWN,
                    f"vCenter records “{guest.text}”: Azure Migrate cannot identify the system; "
                    "check what runs inside the VM.",
                )
            ]
        if NOT_ENDORSED.search(guest.text.lower()):
            return [
                Finding(
                    Readiness.CONDITIONALLY_READY,
                    f"{guest.text}: Azure does not endorse it; it may start but without operating"
                    "-system support. Install a supported system before moving it.",
                )
            ]
        return [
            Finding(
                Readiness.UNKNOWN,
                f"“{guest.text}” is not a system Gemini recognises: readiness cannot be judged.",
            )
        ]
    return [_entry_finding(entry, on)]


def _entry_finding(entry: EndOfSupport, on: dt.date) -> Finding:
    note = f" ({entry.note})" if entry.note else ""
    if entry.ends is None and not entry.modern:
        if entry.family is Family.LINUX_OTHER:  # not endorsed, whichever release it is
            return Finding(
                Readiness.CONDITIONALLY_READY,
                f"{entry.name}: the release is not known{note}. Not a distribution Azure "
                "endorses: it may start, but move to an endorsed one.",
            )
        return Finding(Readiness.UNKNOWN, f"{entry.name}: the release is not known{note}.")
    ended = entry.ends is not None and entry.ends <= on
    if entry.ends is None:
        when = "no fixed end date"
    elif ended:
        when = f"support ended {_uk(entry.ends)}"
    else:
        when = f"supported until {_uk(entry.ends)}"
    if entry.family is Family.WINDOWS_CLIENT:
        return Finding(
            Readiness.CONDITIONALLY_READY,
            f"{entry.name}: {when}{note}. Azure supports Windows client systems only with a "
            "Visual Studio subscription or multitenant hosting rights"
            + (", and gives one out of support no OS support." if ended else "."),
        )
    if entry.family is Family.WINDOWS_SERVER:
        if not ended:
            return Finding(Readiness.READY, f"{entry.name}: {when}{note}.")
        esu = esu_note(entry, on)
        csa = (
            " Support in Azure needs a Custom Support Agreement."
            if entry.name == "Windows Server 2003"
            else ""
        )
        return Finding(
            Readiness.CONDITIONALLY_READY,
            f"{entry.name}: {when}{'; ' + esu if esu else ''}. Out of support, so conditionally "
            f"ready: upgrade it before or as it moves.{csa}",
        )
    if entry.family is Family.LINUX_ENDORSED:
        if not ended:
            return Finding(Readiness.READY, f"{entry.name}: endorsed on Azure and {when}{note}.")
        return Finding(
            Readiness.CONDITIONALLY_READY,
            f"{entry.name}: {when}, so no longer an endorsed version on Azure: upgrade to an "
            "endorsed one.",
        )
    return Finding(
        Readiness.CONDITIONALLY_READY,
        f"{entry.name}: {when}{note}. Not a distribution Azure endorses: it may start, but "
        "move to an endorsed one.",
    )


def _machine_findings(facts: ReadinessFacts, guest: GuestOs, limits: Limits) -> list[Finding]:
    found: list[Finding] = []
    not_ready = Readiness.NOT_READY
    if facts.cpus > limits.max_vcpus:
        found.append(
            Finding(not_ready, f"{facts.cpus} vCPUs: Azure's largest VM has {limits.max_vcpus}.")
        )
    if facts.memory_mib > limits.max_memory_gib * MIB_PER_GIB:
        found.append(
            Finding(
                not_ready,
                f"{_gib(facts.memory_mib)} of memory: Azure's largest VM has "
                f"{limits.max_memory_gib:,} GiB.",
            )
        )
    if facts.nics is not None and facts.nics > limits.max_nics:
        found.append(
            Finding(
                not_ready,
                f"{facts.nics} network adapters: an Azure VM takes at most {limits.max_nics}.",
            )
        )
    if facts.disks is not None and facts.disks > limits.max_disks:
        found.append(
            Finding(
                not_ready,
                f"{facts.disks} disks: an Azure VM takes at most {limits.max_disks - 1} data "
                "disks and the OS disk.",
            )
        )
    if facts.disks and facts.provisioned_mib is not None:
        room_gib = limits.max_os_disk_gib + (facts.disks - 1) * limits.max_data_disk_gib
        if facts.provisioned_mib > room_gib * MIB_PER_GIB:
            found.append(
                Finding(
                    not_ready,
                    f"{_gib(facts.provisioned_mib)} on {facts.disks} disk(s): more than fits at "
                    f"Azure's limits ({_gib(limits.max_os_disk_gib * MIB_PER_GIB)} for the OS "
                    f"disk, {_gib(limits.max_data_disk_gib * MIB_PER_GIB)} a data disk), so at "
                    "least one disk is too big.",
                )
            )
    if guest.entry and guest.entry.uefi_not_ready and facts.firmware.lower() in ("efi", "uefi"):
        found.append(
            Finding(
                not_ready,
                f"{guest.entry.name} booting by UEFI: Azure starts it only by BIOS.",
            )
        )
    if guest.bits == 32:
        found.append(
            Finding(
                Readiness.CONDITIONALLY_READY,
                "A 32-bit system: it may start in Azure without full support; move to 64-bit.",
            )
        )
    return found


def readiness(
    facts: ReadinessFacts,
    on: dt.date,
    limits: Limits = LIMITS,
    table: tuple[EndOfSupport, ...] = END_OF_SUPPORT,
) -> VmReadiness:
    """The VM's Azure readiness as at `on`, with every reason that lowered it."""
    guest = identify(facts.os_names, table)
    found = _machine_findings(facts, guest, limits) + _os_findings(guest, on)
    worst = min((f.readiness for f in found), key=SEVERITY.index)
    shown = [f for f in found if f.readiness is not Readiness.READY] or found
    shown.sort(key=lambda f: SEVERITY.index(f.readiness))
    if worst is Readiness.READY and facts.disks is None:
        shown.append(
            Finding(Readiness.READY, "The disk count is not recorded: disk limits not checked.")
        )
    return VmReadiness(facts.name, worst, tuple(shown), guest)


def counts(results: Iterable[VmReadiness]) -> dict[str, int]:
    """VMs by category, keyed `ready, conditionally_ready, not_ready, unknown` (all four)."""
    tally = Counter(r.readiness for r in results)
    return {category.value: tally.get(category, 0) for category in Readiness}


def assess_all(
    vms: Sequence[ReadinessFacts], on: dt.date, limits: Limits = LIMITS
) -> dict[str, VmReadiness]:
    return {facts.name: readiness(facts, on, limits) for facts in vms}
