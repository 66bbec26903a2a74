"""Right-sizing: REFERENCE.md §4's documented examples, and the cheapest-size rule."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gemini.hosting.engine.sizing import (
    ILLUSTRATIVE_CATALOGUE,
    Basis,
    CloudSize,
    SizingInput,
    SizingSettings,
    need,
    right_size,
)


def test_16_vcpus_at_20_percent_with_comfort_1_5_need_4_8_and_get_an_8_vcpu_size():
    vm = SizingInput(
        "app01", 16, 8 * 1024, cpu_utilisation=Decimal("0.2"), memory_utilisation=Decimal("0.1")
    )
    sizing = right_size(vm, ILLUSTRATIVE_CATALOGUE, SizingSettings(comfort_factor=Decimal("1.5")))
    assert sizing.needed_vcpus == Decimal("4.8")
    assert sizing.size is not None
    assert sizing.size.vcpus == 8


def test_10_cores_at_20_percent_with_comfort_2_need_4_cores():
    vm = SizingInput(
        "app02", 10, 4 * 1024, cpu_utilisation=Decimal("0.2"), memory_utilisation=Decimal("0.5")
    )
    sizing = right_size(vm, ILLUSTRATIVE_CATALOGUE, SizingSettings(comfort_factor=Decimal("2.0")))
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
    sizing = right_size(vm, ILLUSTRATIVE_CATALOGUE)
    assert sizing.size is not None
    assert sizing.size.name == "B2s"


def test_without_utilisation_it_sizes_as_on_premises_without_the_comfort_factor_by_default():
    vm = SizingInput("app04", 4, 16 * 1024)
    sizing = right_size(vm, ILLUSTRATIVE_CATALOGUE)
    assert sizing.basis is Basis.AS_ON_PREMISES
    assert (sizing.needed_vcpus, sizing.needed_memory_gib) == (Decimal(4), Decimal(16))
    assert sizing.size is not None
    assert sizing.size.name == "B4ms"


def test_the_comfort_factor_can_apply_to_as_on_premises_sizing():
    vm = SizingInput("app05", 4, 16 * 1024)
    sizing = right_size(vm, ILLUSTRATIVE_CATALOGUE, SizingSettings(comfort_on_premises=True))
    assert sizing.needed_vcpus == Decimal("5.2")
    assert sizing.size is not None
    assert sizing.size.vcpus == 8


def test_it_reports_when_no_size_fits():
    sizing = right_size(SizingInput("big", 64, 512 * 1024), ILLUSTRATIVE_CATALOGUE)
    assert sizing.size is None
    assert "No size in the catalogue" in sizing.reasons[-1]


def test_disks_count_against_a_sizes_maximum():
    sizing = right_size(SizingInput("disky", 2, 4 * 1024, disks=6), ILLUSTRATIVE_CATALOGUE)
    assert sizing.size is not None
    assert sizing.size.max_disks >= 6


def test_it_refuses_a_percentile_azure_does_not_offer():
    with pytest.raises(ValueError, match="percentile"):
        SizingSettings(percentile=80)


@given(
    vcpus=st.integers(1, 16),
    memory_gib=st.integers(1, 64),
    cpu=st.none() | st.decimals("0", "1", places=2),
)
def test_the_chosen_size_always_fits_and_none_cheaper_fits(vcpus, memory_gib, cpu):
    vm = SizingInput(
        "vm", vcpus, memory_gib * 1024, 1, cpu, Decimal("0.5") if cpu is not None else None
    )
    sizing = right_size(vm, ILLUSTRATIVE_CATALOGUE)
    fits = [
        s
        for s in ILLUSTRATIVE_CATALOGUE
        if s.vcpus >= sizing.needed_vcpus and s.memory_gib >= sizing.needed_memory_gib
    ]
    if sizing.size is None:
        assert not fits
    else:
        assert sizing.size in fits
        assert all(s.price_per_hour >= sizing.size.price_per_hour for s in fits)


def test_annual_price_is_the_hourly_price_for_8760_hours_to_the_penny():
    size = CloudSize("X", 2, Decimal(4), 4, Decimal("0.0390"))
    assert size.annual_price == Decimal("341.64")
