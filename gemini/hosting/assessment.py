"""Reads that run the planner's engines over the estate as stored (docs/hosting.md).

`assess()` proposes a disposition for every application, sizes every VM and costs every
application and council; `plan()` makes the wave plan. Both run over the whole estate, because
a rule may compare councils (the same product run by both); pages then show each person only
the applications and bills their access reaches.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from gemini.hosting import price_list
from gemini.hosting.engine import cost as cost_engine
from gemini.hosting.engine import pricing
from gemini.hosting.engine import readiness as readiness_engine
from gemini.hosting.engine import sizing as sizing_engine
from gemini.hosting.engine.disposition import (
    MOVES,
    ApplicationFacts,
    Disposition,
    Proposal,
    VmFacts,
    propose,
)
from gemini.hosting.engine.grouping import Basis, Grouping, LooseVm, propose_groups
from gemini.hosting.engine.lifecycle import SupportStatus, support_status
from gemini.hosting.engine.waves import PlanApplication, PlanDependency, PlanSettings, plan_waves
from gemini.hosting.models import Application, Dependency, PowerState, VirtualMachine

EXIT_DATE: dt.date = settings.GEMINI_HOSTING_EXIT_DATE  # the data-centre exit (docs/hosting.md)


def catalogue() -> list[sizing_engine.CloudSize]:
    """The VM sizes that the price list in force prices (gemini.hosting.price_list)."""
    return price_list.catalogue()


def sizing_input(vm: VirtualMachine) -> sizing_engine.SizingInput:
    return price_list.sizing_input(vm)


def size_vms(vms: list[VirtualMachine]) -> dict[str, sizing_engine.Sizing]:
    return {name: each.sizing for name, each in price_list.assess_vms(vms).items()}


def os_names(vm: VirtualMachine) -> tuple[str, str]:
    """VMware Tools' name for the system, then the configuration file's (tried in that order)."""
    return (vm.os_tools, vm.os_config)


def support_of(vm: VirtualMachine, on: dt.date | None = None) -> SupportStatus:
    return support_status(os_names(vm), on or timezone.localdate(), EXIT_DATE)


def readiness_facts(vm: VirtualMachine) -> readiness_engine.ReadinessFacts:
    return readiness_engine.ReadinessFacts(
        vm.name,
        os_names(vm),
        vm.cpus,
        vm.memory_mib,
        vm.nics,
        vm.disks,
        vm.provisioned_mib,
        vm.firmware,
    )


def readiness_of(vm: VirtualMachine, on: dt.date) -> readiness_engine.VmReadiness:
    """The VM's Azure readiness as at `on` (today on the pages; the exit date to look ahead)."""
    return readiness_engine.readiness(readiness_facts(vm), on)


@dataclass(frozen=True)
class ApplicationAssessment:
    application: Application
    proposal: Proposal
    disposition: Disposition  # the confirmed one, or else the proposal
    confirmed: bool
    cost: cost_engine.ApplicationCost


@dataclass(frozen=True)
class Assessment:
    applications: dict[str, ApplicationAssessment]
    sizings: dict[str, sizing_engine.Sizing]
    bills: dict[str, cost_engine.CouncilBill]
    vms: dict[str, price_list.VmAssessment] = field(default_factory=dict)  # size and price
    prices: pricing.PriceList = field(default_factory=price_list.bundled)  # the list used


def _applications() -> QuerySet[Application]:
    return Application.objects.select_related("organisation").prefetch_related(
        "vms", "shares__organisation"
    )


def _facts(application: Application) -> ApplicationFacts:
    return ApplicationFacts(
        application.name,
        application.organisation.code,
        application.product,
        application.users,
        application.saas_alternative,
        tuple(
            VmFacts(
                vm.name,
                vm.power_state != PowerState.OFF,
                vm.os_name,
                vm.powered_off_since,
                vm.os_config,
            )
            for vm in application.vms.all()
            if vm.present
        ),
    )


def _vm_cost(vm: VirtualMachine, assessed: price_list.VmAssessment) -> cost_engine.VmCost:
    priced = assessed.price
    return cost_engine.VmCost(
        vm.name,
        vm.annual_on_premises_cost,
        priced.yearly if priced else None,
        assessed.sizing.fits,
        priced.complete if priced else False,
    )


