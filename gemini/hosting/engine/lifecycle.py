"""Operating-system end of support: a list of data, not code (docs/hosting.md, sources there).

Each entry matches an operating-system name (as RVTools reports it, from the VM's configuration
file or VMware Tools) by a case-insensitive pattern and gives the date its extended support
ends. The first matching entry wins, so the more specific names come first.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class EndOfSupport:
    name: str
    pattern: str
    ends: dt.date
    source: str


_MS = "Microsoft Lifecycle Policy (learn.microsoft.com/lifecycle)"
_RH = "Red Hat Enterprise Linux Life Cycle (access.redhat.com/support/policy/updates/errata)"
_UB = "Ubuntu release cycle (ubuntu.com/about/release-cycle), standard support"

END_OF_SUPPORT: tuple[EndOfSupport, ...] = (
    EndOfSupport("Windows Server 2003", r"windows server 2003", dt.date(2015, 7, 14), _MS),
    EndOfSupport("Windows Server 2008", r"windows server 2008", dt.date(2020, 1, 14), _MS),
    EndOfSupport("Windows Server 2012", r"windows server 2012", dt.date(2023, 10, 10), _MS),
    EndOfSupport("Windows Server 2016", r"windows server 2016", dt.date(2027, 1, 12), _MS),
    EndOfSupport("Windows Server 2019", r"windows server 2019", dt.date(2029, 1, 9), _MS),
    EndOfSupport("Windows Server 2022", r"windows server 2022", dt.date(2031, 10, 14), _MS),
    EndOfSupport("Red Hat Enterprise Linux 6", r"red hat.* 6\b", dt.date(2020, 11, 30), _RH),
    EndOfSupport("Red Hat Enterprise Linux 7", r"red hat.* 7\b", dt.date(2024, 6, 30), _RH),
    EndOfSupport("Red Hat Enterprise Linux 8", r"red hat.* 8\b", dt.date(2029, 5, 31), _RH),
    EndOfSupport("Red Hat Enterprise Linux 9", r"red hat.* 9\b", dt.date(2032, 5, 31), _RH),
    EndOfSupport("CentOS 6", r"centos 6", dt.date(2020, 11, 30), _RH),
    EndOfSupport("CentOS 7", r"centos 7", dt.date(2024, 6, 30), _RH),
    EndOfSupport("Ubuntu 16.04", r"ubuntu.*16\.04", dt.date(2021, 4, 30), _UB),
    EndOfSupport("Ubuntu 18.04", r"ubuntu.*18\.04", dt.date(2023, 5, 31), _UB),
)


class Support(enum.StrEnum):
    UNSUPPORTED = "unsupported"  # support has ended
    ENDS_BEFORE_EXIT = "ends_before_exit"  # still supported, but not on the exit date
    SUPPORTED = "supported"
    UNKNOWN = "unknown"  # no entry matches the name

    @property
    def label(self) -> str:
        return {
            "unsupported": "Out of support",
            "ends_before_exit": "Support ends before exit",
            "supported": "Supported",
            "unknown": "Not known",
        }[self.value]


@dataclass(frozen=True)
class SupportStatus:
    status: Support
    entry: EndOfSupport | None
    reason: str


def end_of_support(
    os_name: str, table: tuple[EndOfSupport, ...] = END_OF_SUPPORT
) -> EndOfSupport | None:
    text = os_name.lower()
    for entry in table:
        if re.search(entry.pattern, text):
            return entry
    return None


def support_status(
    os_name: str,
    on: dt.date,
    exit_date: dt.date,
    table: tuple[EndOfSupport, ...] = END_OF_SUPPORT,
) -> SupportStatus:
    """Whether `os_name` is supported on `on`, and still on `exit_date`."""
    entry = end_of_support(os_name, table) if os_name else None
    if entry is None:
        return SupportStatus(Support.UNKNOWN, None, "No end-of-support date is known for it.")
    when = entry.ends.strftime("%d/%m/%Y")
    if entry.ends <= on:
        return SupportStatus(Support.UNSUPPORTED, entry, f"{entry.name}: support ended {when}.")
    if entry.ends <= exit_date:
        return SupportStatus(
            Support.ENDS_BEFORE_EXIT, entry, f"{entry.name}: support ends {when}, before exit."
        )
    return SupportStatus(Support.SUPPORTED, entry, f"{entry.name}: supported until {when}.")
