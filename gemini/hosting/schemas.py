"""The hosting API's schemas (gemini/hosting/api.py), and the functions that turn the estate
and gemini/hosting/assessment.py's results into them.

Money is a string in pounds with pence, never a float; utilisation and sizes are decimal
strings too. Schema names start with `Hosting` because every app's schemas share one OpenAPI
namespace.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field

from gemini.core.schemas import InputSchema
from gemini.hosting.assessment import ApplicationAssessment
from gemini.hosting.engine.cost import CouncilBill
from gemini.hosting.engine.lifecycle import SupportStatus
from gemini.hosting.engine.pricing import VmPrice
from gemini.hosting.engine.readiness import VmReadiness
from gemini.hosting.engine.sizing import Sizing
from gemini.hosting.models import Application, VirtualMachine

Money = Annotated[str, Field(pattern=r"^-?\d+\.\d{2}$", examples=["1234.50"])]
Number = Annotated[str, Field(pattern=r"^-?\d+(\.\d+)?$", examples=["0.2500"])]
DispositionName = Literal[
    "rehost", "replatform", "refactor", "repurchase", "retire", "retain", "relocate"
]
# Some visible text (not only spaces), without the NUL character PostgreSQL refuses.
Reason = Annotated[
    str,
    Field(min_length=1, max_length=5000, pattern=r"^[^\x00]*[^\s\x00-\x20\x7f-\x9f][^\x00]*$"),
]


def money(value: Decimal) -> str:
    return f"{value:.2f}"


def optional_money(value: Decimal | None) -> str | None:
    return None if value is None else money(value)


def optional_number(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


class HostingError(Schema):
    detail: str


class HostingStale(Schema):
    detail: str
    current_version: int


class HostingInvalid(Schema):
    detail: str | list[dict[str, Any]]
    errors: dict[str, list[str]] | None = None


READ_ERRORS: dict[int, type[Schema]] = {403: HostingError, 404: HostingError}


# --- the estate -----------------------------------------------------------------------------


class HostingBill(Schema):
    council: str
    on_premises: Money | None = Field(description="A year; null when not known.")
    cloud: Money | None = Field(
        description="A year, at the price list in force; null when not known."
    )
    saving: Money | None = Field(
        description="A year: on premises less cloud; null when either is not known."
    )
    migration: Money = Field(description="One-off.")
    not_known: list[str] = Field(
        default_factory=list, description="Applications whose cost is not known."
    )


def bill_out(b: CouncilBill) -> HostingBill:
    return HostingBill(
        council=b.council,
        on_premises=optional_money(b.on_premises),
        cloud=optional_money(b.cloud),
        saving=optional_money(b.saving),
        migration=money(b.migration),
        not_known=list(b.not_known),
    )


class HostingImport(Schema):
    filename: str
    imported_at: dt.datetime
    vms: int
    templates: int
    appeared: int
    disappeared: int
    updated: int
    findings: int = Field(description="Findings about VMs the reader may see.")


ReadinessName = Literal["ready", "conditionally_ready", "not_ready", "unknown"]


class HostingReadinessCounts(Schema):
    """Present VMs by Azure readiness: the four always given, adding up to the VMs counted."""

    ready: int
    conditionally_ready: int
    not_ready: int
    unknown: int


class HostingVmReadiness(Schema):
    category: ReadinessName
    reasons: list[str] = Field(description="Why, worst first (the rule and the numbers).")


class HostingReadinessVm(HostingVmReadiness):
    vm: str


class HostingReadiness(Schema):
    on: dt.date = Field(description="The date readiness is judged on.")
    counts: HostingReadinessCounts
    vms: list[HostingReadinessVm]


class HostingEstate(Schema):
    vms: int
    powered_on: int
    powered_off: int
    vcpus: int
    memory_mib: int
    provisioned_mib: int
    in_use_mib: int
    support: dict[str, int] = Field(description="VMs by operating-system support status.")
    applications: int
    dispositions: dict[str, int] = Field(description="Applications by disposition in force.")
    bills: list[HostingBill]
    exit_date: dt.date
    latest_import: HostingImport | None
    readiness: HostingReadinessCounts | None = Field(
        None,
        description="The VMs by Azure readiness today (ready, conditionally_ready, "
        "not_ready, unknown); they add up to `vms`.",
    )
    unassigned_vms: int = Field(
        0, description="Present VMs in no application: in no council's bill until grouped."
    )


class HostingSupport(Schema):
    status: Literal["unsupported", "ends_before_exit", "supported", "unknown"]
    reason: str


class HostingSizing(Schema):
    basis: str
    basis_text: str = Field(
        description="The basis in words: as on premises, or performance with its percentile, "
        "comfort factor and days of data."
    )
    needed_vcpus: Number
    needed_memory_gib: Number
    size: str | None = Field(
        description="The cloud size; when none fits (fits false), the largest, costed so."
    )
    fits: bool
    annual_price: Money | None = Field(
        description="A year: compute under the commitment in force, licence and disks."
    )
    monthly_price: Money | None
    price_complete: bool = Field(description="False when part of the price is not known.")
    reasons: list[str]


class HostingVm(Schema):
    name: str
    organisation: str
    power_state: str
    powered_off_since: dt.date | None
    cpus: int
    memory_mib: int
    disks: int | None
    provisioned_mib: int | None
    in_use_mib: int | None
    cluster: str
    host: str
    operating_system: str
    cpu_utilisation: Number | None
    memory_utilisation: Number | None
    annual_on_premises_cost: Money | None
    support: HostingSupport
    sizing: HostingSizing
    applications: list[str]
    readiness: HostingVmReadiness | None = None


def readiness_out(result: VmReadiness) -> HostingVmReadiness:
    return HostingVmReadiness(category=result.readiness.value, reasons=list(result.reasons))


def vm_out(
    vm: VirtualMachine,
    support: SupportStatus,
    sizing: Sizing,
    price: VmPrice | None,
    readiness: VmReadiness | None = None,
) -> HostingVm:
    return HostingVm(
        name=vm.name,
        organisation=vm.organisation.code,
        power_state=vm.power_state,
        powered_off_since=vm.powered_off_since,
        cpus=vm.cpus,
        memory_mib=vm.memory_mib,
        disks=vm.disks,
        provisioned_mib=vm.provisioned_mib,
        in_use_mib=vm.in_use_mib,
        cluster=vm.cluster,
        host=vm.host,
        operating_system=vm.os_name,
        cpu_utilisation=optional_number(vm.cpu_utilisation),
        memory_utilisation=optional_number(vm.memory_utilisation),
        annual_on_premises_cost=optional_money(vm.annual_on_premises_cost),
        support=HostingSupport(status=support.status.value, reason=support.reason),
        sizing=HostingSizing(
            basis=sizing.basis.value,
            basis_text=sizing.basis_text,
            needed_vcpus=format(sizing.needed_vcpus, "f"),
            needed_memory_gib=format(sizing.needed_memory_gib, "f"),
            size=sizing.size.name if sizing.size else None,
            fits=sizing.fits,
            annual_price=optional_money(price.yearly if price else None),
            monthly_price=optional_money(price.monthly if price else None),
            price_complete=bool(price and price.complete),
            reasons=[*sizing.reasons, *(price.reasons if price else ())],
        ),
        applications=sorted(a.name for a in vm.applications.all()),
        readiness=readiness_out(readiness) if readiness else None,
    )


# --- applications ---------------------------------------------------------------------------


class HostingProposal(Schema):
    disposition: DispositionName
    rule: str
    reasons: list[str]


class HostingCost(Schema):
    on_premises: Money | None = Field(description="A year; null when not known.")
    cloud: Money | None = Field(description="A year; null when not known.")
    migration: Money = Field(description="One-off.")
    saving: Money | None = Field(description="A year; null when either cost is not known.")
    unsized_vms: list[str]
    reasons: list[str]


class HostingShare(Schema):
    council: str
    fraction: Number


class HostingApplication(Schema):
    id: int
    name: str
    product: str
    category: str
    organisation: str
    shared: bool
    criticality: str
    business_owner: str
    supplier: str
    contract_end: dt.date | None
    users: int | None
    saas_alternative: str
    proposal: HostingProposal = Field(description="The engine's proposed 7 R, with its rule.")
    disposition: DispositionName = Field(description="In force: confirmed, else the proposal.")
    confirmed: bool
    confirmed_disposition: DispositionName | None
    confirmation_note: str
    confirmed_by: str | None
    confirmed_at: dt.datetime | None
    cost: HostingCost
    shares: list[HostingShare]
    vms: list[str]
    version: int = Field(description="Send it back with a confirmation (optimistic locking).")


class HostingDependency(Schema):
    source: str = Field(description="The application that needs …")
    target: str = Field(description="… this one, which therefore moves no later.")
    kind: str


class HostingApplicationDetail(HostingApplication):
    needs: list[HostingDependency]
    needed_by: list[HostingDependency]


def application_fields(a: Application, item: ApplicationAssessment) -> dict[str, Any]:
    cost = item.cost
    return {
        "id": a.pk,
        "name": a.name,
        "product": a.product,
        "category": a.category,
        "organisation": a.organisation.code,
        "shared": a.shared,
        "criticality": a.criticality,
        "business_owner": a.business_owner,
        "supplier": a.supplier,
        "contract_end": a.contract_end,
        "users": a.users,
        "saas_alternative": a.saas_alternative,
        "proposal": HostingProposal(
            disposition=item.proposal.disposition.value,
            rule=item.proposal.rule,
            reasons=list(item.proposal.reasons),
        ),
        "disposition": item.disposition.value,
        "confirmed": item.confirmed,
        "confirmed_disposition": a.confirmed_disposition or None,
        "confirmation_note": a.confirmation_note,
        "confirmed_by": str(a.confirmed_by) if a.confirmed_by else None,
        "confirmed_at": a.confirmed_at,
        "cost": HostingCost(
            on_premises=optional_money(cost.on_premises),
            cloud=optional_money(cost.cloud),
            migration=money(cost.migration),
            saving=optional_money(cost.saving),
            unsized_vms=list(cost.unsized_vms),
            reasons=list(cost.reasons),
        ),
        "shares": [
            HostingShare(council=s.organisation.code, fraction=format(s.fraction, "f"))
            for s in a.shares.all()
        ],
        "vms": sorted(vm.name for vm in a.vms.all() if vm.present),
        "version": a.version,
    }


class HostingConfirmation(InputSchema):
    """A named person's confirmation of the proposed disposition, or their override of it,
    always with the reason."""

    disposition: DispositionName
    reason: Reason
    version: int = Field(ge=1, le=2_147_483_647, description="The application's version as read.")


# --- the plan, the catalogue, Phase 2 projects ----------------------------------------------


class HostingWave(Schema):
    name: str
    start: dt.date
    end: dt.date
    vms: int
    storage_tb: Number
    applications: list[str] = Field(description="The applications the reader may see.")


class HostingPlanFinding(Schema):
    application: str
    rule: str
    message: str


class HostingExitCapacity(Schema):
    meets: bool
    exit_date: dt.date
    waves_needed: int
    waves_available: int = Field(description="Whole waves from the start to the exit date.")
    last_end: dt.date | None
    vms: int
    storage_tb: Number
    vms_per_wave: int | None = Field(description="VMs a wave that would meet the exit date.")
    tb_per_wave: Number | None = Field(description="TB a wave that would meet the exit date.")
    wave_days: int | None = Field(
        description="Or: the plan's waves, each this many days at most, would meet it."
    )
    reasons: list[str]


class HostingUnassigned(Schema):
    vms: int = Field(description="Present VMs in no application.")
    planned: int = Field(description="Of them, planned one by one.")
    retired: int = Field(description="Of them, powered off: proposed for retirement.")
    after_exit: int = Field(description="Of those planned, in waves after the exit date.")


class HostingPlan(Schema):
    made_at: dt.datetime
    made_by: str | None
    start: dt.date
    exit_date: dt.date
    wave_days: int
    max_vms_per_wave: int
    max_tb_per_wave: Number
    waves: list[HostingWave]
    move_groups: list[list[str]]
    findings: list[HostingPlanFinding]
    out_of_date: bool = Field(
        description="True when the estate changed after the plan was made: make a new one."
    )
    out_of_date_because: str | None = None
    exit: HostingExitCapacity | None = Field(
        None,
        description="Whether the plan meets the exit date and, if not, the capacity a "
        "wave (VMs, TB) or the wave length that would; null for a plan made before this was "
        "worked out.",
    )
    unassigned: HostingUnassigned | None = None


class HostingCloudSize(Schema):
    name: str
    vcpus: int
    memory_gib: Number
    max_disks: int
    price_per_hour: Number
    currency: str
    region: str
    price_date: dt.date
    illustrative: bool


class HostingMilestone(Schema):
    name: str
    due: dt.date
    status: str


class HostingProject(Schema):
    slug: str
    name: str
    purpose: str
    contract_end: dt.date | None
    milestones: list[HostingMilestone]
