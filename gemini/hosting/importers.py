"""The hosting app's import kinds, through the all-or-nothing importer framework
(docs/formats.md): `applications`, `dependencies`, `on-premises-costs`,
`azure-migrate-dependencies`, the price list `azure-prices` (JSON) and the performance data
for sizing, `vm-performance` and `azure-migrate-performance`.

The RVTools export is not one of them: it is taken for what is valid in it, with findings
(gemini/hosting/rvtools.py, `gemini hosting import-rvtools`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

from gemini.core.access import Permission
from gemini.core.bulk_saving import bulk_upsert
from gemini.core.importing import Cells, Change, Column, Importer, Problem, register
from gemini.core.models import Organisation
from gemini.core.spreadsheets import Rows, TooManyRowsError, UnreadableFileError, max_rows
from gemini.hosting import services
from gemini.hosting.engine import pricing
from gemini.hosting.models import Application, Criticality, Dependency, VirtualMachine

SHARED = "shared"


@dataclass(frozen=True)
class ApplicationRow:
    name: str
    council: str  # an organisation code, or "shared"
    criticality: str
    business_owner: str
    supplier: str
    contract_end: dt.date | None
    vms: tuple[str, ...]
    users: int | None
    saas_alternative: str
    product: str
    category: str
    migration_cost: Decimal


def _split(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(part.strip() for part in re.split(r"[;,\n]", text) if part.strip()))


@register
class ApplicationImporter(Importer[ApplicationRow]):
    kind = "applications"
    title = "Applications"
    description = (
        "The application estate for the data-centre exit: one row per application, by name."
    )
    permission = Permission.MANAGE_HOSTING
    columns = (
        Column("name", description="the application's name, unique"),
        Column("council", description="the owning council (CEC or CWAC), or shared"),
        Column("criticality", description="high, medium or low"),
        Column("business_owner", required=False, description="who owns it in the business"),
        Column("supplier", required=False, description="the software supplier"),
        Column("contract_end", required=False, description="contract end date, 31/03/2027"),
        Column("vms", required=False, description="the VMs it runs on, separated by ;"),
        Column("users", required=False, description="how many people use it"),
        Column("saas_alternative", required=False, description="a SaaS product to move to"),
        Column("product", required=False, description="what it is (to find duplicates)"),
        Column("category", required=False, description="such as Revenues and benefits"),
        Column("migration_cost", required=False, description="one-off migration cost, £"),
    )

    def clean_row(self, cells: Cells) -> ApplicationRow | None:
        name = cells.text("name")
        council = cells.pattern(
            "council", r"(?i:shared)|[A-Z][A-Z0-9]{1,15}", "write CEC, CWAC or shared."
        )
        criticality = cells.choice("criticality", {c.label: c.value for c in Criticality})
        row = ApplicationRow(
            name=name or "",
            council=(council or "").upper() if council and council.lower() != SHARED else SHARED,
            criticality=criticality or "",
            business_owner=cells.text("business_owner", required=False) or "",
            supplier=cells.text("supplier", required=False) or "",
            contract_end=cells.date("contract_end", required=False),
            vms=_split(cells.text("vms", required=False, max_length=5000) or ""),
            users=cells.integer("users", required=False, minimum=0),
            saas_alternative=cells.text("saas_alternative", required=False) or "",
            product=cells.text("product", required=False) or "",
            category=cells.text("category", required=False, max_length=100) or "",
            migration_cost=cells.decimal("migration_cost", required=False, minimum=Decimal(0))
            or Decimal(0),
        )
        if name is None or council is None or criticality is None:
            return None
        return row

    def check_rows(self, rows: Sequence[tuple[int, ApplicationRow]]) -> list[Problem]:
        problems: list[Problem] = []
        seen: dict[str, int] = {}
        codes = set(Organisation.objects.values_list("code", flat=True))
        has_shared = Organisation.objects.filter(kind=Organisation.Kind.SHARED_SERVICE).exists()
        names = set(VirtualMachine.objects.values_list("name", flat=True))
        for number, row in rows:
            if row.name in seen:
                problems.append(
                    Problem(number, "name", f"{row.name} is also on row {seen[row.name]}.")
                )
            seen.setdefault(row.name, number)
            if row.council == SHARED and not has_shared:
                problems.append(Problem(number, "council", "There is no shared service in Gemini."))
            elif row.council != SHARED and row.council not in codes:
                problems.append(
                    Problem(number, "council", f"There is no organisation {row.council} in Gemini.")
                )
            missing = [vm for vm in row.vms if vm not in names]
            if missing:
                problems.append(
                    Problem(
                        number,
                        "vms",
                        f"These VMs are not in the estate: {', '.join(missing[:5])}. Import the "
                        "RVTools export first.",
                    )
                )
        return problems

    def save(self, rows: Sequence[ApplicationRow]) -> Iterable[Change]:
        organisations = {o.code: o for o in Organisation.objects.all()}
        shared = services.shared_service() if any(r.council == SHARED for r in rows) else None
        outcomes = services.save_applications(
            [
                services.ApplicationRecord(
                    row.name,
                    shared if shared and row.council == SHARED else organisations[row.council],
                    row.criticality,
                    row.vms,
                    {
                        "business_owner": row.business_owner,
                        "supplier": row.supplier,
                        "contract_end": row.contract_end,
                        "users": row.users,
                        "saas_alternative": row.saas_alternative,
                        "product": row.product,
                        "category": row.category,
                        "migration_cost": row.migration_cost,
                    },
                )
                for row in rows
            ],
            progress=self.writing,
        )
        for row, outcome in zip(rows, outcomes, strict=True):
            yield Change(outcome, row.name)


@dataclass(frozen=True)
class DependencyRow:
    source: str
    target: str
    kind: str


@register
class DependencyImporter(Importer[DependencyRow]):
    kind = "dependencies"
    title = "Application dependencies"
    description = "Which application needs which: the one needed moves no later."
    permission = Permission.MANAGE_HOSTING
    columns = (
        Column("from", description="the application that depends on another"),
        Column("to", description="the application it needs"),
        Column("kind", description=", ".join(str(k.label) for k in Dependency.Kind)),
    )

    def clean_row(self, cells: Cells) -> DependencyRow | None:
        source = cells.text("from")
        target = cells.text("to")
        choices: dict[str, Dependency.Kind] = {}
        for each in Dependency.Kind:
            choices[each.value] = each
            choices[str(each.label)] = each
        kind = cells.choice("kind", choices)
        if source is None or target is None or kind is None:
            return None
        if source == target:
            cells.problem("to", "An application cannot depend on itself.")
            return None
        return DependencyRow(source, target, kind)

    def check_rows(self, rows: Sequence[tuple[int, DependencyRow]]) -> list[Problem]:
        problems: list[Problem] = []
        known = set(Application.objects.values_list("name", flat=True))
        seen: dict[tuple[str, str], int] = {}
        for number, row in rows:
            key = (row.source, row.target)
            if key in seen:
                problems.append(
                    Problem(number, "to", f"The same dependency is on row {seen[key]}.")
                )
            seen.setdefault(key, number)
            for column, name in (("from", row.source), ("to", row.target)):
                if name not in known:
                    problems.append(
                        Problem(number, column, f"There is no application {name} in Gemini.")
                    )
        return problems

    def save(self, rows: Sequence[DependencyRow]) -> Iterable[Change]:
        applications = dict(Application.objects.values_list("name", "pk"))
        saved = bulk_upsert(
            Dependency,
            ["source_id", "target_id"],
            [
                {
                    "source_id": applications[row.source],
                    "target_id": applications[row.target],
                    "kind": row.kind,
                }
                for row in rows
            ],
            progress=self.writing,
        )
        for row, outcome in zip(rows, saved.outcomes, strict=True):
            yield Change(outcome, f"{row.source} → {row.target}")


@dataclass(frozen=True)
class CostRow:
    vm: str
    host: str
    annual_cost: Decimal


@register
class OnPremisesCostImporter(Importer[CostRow]):
    kind = "on-premises-costs"
    title = "On-premises costs"
    description = (
        "The annual on-premises cost of each VM, or of a host (split equally between the VMs "
        "on it); a VM's own row wins over its host's."
    )
    permission = Permission.MANAGE_HOSTING
    columns = (
        Column("vm", required=False, description="a VM's name; or leave blank and give host"),
        Column("host", required=False, description="an ESXi host's name, as in RVTools"),
        Column("annual_cost", description="pounds a year, e.g. 1250.00"),
    )

    def clean_row(self, cells: Cells) -> CostRow | None:
        vm = cells.text("vm", required=False) or ""
        host = cells.text("host", required=False) or ""
        cost = cells.decimal("annual_cost", minimum=Decimal(0))
        if bool(vm) == bool(host):
            cells.problem("vm", "Give either a VM or a host on each row, not both or neither.")
            return None
        if cost is None:
            return None
        return CostRow(vm, host, cost)

    def check_rows(self, rows: Sequence[tuple[int, CostRow]]) -> list[Problem]:
        problems: list[Problem] = []
        vms = set(VirtualMachine.objects.filter(present=True).values_list("name", flat=True))
        hosts = set(VirtualMachine.objects.filter(present=True).values_list("host", flat=True))
        seen: dict[tuple[str, str], int] = {}
        for number, row in rows:
            key = (row.vm, row.host)
            if key in seen:
                problems.append(
                    Problem(number, "vm" if row.vm else "host", f"Also on row {seen[key]}.")
                )
            seen.setdefault(key, number)
            if row.vm and row.vm not in vms:
                problems.append(Problem(number, "vm", f"There is no VM {row.vm} in the estate."))
            if row.host and row.host not in hosts:
                problems.append(
                    Problem(number, "host", f"No VM in the estate runs on host {row.host}.")
                )
        return problems

    def save(self, rows: Sequence[CostRow]) -> Iterable[Change]:
        costs: dict[str, Decimal] = {}
        for row in rows:
            if row.host:
                names = list(
                    VirtualMachine.objects.filter(present=True, host=row.host).values_list(
                        "name", flat=True
                    )
                )
                for name in names:
                    costs[name] = row.annual_cost / len(names)
        for row in rows:
            if row.vm:
                costs[row.vm] = row.annual_cost
        for name, outcome in sorted(services.save_on_premises_costs(costs).items()):
            yield Change(outcome, f"{name}: £{costs[name]:,.2f} a year")


@dataclass(frozen=True)
class ObservedRow:
    source: str
    destination: str
    port: str


@register
class AzureMigrateDependencyImporter(Importer[ObservedRow]):
    kind = "azure-migrate-dependencies"
    title = "Azure Migrate dependency export"
    description = (
        "Connections observed between servers (Azure Migrate's dependency analysis export). "
        "Each connection between servers of two different applications becomes a network "
        "dependency; connections with servers not linked to an application are passed over."
    )
    permission = Permission.MANAGE_HOSTING
    columns = (
        Column("Timeslot", required=False),
        Column("Source server name", description="the server that opens the connection"),
        Column("Source application", required=False),
        Column("Source process", required=False),
        Column("Destination server name", description="the server it connects to"),
        Column("Destination IP", required=False),
        Column("Destination application", required=False),
        Column("Destination process", required=False),
        Column("Destination port", required=False),
    )

    def clean_row(self, cells: Cells) -> ObservedRow | None:
        source = cells.text("Source server name")
        destination = cells.text("Destination server name")
        port = cells.text("Destination port", required=False) or ""
        if source is None or destination is None:
            return None
        return ObservedRow(source, destination, port)

    def save(self, rows: Sequence[ObservedRow]) -> Iterable[Change]:
        apps_of: dict[str, set[str]] = {}
        for vm_name, app_name in Application.vms.through.objects.values_list(
            "virtualmachine__name", "application__name"
        ):
            apps_of.setdefault(_server(vm_name), set()).add(app_name)
        pairs: set[tuple[str, str]] = set()
        passed_over: set[str] = set()
        for row in rows:
            sources = apps_of.get(_server(row.source), set())
            targets = apps_of.get(_server(row.destination), set())
            if not sources or not targets:
                passed_over.update(
                    name
                    for name, apps in ((row.source, sources), (row.destination, targets))
                    if not apps
                )
                continue
            pairs.update((a, b) for a in sources for b in targets if a != b)
        applications = dict(Application.objects.values_list("name", "pk"))
        existing = set(Dependency.objects.values_list("source__name", "target__name"))
        new = sorted(pairs - existing)
        bulk_upsert(
            Dependency,
            ["source_id", "target_id"],
            [
                {
                    "source_id": applications[source],
                    "target_id": applications[target],
                    "kind": Dependency.Kind.NETWORK,
                }
                for source, target in new
            ],
            progress=self.writing,
        )
        for source, target in sorted(pairs):
            if (source, target) in existing:
                yield Change("unchanged", f"{source} → {target} (already recorded)")
            else:
                yield Change("created", f"{source} → {target} (observed)")
        if passed_over:
            shown = ", ".join(sorted(passed_over)[:10])
            yield Change("unchanged", f"Servers not linked to an application: {shown}")


def _server(name: str) -> str:
    """A server's name without its domain, in lower case (Azure Migrate gives FQDNs)."""
    return name.strip().split(".")[0].lower()


