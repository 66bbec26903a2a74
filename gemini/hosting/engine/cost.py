"""Annual run cost on premises and in the cloud, per application and per council.

- A VM's cloud cost is its size's price per hour × 8,760 hours, plus its provisioned storage
  × the storage price per GiB-month × 12. A VM used by several applications is split equally
  between them.
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
MIB_PER_GIB = Decimal(1024)


def money(value: Decimal) -> Decimal:
    return value.quantize(PENNY, ROUND_HALF_UP)


@dataclass(frozen=True)
class VmCost:
    name: str
    on_premises: Decimal  # a year
    compute: Decimal | None  # a year; None when no size fits
    provisioned_mib: int

    def cloud(self, storage_price_per_gib_month: Decimal) -> Decimal | None:
        if self.compute is None:
            return None
        storage = Decimal(self.provisioned_mib) / MIB_PER_GIB * storage_price_per_gib_month * 12
        return self.compute + storage


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
    on_premises: Decimal
    cloud: Decimal
    migration: Decimal
    unsized_vms: tuple[str, ...]
    reasons: tuple[str, ...]

    @property
    def saving(self) -> Decimal:
        return self.on_premises - self.cloud


@dataclass(frozen=True)
class CouncilBill:
    council: str
    on_premises: Decimal
    cloud: Decimal
    migration: Decimal

    @property
    def saving(self) -> Decimal:
        return self.on_premises - self.cloud


def cost_applications(
    applications: Sequence[CostApplication],
    vms: Mapping[str, VmCost],
    storage_price_per_gib_month: Decimal,
) -> list[ApplicationCost]:
    users: dict[str, int] = {}
    for app in applications:
        for used in set(app.vms):
            users[used] = users.get(used, 0) + 1
    results = []
    for app in sorted(applications, key=lambda a: a.name):
        on_premises = Decimal(0)
        cloud = Decimal(0)
        unsized: list[str] = []
        for vm_name in sorted(set(app.vms)):
            vm = vms.get(vm_name)
            if vm is None:
                continue
            share = Decimal(1) / users[vm_name]
            on_premises += vm.on_premises * share
            vm_cloud = vm.cloud(storage_price_per_gib_month)
            if vm_cloud is None:
                unsized.append(vm_name)
            else:
                cloud += vm_cloud * share
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
                f"{app.disposition.label}: the sized cloud VMs, compute and storage, a year."
            )
        if unsized:
            reasons.append(f"No size fits {', '.join(unsized)}: not in the cloud cost.")
        shared = [name for name in app.vms if users.get(name, 0) > 1]
        if shared:
            reasons.append(f"VMs shared with other applications are split: {', '.join(shared)}.")
        results.append(
            ApplicationCost(
                app.name,
                money(on_premises),
                money(cloud),
                money(app.migration_cost),
                tuple(unsized),
                tuple(reasons),
            )
        )
    return results


def council_bills(
    applications: Sequence[CostApplication], costs: Sequence[ApplicationCost]
) -> list[CouncilBill]:
    by_name = {cost.name: cost for cost in costs}
    totals: dict[str, list[Decimal]] = {}
    for app in applications:
        cost = by_name[app.name]
        for council, fraction in app.shares.items():
            row = totals.setdefault(council, [Decimal(0), Decimal(0), Decimal(0)])
            row[0] += cost.on_premises * fraction
            row[1] += cost.cloud * fraction
            row[2] += cost.migration * fraction
    return [
        CouncilBill(council, money(a), money(b), money(c))
        for council, (a, b, c) in sorted(totals.items())
    ]
