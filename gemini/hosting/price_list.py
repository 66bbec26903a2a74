"""The price list in force, the pricing and sizing settings, and each VM's price (docs/hosting.md
"Pricing" and "Sizing").

The latest imported price list (`PriceList`, import kind `azure-prices`) is in force; with none,
the bundled list is: `data/illustrative-prices-uksouth-2025-02-01.json`, in the Azure Retail
Prices API's shape, with illustrative prices dated 1 February 2025 — marked as such wherever
prices are shown.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from gemini.hosting.engine import pricing
from gemini.hosting.engine import sizing as sizing_engine
from gemini.hosting.models import PriceList, VirtualMachine

BUNDLED_FILE = Path(__file__).parent / "data" / "illustrative-prices-uksouth-2025-02-01.json"
BUNDLED_SOURCE = "Bundled illustrative price list (UK South, GBP), not a quotation"
MIB_PER_GIB = Decimal(1024)


@functools.cache
def bundled() -> pricing.PriceList:
    """The bundled illustrative list (read once)."""
    rows = pricing.item_rows(BUNDLED_FILE.read_bytes())
    price_list, problems = pricing.build_price_list(
        pricing.items_from_rows(rows), BUNDLED_SOURCE, illustrative=True
    )
    if problems:
        raise ValueError(f"The bundled price list is wrong: {' '.join(problems)}")
    return price_list


def in_force() -> pricing.PriceList:
    """The latest imported price list, or the bundled illustrative one."""
    record = PriceList.objects.first()
    if record is None:
        return bundled()
    price_list, _ = pricing.build_price_list(
        pricing.items_from_rows(record.items),
        f"{record.filename}, imported {record.imported_at:%d/%m/%Y}",
        illustrative=False,
    )
    return price_list


def sizing_settings() -> sizing_engine.SizingSettings:
    return sizing_engine.SizingSettings(allow_burstable=settings.GEMINI_HOSTING_ALLOW_BURSTABLE)


def pricing_settings(
    organisation: str, commitment: pricing.Commitment | None = None
) -> pricing.PricingSettings:
    """The settings that price a VM of `organisation` (its code): Azure Hybrid Benefit is
    per organisation (GEMINI_HOSTING_HYBRID_BENEFIT)."""
    return pricing.PricingSettings(
        commitment or pricing.Commitment(settings.GEMINI_HOSTING_COMMITMENT.lower()),
        organisation.upper() in {code.upper() for code in settings.GEMINI_HOSTING_HYBRID_BENEFIT},
        pricing.DiskTier(settings.GEMINI_HOSTING_DISK_TIER.lower()),
        pricing.DiskBasis(settings.GEMINI_HOSTING_DISK_SIZING.lower()),
    )


def catalogue(prices: pricing.PriceList | None = None) -> list[sizing_engine.CloudSize]:
    """The VM sizes the price list prices, each with its pay-as-you-go Linux price an hour."""
    prices = prices or in_force()
    return sizing_engine.catalogue(
        prices.linux.get, prices.currency, prices.region, prices.effective
    )


def sizing_input(vm: VirtualMachine) -> sizing_engine.SizingInput:
    """A VM's sizing facts: imported performance data first; else, if allowed, the usage
    RVTools recorded (a single reading); else none (as on premises)."""
    cpu: Decimal | None
    memory: Decimal | None
    if vm.cpu_utilisation is not None and vm.memory_utilisation is not None:
        cpu, memory = vm.cpu_utilisation, vm.memory_utilisation
        percentile, days, source = (
            vm.utilisation_percentile,
            vm.utilisation_days,
            vm.utilisation_source,
        )
    elif (
        settings.GEMINI_HOSTING_USE_RVTOOLS_USAGE
        and vm.rvtools_cpu_usage is not None
        and vm.rvtools_memory_usage is not None
    ):
        cpu, memory = vm.rvtools_cpu_usage, vm.rvtools_memory_usage
        percentile, days, source = None, None, "RVTools usage when exported"
    else:
        cpu = memory = None
        percentile, days, source = None, None, ""
    return sizing_engine.SizingInput(
        vm.name, vm.cpus, vm.memory_mib, vm.disks or 0, cpu, memory, percentile, days, source
    )


def disks_gib(vm: VirtualMachine, basis: pricing.DiskBasis) -> tuple[list[Decimal] | None, str]:
    """Each disk's size to price, in GiB, with a note on how it was found; None when the
    VM's storage is not known."""
    sizes = [int(s) for s in (vm.disk_sizes_mib or []) if isinstance(s, int | float) and s >= 0]
    note = ""
    if not sizes:
        if vm.provisioned_mib is None:
            return None, ""
        sizes = [vm.provisioned_mib]
        note = (
            "Each disk's size is not known (no vDisk sheet): one disk of its provisioned storage."
        )
    if basis is pricing.DiskBasis.IN_USE:
        if vm.in_use_mib is not None and vm.provisioned_mib:
            share = min(Decimal(vm.in_use_mib) / Decimal(vm.provisioned_mib), Decimal(1))
            sized = [Decimal(s) * share / MIB_PER_GIB for s in sizes]
            note = (note + " " if note else "") + (
                f"Disks sized from storage in use: {share:.0%} of the provisioned storage is "
                "in use, taken for each disk."
            )
            return sized, note
        note = (note + " " if note else "") + (
            "Storage in use is not known: disks sized from provisioned storage."
        )
    return [Decimal(s) / MIB_PER_GIB for s in sizes], note


@dataclass(frozen=True)
class VmAssessment:
    """A VM's size and price, as the pages, the API and the Excel export show them."""

    sizing: sizing_engine.Sizing
    price: pricing.VmPrice | None


def price(
    vm: VirtualMachine,
    sizing: sizing_engine.Sizing,
    prices: pricing.PriceList,
    commitment: pricing.Commitment | None = None,
) -> pricing.VmPrice | None:
    if sizing.size is None:
        return None
    chosen = pricing_settings(vm.organisation.code, commitment)
    disks, note = disks_gib(vm, chosen.disk_basis)
    licence = pricing.licence_of((vm.os_tools, vm.os_config))
    return pricing.price_vm(
        vm.name,
        sizing.size.sku,
        vm.cpus,
        licence,
        disks,
        chosen,
        prices,
        notes=(note,) if note else (),
    )


def assess_vms(
    vms: list[VirtualMachine], prices: pricing.PriceList | None = None
) -> dict[str, VmAssessment]:
    """Every VM sized and priced under the settings in force (the list in force by default)."""
    prices = prices or in_force()
    sizes = catalogue(prices)
    chosen = sizing_settings()
    result = {}
    for vm in vms:
        sized = sizing_engine.right_size(sizing_input(vm), sizes, chosen)
        result[vm.name] = VmAssessment(sized, price(vm, sized, prices))
    return result


def commitment_totals(
    vms: list[VirtualMachine], assessed: dict[str, VmAssessment], prices: pricing.PriceList
) -> list[tuple[pricing.Commitment, Decimal, int]]:
    """The estate's cloud price a year under each commitment, with how many VMs have a price
    missing in part (the total is then a lower bound)."""
    totals = []
    for commitment in pricing.Commitment:
        total = Decimal(0)
        partial = 0
        for vm in vms:
            priced = price(vm, assessed[vm.name].sizing, prices, commitment)
            if priced is None:
                partial += 1
                continue
            total += priced.yearly
            partial += 0 if priced.complete else 1
        totals.append((commitment, total, partial))
    return totals
