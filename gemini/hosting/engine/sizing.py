"""Right-sizing a VM to a cloud size (REFERENCE.md §4; Azure Migrate's documented method).

- Performance-based, when utilisation is known: need = allocated × utilisation (at the chosen
  percentile over the chosen history) × comfort factor (default 1.3).
- As on premises, otherwise: need = allocated; whether the comfort factor applies here differs
  between versions of Azure's documents, so it is a setting (`comfort_on_premises`, off).
- The chosen size is the cheapest in the catalogue (pay as you go, no licence) with at least the
  needed vCPUs and memory and room for the VM's data disks (the OS disk is not one of them:
  Azure's "max data disks"); ties go to fewer vCPUs, then less memory, then the name.
- The catalogue holds the D (Dsv5), E (Esv5) and F (Fsv2) families, and B (burstable) only
  when the user allows it (`allow_burstable`, off).
- A VM too large for every size is a finding and is costed at the largest size (a lower
  bound), never left out of the cost.

Arithmetic is Decimal, so the documented examples come out exactly (4 × 0.2 × 1.3 = 1.04).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HOURS_PER_YEAR = Decimal(8760)  # 365 × 24: the price per hour times this is the annual price
MIB_PER_GIB = Decimal(1024)
PENNY = Decimal("0.01")
PERCENTILES = (50, 90, 95, 99)


@dataclass(frozen=True)
class CloudSize:
    """A VM size with its pay-as-you-go compute price an hour (Linux: no licence), which
    ranks the sizes that fit. `max_disks` counts data disks: the OS disk is not among them."""

    name: str  # as Azure's size pages write it, e.g. D2s_v5 (armSkuName Standard_D2s_v5)
    vcpus: int
    memory_gib: Decimal
    max_disks: int
    price_per_hour: Decimal
    currency: str = "GBP"
    region: str = "uksouth"
    price_date: dt.date | None = None
    family: str = ""
    burstable: bool = False

    @property
    def sku(self) -> str:
        return f"Standard_{self.name}"

    @property
    def annual_price(self) -> Decimal:
        return (self.price_per_hour * HOURS_PER_YEAR).quantize(PENNY, ROUND_HALF_UP)


@dataclass(frozen=True)
class SizingSettings:
    comfort_factor: Decimal = Decimal("1.3")
    percentile: int = 95
    comfort_on_premises: bool = False
    allow_burstable: bool = False  # B-series sizes only when the user allows them

    def __post_init__(self) -> None:
        if self.percentile not in PERCENTILES:
            raise ValueError(f"The percentile must be one of {PERCENTILES}.")
        if self.comfort_factor <= 0:
            raise ValueError("The comfort factor must be more than 0.")


@dataclass(frozen=True)
class SizingInput:
    name: str
    vcpus: int
    memory_mib: int
    disks: int = 0  # all the VM's disks, the OS disk among them
    cpu_utilisation: Decimal | None = None  # 0.20 for 20%, at the percentile below
    memory_utilisation: Decimal | None = None
    percentile: int | None = None  # None: a single reading (RVTools), or not stated
    period_days: int | None = None  # the days of data the utilisation was measured over
    source: str = ""  # where the utilisation came from, in the users' words


class Basis(enum.StrEnum):
    PERFORMANCE = "performance"
    AS_ON_PREMISES = "as_on_premises"


@dataclass(frozen=True)
class Sizing:
    vm: str
    basis: Basis
    needed_vcpus: Decimal
    needed_memory_gib: Decimal
    size: CloudSize | None  # the size chosen; the largest when none fits (then `fits` is False)
    reasons: tuple[str, ...]
    basis_text: str = ""  # the basis in words: percentile, comfort factor and days of data
    fits: bool = True

    @property
    def annual_price(self) -> Decimal | None:
        return self.size.annual_price if self.size else None


def _plain(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text


def describe_basis(vm: SizingInput, settings: SizingSettings) -> str:
    """The sizing basis in words, as the VMs page and the Excel export show it."""
    if vm.cpu_utilisation is None or vm.memory_utilisation is None:
        comfort = (
            f", comfort factor {_plain(settings.comfort_factor)}"
            if settings.comfort_on_premises
            else ""
        )
        return f"As on premises{comfort}"
    percentile = f"P{vm.percentile}" if vm.percentile else "a single reading"
    days = (
        f"{vm.period_days} day{'s' if vm.period_days != 1 else ''} of data"
        if vm.period_days
        else "days of data not stated"
    )
    source = f" ({vm.source})" if vm.source else ""
    return (
        f"Performance: {percentile}, comfort factor {_plain(settings.comfort_factor)}, "
        f"{days}{source}"
    )


def need(vm: SizingInput, settings: SizingSettings) -> tuple[Basis, Decimal, Decimal, list[str]]:
    """The vCPUs and GiB of memory the VM needs in the cloud, with the working shown."""
    memory_gib = Decimal(vm.memory_mib) / MIB_PER_GIB
    comfort = settings.comfort_factor
    if vm.cpu_utilisation is not None and vm.memory_utilisation is not None:
        cpu = Decimal(vm.vcpus) * vm.cpu_utilisation * comfort
        memory = memory_gib * vm.memory_utilisation * comfort
        measure = f"P{vm.percentile}" if vm.percentile else "a single reading"
        reasons = [
            f"Performance-based ({measure}): {vm.vcpus} vCPU × "
            f"{_plain(vm.cpu_utilisation * 100)}% × comfort {_plain(comfort)} = "
            f"{_plain(cpu)} vCPU.",
            f"{_plain(memory_gib)} GiB × {_plain(vm.memory_utilisation * 100)}% × comfort "
            f"{_plain(comfort)} = {_plain(memory)} GiB.",
        ]
        if not vm.percentile:
            reasons.append(
                "A single reading taken when the export was made is not a percentile over "
                "time: import performance data (vm-performance) to size on a percentile."
            )
        return Basis.PERFORMANCE, cpu, memory, reasons
    factor = comfort if settings.comfort_on_premises else Decimal(1)
    cpu = Decimal(vm.vcpus) * factor
    memory = memory_gib * factor
    applied = f" × comfort {_plain(comfort)}" if settings.comfort_on_premises else ""
    reasons = [
        f"As on premises (no utilisation known): {vm.vcpus} vCPU{applied} = {_plain(cpu)} vCPU, "
        f"{_plain(memory_gib)} GiB{applied} = {_plain(memory)} GiB."
    ]
    return Basis.AS_ON_PREMISES, cpu, memory, reasons


def right_size(
    vm: SizingInput, catalogue: Sequence[CloudSize], settings: SizingSettings | None = None
) -> Sizing:
    """The cheapest catalogue size that meets the VM's need, with the reasons.

    The OS disk does not count against a size's data-disk limit. B-series (burstable) sizes
    are offered only when `allow_burstable`. A VM that no size fits is a finding, and is given
    the largest size (most vCPUs, then memory) so that it stays in the cost, `fits` False."""
    settings = settings or SizingSettings()
    basis, cpu, memory, reasons = need(vm, settings)
    text = describe_basis(vm, settings)
    offered = [s for s in catalogue if settings.allow_burstable or not s.burstable]
    data_disks = max(vm.disks - 1, 0)
    fitting = [
        size
        for size in offered
        if size.vcpus >= cpu and size.memory_gib >= memory and size.max_disks >= data_disks
    ]
    if not fitting:
        reasons.append(
            f"No size in the catalogue has at least {_plain(cpu)} vCPU, {_plain(memory)} GiB "
            f"and room for {data_disks} data disks: the VM needs a larger size, splitting, or "
            "another home."
        )
        if not offered:
            return Sizing(vm.name, basis, cpu, memory, None, tuple(reasons), text, False)
        largest = max(offered, key=lambda s: (s.vcpus, s.memory_gib, -s.price_per_hour, s.name))
        reasons.append(
            f"It is costed at the largest size, {largest.name} ({largest.vcpus} vCPU, "
            f"{_plain(largest.memory_gib)} GiB), so that it stays in the cost: a lower bound."
        )
        return Sizing(vm.name, basis, cpu, memory, largest, tuple(reasons), text, False)
    chosen = min(fitting, key=lambda s: (s.price_per_hour, s.vcpus, s.memory_gib, s.name))
    reasons.append(
        f"{chosen.name} ({chosen.vcpus} vCPU, {_plain(chosen.memory_gib)} GiB, "
        f"{chosen.max_disks} data disks) is the cheapest of {len(fitting)} sizes that fit, at "
        f"{chosen.currency} {chosen.price_per_hour} an hour pay as you go without a licence."
    )
    return Sizing(vm.name, basis, cpu, memory, chosen, tuple(reasons), text)


@dataclass(frozen=True)
class SizeSpec:
    name: str
    family: str
    vcpus: int
    memory_gib: int
    max_data_disks: int
    burstable: bool = False


# The VM sizes offered: vCPUs, memory (GiB) and maximum data disks from Microsoft Learn's size
# pages (Dsv5, Esv5, Fsv2 and B series; read February 2025). The F family has no v5
# generation: Fsv2 is its general-purpose compute-optimised series. Prices are not here: they
# come from the price list.
VM_SIZES: tuple[SizeSpec, ...] = (
    *(
        SizeSpec(f"D{v}s_v5", "Dsv5", v, v * 4, min(v * 2, 32))
        for v in (2, 4, 8, 16, 32, 48, 64, 96)
    ),
    *(
        SizeSpec(f"E{v}s_v5", "Esv5", v, min(v * 8, 672), min(v * 2, 32))
        for v in (2, 4, 8, 16, 20, 32, 48, 64, 96)
    ),
    SizeSpec("E104is_v5", "Esv5", 104, 672, 64),
    *(
        SizeSpec(f"F{v}s_v2", "Fsv2", v, v * 2, min(v * 2, 32))
        for v in (2, 4, 8, 16, 32, 48, 64, 72)
    ),
    *(
        SizeSpec(name, "B", v, memory, disks, burstable=True)
        for name, v, memory, disks in (
            ("B1s", 1, 1, 2),
            ("B1ms", 1, 2, 2),
            ("B2s", 2, 4, 4),
            ("B2ms", 2, 8, 4),
            ("B4ms", 4, 16, 8),
            ("B8ms", 8, 32, 16),
            ("B12ms", 12, 48, 16),
            ("B16ms", 16, 64, 32),
            ("B20ms", 20, 80, 32),
        )
    ),
)


def catalogue(
    linux_per_hour: Callable[[str], Decimal | None],
    currency: str,
    region: str,
    price_date: dt.date | None,
) -> list[CloudSize]:
    """The sizes of VM_SIZES that the price list prices (`linux_per_hour` by armSkuName)."""
    sizes = []
    for spec in VM_SIZES:
        price = linux_per_hour(f"Standard_{spec.name}")
        if price is None:
            continue
        sizes.append(
            CloudSize(
                spec.name,
                spec.vcpus,
                Decimal(spec.memory_gib),
                spec.max_data_disks,
                price,
                currency,
                region,
                price_date,
                spec.family,
                spec.burstable,
            )
        )
    return sizes
