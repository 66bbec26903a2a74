"""Cloud prices of a VM: compute by commitment, operating-system licence, managed disks
(docs/hosting.md "Pricing"; REFERENCE.md §5).

The prices come from a price list in the shape of the Azure Retail Prices API
(https://learn.microsoft.com/rest/api/cost-management/retail-prices/azure-retail-prices):
`Items[]` with `armSkuName`, `retailPrice`, `unitOfMeasure`, `productName`, `type`,
`reservationTerm`, `armRegionName`, `effectiveStartDate` (and `currencyCode`, `skuName`,
`meterName`, and `savingsPlan[]` in the 2023-01-01-preview version). The rules:

- Compute, pay-as-you-go: the `Consumption` item of the size (`armSkuName`), per hour. The
  item whose `productName` ends in "Windows" includes the Windows Server licence; the other is
  the size without a licence (Linux). Spot, Low Priority and Dev/Test items are passed over.
- Reserved instances: the `Reservation` item of the size for a `reservationTerm` of "1 Year"
  or "3 Years"; its `retailPrice` is the price of the whole term (the API's `unitOfMeasure`
  says "1 Hour", but the figure is the term's), so a year costs price ÷ years.
- Savings plans: the `savingsPlan[]` rates of the size's Linux item, per hour, by term.
- A reservation or savings plan covers compute only: software (the Windows licence) is still
  paid by the hour ("Software costs aren't included with Azure Reserved VM Instances";
  the savings plan likewise does not cover software). So the Windows licence per hour is
  the Windows pay-as-you-go price less the Linux one, paid under every commitment unless the
  council uses Azure Hybrid Benefit (its own licences with Software Assurance), when it is 0.
- Red Hat Enterprise Linux and SUSE Linux Enterprise Server licences: per hour by the VM's
  vCPUs, from items whose `productName` names them and whose `skuName` (or `meterName`) gives
  the vCPU band ("1-4 vCPU VM", "5+ vCPU VM"), or one item per size (`armSkuName`). Azure
  Hybrid Benefit is applied to Windows only (its Linux form needs Red Hat or SUSE
  subscriptions, not modelled).
- Other Linux (Ubuntu, Debian, CentOS, Oracle Linux …) pays no licence. An operating system
  not known is priced without a licence and the price is marked incomplete.
- Managed disks, per disk: the tier (Standard HDD "S", Standard SSD "E", Premium SSD "P") is
  a setting; each disk takes the smallest disk of the tier at least as large as it, priced by
  the month (`unitOfMeasure` "1/Month", LRS). The disk sizes are Azure's ("Azure managed
  disk types", Microsoft Learn): 4, 8, 16, 32, 64, 128 … 32,767 GiB. A disk larger than the
  largest is priced as as many of the largest as hold it.
- A year is 8,760 hours (365 × 24); a month is a twelfth of a year (730 hours), as Azure's
  pricing calculator counts.

Money is Decimal throughout, rounded to the penny only for the result.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

HOURS_PER_YEAR = Decimal(8760)
MONTHS_PER_YEAR = Decimal(12)
PENNY = Decimal("0.01")


def money(value: Decimal) -> Decimal:
    return value.quantize(PENNY, ROUND_HALF_UP)


class Commitment(enum.StrEnum):
    PAY_AS_YOU_GO = "payg"
    RESERVED_1_YEAR = "reserved_1_year"
    RESERVED_3_YEARS = "reserved_3_years"
    SAVINGS_PLAN_1_YEAR = "savings_plan_1_year"
    SAVINGS_PLAN_3_YEARS = "savings_plan_3_years"

    @property
    def label(self) -> str:
        return {
            "payg": "Pay as you go",
            "reserved_1_year": "1-year reserved instance",
            "reserved_3_years": "3-year reserved instance",
            "savings_plan_1_year": "1-year savings plan",
            "savings_plan_3_years": "3-year savings plan",
        }[self.value]

    @property
    def years(self) -> int:
        return 3 if self.value.endswith("3_years") else 1 if self.value.endswith("1_year") else 0


class Licence(enum.StrEnum):
    WINDOWS = "windows"
    RHEL = "rhel"
    SLES = "sles"
    LINUX = "linux"  # a Linux with no licence charge
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return {
            "windows": "Windows Server",
            "rhel": "Red Hat Enterprise Linux",
            "sles": "SUSE Linux Enterprise Server",
            "linux": "Linux (no licence charge)",
            "unknown": "Not known",
        }[self.value]


_LICENCE_WORDS: tuple[tuple[str, Licence], ...] = (
    (r"windows", Licence.WINDOWS),
    (r"red ?hat|\brhel\b", Licence.RHEL),
    (r"\bsuse\b|\bsles\b", Licence.SLES),
    (r"ubuntu|debian|centos|oracle linux|rocky|alma|fedora|photon|freebsd|linux", Licence.LINUX),
)


def licence_of(os_names: Iterable[str]) -> Licence:
    """The licence a VM's operating system pays in Azure, from the first name that says."""
    for name in os_names:
        text = (name or "").strip().lower()
        if not text:
            continue
        for pattern, licence in _LICENCE_WORDS:
            if re.search(pattern, text):
                return licence
    return Licence.UNKNOWN


