"""The proposed disposition of each application (AWS's 7 Rs), by rules shown with their reasons.

Rules, in order; the first that applies gives the proposal (docs/hosting.md):

1. Every VM the application runs on is powered off → **Retire** (a candidate to switch off).
2. The same product is run separately by both councils → **rationalise**: the instance with
   fewer users is proposed for **Retire**, consolidating on the other council's instance.
3. A SaaS alternative is named → **Repurchase**.
4. A VM runs an operating system out of support (or whose support ends before the exit) →
   **Replatform**.
5. A VM's operating system is not known (no end-of-support date: an unrecognised name, vCenter's
   "Other …", none recorded, or a release not given) → **Rehost**, by the rule "operating system
   not known", never "supported": find out what it runs first.
6. Otherwise (every VM runs a system supported through the exit) → **Rehost**.

An unknown operating system is also a *finding* on the proposal whichever rule applies
(`Proposal.findings`): it is never counted as supported.

Refactor, Retain and Relocate are never proposed by a rule: a person chooses them when they
confirm or override the proposal.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass

from gemini.hosting.engine.lifecycle import Support, SupportStatus, support_status


class Disposition(enum.StrEnum):
    REHOST = "rehost"
    REPLATFORM = "replatform"
    REFACTOR = "refactor"
    REPURCHASE = "repurchase"
    RETIRE = "retire"
    RETAIN = "retain"
    RELOCATE = "relocate"

    @property
    def label(self) -> str:
        return self.value.capitalize()


# Dispositions that take the application out of the data centre by moving it.
MOVES = frozenset(
    {
        Disposition.REHOST,
        Disposition.REPLATFORM,
        Disposition.REFACTOR,
        Disposition.RELOCATE,
        Disposition.REPURCHASE,
    }
)


@dataclass(frozen=True)
class VmFacts:
    name: str
    powered_on: bool
    os_name: str  # VMware Tools' name, or else the configuration file's
    powered_off_since: dt.date | None = None
    os_config: str = ""  # the configuration file's name, tried when `os_name` is not recognised


@dataclass(frozen=True)
class ApplicationFacts:
    name: str
    council: str  # the owning organisation's code
    product: str  # what it is, to find the same system run by both councils
    users: int | None
    saas_alternative: str
    vms: tuple[VmFacts, ...]


@dataclass(frozen=True)
class Proposal:
    application: str
    disposition: Disposition
    rule: str
    reasons: tuple[str, ...]
    findings: tuple[str, ...] = ()  # facts to resolve before moving it (an unknown system)


def _rationalise(applications: Sequence[ApplicationFacts]) -> dict[str, str]:
    """Applications to retire in favour of the same product at another council: name → reason."""
    by_product: dict[str, list[ApplicationFacts]] = {}
    for application in applications:
        key = application.product.strip().lower()
        if key:
            by_product.setdefault(key, []).append(application)
    retire: dict[str, str] = {}
    for instances in by_product.values():
        if len({a.council for a in instances}) < 2:
            continue
        keep = max(instances, key=lambda a: (a.users or 0, a.name))
        for other in instances:
            if other.name == keep.name or other.council == keep.council:
                continue
            retire[other.name] = (
                f"{other.product} is run separately by {other.council} "
                f"({other.users or 0} users) and {keep.council} ({keep.users or 0} users): "
                f"rationalise onto {keep.name} and retire this instance."
            )
    return retire


def propose(
    applications: Sequence[ApplicationFacts], on: dt.date, exit_date: dt.date
) -> dict[str, Proposal]:
    """A proposal for every application, by name."""
    rationalised = _rationalise(applications)
    proposals: dict[str, Proposal] = {}
    for app in sorted(applications, key=lambda a: a.name):
        proposals[app.name] = _propose_one(app, on, exit_date, rationalised.get(app.name))
    return proposals


def _propose_one(
    app: ApplicationFacts, on: dt.date, exit_date: dt.date, rationalise: str | None
) -> Proposal:
    statuses = [(vm, support_status((vm.os_name, vm.os_config), on, exit_date)) for vm in app.vms]
    unknown = tuple(
        f"{vm.name}: {status.reason} Find out what it runs: it is not counted as supported."
        for vm, status in statuses
        if status.status is Support.UNKNOWN
    )
    proposal = _rule(app, on, statuses, unknown, rationalise)
    return Proposal(app.name, proposal[0], proposal[1], proposal[2], unknown)


def _rule(
    app: ApplicationFacts,
    on: dt.date,
    statuses: list[tuple[VmFacts, SupportStatus]],
    unknown: tuple[str, ...],
    rationalise: str | None,
) -> tuple[Disposition, str, tuple[str, ...]]:
    if app.vms and not any(vm.powered_on for vm in app.vms):
        since = [vm.powered_off_since for vm in app.vms if vm.powered_off_since]
        when = ""
        if since:
            first = max(since)
            when = f" (all off since {first:%d/%m/%Y}, {(on - first).days} days)"
        return (
            Disposition.RETIRE,
            "powered off",
            (f"All {len(app.vms)} of its VMs are powered off{when}: a candidate to retire.",),
        )
    if rationalise:
        return Disposition.RETIRE, "rationalise", (rationalise,)
    if app.saas_alternative.strip():
        return (
            Disposition.REPURCHASE,
            "SaaS alternative",
            (f"A SaaS alternative exists: {app.saas_alternative.strip()}.",),
        )
    old = [
        f"{vm.name} runs {status.reason}"
        for vm, status in statuses
        if status.status in (Support.UNSUPPORTED, Support.ENDS_BEFORE_EXIT)
    ]
    if old:
        return (
            Disposition.REPLATFORM,
            "end-of-support operating system",
            (*old, *unknown, "Move it to a supported platform rather than copy it as it is."),
        )
    if unknown:
        return (
            Disposition.REHOST,
            "operating system not known",
            (
                *unknown,
                "Rehost is proposed only provisionally: confirm each system's support first.",
            ),
        )
    if not app.vms:
        return (
            Disposition.REHOST,
            "no rule applies",
            ("No VMs are recorded for it and no other rule applies: rehost.",),
        )
    return (
        Disposition.REHOST,
        "no rule applies",
        (f"Its {len(app.vms)} VMs run supported systems: lift and shift to the sized VMs.",),
    )
