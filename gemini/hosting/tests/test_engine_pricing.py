"""Cloud prices (issue 15 item 4), each from the case that broke it: a Windows VM and a RHEL VM
of the same size got the same price; an unknown on-premises cost became £0 and a saving."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from gemini.hosting.engine import pricing
from gemini.hosting.engine.cost import CostApplication, VmCost, cost_applications, council_bills
from gemini.hosting.engine.disposition import Disposition
from gemini.hosting.engine.pricing import (
    Commitment,
    DiskTier,
    Licence,
    PricingSettings,
    RetailItem,
    build_price_list,
    licence_of,
    price_vm,
)
from gemini.hosting.engine.sizing import VM_SIZES

BUNDLED = Path(__file__).parents[1] / "data" / "illustrative-prices-uksouth-2025-02-01.json"
DAY = dt.date(2025, 2, 1)
SKU = "Standard_D4s_v5"


def item(product: str, price: str, kind: str = "Consumption", **extra: object) -> RetailItem:
    values: dict[str, object] = {
        "sku": SKU,
        "product": product,
        "price_type": kind,
        "term": "",
        "unit": "1 Hour",
        "region": "uksouth",
        "currency": "GBP",
        "price": Decimal(price),
        "effective": DAY,
        "sku_name": "D4s v5",
        "meter": "D4s v5",
    }
    values.update(extra)
    return RetailItem(**values)  # type: ignore[arg-type]


ITEMS = [
    item("Virtual Machines Dsv5 Series", "0.2000", savings_plan={1: Decimal("0.1400")}),
    item("Virtual Machines Dsv5 Series Windows", "0.3500"),
    item("Virtual Machines Dsv5 Series", "1095.00", "Reservation", term="1 Year"),
    item("Virtual Machines Dsv5 Series", "1752.00", "Reservation", term="3 Years"),
    item("Virtual Machines Dsv5 Series", "0.0400", sku_name="D4s v5 Spot", meter="D4s v5 Spot"),
    item("Red Hat Enterprise Linux", "0.0600", sku="", sku_name="1-4 vCPU VM", meter="1-4 vCPU VM"),
    item("Red Hat Enterprise Linux", "0.1300", sku="", sku_name="5+ vCPU VM", meter="5+ vCPU VM"),
    item(
        "Standard SSD Managed Disks",
        "10.00",
        sku="",
        unit="1/Month",
        sku_name="E10 LRS",
        meter="E10 LRS Disk",
    ),
    item(
        "Standard SSD Managed Disks",
        "0.0015",
        sku="",
        unit="10K",
        sku_name="E10 LRS",
        meter="E10 LRS Disk Operations",
    ),
    item(
        "Premium SSD Managed Disks",
        "20.00",
        sku="",
        unit="1/Month",
        sku_name="P10 LRS",
        meter="P10 LRS Disk",
    ),
    item(
        "Standard HDD Managed Disks",
        "5.00",
        sku="",
        unit="1/Month",
        sku_name="S10 LRS",
        meter="S10 LRS Disk",
    ),
]
PRICES, PROBLEMS = build_price_list(ITEMS, "test", illustrative=False)
DISK = [Decimal(100)]


def yearly(licence: Licence, settings: PricingSettings | None = None, vcpus: int = 4) -> Decimal:
    priced = price_vm("vm", SKU, vcpus, licence, DISK, settings or PricingSettings(), PRICES)
    assert priced is not None
    return priced.yearly


def test_the_list_reads_sizes_licences_reservations_savings_plans_and_disks():
    assert PROBLEMS == []
    assert PRICES.linux[SKU] == Decimal("0.2000")  # not the Spot price
    assert PRICES.windows[SKU] == Decimal("0.3500")
    assert PRICES.reserved[(SKU, 3)] == Decimal("1752.00")
    assert PRICES.savings_plan[(SKU, 1)] == Decimal("0.1400")
    assert PRICES.disks[(DiskTier.STANDARD_SSD, 10)] == Decimal("10.00")
    assert PRICES.passed_over == 2  # the Spot item and the disk operations
    assert PRICES.effective == DAY


def test_a_windows_vm_and_a_rhel_vm_of_the_same_size_get_different_prices():
    # Compute 0.20 an hour; Windows adds 0.15, RHEL (1-4 vCPU) 0.06; one E10 disk £10 a month.
    windows = yearly(Licence.WINDOWS)
    rhel = yearly(Licence.RHEL)
    ubuntu = yearly(Licence.LINUX)
    assert windows == Decimal("0.35") * 8760 + 120
    assert rhel == Decimal("0.26") * 8760 + 120
    assert ubuntu == Decimal("0.20") * 8760 + 120
    assert len({windows, rhel, ubuntu}) == 3


def test_rhel_on_more_than_4_vcpus_pays_the_larger_band():
    assert yearly(Licence.RHEL, vcpus=8) == Decimal("0.33") * 8760 + 120


def test_azure_hybrid_benefit_takes_the_windows_licence_off():
    hybrid = PricingSettings(hybrid_benefit=True)
    assert yearly(Licence.WINDOWS, hybrid) == yearly(Licence.LINUX)
    assert yearly(Licence.RHEL, hybrid) == yearly(Licence.RHEL)  # Windows only


def test_a_reservation_is_the_terms_price_spread_over_its_years_and_covers_compute_only():
    three = PricingSettings(commitment=Commitment.RESERVED_3_YEARS)
    # 1752 for 3 years = 584 a year of compute; the Windows licence still 0.15 an hour.
    assert yearly(Licence.LINUX, three) == Decimal(584) + 120
    assert yearly(Licence.WINDOWS, three) == Decimal(584) + Decimal("0.15") * 8760 + 120
    one = PricingSettings(commitment=Commitment.RESERVED_1_YEAR)
    assert yearly(Licence.LINUX, one) == Decimal(1095) + 120


def test_a_savings_plan_uses_its_hourly_rate_and_a_missing_rate_falls_back_to_pay_as_you_go():
    one = PricingSettings(commitment=Commitment.SAVINGS_PLAN_1_YEAR)
    assert yearly(Licence.LINUX, one) == Decimal("0.14") * 8760 + 120
    three = PricingSettings(commitment=Commitment.SAVINGS_PLAN_3_YEARS)
    priced = price_vm("vm", SKU, 4, Licence.LINUX, DISK, three, PRICES)
    assert priced is not None
    assert priced.yearly == yearly(Licence.LINUX)
    assert "the list has no 3-year savings plan price" in priced.reasons[0]


def test_each_disk_takes_the_smallest_disk_of_the_tier_that_holds_it():
    for tier, monthly in (
        (DiskTier.STANDARD_HDD, 5),
        (DiskTier.STANDARD_SSD, 10),
        (DiskTier.PREMIUM_SSD, 20),
    ):
        settings = PricingSettings(disk_tier=tier)
        priced = price_vm("vm", SKU, 4, Licence.LINUX, [Decimal(100)], settings, PRICES)
        assert priced is not None
        assert priced.disks[0].monthly == monthly
        assert priced.disks[0].name == f"{tier.letter}10"


def test_a_disk_larger_than_the_largest_is_priced_as_several():
    priced = price_vm("vm", SKU, 4, Licence.LINUX, [Decimal(300)], PricingSettings(), PRICES)
    assert priced is not None
    assert priced.disks[0].name == "3 × E10"
    assert priced.disks[0].monthly == 30


def test_an_unknown_operating_system_or_storage_marks_the_price_incomplete():
    priced = price_vm("vm", SKU, 4, Licence.UNKNOWN, None, PricingSettings(), PRICES)
    assert priced is not None
    assert not priced.complete
    assert priced.yearly == Decimal("0.20") * 8760
    assert priced.monthly == (Decimal("0.20") * 8760 / 12).quantize(Decimal("0.01"))


def test_a_size_with_no_price_is_none():
    settings = PricingSettings()
    assert price_vm("vm", "Standard_E2s_v5", 2, Licence.LINUX, DISK, settings, PRICES) is None


@pytest.mark.parametrize(
    ("names", "licence"),
    [
        (("Microsoft Windows Server 2019 (64-bit)", ""), Licence.WINDOWS),
        (("", "Red Hat Enterprise Linux 8 (64-bit)"), Licence.RHEL),
        (("SUSE Linux Enterprise 15 (64-bit)", ""), Licence.SLES),
        (("Ubuntu Linux (64-bit)", ""), Licence.LINUX),
        (("CentOS 7 (64-bit)", ""), Licence.LINUX),
        (("", ""), Licence.UNKNOWN),
        (("Other (64-bit)", ""), Licence.UNKNOWN),
    ],
)
def test_the_licence_follows_the_operating_system(names, licence):
    assert licence_of(names) is licence


def test_a_list_of_two_regions_or_with_no_vm_price_is_refused():
    other = item("Virtual Machines Dsv5 Series", "0.2100", region="ukwest")
    _, problems = build_price_list([*ITEMS, other], "x", False)
    assert "2 regions (uksouth, ukwest)" in problems[0]
    _, problems = build_price_list(ITEMS[7:8], "x", False)
    assert "no pay-as-you-go price for any VM size" in problems[0]


def test_the_json_reader_flattens_savings_plans_and_refuses_a_file_without_items():
    document = {
        "Items": [
            {
                "armSkuName": SKU,
                "retailPrice": 0.2,
                "savingsPlan": [{"retailPrice": 0.14, "term": "1 Year"}],
            }
        ]
    }
    rows = pricing.item_rows(json.dumps(document).encode())
    assert rows[0]["retailPrice"] == "0.2"
    assert rows[0]["savingsPlan 1 Year"] == "0.14"
    with pytest.raises(pricing.PriceFileError, match="no Items list"):
        pricing.item_rows(b'{"items": []}')
    with pytest.raises(pricing.PriceFileError, match="not JSON"):
        pricing.item_rows(b"armSkuName,retailPrice")


def test_the_bundled_list_is_dated_and_prices_every_size_and_each_disk_tier():
    prices, problems = build_price_list(
        pricing.items_from_rows(pricing.item_rows(BUNDLED.read_bytes())), "bundled", True
    )
    assert problems == []
    assert prices.effective == DAY
    assert (prices.currency, prices.region) == ("GBP", "uksouth")
    assert len(prices.linux) == len(prices.windows) == len(VM_SIZES) == 35
    assert {tier for tier, _ in prices.disks} == set(DiskTier)
    assert all((sku, 3) in prices.reserved for sku in prices.linux)


# ---------------------------------------------------------------- costs with unknowns


def test_an_unknown_on_premises_cost_is_not_known_never_zero_or_a_saving():
    vms = {
        "known": VmCost("known", Decimal(1000), Decimal(600)),
        "unknown": VmCost("unknown", None, Decimal(400)),
        "kept": VmCost("kept", None, Decimal(300)),
    }
    apps = [
        CostApplication("A", Disposition.REHOST, ("known",), {"CEC": Decimal(1)}),
        CostApplication("B", Disposition.REHOST, ("unknown",), {"CEC": Decimal(1)}),
        CostApplication("C", Disposition.RETAIN, ("kept",), {"CWAC": Decimal(1)}),
    ]
    costs = {c.name: c for c in cost_applications(apps, vms)}
    assert costs["A"].saving == Decimal(400)
    assert costs["B"].on_premises is None
    assert costs["B"].cloud == Decimal("400.00")
    assert costs["B"].saving is None  # never 0 − 400 = −400
    assert any("not known" in reason for reason in costs["B"].reasons)
    assert costs["C"].cloud is None  # retained: its on-premises cost, not known
    bills = {b.council: b for b in council_bills(apps, list(costs.values()))}
    assert bills["CEC"].on_premises is None
    assert bills["CEC"].saving is None
    assert bills["CEC"].not_known == ("B",)


def test_a_vm_too_large_for_every_size_stays_in_the_cost_as_a_lower_bound():
    vms = {"big": VmCost("big", Decimal(9000), Decimal(20000), fits=False)}
    apps = [CostApplication("A", Disposition.REHOST, ("big",), {"CEC": Decimal(1)})]
    (cost,) = cost_applications(apps, vms)
    assert cost.cloud == Decimal("20000.00")
    assert cost.unsized_vms == ("big",)
    assert any("lower bound" in reason for reason in cost.reasons)