class DiskTier(enum.StrEnum):
    STANDARD_HDD = "standard_hdd"
    STANDARD_SSD = "standard_ssd"
    PREMIUM_SSD = "premium_ssd"

    @property
    def label(self) -> str:
        return {
            "standard_hdd": "Standard HDD",
            "standard_ssd": "Standard SSD",
            "premium_ssd": "Premium SSD",
        }[self.value]

    @property
    def letter(self) -> str:
        return {"standard_hdd": "S", "standard_ssd": "E", "premium_ssd": "P"}[self.value]


class DiskBasis(enum.StrEnum):
    PROVISIONED = "provisioned"
    IN_USE = "in_use"

    @property
    def label(self) -> str:
        return "provisioned storage" if self is DiskBasis.PROVISIONED else "storage in use"


# Managed disk sizes by tier number (GiB), the same for S, E and P ("Azure managed disk
# types", Microsoft Learn; Standard HDD starts at S4).
DISK_SIZES_GIB: Mapping[int, int] = {
    1: 4,
    2: 8,
    3: 16,
    4: 32,
    6: 64,
    10: 128,
    15: 256,
    20: 512,
    30: 1024,
    40: 2048,
    50: 4096,
    60: 8192,
    70: 16384,
    80: 32767,
}
_DISK_PRODUCTS = {
    "standard hdd managed disks": DiskTier.STANDARD_HDD,
    "standard ssd managed disks": DiskTier.STANDARD_SSD,
    "premium ssd managed disks": DiskTier.PREMIUM_SSD,
}
_TERMS = {"1 year": 1, "3 years": 3}


@dataclass(frozen=True)
class RetailItem:
    """One item of the Azure Retail Prices API, the fields used here."""

    sku: str  # armSkuName, e.g. Standard_D2s_v5; may be empty (disks, licences)
    product: str  # productName
    price_type: str  # type: Consumption, Reservation, DevTestConsumption
    term: str  # reservationTerm, "" or "1 Year" / "3 Years"
    unit: str  # unitOfMeasure
    region: str  # armRegionName
    currency: str  # currencyCode ("" when the file does not say)
    price: Decimal  # retailPrice
    effective: dt.date  # effectiveStartDate
    sku_name: str = ""  # skuName, e.g. "D2s v5 Spot", "E10 LRS", "1-4 vCPU VM"
    meter: str = ""  # meterName
    savings_plan: Mapping[int, Decimal] = field(default_factory=dict)  # years → per hour


@dataclass(frozen=True)
class LicenceBand:
    licence: Licence
    min_vcpus: int
    max_vcpus: int | None  # None: and above
    per_hour: Decimal

    def covers(self, vcpus: int) -> bool:
        return vcpus >= self.min_vcpus and (self.max_vcpus is None or vcpus <= self.max_vcpus)


