"""The proposed disposition of each application (AWS's 7 Rs), by rules shown with their reasons.

Rules, in order; the first that applies gives the proposal (docs/hosting.md):

1. Every VM the application runs on is powered off → **Retire** (a candidate to switch off).
2. The same product is run separately by both councils → **rationalise**: the instance with
   fewer users is proposed for **Retire**, consolidating on the other council's instance.
3. A SaaS alternative is named → **Repurchase**.
4. A VM runs an operating system out of support (or whose support ends before the exit) →
   **Replatform**.
5. Otherwise → **Rehost** (lift and shift to the sized cloud VMs).

Refactor, Retain and Relocate are never proposed by a rule: a person chooses them when they
confirm or override the proposal.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass

from gemini.hosting.engine.lifecycle import Support, support_status


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
    os_name: str
    powered_off_since: dt.date | None = None


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
    if app.vms and not any(vm.powered_on for vm in app.vms):
        since = [vm.powered_off_since for vm in app.vms if vm.powered_off_since]
        when = ""
        if since:
            first = max(since)
            when = f" (all off since {first:%d/%m/%Y}, {(on - first).days} days)"
        return Proposal(
            app.name,
            Disposition.RETIRE,
            "powered off",
            (f"All {len(app.vms)} of its VMs are powered off{when}: a candidate to retire.",),
        )
    if rationalise:
        return Proposal(app.name, Disposition.RETIRE, "rationalise", (rationalise,))
    if app.saas_alternative.strip():
        return Proposal(
            app.name,
            Disposition.REPURCHASE,
            "SaaS alternative",
            (f"A SaaS alternative exists: {app.saas_alternative.strip()}.",),
        )
    old = []
    for vm in app.vms:
        status = support_status(vm.os_name, on, exit_date)
        if status.status in (Support.UNSUPPORTED, Support.ENDS_BEFORE_EXIT):
            old.append(f"{vm.name} runs {status.reason}")
    if old:
        return Proposal(
            app.name,
            Disposition.REPLATFORM,
            "end-of-support operating system",
            (*tuple(old), "Move it to a supported platform rather than copy it as it is."),
        )
    if not app.vms:
        return Proposal(
            app.name,
            Disposition.REHOST,
            "no rule applies",
            ("No VMs are recorded for it and no other rule applies: rehost.",),
        )
    return Proposal(
        app.name,
        Disposition.REHOST,
        "no rule applies",
        (f"Its {len(app.vms)} VMs run supported systems: lift and shift to the sized VMs.",),
    )