# ---------------------------------------------------------------- prices and performance


@register
class AzurePriceImporter(Importer[pricing.RetailItem]):
    """A price list: the JSON answer of the Azure Retail Prices API (docs/hosting.md
    "Pricing"), or a CSV or XLSX with its field names as columns. Each of `Items[]` is read as a
    row (row 2 is the first item); the items that do not price a VM, a licence or a managed disk
    (Spot, Dev/Test, other meters) are counted and passed over. The list is kept whole and is in
    force from then on."""

    kind = "azure-prices"
    title = "Cloud price list (Azure Retail Prices API, JSON)"
    description = (
        "The JSON answer of the Azure Retail Prices API for one region and currency: VM sizes "
        "(pay as you go, reservations, savings plans), Windows, RHEL and SLES licences, and "
        "managed disks. It replaces the bundled illustrative prices."
    )
    permission = Permission.MANAGE_HOSTING
    columns = (
        Column("armSkuName", required=False, description="the size, e.g. Standard_D2s_v5"),
        Column("retailPrice", description="the price"),
        Column("unitOfMeasure", description="1 Hour, or 1/Month for disks"),
        Column("productName", description="e.g. Virtual Machines Dsv5 Series Windows"),
        Column("type", description="Consumption or Reservation"),
        Column("reservationTerm", required=False, description="1 Year or 3 Years"),
        Column("armRegionName", required=False, description="e.g. uksouth"),
        Column("effectiveStartDate", description="when the price took effect"),
        Column("currencyCode", required=False, description="e.g. GBP"),
        Column("skuName", required=False, description="e.g. D2s v5 Spot, E10 LRS"),
        Column("meterName", required=False, description="e.g. E10 LRS Disk"),
        Column(pricing.SAVINGS_FIELDS[0], required=False, description="savingsPlan, an hour"),
        Column(pricing.SAVINGS_FIELDS[1], required=False, description="savingsPlan, an hour"),
    )

    def __init__(self) -> None:
        self.filename = ""

    def open_rows(self, data: bytes, filename: str) -> Rows | None:
        self.filename = filename
        if not filename.lower().endswith(".json"):
            return None  # a CSV or XLSX with the API's field names as its columns
        try:
            items = pricing.item_rows(data)
        except pricing.PriceFileError as error:
            raise UnreadableFileError(str(error)) from None
        if len(items) + 1 > max_rows():
            raise TooManyRowsError(len(items) + 1, max_rows())
        header = [column.name for column in self.columns]
        rows = [(1, header)] + [
            (number, [item.get(name, "") for name in header])
            for number, item in enumerate(items, start=2)
        ]
        return Rows(len(rows), iter(rows))

    def clean_row(self, cells: Cells) -> pricing.RetailItem | None:
        price = cells.decimal("retailPrice", minimum=Decimal(0))
        unit = cells.text("unitOfMeasure")
        product = cells.text("productName")
        kind = cells.text("type", max_length=50)
        term = cells.text("reservationTerm", required=False, max_length=20) or ""
        raw_date = cells.text("effectiveStartDate", max_length=40)
        effective = None
        if raw_date:
            try:
                effective = pricing.parse_date(raw_date)
            except ValueError:
                cells.problem(
                    "effectiveStartDate", f"{raw_date!r} is not a date such as 2025-02-01."
                )
        if kind == "Reservation" and term not in ("1 Year", "3 Years"):
            cells.problem("reservationTerm", "A reservation's term must be 1 Year or 3 Years.")
        plans: dict[int, Decimal] = {}
        for years, name in ((1, pricing.SAVINGS_FIELDS[0]), (3, pricing.SAVINGS_FIELDS[1])):
            rate = cells.decimal(name, required=False, minimum=Decimal(0))
            if rate is not None:
                plans[years] = rate
        if (
            price is None
            or effective is None
            or unit is None
            or product is None
            or kind is None
            or cells.problems
        ):
            return None
        return pricing.RetailItem(
            sku=cells.text("armSkuName", required=False, max_length=100) or "",
            product=product,
            price_type=kind,
            term=term,
            unit=unit,
            region=cells.text("armRegionName", required=False, max_length=60) or "",
            currency=cells.text("currencyCode", required=False, max_length=3) or "",
            price=price,
            effective=effective,
            sku_name=cells.text("skuName", required=False) or "",
            meter=cells.text("meterName", required=False) or "",
            savings_plan=plans,
        )

    def check_rows(self, rows: Sequence[tuple[int, pricing.RetailItem]]) -> list[Problem]:
        _, problems = pricing.build_price_list([item for _, item in rows], self.filename, False)
        return [Problem(0, "", problem) for problem in problems]

    def save(self, rows: Sequence[pricing.RetailItem]) -> Iterable[Change]:
        price_list, _ = pricing.build_price_list(rows, self.filename, False)
        used = [item for item in rows if pricing.is_used(item)]
        record = services.save_price_list(
            self.filename,
            [pricing.item_as_row(item) for item in used],
            price_list.effective or dt.date.min,
            price_list.currency or "",
            price_list.region,
        )
        yield Change(
            "created",
            f"Price list {record.filename}: {len(price_list.linux)} VM sizes, "
            f"{len(price_list.windows)} with Windows, {len(price_list.reserved)} reservations, "
            f"{len(price_list.savings_plan)} savings-plan rates, {len(price_list.disks)} disks, "
            f"dated {record.effective:%d/%m/%Y} ({record.region or 'no region'}, "
            f"{record.currency or 'no currency'}); {price_list.passed_over} items passed over.",
        )