@dataclass(frozen=True)
class PriceList:
    """A dated price list for one region and currency."""

    source: str
    effective: dt.date | None  # the latest effectiveStartDate of the prices used
    currency: str
    region: str
    illustrative: bool
    linux: Mapping[str, Decimal]  # size → pay as you go an hour, no licence
    windows: Mapping[str, Decimal]  # size → pay as you go an hour, Windows licence included
    reserved: Mapping[tuple[str, int], Decimal]  # (size, years) → price of the whole term
    savings_plan: Mapping[tuple[str, int], Decimal]  # (size, years) → an hour
    licence_bands: tuple[LicenceBand, ...]
    licence_by_size: Mapping[tuple[Licence, str], Decimal]  # per hour
    disks: Mapping[tuple[DiskTier, int], Decimal]  # (tier, number) → a month
    passed_over: int = 0  # items not used (Spot, Dev/Test, other services, other units)

    def compute_per_hour(self, sku: str, commitment: Commitment) -> tuple[Decimal | None, str]:
        """The size's compute price an hour under the commitment, with the price used; falls
        back to pay as you go (saying so) when the list has no price for the commitment."""
        payg = self.linux.get(sku)
        if commitment is Commitment.PAY_AS_YOU_GO:
            return payg, "pay as you go"
        years = commitment.years
        if commitment in (Commitment.RESERVED_1_YEAR, Commitment.RESERVED_3_YEARS):
            term = self.reserved.get((sku, years))
            if term is not None:
                return term / (HOURS_PER_YEAR * years), commitment.label
        else:
            rate = self.savings_plan.get((sku, years))
            if rate is not None:
                return rate, commitment.label
        return payg, f"pay as you go (the list has no {commitment.label} price)"

    def licence_per_hour(self, licence: Licence, sku: str, vcpus: int) -> Decimal | None:
        if licence is Licence.WINDOWS:
            windows, linux = self.windows.get(sku), self.linux.get(sku)
            if windows is None or linux is None:
                return None
            return max(windows - linux, Decimal(0))
        if licence in (Licence.RHEL, Licence.SLES):
            if (licence, sku) in self.licence_by_size:
                return self.licence_by_size[(licence, sku)]
            for band in self.licence_bands:
                if band.licence is licence and band.covers(vcpus):
                    return band.per_hour
            return None
        return Decimal(0)

    def disk(self, tier: DiskTier, gib: Decimal) -> tuple[str, int, Decimal, int] | None:
        """The smallest disk of the tier that holds `gib`: (name, GiB, a month, how many)."""
        offered = sorted(
            (DISK_SIZES_GIB[number], number, price)
            for (each, number), price in self.disks.items()
            if each is tier
        )
        if not offered:
            return None
        for size, number, price in offered:
            if size >= gib:
                return f"{tier.letter}{number}", size, price, 1
        size, number, price = offered[-1]
        return f"{tier.letter}{number}", size, price, math.ceil(gib / size)


def _years(term: str) -> int | None:
    return _TERMS.get(term.strip().lower())


_BAND = re.compile(r"(\d+)\s*(?:-\s*(\d+)|(\+))?\s*vcpu", re.IGNORECASE)
_DISK_SKU = re.compile(r"^([SEP])(\d+)\s+LRS$", re.IGNORECASE)


def _licence_product(product: str) -> Licence | None:
    text = product.lower()
    if "red hat enterprise linux" in text:
        return Licence.RHEL
    if "suse linux enterprise server" in text:
        return Licence.SLES
    return None


