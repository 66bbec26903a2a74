"""Right-sizing a VM to a cloud size (REFERENCE.md §4; Azure Migrate's documented method).

- Performance-based, when utilisation is known: need = allocated × utilisation (at the chosen
  percentile over the chosen history) × comfort factor (default 1.3).
- As on premises, otherwise: need = allocated; whether the comfort factor applies here differs
  between versions of Azure's documents, so it is a setting (`comfort_on_premises`, off).
- The chosen size is the cheapest in the catalogue with at least the needed vCPUs and memory and
  room for the VM's disks; ties go to fewer vCPUs, then less memory, then the name.

Arithmetic is Decimal, so the documented examples come out exactly (4 × 0.2 × 1.3 = 1.04).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HOURS_PER_YEAR = Decimal(8760)  # 365 × 24: the price per hour times this is the annual price
MIB_PER_GIB = Decimal(1024)
PENNY = Decimal("0.01")
PERCENTILES = (50, 90, 95, 99)


@dataclass(frozen=True)
class CloudSize:
    name: str
    vcpus: int
    memory_gib: Decimal
    max_disks: int
    price_per_hour: Decimal
    currency: str = "GBP"
    region: str = "UK South"
    price_date: dt.date | None = None

    @property
    def annual_price(self) -> Decimal:
        return (self.price_per_hour * HOURS_PER_YEAR).quantize(PENNY, ROUND_HALF_UP)


@dataclass(frozen=True)
class SizingSettings:
    comfort_factor: Decimal = Decimal("1.3")
    percentile: int = 95
    comfort_on_premises: bool = False

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
    disks: int = 0
    cpu_utilisation: Decimal | None = None  # 0.20 for 20%, at the chosen percentile
    memory_utilisation: Decimal | None = None


class Basis(enum.StrEnum):
    PERFORMANCE = "performance"
    AS_ON_PREMISES = "as_on_premises"


@dataclass(frozen=True)
class Sizing:
    vm: str
    basis: Basis
    needed_vcpus: Decimal
    needed_memory_gib: Decimal
    size: CloudSize | None
    reasons: tuple[str, ...]

    @property
    def annual_price(self) -> Decimal | None:
        return self.size.annual_price if self.size else None


def _plain(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text


def need(vm: SizingInput, settings: SizingSettings) -> tuple[Basis, Decimal, Decimal, list[str]]:
    """The vCPUs and GiB of memory the VM needs in the cloud, with the working shown."""
    memory_gib = Decimal(vm.memory_mib) / MIB_PER_GIB
    comfort = settings.comfort_factor
    if vm.cpu_utilisation is not None and vm.memory_utilisation is not None:
        cpu = Decimal(vm.vcpus) * vm.cpu_utilisation * comfort
        memory = memory_gib * vm.memory_utilisation * comfort
        reasons = [
            f"Performance-based (P{settings.percentile}): {vm.vcpus} vCPU × "
            f"{_plain(vm.cpu_utilisation * 100)}% × comfort {_plain(comfort)} = "
            f"{_plain(cpu)} vCPU.",
            f"{_plain(memory_gib)} GiB × {_plain(vm.memory_utilisation * 100)}% × comfort "
            f"{_plain(comfort)} = {_plain(memory)} GiB.",
        ]
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
    """The cheapest catalogue size that meets the VM's need, with the reasons."""
    settings = settings or SizingSettings()
    basis, cpu, memory, reasons = need(vm, settings)
    fitting = [
        size
        for size in catalogue
        if size.vcpus >= cpu and size.memory_gib >= memory and size.max_disks >= vm.disks
    ]
    if not fitting:
        reasons.append(
            f"No size in the catalogue has at least {_plain(cpu)} vCPU, {_plain(memory)} GiB "
            f"and room for {vm.disks} disks."
        )
        return Sizing(vm.name, basis, cpu, memory, None, tuple(reasons))
    chosen = min(fitting, key=lambda s: (s.price_per_hour, s.vcpus, s.memory_gib, s.name))
    reasons.append(
        f"{chosen.name} ({chosen.vcpus} vCPU, {_plain(chosen.memory_gib)} GiB) is the cheapest "
        f"of {len(fitting)} sizes that fit, at {chosen.currency} {chosen.price_per_hour} an hour "
        f"({chosen.currency} {chosen.annual_price} a year)."
    )
    return Sizing(vm.name, basis, cpu, memory, chosen, tuple(reasons))


# The sizes REFERENCE.md §4 lists (vCPU / GiB), with illustrative prices: not a quotation.
ILLUSTRATIVE_PRICE_DATE = dt.date(2025, 2, 1)
ILLUSTRATIVE_CATALOGUE: tuple[CloudSize, ...] = tuple(
    CloudSize(
        name,
        vcpus,
        Decimal(memory),
        disks,
        Decimal(price),
        "GBP",
        "UK South",
        ILLUSTRATIVE_PRICE_DATE,
    )
    for name, vcpus, memory, disks, price in (
        ("B2s", 2, 4, 4, "0.0390"),
        ("B2ms", 2, 8, 4, "0.0780"),
        ("B4ms", 4, 16, 8, "0.1560"),
        ("D2s_v5", 2, 8, 4, "0.0900"),
        ("D4s_v5", 4, 16, 8, "0.1800"),
        ("D8s_v5", 8, 32, 16, "0.3600"),
        ("D16s_v5", 16, 64, 32, "0.7200"),
        ("E2s_v5", 2, 16, 4, "0.1170"),
        ("E4s_v5", 4, 32, 8, "0.2340"),
        ("E8s_v5", 8, 64, 16, "0.4680"),
    )
)
