"""Right-sizing: REFERENCE.md §4's documented examples, the cheapest-size rule, and issue 15's
cases (burstable sizes only when allowed, the OS disk, a VM too large for every size, the
basis stated per VM)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gemini.hosting.engine.sizing import (
    VM_SIZES,
    Basis,
    CloudSize,
    SizingInput,
    SizingSettings,
    catalogue,
    need,
    right_size,
)


def _price(sku: str) -> Decimal:
    """An illustrative price an hour: by vCPU and family, so the ranking is plain."""
    spec = next(s for s in VM_SIZES if f"Standard_{s.name}" == sku)
    rate = {"Dsv5": "0.045", "Esv5": "0.0585", "Fsv2": "0.0385", "B": "0.0195"}[spec.family]
    return Decimal(rate) * spec.vcpus + Decimal("0.001") * spec.memory_gib


SIZES = catalogue(_price, "GBP", "uksouth", dt.date(2025, 2, 1))
BURSTABLE = SizingSettings(allow_burstable=True)


def test_the_catalogue_covers_the_d_e_and_f_families_and_b():
    families = {s.family for s in SIZES}
    assert families == {"Dsv5", "Esv5", "Fsv2", "B"}
    assert {s.name for s in SIZES} >= {"D2s_v5", "E8s_v5", "F4s_v2", "B2s", "E96s_v5"}


def test_16_vcpus_at_20_percent_with_comfort_1_5_need_4_8_and_get_an_8_vcpu_size():
    vm = SizingInput(
        "app01", 16, 8 * 1024, cpu_utilisation=Decimal("0.2"), memory_utilisation=Decimal("0.1")
    )
    sizing = right_size(vm, SIZES, SizingSettings(comfort_factor=Decimal("1.5")))
    assert sizing.needed_vcpus == Decimal("4.8")
    assert sizing.size is not None
    assert sizing.size.vcpus == 8


def test_10_cores_at_20_percent_with_comfort_2_need_4_cores():
    vm = SizingInput(
        "app02", 10, 4 * 1024, cpu_utilisation=Decimal("0.2"), memory_utilisation=Decimal("0.5")
    )
    sizing = right_size(vm, SIZES, SizingSettings(comfort_factor=Decimal("2.0")))
    assert sizing.needed_vcpus == Decimal(4)
    assert sizing.size is not None
    assert sizing.size.vcpus == 4


def test_4_vcpus_at_20_percent_and_8_gib_at_10_percent_with_1_3_need_1_04_of_each():
    vm = SizingInput(
        "app03", 4, 8 * 1024, cpu_utilisation=Decimal("0.2"), memory_utilisation=Decimal("0.1")
    )
    basis, cpu, memory, reasons = need(vm, SizingSettings())
    assert basis is Basis.PERFORMANCE
    assert (cpu, memory) == (Decimal("1.04"), Decimal("1.04"))  # the docs print 1.4: a slip
    assert "1.04 vCPU" in reasons[0]


def test_burstable_sizes_are_offered_only_when_allowed():
    vm = SizingInput("small", 1, 1024)
    default = right_size(vm, SIZES)
    assert default.size is not None
    assert not default.size.burstable
    assert default.size.name == "F2s_v2"
    allowed = right_size(vm, SIZES, BURSTABLE)
    assert allowed.size is not None
    assert allowed.size.name == "B1s"


def test_without_utilisation_it_sizes_as_on_premises_without_the_comfort_factor_by_default():
    vm = SizingInput("app04", 4, 16 * 1024)
    sizing = right_size(vm, SIZES)
    assert sizing.basis is Basis.AS_ON_PREMISES
    assert sizing.basis_text == "As on premises"
    assert (sizing.needed_vcpus, sizing.needed_memory_gib) == (Decimal(4), Decimal(16))
    assert sizing.size is not None
    assert sizing.size.name == "D4s_v5"


def test_the_comfort_factor_can_apply_to_as_on_premises_sizing():
    vm = SizingInput("app05", 4, 16 * 1024)
    sizing = right_size(vm, SIZES, SizingSettings(comfort_on_premises=True))
    assert sizing.needed_vcpus == Decimal("5.2")
    assert sizing.size is not None
    assert sizing.size.vcpus == 8
    assert sizing.basis_text == "As on premises, comfort factor 1.3"


def test_the_basis_states_percentile_comfort_factor_and_days_of_data():
    vm = SizingInput(
        "perf", 8, 32 * 1024, 1, Decimal("0.25"), Decimal("0.5"), 95, 30, "vm-performance import"
    )
    sizing = right_size(vm, SIZES)
    assert sizing.basis is Basis.PERFORMANCE
    assert sizing.basis_text == (
        "Performance: P95, comfort factor 1.3, 30 days of data (vm-performance import)"
    )


def test_a_single_rvtools_reading_is_said_to_be_one_not_a_percentile():
    vm = SizingInput("snap", 4, 8 * 1024, 1, Decimal("0.1"), Decimal("0.4"), source="RVTools")
    sizing = right_size(vm, SIZES)
    assert sizing.basis_text.startswith("Performance: a single reading")
    assert "days of data not stated" in sizing.basis_text
    assert any("not a percentile" in reason for reason in sizing.reasons)


def test_a_vm_too_large_for_every_size_is_costed_at_the_largest_never_left_out():
    sizing = right_size(SizingInput("big", 128, 2048 * 1024), SIZES)
    assert not sizing.fits
    assert sizing.size is not None
    assert sizing.size.name == "E104is_v5"
    assert "No size in the catalogue" in sizing.reasons[-2]
    assert "lower bound" in sizing.reasons[-1]


def test_with_no_sizes_at_all_it_has_no_size_and_says_so():
    sizing = right_size(SizingInput("big", 2, 1024), [])
    assert sizing.size is None
    assert not sizing.fits


def test_the_os_disk_does_not_count_against_the_data_disk_limit():
    # 5 disks = the OS disk and 4 data disks: a 2-vCPU size (4 data disks) holds them.
    sizing = right_size(SizingInput("disky", 2, 4 * 1024, disks=5), SIZES)
    assert sizing.size is not None
    assert sizing.size.vcpus == 2
    six = right_size(SizingInput("disky", 2, 4 * 1024, disks=6), SIZES)
    assert six.size is not None
    assert six.size.max_disks >= 5


def test_it_refuses_a_percentile_azure_does_not_offer():
    with pytest.raises(ValueError, match="percentile"):
        SizingSettings(percentile=80)


@given(
    vcpus=st.integers(1, 16),
    memory_gib=st.integers(1, 64),
    cpu=st.none() | st.decimals("0", "1", places=2),
    burstable=st.booleans(),
)
def test_the_chosen_size_always_fits_and_none_cheaper_fits(vcpus, memory_gib, cpu, burstable):
    vm = SizingInput(
        "vm", vcpus, memory_gib * 1024, 1, cpu, Decimal("0.5") if cpu is not None else None
    )
    settings = SizingSettings(allow_burstable=burstable)
    sizing = right_size(vm, SIZES, settings)
    fits = [
        s
        for s in SIZES
        if s.vcpus >= sizing.needed_vcpus
        and s.memory_gib >= sizing.needed_memory_gib
        and (burstable or not s.burstable)
    ]
    assert sizing.fits == bool(fits)
    if fits:
        assert sizing.size in fits
        assert sizing.size is not None
        assert all(s.price_per_hour >= sizing.size.price_per_hour for s in fits)


def test_annual_price_is_the_hourly_price_for_8760_hours_to_the_penny():
    size = CloudSize("X", 2, Decimal(4), 4, Decimal("0.0390"))
    assert size.annual_price == Decimal("341.64")