def build_price_list(
    items: Iterable[RetailItem], source: str, illustrative: bool
) -> tuple[PriceList, list[str]]:
    """The price list the items make, with the problems that stop it being used (several
    regions or currencies, or no VM price at all). Items not used are counted, not refused:
    the API's answer holds many meters (Spot, Dev/Test, disk operations) that do not apply."""
    items = list(items)
    problems: list[str] = []
    regions = sorted({i.region for i in items if i.region})
    currencies = sorted({i.currency for i in items if i.currency})
    if len(regions) > 1:
        problems.append(
            f"The file holds prices for {len(regions)} regions ({', '.join(regions)}); "
            "give the prices of one region."
        )
    if len(currencies) > 1:
        problems.append(
            f"The file holds prices in {len(currencies)} currencies ({', '.join(currencies)}); "
            "give one currency."
        )
    latest: dict[tuple[Any, ...], tuple[dt.date, Decimal, RetailItem]] = {}
    passed_over = 0

    def keep(key: tuple[Any, ...], item: RetailItem, price: Decimal) -> None:
        held = latest.get(key)
        if held is None or item.effective >= held[0]:
            latest[key] = (item.effective, price, item)

    for item in items:
        names = f"{item.sku_name} {item.meter}".lower()
        kind = item.price_type.strip().lower()
        product = item.product.strip()
        disk_tier = _DISK_PRODUCTS.get(product.lower())
        licence = _licence_product(product)
        if "spot" in names or "low priority" in names or kind not in ("consumption", "reservation"):
            passed_over += 1
        elif disk_tier is not None:
            match = _DISK_SKU.match(item.sku_name.strip())
            if (
                kind != "consumption"
                or match is None
                or item.unit.strip() != "1/Month"
                or not item.meter.strip().lower().endswith("disk")
                or int(match.group(2)) not in DISK_SIZES_GIB
                or match.group(1).upper() != disk_tier.letter
            ):
                passed_over += 1
            else:
                keep(("disk", disk_tier, int(match.group(2))), item, item.price)
        elif licence is not None and kind == "consumption" and item.unit.strip() == "1 Hour":
            if item.sku:
                keep(("licence-size", licence, item.sku), item, item.price)
            else:
                band = _BAND.search(f"{item.sku_name} {item.meter}")
                if band is None:
                    passed_over += 1
                else:
                    low = int(band.group(1))
                    high = None if band.group(3) else int(band.group(2) or low)
                    keep(("licence-band", licence, low, high), item, item.price)
        elif item.sku and item.unit.strip() == "1 Hour" and product.startswith("Virtual Machines"):
            windows = product.lower().endswith("windows")
            if kind == "reservation":
                years = _years(item.term)
                if years is None or windows:
                    passed_over += 1
                else:
                    keep(("reserved", item.sku, years), item, item.price)
            else:
                keep(("windows" if windows else "linux", item.sku), item, item.price)
                if not windows:
                    for years, rate in item.savings_plan.items():
                        keep(("savings", item.sku, years), item, rate)
        else:
            passed_over += 1
    linux: dict[str, Decimal] = {}
    windows_prices: dict[str, Decimal] = {}
    reserved: dict[tuple[str, int], Decimal] = {}
    savings: dict[tuple[str, int], Decimal] = {}
    bands: list[LicenceBand] = []
    by_size: dict[tuple[Licence, str], Decimal] = {}
    disks: dict[tuple[DiskTier, int], Decimal] = {}
    for key, (_, price, _item) in latest.items():
        match key:
            case ("linux", str(sku)):
                linux[sku] = price
            case ("windows", str(sku)):
                windows_prices[sku] = price
            case ("reserved", str(sku), int(years)):
                reserved[(sku, years)] = price
            case ("savings", str(sku), int(years)):
                savings[(sku, years)] = price
            case ("licence-size", Licence() as lic, str(sku)):
                by_size[(lic, sku)] = price
            case ("licence-band", Licence() as lic, int(low), high):
                bands.append(LicenceBand(lic, low, high, price))
            case ("disk", DiskTier() as tier, int(number)):
                disks[(tier, number)] = price
    if not linux and not windows_prices:
        problems.append(
            "The file has no pay-as-you-go price for any VM size (Consumption items of "
            "Virtual Machines, by the hour, with an armSkuName)."
        )
    dates = [effective for effective, _, _ in latest.values()]
    price_list = PriceList(
        source=source,
        effective=max(dates) if dates else None,
        currency=currencies[0] if len(currencies) == 1 else "",
        region=regions[0] if len(regions) == 1 else "",
        illustrative=illustrative,
        linux=linux,
        windows=windows_prices,
        reserved=reserved,
        savings_plan=savings,
        licence_bands=tuple(sorted(bands, key=lambda b: (b.licence.value, b.min_vcpus))),
        licence_by_size=by_size,
        disks=disks,
        passed_over=passed_over,
    )
    return price_list, problems


