"""Operating-system end of support: a dated table of data, not code (docs/hosting.md, sources
there).

Each entry matches an operating-system name as RVTools reports it (vCenter's name from the VM's
configuration file, such as "Microsoft Windows Server 2016 or later (64-bit)", or the fuller name
VMware Tools reports from inside the guest, such as "CentOS Linux release 7.9.2009 (Core)") by a
case-insensitive pattern, and gives the date its vendor support ends. The first matching entry
wins, so the more specific names come first ("2008 R2" before "2008", "2016 or later" before
"2016", "CentOS Stream 8" before "CentOS 8").

Where vCenter's name covers several releases ("2016 or later", "CentOS 4/5 or later"), the entry
is judged as the earliest release it could be, and says so. An unrecognised name is never
supported: its status is *not known*, which the disposition rules treat as a finding.

The dates are end of *extended* support for Microsoft (Fixed Lifecycle Policy), end of
maintenance support for Red Hat, end of general support for SUSE, end of LTS for Debian, end of
standard support for Ubuntu, end of Premier Support for Oracle Linux, and end of support for
Amazon Linux. Paid extensions (Red Hat ELS, SUSE LTSS, Ubuntu Pro, Oracle Extended Support) are
not counted; Microsoft's Extended Security Updates, free for Windows Server on Azure, are
recorded beside the date (`azure_esu_ends`) and named in the reason, not counted as support.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass


class Family(enum.StrEnum):
    WINDOWS_SERVER = "windows_server"
    WINDOWS_CLIENT = "windows_client"
    LINUX_ENDORSED = "linux_endorsed"  # endorsed on Azure (while its vendor supports it)
    LINUX_OTHER = "linux_other"  # a Linux Azure does not endorse: it may start, without OS support


@dataclass(frozen=True)
class EndOfSupport:
    name: str
    pattern: str
    ends: dt.date | None  # None: no date can be given (see `note`)
    source: str
    family: Family
    azure_esu_ends: dt.date | None = None  # free Extended Security Updates on Azure until
    note: str = ""  # what the name leaves open, said in the reason
    modern: bool = False  # Microsoft's Modern Lifecycle Policy: no fixed end date
    uefi_not_ready: bool = False  # Azure Migrate: Not ready if it boots by UEFI


_MS = "Microsoft Lifecycle Policy (learn.microsoft.com/lifecycle)"
_RH = "Red Hat Enterprise Linux Life Cycle (access.redhat.com/support/policy/updates/errata)"
_CENTOS = "CentOS Project end-of-life dates (centos.org)"
_SUSE = "SUSE product support lifecycle (suse.com/lifecycle)"
_DEBIAN = "Debian LTS (wiki.debian.org/LTS)"
_UB = "Ubuntu release cycle (ubuntu.com/about/release-cycle), standard support"
_OL = "Oracle Linux lifetime support policy (oracle.com/a/ocom/docs/elsp-lifetime-069338.pdf)"
_AL = "Amazon Linux FAQs (aws.amazon.com/linux/amazon-linux-2/faqs, amazon-linux-2023/faqs)"
_FEDORA = "Fedora release life cycle (docs.fedoraproject.org/en-US/releases/lifecycle)"

_WS = Family.WINDOWS_SERVER
_WC = Family.WINDOWS_CLIENT
_LE = Family.LINUX_ENDORSED
_LO = Family.LINUX_OTHER


def _d(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, day)


_ESU_2008 = _d(2024, 1, 9)  # the fourth, Azure-only year of ESU ended on 9 January 2024
_ESU_2012 = _d(2026, 10, 13)  # ESU for 2012 / 2012 R2, free on Azure, until 13 October 2026
_OR_LATER = (
    "vCenter's name covers 2016, 2019, 2022 and 2025: judged as 2016, the earliest it could be"
)
_CENTOS_4_5 = (
    "vCenter's name covers CentOS 4 to 7: judged as CentOS 4, the earliest it could be; "
    "every one of them was out of support by 30/06/2024"
)

END_OF_SUPPORT: tuple[EndOfSupport, ...] = (
    # Windows Server (Fixed Lifecycle Policy: end of extended support)
    EndOfSupport(
        "Windows Server 2003",
        r"windows server 2003",
        _d(2015, 7, 14),
        _MS,
        _WS,
        uefi_not_ready=True,
    ),
    EndOfSupport(
        "Windows Server 2008 R2",
        r"windows server 2008 r2",
        _d(2020, 1, 14),
        _MS,
        _WS,
        _ESU_2008,
        uefi_not_ready=True,
    ),
    EndOfSupport(
        "Windows Server 2008",
        r"windows server 2008",
        _d(2020, 1, 14),
        _MS,
        _WS,
        _ESU_2008,
        uefi_not_ready=True,
    ),
    EndOfSupport(
        "Windows Server 2012 R2", r"windows server 2012 r2", _d(2023, 10, 10), _MS, _WS, _ESU_2012
    ),
    EndOfSupport(
        "Windows Server 2012", r"windows server 2012", _d(2023, 10, 10), _MS, _WS, _ESU_2012
    ),
    EndOfSupport(
        "Windows Server 2016 or later",
        r"windows server 2016 or later",
        _d(2027, 1, 12),
        _MS,
        _WS,
        note=_OR_LATER,
    ),
    EndOfSupport("Windows Server 2016", r"windows server 2016", _d(2027, 1, 12), _MS, _WS),
    EndOfSupport("Windows Server 2019", r"windows server 2019", _d(2029, 1, 9), _MS, _WS),
    EndOfSupport("Windows Server 2022", r"windows server 2022", _d(2031, 10, 14), _MS, _WS),
    EndOfSupport("Windows Server 2025", r"windows server 2025", _d(2034, 11, 14), _MS, _WS),
    # Windows client
    EndOfSupport("Windows XP", r"windows xp", _d(2014, 4, 8), _MS, _WC),
    EndOfSupport("Windows 7", r"windows 7\b", _d(2020, 1, 14), _MS, _WC),
    EndOfSupport("Windows 8.1", r"windows 8\.1", _d(2023, 1, 10), _MS, _WC),
    EndOfSupport(
        "Windows 8.x",
        r"windows 8(\.x)?\b",
        _d(2016, 1, 12),
        _MS,
        _WC,
        note="vCenter's 'Windows 8.x' covers 8 and 8.1: judged as 8, the earliest it could be; "
        "8.1's support ended 10/01/2023",
    ),
    EndOfSupport(
        "Windows 10",
        r"windows 10\b",
        _d(2025, 10, 14),
        _MS,
        _WC,
        note="the date for 22H2, the last version; the LTSC editions run longer",
    ),
    EndOfSupport(
        "Windows 11",
        r"windows 11\b",
        None,
        _MS,
        _WC,
        note="Modern Lifecycle Policy: supported while on a serviced version",
        modern=True,
    ),
    # Red Hat Enterprise Linux (end of maintenance support)
    *(
        EndOfSupport(
            f"Red Hat Enterprise Linux {n}",
            rf"(red hat enterprise linux|\brhel)\D*{n}(\.\d|\b)",
            ends,
            _RH,
            _LE,
        )
        for n, ends in (
            (5, _d(2017, 3, 31)),
            (6, _d(2020, 11, 30)),
            (7, _d(2024, 6, 30)),
            (8, _d(2029, 5, 31)),
            (9, _d(2032, 5, 31)),
        )
    ),
    # CentOS (end of life); Stream first, so "CentOS Stream 8" is not read as CentOS 8
    EndOfSupport("CentOS Stream 8", r"centos stream\D*8\b", _d(2024, 5, 31), _CENTOS, _LO),
    EndOfSupport("CentOS Stream 9", r"centos stream\D*9\b", _d(2027, 5, 31), _CENTOS, _LO),
    EndOfSupport(
        "CentOS 4/5 or later", r"centos 4/5", _d(2012, 2, 29), _CENTOS, _LO, note=_CENTOS_4_5
    ),
    *(
        EndOfSupport(f"CentOS {n}", rf"centos\D*{n}(\.\d|\b)", ends, _CENTOS, _LO)
        for n, ends in (
            (4, _d(2012, 2, 29)),
            (5, _d(2017, 3, 31)),
            (6, _d(2020, 11, 30)),
            (7, _d(2024, 6, 30)),
            (8, _d(2021, 12, 31)),
        )
    ),
    # SUSE Linux Enterprise Server (end of general support)
    *(
        EndOfSupport(
            f"SUSE Linux Enterprise Server {n}",
            rf"(suse linux enterprise|\bsles)\D*{n}\b",
            ends,
            _SUSE,
            _LE,
        )
        for n, ends in ((11, _d(2019, 3, 31)), (12, _d(2024, 10, 31)), (15, _d(2031, 7, 31)))
    ),
    # Debian (end of LTS)
    *(
        EndOfSupport(f"Debian {n}", rf"debian\D*{n}(\.\d|\b)|\b{codename}\b", ends, _DEBIAN, _LE)
        for n, codename, ends in (
            (7, "wheezy", _d(2018, 5, 31)),
            (8, "jessie", _d(2020, 6, 30)),
            (9, "stretch", _d(2022, 6, 30)),
            (10, "buster", _d(2024, 6, 30)),
            (11, "bullseye", _d(2026, 8, 31)),
            (12, "bookworm", _d(2028, 6, 30)),
        )
    ),
    # Ubuntu LTS (end of standard support; the release cycle page gives months: the month's end)
    *(
        EndOfSupport(f"Ubuntu {year}.04", rf"ubuntu\D*{year}\.04", ends, _UB, _LE)
        for year, ends in (
            (14, _d(2019, 4, 30)),
            (16, _d(2021, 4, 30)),
            (18, _d(2023, 5, 31)),
            (20, _d(2025, 5, 31)),
            (22, _d(2027, 5, 31)),
            (24, _d(2029, 4, 30)),
        )
    ),
    EndOfSupport(
        "Ubuntu (release not given)",
        r"ubuntu",
        None,
        _UB,
        _LE,
        note="vCenter's 'Ubuntu Linux' does not say which release: check it in the guest",
    ),
    # Oracle Linux (end of Premier Support; the policy gives months: the month's end)
    *(
        EndOfSupport(f"Oracle Linux {n}", rf"oracle linux\D*{n}(\.\d|\b)", ends, _OL, _LE)
        for n, ends in (
            (6, _d(2021, 3, 31)),
            (7, _d(2024, 12, 31)),
            (8, _d(2029, 7, 31)),
            (9, _d(2032, 6, 30)),
        )
    ),
    # Amazon Linux (not endorsed on Azure); 2023 first, so it is not read as Amazon Linux 2
    EndOfSupport("Amazon Linux 2023", r"amazon linux (2023|3\b)", _d(2029, 6, 30), _AL, _LO),
    EndOfSupport("Amazon Linux 2", r"amazon linux 2\b", _d(2026, 6, 30), _AL, _LO),
    # Fedora: each release is supported for about 13 months, and vCenter does not name it
    EndOfSupport(
        "Fedora",
        r"fedora",
        None,
        _FEDORA,
        _LO,
        note="each Fedora release is supported for about 13 months and the release is not "
        "given: check it in the guest",
    ),
)


class Support(enum.StrEnum):
    UNSUPPORTED = "unsupported"  # support has ended
    ENDS_BEFORE_EXIT = "ends_before_exit"  # still supported, but not on the exit date
    SUPPORTED = "supported"
    UNKNOWN = "unknown"  # no entry matches the name, or the entry cannot give a date

    @property
    def label(self) -> str:
        return {
            "unsupported": "Out of support",
            "ends_before_exit": "Support ends before exit",
            "supported": "Supported",
            "unknown": "Not known",
        }[self.value]


@dataclass(frozen=True)
class GuestOs:
    """What an operating-system name was read as."""

    text: str  # the name that was recognised (or the first one given, if none was)
    entry: EndOfSupport | None
    bits: int | None  # 32 or 64 when the name says; 32-bit systems are flagged

    @property
    def name(self) -> str:
        return self.entry.name if self.entry else (self.text or "No operating system recorded")


@dataclass(frozen=True)
class SupportStatus:
    status: Support
    entry: EndOfSupport | None
    reason: str
    bits: int | None = None


_BITS = ((re.compile(r"32-bit|\bi[3-6]86\b"), 32), (re.compile(r"64-bit|x86_64|\bx64\b|amd64"), 64))


def end_of_support(
    os_name: str, table: tuple[EndOfSupport, ...] = END_OF_SUPPORT
) -> EndOfSupport | None:
    if table is END_OF_SUPPORT:
        return _end_of_support(os_name)  # an estate has few distinct names: each read once
    return _search(os_name, table)


@functools.lru_cache(maxsize=4096)
def _end_of_support(os_name: str) -> EndOfSupport | None:
    return _search(os_name, END_OF_SUPPORT)


def _search(os_name: str, table: tuple[EndOfSupport, ...]) -> EndOfSupport | None:
    text = os_name.lower()
    for entry in table:
        if re.search(entry.pattern, text):
            return entry
    return None


def identify(
    names: str | Sequence[str], table: tuple[EndOfSupport, ...] = END_OF_SUPPORT
) -> GuestOs:
    """The first of `names` (VMware Tools' name, then the configuration file's) that is
    recognised, with its word size taken from whichever name gives one."""
    given = [n.strip() for n in ([names] if isinstance(names, str) else names) if n and n.strip()]
    bits = None
    for text in given:
        for pattern, size in _BITS:
            if bits is None and pattern.search(text.lower()):
                bits = size
    for text in given:
        entry = end_of_support(text, table)
        if entry is not None:
            return GuestOs(text, entry, bits)
    return GuestOs(given[0] if given else "", None, bits)


def _uk(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def esu_note(entry: EndOfSupport, on: dt.date) -> str:
    """What Microsoft's Extended Security Updates on Azure add, as at `on` ("" if none)."""
    if entry.azure_esu_ends is None:
        return ""
    if entry.azure_esu_ends > on:
        return (
            f"Extended Security Updates are free on Azure until {_uk(entry.azure_esu_ends)}, "
            "security fixes only"
        )
    return f"Extended Security Updates on Azure ended {_uk(entry.azure_esu_ends)}"