@dataclass(frozen=True)
class PerformanceRow:
    vm: str
    cpu: Decimal  # a fraction
    memory: Decimal
    percentile: int
    days: int | None


class _PerformanceImporter(Importer[PerformanceRow]):
    source: ClassVar[str]

    def check_rows(self, rows: Sequence[tuple[int, PerformanceRow]]) -> list[Problem]:
        problems: list[Problem] = []
        known = {
            _server(name): name for name in VirtualMachine.objects.values_list("name", flat=True)
        }
        seen: dict[str, int] = {}
        for number, row in rows:
            key = _server(row.vm)
            if key in seen:
                problems.append(Problem(number, self.columns[0].name, f"Also on row {seen[key]}."))
            seen.setdefault(key, number)
            if key not in known:
                problems.append(
                    Problem(
                        number,
                        self.columns[0].name,
                        f"There is no VM {row.vm} in the estate. Import the RVTools export first.",
                    )
                )
        return problems

    def save(self, rows: Sequence[PerformanceRow]) -> Iterable[Change]:
        known = {
            _server(name): name for name in VirtualMachine.objects.values_list("name", flat=True)
        }
        facts = {
            known[_server(row.vm)]: (row.cpu, row.memory, row.percentile, row.days) for row in rows
        }
        for name, outcome in sorted(services.save_performance(facts, self.source).items()):
            cpu, memory, percentile, days = facts[name]
            over = f" over {days} days" if days else ""
            yield Change(
                outcome, f"{name}: CPU {cpu:.0%}, memory {memory:.0%} at P{percentile}{over}"
            )