def assess(on: dt.date | None = None) -> Assessment:
    on = on or timezone.localdate()
    applications = list(_applications())
    proposals = propose([_facts(a) for a in applications], on, EXIT_DATE)
    vms = list(VirtualMachine.objects.filter(present=True).select_related("organisation"))
    prices = price_list.in_force()
    assessed = price_list.assess_vms(vms, prices)
    sizings = {name: each.sizing for name, each in assessed.items()}
    vm_costs = {vm.name: _vm_cost(vm, assessed[vm.name]) for vm in vms}
    cost_inputs = []
    dispositions: dict[str, Disposition] = {}
    for application in applications:
        proposal = proposals[application.name]
        disposition = (
            Disposition(application.confirmed_disposition)
            if application.confirmed_disposition
            else proposal.disposition
        )
        dispositions[application.name] = disposition
        cost_inputs.append(
            cost_engine.CostApplication(
                application.name,
                disposition,
                tuple(vm.name for vm in application.vms.all() if vm.present),
                {s.organisation.code: s.fraction for s in application.shares.all()},
                application.migration_cost,
            )
        )
    costs = cost_engine.cost_applications(cost_inputs, vm_costs)
    by_name = {c.name: c for c in costs}
    bills = cost_engine.council_bills(cost_inputs, costs)
    return Assessment(
        {
            a.name: ApplicationAssessment(
                a,
                proposals[a.name],
                dispositions[a.name],
                bool(a.confirmed_disposition),
                by_name[a.name],
            )
            for a in applications
        },
        sizings,
        {bill.council: bill for bill in bills},
        assessed,
        prices,
    )


# The name a VM in no application has in the wave engine: no application is named like it,
# and it sorts after every application name, so applications go first among equal deadlines.
_LOOSE_VM = "\uffffvm:"


def _vm_facts(
    name: str, power_state: str, os_tools: str, os_config: str, off_since: dt.date | None
) -> VmFacts:
    """A VM as the disposition rules see it (the same as `_facts` gives from a model)."""
    return VmFacts(name, power_state != PowerState.OFF, os_tools or os_config, off_since, os_config)