def support_status(
    os_name: str | Sequence[str],
    on: dt.date,
    exit_date: dt.date,
    table: tuple[EndOfSupport, ...] = END_OF_SUPPORT,
) -> SupportStatus:
    """Whether the system named is supported on `on`, and still on `exit_date`.

    `os_name` is one name, or several to try in order (VMware Tools', then the configuration
    file's). A name that no entry recognises, or whose entry cannot give a date, is *not known*:
    never supported.
    """
    if table is END_OF_SUPPORT:  # the same few names again and again in an estate: once each
        names = os_name if isinstance(os_name, str) else tuple(os_name)
        return _support_status(names, on, exit_date)
    return _support_status_in(os_name, on, exit_date, table)


@functools.lru_cache(maxsize=4096)
def _support_status(
    os_name: str | tuple[str, ...], on: dt.date, exit_date: dt.date
) -> SupportStatus:
    return _support_status_in(os_name, on, exit_date, END_OF_SUPPORT)


def _support_status_in(
    os_name: str | Sequence[str],
    on: dt.date,
    exit_date: dt.date,
    table: tuple[EndOfSupport, ...],
) -> SupportStatus:
    guest = identify(os_name, table)
    entry = guest.entry
    if entry is None:
        if guest.text:
            reason = f"“{guest.text}” is not recognised: no end-of-support date is known for it."
        else:
            reason = "No operating system is recorded: no end-of-support date is known."
        return SupportStatus(Support.UNKNOWN, None, reason, guest.bits)
    extras = [text for text in (entry.note, esu_note(entry, on)) if text]
    suffix = f" ({'; '.join(extras)})" if extras else ""
    if entry.ends is None:
        if entry.modern:
            return SupportStatus(
                Support.SUPPORTED, entry, f"{entry.name}: no fixed end date{suffix}.", guest.bits
            )
        return SupportStatus(
            Support.UNKNOWN, entry, f"{entry.name}: no end-of-support date{suffix}.", guest.bits
        )
    when = _uk(entry.ends)
    if entry.ends <= on:
        return SupportStatus(
            Support.UNSUPPORTED, entry, f"{entry.name}: support ended {when}{suffix}.", guest.bits
        )
    if entry.ends <= exit_date:
        return SupportStatus(
            Support.ENDS_BEFORE_EXIT,
            entry,
            f"{entry.name}: support ends {when}, before exit{suffix}.",
            guest.bits,
        )
    return SupportStatus(
        Support.SUPPORTED, entry, f"{entry.name}: supported until {when}{suffix}.", guest.bits
    )