def _vms_by_server() -> dict[str, str]:
    """The estate's VMs by name without domain, in lower case (Azure Migrate gives FQDNs)."""
    return {
        _server(name): name
        for name in VirtualMachine.objects.filter(present=True).values_list("name", flat=True)
    }


def _percent(cells: Cells, column: str) -> Decimal | None:
    cells.values[column] = cells.raw(column).rstrip("%").strip()
    value = cells.decimal(column, minimum=Decimal(0), maximum=Decimal(100))
    return None if value is None else (value / 100).quantize(Decimal("0.0001"))


@register
class VmPerformanceImporter(_PerformanceImporter):
    kind = "vm-performance"
    title = "VM performance (utilisation for sizing)"
    description = (
        "Each VM's CPU and memory use at the 95th percentile over a period: sizing then uses "
        "performance (Azure Migrate's method) instead of the VM's size on premises."
    )
    permission = Permission.MANAGE_HOSTING
    source = "vm-performance import"
    columns = (
        Column("vm", description="the VM's name, as in RVTools"),
        Column("cpu_p95_percent", description="CPU use at the 95th percentile, 0 to 100"),
        Column("memory_p95_percent", description="memory use at the 95th percentile, 0 to 100"),
        Column("period_days", description="the days of data measured, e.g. 30"),
    )

    def clean_row(self, cells: Cells) -> PerformanceRow | None:
        vm = cells.text("vm")
        cpu = _percent(cells, "cpu_p95_percent")
        memory = _percent(cells, "memory_p95_percent")
        days = cells.integer("period_days", minimum=1, maximum=3660)
        if vm is None or cpu is None or memory is None or days is None:
            return None
        return PerformanceRow(vm, cpu, memory, 95, days)


