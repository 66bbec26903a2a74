"""Annual run cost on premises and in the cloud, per application and per council.

- A VM's cloud cost is its price a year (`pricing.price_vm`: compute under the chosen
  commitment, its operating system's licence, its managed disks). A VM used by several
  applications is split equally between them. A VM too large for every size is costed at the
  largest size (a lower bound, said in the reasons), never left out.
- An on-premises cost not known is not known, never £0: the application's on-premises cost
  and its saving are then not known (None, shown "Not known"), never a made-up saving.
- An application's cloud cost depends on its disposition: Retire and Repurchase cost nothing
  here (a SaaS subscription is not in the catalogue), Retain keeps the on-premises cost, the
  others take the sized cloud cost.
- A council's bill is the sum of its share of each application (the allocation rule: an
  application owned by a council is 100% that council's; a shared one is split by the shares
  recorded for it, equal by default).
- The one-off migration cost is an input per application, shown beside the run costs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from gemini.hosting.engine.disposition import Disposition

PENNY = Decimal("0.01")


def money(value: Decimal) -> Decimal:
    return value.quantize(PENNY, ROUND_HALF_UP)


@dataclass(frozen=True)
class VmCost:
    name: str
    on_premises: Decimal | None  # a year; None when not known (never taken as £0)
    cloud: Decimal | None  # a year, compute, licence and disks; None when the list prices none
    fits: bool = True  # False: too large for every size, costed at the largest (a lower bound)
    complete: bool = True  # False: part of its cloud price is missing (a lower bound)


@dataclass(frozen=True)
class CostApplication:
    name: str
    disposition: Disposition
    vms: tuple[str, ...]
    shares: Mapping[str, Decimal]  # council code → fraction (sums to 1)
    migration_cost: Decimal = Decimal(0)


@dataclass(frozen=True)
class ApplicationCost:
    name: str
    on_premises: Decimal | None  # None: not known for at least one of its VMs
    cloud: Decimal | None  # None: no cloud price for at least one of its VMs
    migration: Decimal
    unsized_vms: tuple[str, ...]  # too large for every size: costed at the largest
    reasons: tuple[str, ...]

    @property
    def saving(self) -> Decimal | None:
        """On premises less cloud; None when either is not known (never a made-up figure)."""
        if self.on_premises is None or self.cloud is None:
            return None
        return self.on_premises - self.cloud


@dataclass(frozen=True)
class CouncilBill:
    council: str
    on_premises: Decimal | None
    cloud: Decimal | None
    migration: Decimal
    not_known: tuple[str, ...] = ()  # applications whose on-premises or cloud cost is not known

    @property
    def saving(self) -> Decimal | None:
        if self.on_premises is None or self.cloud is None:
            return None
        return self.on_premises - self.cloud


def _add(total: Decimal | None, part: Decimal | None) -> Decimal | None:
    return None if total is None or part is None else total + part


def cost_applications(
    applications: Sequence[CostApplication], vms: Mapping[str, VmCost]
) -> list[ApplicationCost]:
    users: dict[str, int] = {}
    for app in applications:
        for used in set(app.vms):
            users[used] = users.get(used, 0) + 1
    results = []
    for app in sorted(applications, key=lambda a: a.name):
        on_premises: Decimal | None = Decimal(0)
        cloud: Decimal | None = Decimal(0)
        unsized: list[str] = []
        unknown_here: list[str] = []
        unpriced: list[str] = []
        partial: list[str] = []
        for vm_name in sorted(set(app.vms)):
            vm = vms.get(vm_name)
            if vm is None:
                continue
            share = Decimal(1) / users[vm_name]
            if vm.on_premises is None:
                unknown_here.append(vm_name)
                on_premises = None
            else:
                on_premises = _add(on_premises, vm.on_premises * share)
            if vm.cloud is None:
                unpriced.append(vm_name)
                cloud = None
            else:
                cloud = _add(cloud, vm.cloud * share)
            if not vm.fits:
                unsized.append(vm_name)
            if not vm.complete:
                partial.append(vm_name)
        reasons = []
        if app.disposition in (Disposition.RETIRE, Disposition.REPURCHASE):
            cloud = Decimal(0)
            reasons.append(
                f"{app.disposition.label}: no cloud VMs (any SaaS subscription is not costed here)."
            )
        elif app.disposition is Disposition.RETAIN:
            cloud = on_premises
            reasons.append("Retain: the on-premises cost continues.")
        else:
            reasons.append(
                f"{app.disposition.label}: the sized cloud VMs, compute, licence and disks, a year."
            )
            if unsized:
                reasons.append(
                    f"No size fits {', '.join(unsized)}: costed at the largest size, so the "
                    "cloud cost is a lower bound."
                )
            if unpriced:
                reasons.append(
                    f"The price list prices no size for {', '.join(unpriced)}: the cloud cost "
                    "is not known."
                )
            if partial:
                reasons.append(
                    f"Part of the price of {', '.join(partial)} is not known (licence or "
                    "disks): the cloud cost is a lower bound."
                )
        if unknown_here:
            reasons.append(
                f"The on-premises cost of {', '.join(unknown_here)} is not known, so the "
                "application's on-premises cost and its saving are not known."
            )
        shared = [name for name in app.vms if users.get(name, 0) > 1]
        if shared:
            reasons.append(f"VMs shared with other applications are split: {', '.join(shared)}.")
        results.append(
            ApplicationCost(
                app.name,
                None if on_premises is None else money(on_premises),
                None if cloud is None else money(cloud),
                money(app.migration_cost),
                tuple(unsized),
                tuple(reasons),
            )
        )
    return results


def council_bills(
    applications: Sequence[CostApplication], costs: Sequence[ApplicationCost]
) -> list[CouncilBill]:
    """Each council's share of each application. A share of a cost not known makes the
    council's total not known (shown "not known", never £0), naming the applications."""
    by_name = {cost.name: cost for cost in costs}
    totals: dict[str, list[Decimal | None]] = {}
    not_known: dict[str, list[str]] = {}
    for app in applications:
        cost = by_name[app.name]
        for council, fraction in app.shares.items():
            row = totals.setdefault(council, [Decimal(0), Decimal(0), Decimal(0)])
            row[0] = _add(row[0], None if cost.on_premises is None else cost.on_premises * fraction)
            row[1] = _add(row[1], None if cost.cloud is None else cost.cloud * fraction)
            row[2] = _add(row[2], cost.migration * fraction)
            if cost.on_premises is None or cost.cloud is None:
                not_known.setdefault(council, []).append(app.name)
    return [
        CouncilBill(
            council,
            None if a is None else money(a),
            None if b is None else money(b),
            money(c or Decimal(0)),
            tuple(sorted(not_known.get(council, []))),
        )
        for council, (a, b, c) in sorted(totals.items())
    ]
