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
from gemini.hosting.engine.lifecycle import SupportStatus, support_status
from gemini.hosting.engine.waves import PlanApplication, PlanDependency, PlanSettings, plan_waves
from gemini.hosting.models import Application, Dependency, PowerState, VirtualMachine

EXIT_DATE = dt.date(2027, 3, 31)  # the data-centre exit date (docs/hosting.md)


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


def readiness_figures(vms: QuerySet[VirtualMachine], on: dt.date) -> dict[str, int]:
    """Present VMs by Azure readiness: `ready, conditionally_ready, not_ready, unknown`."""
    return readiness_engine.counts(readiness_of(vm, on) for vm in vms.filter(present=True))


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


def plan(
    start: dt.date,
    exit_date: dt.date = EXIT_DATE,
    wave_days: int = 28,
    max_vms_per_wave: int = 40,
    max_tb_per_wave: Decimal = Decimal(20),
) -> dict[str, Any]:
    """The wave plan for the estate as JSON-ready data (the keys of `gemini hosting plan`)."""
    settings = PlanSettings(start, exit_date, wave_days, max_vms_per_wave, max_tb_per_wave)
    assessment = assess(start)
    planned: list[PlanApplication] = []
    findings: list[dict[str, str]] = [
        {"application": name, "rule": "operating system not known", "message": finding}
        for name, item in sorted(assessment.applications.items())
        if item.disposition in MOVES
        for finding in item.proposal.findings
    ]
    for name, item in sorted(assessment.applications.items()):
        if item.disposition in MOVES:
            vms = (
                ()
                if item.disposition is Disposition.REPURCHASE
                else tuple(vm.name for vm in item.application.vms.all() if vm.present)
            )
            planned.append(PlanApplication(name, vms, item.application.contract_end))
        elif item.disposition is Disposition.RETAIN:
            findings.append(
                {
                    "application": name,
                    "rule": "retained",
                    "message": f"{name} is to be retained, but the data centre closes on "
                    f"{exit_date:%d/%m/%Y}: it needs a home.",
                }
            )
    storage = {
        vm.name: vm.provisioned_mib or 0 for vm in VirtualMachine.objects.filter(present=True)
    }
    dependencies = [
        PlanDependency(source, target)
        for source, target in Dependency.objects.values_list("source__name", "target__name")
    ]
    result = plan_waves(planned, dependencies, storage, settings)
    findings.extend(
        {"application": f.application, "rule": f.rule, "message": f.message}
        for f in result.findings
    )
    return {
        "applications": len(planned),
        "move_groups": [list(group.applications) for group in result.move_groups],
        "waves": [
            {
                "name": wave.name,
                "start": wave.start.isoformat(),
                "end": wave.end.isoformat(),
                "applications": wave.applications,
                "vms": len(wave.vms),
                "storage_tb": str(wave.storage_tb),
            }
            for wave in result.waves
        ],
        "findings": findings,
    }


def estate_figures(vms: QuerySet[VirtualMachine]) -> dict[str, int]:
    """The estate's figures (templates are never VMs here: RVTools templates are skipped)."""
    rows = list(
        vms.filter(present=True).values_list(
            "power_state", "cpus", "memory_mib", "provisioned_mib", "in_use_mib"
        )
    )
    return {
        "vms": len(rows),
        "powered_on": sum(1 for r in rows if r[0] == PowerState.ON),
        "powered_off": sum(1 for r in rows if r[0] == PowerState.OFF),
        "vcpus": sum(r[1] for r in rows),
        "memory_mib": sum(r[2] for r in rows),
        "provisioned_mib": sum(r[3] or 0 for r in rows),
        "in_use_mib": sum(r[4] or 0 for r in rows),
    }