@register
class AzureMigratePerformanceImporter(_PerformanceImporter):
    kind = "azure-migrate-performance"
    title = "Azure Migrate performance export"
    description = (
        "The servers of an Azure Migrate assessment export with their CPU and memory "
        "utilisation at the assessment's percentile (the Assessed machines sheet, saved as "
        "CSV or as the workbook's first sheet)."
    )
    permission = Permission.MANAGE_HOSTING
    source = "Azure Migrate performance export"
    columns = (
        Column("Machine", description="the server's name (a domain name is ignored)"),
        Column("CPU utilization percentage", description="0 to 100"),
        Column("Memory utilization percentage", description="0 to 100"),
        Column("Percentile utilization", required=False, description="50, 90, 95 or 99"),
        Column("Performance history (days)", required=False, description="e.g. 30"),
    )

    def clean_row(self, cells: Cells) -> PerformanceRow | None:
        vm = cells.text("Machine")
        cpu = _percent(cells, "CPU utilization percentage")
        memory = _percent(cells, "Memory utilization percentage")
        percentile = 95
        stated = cells.raw("Percentile utilization").lower().removesuffix("th").lstrip("p")
        if stated:
            if stated not in ("50", "90", "95", "99"):
                cells.problem("Percentile utilization", "Write 50, 90, 95 or 99.")
                return None
            percentile = int(stated)
        days = cells.integer("Performance history (days)", required=False, minimum=1)
        if vm is None or cpu is None or memory is None:
            return None
        return PerformanceRow(vm, cpu, memory, percentile, days)