# ---------------------------------------------------------------- reading the JSON

FIELDS = (
    "armSkuName",
    "retailPrice",
    "unitOfMeasure",
    "productName",
    "type",
    "reservationTerm",
    "armRegionName",
    "effectiveStartDate",
    "currencyCode",
    "skuName",
    "meterName",
)
SAVINGS_FIELDS = ("savingsPlan 1 Year", "savingsPlan 3 Years")


class PriceFileError(ValueError):
    """A file that is not a price list in the Retail Prices API's shape."""


def item_rows(data: bytes) -> list[dict[str, str]]:
    """The `Items[]` of a Retail Prices API answer as rows of text by field name (a savings
    plan's rates as `savingsPlan 1 Year` and `savingsPlan 3 Years`). Raises PriceFileError."""
    try:
        document = json.loads(data.decode("utf-8-sig"), parse_float=Decimal)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise PriceFileError(
            "The file is not JSON. Give the answer of the Azure Retail Prices API as it comes, "
            "with its Items list."
        ) from None
    items = document.get("Items") if isinstance(document, dict) else None
    if not isinstance(items, list):
        raise PriceFileError(
            "The file has no Items list: it is not an answer of the Azure Retail Prices API."
        )
    rows: list[dict[str, str]] = []
    for item in items:
        if not isinstance(item, dict):
            rows.append({})
            continue
        row = {name: _text(item.get(name)) for name in FIELDS}
        plans = item.get("savingsPlan")
        if isinstance(plans, list):
            for plan in plans:
                if isinstance(plan, dict):
                    years = _years(_text(plan.get("term")))
                    if years is not None:
                        row[f"savingsPlan {years} Year{'s' if years > 1 else ''}"] = _text(
                            plan.get("retailPrice")
                        )
        rows.append(row)
    return rows


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def parse_date(text: str) -> dt.date:
    """`effectiveStartDate` as the API writes it (2024-05-01T00:00:00Z) or a plain date."""
    return dt.date.fromisoformat(text.strip()[:10])


def items_from_rows(rows: Sequence[Mapping[str, str]]) -> list[RetailItem]:
    """Items from trusted rows (the bundled list); raises ValueError on a bad value."""
    result = []
    for row in rows:
        try:
            plans = {
                years: Decimal(row[name])
                for years, name in ((1, SAVINGS_FIELDS[0]), (3, SAVINGS_FIELDS[1]))
                if row.get(name)
            }
            result.append(
                RetailItem(
                    sku=row.get("armSkuName", ""),
                    product=row.get("productName", ""),
                    price_type=row.get("type", ""),
                    term=row.get("reservationTerm", ""),
                    unit=row.get("unitOfMeasure", ""),
                    region=row.get("armRegionName", ""),
                    currency=row.get("currencyCode", ""),
                    price=Decimal(row["retailPrice"]),
                    effective=parse_date(row["effectiveStartDate"]),
                    sku_name=row.get("skuName", ""),
                    meter=row.get("meterName", ""),
                    savings_plan=plans,
                )
            )
        except (KeyError, InvalidOperation, ValueError) as error:
            raise ValueError(f"A price list item cannot be read: {row!r} ({error}).") from None
    return result


def is_used(item: RetailItem) -> bool:
    """Whether an item can price something here (kept when a price list is saved)."""
    names = f"{item.sku_name} {item.meter}".lower()
    return (
        "spot" not in names
        and "low priority" not in names
        and item.price_type.strip().lower() in ("consumption", "reservation")
    )


def item_as_row(item: RetailItem) -> dict[str, str]:
    """An item as text by the API's field names: what `items_from_rows` reads back."""
    row = {
        "armSkuName": item.sku,
        "retailPrice": format(item.price, "f"),
        "unitOfMeasure": item.unit,
        "productName": item.product,
        "type": item.price_type,
        "reservationTerm": item.term,
        "armRegionName": item.region,
        "effectiveStartDate": item.effective.isoformat(),
        "currencyCode": item.currency,
        "skuName": item.sku_name,
        "meterName": item.meter,
    }
    for years, name in ((1, SAVINGS_FIELDS[0]), (3, SAVINGS_FIELDS[1])):
        if years in item.savings_plan:
            row[name] = format(item.savings_plan[years], "f")
    return row