def plan(
    start: dt.date,
    exit_date: dt.date = EXIT_DATE,
    wave_days: int = 28,
    max_vms_per_wave: int = 40,
    max_tb_per_wave: Decimal = Decimal(20),
) -> dict[str, Any]:
    """The wave plan for the estate as JSON-ready data (the keys of `gemini hosting plan`).

    Reads only what planning needs (values, not model objects: at 30,000 VMs the model objects
    and their prefetches took most of a minute). Every present VM is accounted for: a VM in no
    application is assessed and planned on its own (`unassigned`), and an application with no
    VMs to move is a finding, never a silent place in a wave (docs/hosting.md, "Waves")."""
    settings = PlanSettings(start, exit_date, wave_days, max_vms_per_wave, max_tb_per_wave)
    vms = {
        row[0]: row[1:]
        for row in VirtualMachine.objects.filter(present=True).values_list(
            "pk",
            "name",
            "power_state",
            "os_tools",
            "os_config",
            "powered_off_since",
            "provisioned_mib",
        )
    }
    links: dict[int, list[int]] = {}
    linked: set[int] = set()
    for application_pk, vm_pk in Application.vms.through.objects.values_list(
        "application_id", "virtualmachine_id"
    ):
        if vm_pk in vms:
            links.setdefault(application_pk, []).append(vm_pk)
            linked.add(vm_pk)
    rows = list(
        Application.objects.order_by("name").values_list(
            "pk",
            "name",
            "organisation__code",
            "product",
            "users",
            "saas_alternative",
            "confirmed_disposition",
            "contract_end",
        )
    )
    facts = [
        ApplicationFacts(
            name,
            code,
            product,
            users,
            saas,
            tuple(
                _vm_facts(*vms[vm][:5])
                for vm in sorted(links.get(pk, ()), key=lambda vm: vms[vm][0])
            ),
        )
        for pk, name, code, product, users, saas, _, _ in rows
    ]
    proposals = propose(facts, start, exit_date)
    planned: list[PlanApplication] = []
    findings: list[dict[str, str]] = []
    for pk, name, *_, confirmed, contract_end in rows:
        proposal = proposals[name]
        disposition = Disposition(confirmed) if confirmed else proposal.disposition
        vm_names = tuple(sorted(vms[vm][0] for vm in links.get(pk, ())))
        if disposition in MOVES:
            findings.extend(
                {"application": name, "rule": "operating system not known", "message": finding}
                for finding in proposal.findings
            )
            if disposition is Disposition.REPURCHASE:
                planned.append(PlanApplication(name, (), contract_end))
            elif vm_names:
                planned.append(PlanApplication(name, vm_names, contract_end))
            else:
                findings.append(
                    {
                        "application": name,
                        "rule": "no VMs",
                        "message": f"{name} is to {disposition.label.lower()}, but no VM in "
                        "the estate is linked to it, so there is nothing to move and it is in "
                        "no wave: link its VMs (import applications, or accept a grouping of "
                        "VMs in no application) or change its disposition.",
                    }
                )
        elif disposition is Disposition.RETAIN:
            findings.append(
                {
                    "application": name,
                    "rule": "retained",
                    "message": f"{name} is to be retained, but the data centre closes on "
                    f"{exit_date:%d/%m/%Y}: it needs a home.",
                }
            )
    loose = sorted((v for pk, v in vms.items() if pk not in linked), key=lambda v: v[0])
    loose_proposals = propose(
        [ApplicationFacts(_LOOSE_VM + v[0], "", "", None, "", (_vm_facts(*v[:5]),)) for v in loose],
        start,
        exit_date,
    )
    retired = 0
    for v in loose:
        if loose_proposals[_LOOSE_VM + v[0]].disposition in MOVES:
            planned.append(PlanApplication(_LOOSE_VM + v[0], (v[0],)))
        else:
            retired += 1
    storage = {v[0]: v[5] or 0 for v in vms.values()}
    dependencies = [
        PlanDependency(source, target)
        for source, target in Dependency.objects.values_list("source__name", "target__name")
    ]
    result = plan_waves(planned, dependencies, storage, settings)
    late_loose = 0
    for f in result.findings:
        if f.application.startswith(_LOOSE_VM):
            late_loose += f.rule == "deadline missed"
        else:
            findings.append({"application": f.application, "rule": f.rule, "message": f.message})
    capacity = result.exit
    return {
        "applications": sum(1 for a in planned if not a.name.startswith(_LOOSE_VM)),
        "move_groups": [list(group.applications) for group in result.move_groups],
        "waves": [
            {
                "name": wave.name,
                "start": wave.start.isoformat(),
                "end": wave.end.isoformat(),
                "applications": [a for a in wave.applications if not a.startswith(_LOOSE_VM)],
                "unassigned_vms": [
                    a.removeprefix(_LOOSE_VM) for a in wave.applications if a.startswith(_LOOSE_VM)
                ],
                "vms": len(wave.vms),
                "storage_tb": str(wave.storage_tb),
            }
            for wave in result.waves
        ],
        "findings": findings,
        "unassigned": {
            "vms": len(loose),
            "planned": len(loose) - retired,
            "retired": retired,
            "after_exit": late_loose,
        },
        "exit": {
            "meets": capacity.meets,
            "exit_date": capacity.exit_date.isoformat(),
            "waves_needed": capacity.waves_needed,
            "waves_available": capacity.waves_available,
            "last_end": capacity.last_end.isoformat() if capacity.last_end else None,
            "vms": capacity.vms,
            "storage_tb": str(capacity.storage_tb),
            "vms_per_wave": capacity.vms_per_wave,
            "tb_per_wave": str(capacity.tb_per_wave) if capacity.tb_per_wave else None,
            "wave_days": capacity.wave_days,
            "reasons": list(capacity.reasons),
        },
    }


@dataclass(frozen=True)
class LooseEstate:
    """The VMs in no application: in no council's bill, sized and costed one by one."""

    vms: list[VirtualMachine]
    cloud: Decimal  # a year, compute, licence and disks (a lower bound when `unsized`)
    unsized: int  # VMs no size fits (costed at the largest) or with part of a price missing
    vcpus: int
    provisioned_mib: int


def loose_vms(vms: QuerySet[VirtualMachine]) -> QuerySet[VirtualMachine]:
    """The present VMs of `vms` that no application runs on."""
    return vms.filter(present=True, applications__isnull=True)


def loose_estate(vms: QuerySet[VirtualMachine]) -> LooseEstate:
    records = list(loose_vms(vms))
    assessed = price_list.assess_vms(records)
    cloud = Decimal(0)
    unsized = 0
    for vm in records:
        priced = assessed[vm.name].price
        if priced is None or not priced.complete or not assessed[vm.name].sizing.fits:
            unsized += 1
        if priced is not None:
            cloud += priced.yearly
    return LooseEstate(
        records,
        cost_engine.money(cloud),
        unsized,
        sum(vm.cpus for vm in records),
        sum(vm.provisioned_mib or 0 for vm in records),
    )


def grouping_of(vms: list[VirtualMachine], basis: Basis) -> Grouping:
    """The proposed grouping of VMs in no application on `basis`."""
    taken = Application.objects.values_list("name", flat=True)
    return propose_groups(
        (LooseVm(vm.name, vm.folder, vm.cluster, vm.annotation) for vm in vms), basis, taken
    )
