"""Prices, performance data and the Excel export over a stored estate (issue 15 items 4, 5, 9):
the price list import, the performance imports, RVTools' own usage columns, per-VM prices by
operating system and council, and the VMs and import findings sheets."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gemini.core import importing
from gemini.hosting import price_list
from gemini.hosting.models import PriceList, VirtualMachine
from gemini.hosting.tests.files import MIB_HEADERS, export, vm, xlsx
from gemini.hosting.tests.test_import_rvtools import _import
from gemini.testing.personas import make_organisations

WINDOWS = "Microsoft Windows Server 2019 (64-bit)"
RHEL = "Red Hat Enterprise Linux 8 (64-bit)"


def _run(kind: str, data: bytes, filename: str) -> importing.ImportResult:
    return importing.run_import(importing.importer_for(kind), data, filename)


def _item(**values: object) -> dict[str, object]:
    item: dict[str, object] = {
        "armSkuName": "Standard_D2s_v5",
        "retailPrice": 0.1,
        "unitOfMeasure": "1 Hour",
        "productName": "Virtual Machines Dsv5 Series",
        "type": "Consumption",
        "armRegionName": "uksouth",
        "effectiveStartDate": "2025-06-01T00:00:00Z",
        "currencyCode": "GBP",
        "skuName": "D2s v5",
        "meterName": "D2s v5",
    }
    item.update(values)
    return item


PRICE_FILE = json.dumps(
    {
        "Items": [
            _item(savingsPlan=[{"retailPrice": 0.07, "term": "1 Year"}]),
            _item(productName="Virtual Machines Dsv5 Series Windows", retailPrice=0.2),
            _item(type="Reservation", reservationTerm="3 Years", retailPrice=1000),
            _item(skuName="D2s v5 Spot", meterName="D2s v5 Spot", retailPrice=0.02),
            _item(
                armSkuName="",
                productName="Standard SSD Managed Disks",
                unitOfMeasure="1/Month",
                skuName="E10 LRS",
                meterName="E10 LRS Disk",
                retailPrice=9.5,
            ),
        ],
        "NextPageLink": None,
    }
).encode()


@pytest.fixture
def estate(db):
    make_organisations()
    _import(
        export(
            [
                vm("WIN01", os_name=WINDOWS),
                vm("RHEL01", os_name=RHEL),
                vm("HUGE01", cpus="200", memory=str(4096 * 1024)),
            ]
        )
    )


def test_a_windows_vm_and_a_rhel_vm_of_the_same_size_get_different_prices(estate):
    assessed = price_list.assess_vms(list(VirtualMachine.objects.select_related("organisation")))
    windows, rhel = assessed["WIN01"], assessed["RHEL01"]
    assert windows.sizing.size == rhel.sizing.size
    assert windows.price is not None
    assert rhel.price is not None
    assert windows.price.yearly != rhel.price.yearly
    assert windows.price.licence_per_hour != rhel.price.licence_per_hour


def test_azure_hybrid_benefit_is_a_setting_per_council(estate, settings):
    vms = list(VirtualMachine.objects.select_related("organisation"))
    before = price_list.assess_vms(vms)["WIN01"].price
    owner = vms[0].organisation.code
    settings.GEMINI_HOSTING_HYBRID_BENEFIT = ["CWAC"]
    assert price_list.assess_vms(vms)["WIN01"].price == before  # another council's benefit
    settings.GEMINI_HOSTING_HYBRID_BENEFIT = [owner]
    after = price_list.assess_vms(vms)["WIN01"].price
    assert before is not None
    assert after is not None
    assert after.yearly < before.yearly
    assert after.licence_per_hour == 0


def test_a_vm_too_large_for_every_size_is_priced_not_left_out(estate):
    huge = price_list.assess_vms(list(VirtualMachine.objects.filter(name="HUGE01")))["HUGE01"]
    assert not huge.sizing.fits
    assert huge.price is not None
    assert huge.price.yearly > 0


def test_the_disk_basis_and_tier_are_settings(estate, settings):
    vms = list(VirtualMachine.objects.filter(name="RHEL01").select_related("organisation"))
    provisioned = price_list.assess_vms(vms)["RHEL01"].price
    settings.GEMINI_HOSTING_DISK_SIZING = "IN_USE"  # 50 of 100 GiB in use: a 64 GiB disk
    in_use = price_list.assess_vms(vms)["RHEL01"].price
    settings.GEMINI_HOSTING_DISK_TIER = "PREMIUM_SSD"
    premium = price_list.assess_vms(vms)["RHEL01"].price
    assert provisioned is not None
    assert in_use is not None
    assert premium is not None
    assert [d.name for d in provisioned.disks] == ["E10"]
    assert [d.name for d in in_use.disks] == ["E6"]
    assert [d.name for d in premium.disks] == ["P6"]


def test_an_imported_price_list_replaces_the_bundled_one(estate):
    assert price_list.in_force().illustrative
    result = _run("azure-prices", PRICE_FILE, "prices-uksouth.json")
    assert result.ok, result.problems
    record = PriceList.objects.get()
    assert record.filename == "prices-uksouth.json"
    assert record.effective.isoformat() == "2025-06-01"
    assert len(record.items) == 4  # the Spot item is not kept
    prices = price_list.in_force()
    assert not prices.illustrative
    assert prices.linux == {"Standard_D2s_v5": Decimal("0.1")}
    assert prices.reserved == {("Standard_D2s_v5", 3): Decimal(1000)}
    assert prices.savings_plan == {("Standard_D2s_v5", 1): Decimal("0.07")}
    assert [s.name for s in price_list.catalogue()] == ["D2s_v5"]
    assert "1 items passed over" in result.changes[0].description


def test_a_price_list_with_a_bad_item_is_refused_whole_naming_the_row(estate):
    bad = json.dumps({"Items": [_item(), _item(retailPrice="cheap")]}).encode()
    result = _run("azure-prices", bad, "prices.json")
    assert not result.ok
    assert (result.problems[0].row, result.problems[0].column) == (3, "retailPrice")
    assert not PriceList.objects.exists()


def test_the_same_fields_as_a_csv_make_a_price_list(estate):
    data = (
        b"armSkuName,retailPrice,unitOfMeasure,productName,type,armRegionName,"
        b"effectiveStartDate,currencyCode\n"
        b"Standard_D2s_v5,0.1,1 Hour,Virtual Machines Dsv5 Series,Consumption,uksouth,"
        b"2025-06-01,GBP\n"
    )
    result = _run("azure-prices", data, "prices.csv")
    assert result.ok, result.problems
    assert price_list.in_force().linux == {"Standard_D2s_v5": Decimal("0.1")}


def test_a_file_that_is_not_a_price_list_is_refused(estate):
    result = _run("azure-prices", b'{"value": []}', "prices.json")
    assert "no Items list" in result.problems[0].message
    result = _run("azure-prices", b"vm,price\nA,1\n", "prices.csv")
    assert "The column retailPrice is missing" in result.problems[0].message
    assert not PriceList.objects.exists()


def test_vm_performance_data_sizes_on_performance_and_says_its_basis(estate):
    data = b"vm,cpu_p95_percent,memory_p95_percent,period_days\nWIN01,20,40%,30\n"
    result = _run("vm-performance", data, "performance.csv")
    assert result.ok, result.problems
    win = VirtualMachine.objects.get(name="WIN01")
    assert (win.cpu_utilisation, win.memory_utilisation) == (Decimal("0.2"), Decimal("0.4"))
    assert (win.utilisation_percentile, win.utilisation_days) == (95, 30)
    sizing = price_list.assess_vms([win])["WIN01"].sizing
    assert sizing.basis_text == (
        "Performance: P95, comfort factor 1.3, 30 days of data (vm-performance import)"
    )


def test_vm_performance_refuses_an_unknown_vm_and_a_percentage_over_100(estate):
    data = b"vm,cpu_p95_percent,memory_p95_percent,period_days\nNOPE,20,40,30\nWIN01,120,40,30\n"
    result = _run("vm-performance", data, "performance.csv")
    assert {(p.row, p.column) for p in result.problems} == {
        (2, "vm"),
        (3, "cpu_p95_percent"),
    }
    assert VirtualMachine.objects.get(name="WIN01").cpu_utilisation is None


def test_the_azure_migrate_performance_export_matches_servers_by_name_without_domain(estate):
    data = (
        b"Machine,CPU utilization percentage,Memory utilization percentage,"
        b"Percentile utilization,Performance history (days)\n"
        b"rhel01.council.local,10,25,99th,7\n"
    )
    result = _run("azure-migrate-performance", data, "assessment.csv")
    assert result.ok, result.problems
    rhel = VirtualMachine.objects.get(name="RHEL01")
    assert (rhel.utilisation_percentile, rhel.utilisation_days) == (99, 7)
    assert rhel.utilisation_source == "Azure Migrate performance export"


def test_rvtools_own_usage_columns_are_used_when_no_performance_data_is_imported(db, settings):
    make_organisations()
    headers = [*MIB_HEADERS, "CPU Usage %"]
    row = [*vm("SNAP01", cpus="8", memory="32768")[: len(MIB_HEADERS)], "10"]
    data = xlsx(
        {
            "vInfo": [headers, row],
            "vMemory": [["VM", "Size MiB", "Active"], ["SNAP01", "32768", "8192"]],
            "vDisk": [
                ["VM", "Disk", "Capacity MiB"],
                ["SNAP01", "Hard disk 1", "40960"],
                ["SNAP01", "Hard disk 2", "102400"],
            ],
        }
    )
    _import(data)
    snap = VirtualMachine.objects.select_related("organisation").get(name="SNAP01")
    assert (snap.rvtools_cpu_usage, snap.rvtools_memory_usage) == (Decimal("0.1"), Decimal("0.25"))
    assert snap.disk_sizes_mib == [40960, 102400]
    assessed = price_list.assess_vms([snap])["SNAP01"]
    assert assessed.sizing.basis_text.startswith("Performance: a single reading")
    assert assessed.sizing.needed_vcpus == Decimal("1.04")
    assert assessed.price is not None
    assert [d.name for d in assessed.price.disks] == ["E6", "E10"]
    settings.GEMINI_HOSTING_USE_RVTOOLS_USAGE = False
    assert price_list.assess_vms([snap])["SNAP01"].sizing.basis_text == "As on premises"


# ---------------------------------------------------------------- pages and the export


def test_an_unknown_on_premises_cost_is_shown_not_known_never_a_saving(demo, personas, client_for):
    VirtualMachine.objects.filter(name__startswith="CW-").update(annual_on_premises_cost=None)
    page = client_for(personas["hr_cwac"]).get(reverse("hosting:index")).content.decode()
    assert "Not known" in page
    assert "is not known" in page
    response = client_for(personas["hr_cwac"]).get(reverse("hosting:export"))
    bills = list(load_workbook(io.BytesIO(response.content))["Bills"].iter_rows(values_only=True))
    assert bills[1][1] == "Not known"
    assert bills[1][3] == "Not known"


def test_the_pages_mark_the_bundled_prices_illustrative_with_their_date(demo, personas, client_for):
    for name in ("index", "vms", "applications", "catalogue"):
        page = client_for(personas["tech"]).get(reverse(f"hosting:{name}")).content.decode()
        assert "Illustrative prices" in page, name
        assert "01/02/2025" in page, name


def test_the_catalogue_compares_the_commitments(demo, personas, client_for):
    page = client_for(personas["tech"]).get(reverse("hosting:catalogue")).content.decode()
    for label in ("Pay as you go", "1-year reserved instance", "3-year savings plan"):
        assert label in page
    assert "Standard SSD" in page
    assert "Red Hat Enterprise Linux" in page


def test_the_exports_vms_sheet_has_size_basis_and_monthly_and_yearly_price(
    demo, personas, client_for
):
    response = client_for(personas["tech"]).get(reverse("hosting:export"))
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["VMs"].iter_rows(values_only=True))
    header = list(rows[0])
    for column in (
        "Azure readiness",
        "Size",
        "Sizing basis",
        "Monthly price GBP",
        "Yearly price GBP",
    ):
        assert column in header
    size, basis = header.index("Size"), header.index("Sizing basis")
    monthly, yearly = header.index("Monthly price GBP"), header.index("Yearly price GBP")
    assert all(row[size] and row[basis] for row in rows[1:])
    assert {str(row[basis]).split(":")[0] for row in rows[1:]} == {"As on premises", "Performance"}
    for row in rows[1:]:
        assert Decimal(str(row[monthly])) == (Decimal(str(row[yearly])) / 12).quantize(
            Decimal("0.01")
        )
    findings = list(book["Import findings"].iter_rows(values_only=True))
    assert findings[0] == ("Export", "Sheet", "Row", "VM", "Finding")
    assert len(findings) > 1


def test_a_formula_in_a_json_item_is_refused_by_row_and_field(estate):
    items = [_item(), _item(productName='=HYPERLINK("x")')]
    result = _run("azure-prices", json.dumps({"Items": items}).encode(), "prices.json")
    assert [(p.row, p.column) for p in result.problems] == [(3, "productName")]
    assert not PriceList.objects.exists()