# ---------------------------------------------------------------- pricing a VM


@dataclass(frozen=True)
class PricingSettings:
    commitment: Commitment = Commitment.PAY_AS_YOU_GO
    hybrid_benefit: bool = False  # the VM's council uses Azure Hybrid Benefit for Windows Server
    disk_tier: DiskTier = DiskTier.STANDARD_SSD
    disk_basis: DiskBasis = DiskBasis.PROVISIONED


@dataclass(frozen=True)
class PricedDisk:
    name: str  # e.g. E10, or "2 × E80"
    gib: int
    monthly: Decimal


@dataclass(frozen=True)
class VmPrice:
    vm: str
    size: str
    commitment: Commitment
    compute_per_hour: Decimal
    licence_per_hour: Decimal | None  # None: the licence price is not known
    disks: tuple[PricedDisk, ...]
    yearly: Decimal
    complete: bool  # False when a part could not be priced (the figure is then a lower bound)
    reasons: tuple[str, ...]

    @property
    def monthly(self) -> Decimal:
        return money(self.yearly / MONTHS_PER_YEAR)


def price_vm(
    vm: str,
    sku: str,
    vcpus: int,
    licence: Licence,
    disks_gib: Sequence[Decimal] | None,
    settings: PricingSettings,
    prices: PriceList,
    notes: Sequence[str] = (),
) -> VmPrice | None:
    """The VM's price a year in the size `sku` (its armSkuName), with the working shown;
    None when the list has no price for the size at all."""
    compute, how = prices.compute_per_hour(sku, settings.commitment)
    if compute is None:
        return None
    reasons = [f"Compute: {prices.currency} {compute:.4f} an hour, {how}."]
    complete = True
    licence_hourly: Decimal | None
    if licence is Licence.WINDOWS and settings.hybrid_benefit:
        licence_hourly = Decimal(0)
        reasons.append(
            "Windows Server under Azure Hybrid Benefit: the council's own licences, so no "
            "licence charge here."
        )
    else:
        licence_hourly = prices.licence_per_hour(licence, sku, vcpus)
        if licence is Licence.UNKNOWN:
            complete = False
            reasons.append(
                "The operating system is not known, so no licence is priced: the price may be low."
            )
        elif licence_hourly is None:
            complete = False
            reasons.append(
                f"The list has no {licence.label} licence price for {sku}: the licence is "
                "not in this price."
            )
        elif licence_hourly:
            reasons.append(
                f"{licence.label} licence: {prices.currency} {licence_hourly:.4f} an hour "
                "(paid by the hour under every commitment)."
            )
        else:
            reasons.append(f"{licence.label}: no licence charge.")
    priced: list[PricedDisk] = []
    disk_total = Decimal(0)
    if disks_gib is None:
        complete = False
        reasons.append("The VM's storage is not known: no disks are priced.")
    else:
        for gib in disks_gib:
            found = prices.disk(settings.disk_tier, gib)
            if found is None:
                complete = False
                reasons.append(f"The list has no {settings.disk_tier.label} disk prices.")
                break
            name, size, monthly, count = found
            shown = f"{count} × {name}" if count > 1 else name
            priced.append(PricedDisk(shown, size * count, monthly * count))
            disk_total += monthly * count
        if priced:
            reasons.append(
                f"Disks ({settings.disk_tier.label}, sized from {settings.disk_basis.label}): "
                + ", ".join(f"{d.name} ({d.gib} GiB)" for d in priced)
                + f", {prices.currency} {disk_total:.2f} a month."
            )
    reasons.extend(notes)
    yearly = (compute + (licence_hourly or Decimal(0))) * HOURS_PER_YEAR + (
        disk_total * MONTHS_PER_YEAR
    )
    return VmPrice(
        vm,
        sku,
        settings.commitment,
        compute,
        licence_hourly,
        tuple(priced),
        money(yearly),
        complete,
        tuple(reasons),
    )
