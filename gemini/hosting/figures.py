"""The hosting exit's figures as at a date: the one place each derived hosting figure is read.

Every page, API route, CLI command, home panel and committee report section that shows a
hosting figure reads it here (docs/architecture.md, "The read side"):

- `estate(as_at, reader)`: the VMs (counts, vCPUs, memory, storage), their operating-system
  support and Azure readiness judged on `as_at`, the applications, the latest RVTools import;
- `costs(as_at, reader)`: for today or later, the cost assessment (each council's bill, the
  dispositions in force, the price list used);
- `readiness(as_at, reader)`: each VM's Azure readiness with its reasons, and the counts;
- `plan(as_at, reader)`: the latest wave plan made by then, cut to the reader's applications;
- `applications(as_at, reader)` and `latest_import(as_at, reader)`: what the home panel needs;
- `projects(as_at)`: the Phase 2 projects and their milestones (Part 1: every officer).

"As at" follows core.asat: VMs, applications, plans and projects are read as they stood at the
end of the day from their audit history, an import made later is not seen. A day after today
reads today's records and judges support and readiness on that day (the exit date looks
ahead). The cost assessment (gemini/hosting/assessment.py) runs over the estate as stored with
the price list in force, so it is given for today or later only: for a past day `costs` is
None, rather than today's costs shown as that day's. Which VMs are in no application is known
for today only too (the links are not in the audit history).

`reader` is the person asking, seeing what gemini/hosting/access.py gives them, or None for
the system itself (the CLI and the committee report). Hosting records are not held per
programme, so these figures take no programme (a domain app does not import another).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.asat import dated, is_live, recorded
from gemini.hosting import access as hosting_access
from gemini.hosting import assessment
from gemini.hosting.engine import cost as cost_engine
from gemini.hosting.engine import pricing
from gemini.hosting.engine import readiness as readiness_engine
from gemini.hosting.engine.lifecycle import Support
from gemini.hosting.models import (
    Application,
    Milestone,
    PowerState,
    Project,
    RvtoolsImport,
    VirtualMachine,
    WavePlan,
)


def _vms(as_at: dt.date, reader: Any) -> list[VirtualMachine]:
    """The VMs present in the estate at the end of `as_at` that the reader may see."""
    vms = recorded(VirtualMachine, as_at).filter(present=True)
    if reader is not None:
        vms = vms.filter(id__in=hosting_access.vms_for(reader).values("pk"))
    return sorted(vms, key=lambda vm: vm.name)


# --- Applications and the latest import ------------------------------------------------------


@dataclass(frozen=True)
class ApplicationFigures:
    """The applications as recorded then, of those the reader's organisations share."""

    names: frozenset[str]
    unconfirmed: int  # whose proposed disposition no one has confirmed


def applications(as_at: dt.date, reader: Any = None) -> ApplicationFigures:
    rows = recorded(Application, as_at)
    if reader is not None:
        rows = rows.filter(id__in=hosting_access.applications_for(reader).values("pk"))
    pairs = [(a.name, a.confirmed_disposition) for a in rows]
    return ApplicationFigures(
        frozenset(name for name, _ in pairs), sum(1 for _, confirmed in pairs if not confirmed)
    )


@dataclass(frozen=True)
class ImportFigures:
    filename: str
    imported_at: dt.datetime
    vms: int
    templates: int
    appeared: int
    disappeared: int
    updated: int
    findings: int  # about VMs the reader may see, and about no VM in particular


def latest_import(as_at: dt.date, reader: Any = None) -> ImportFigures | None:
    """The latest RVTools import made on or before `as_at`."""
    record = dated(RvtoolsImport.objects.all(), as_at, "imported_at").first()
    if record is None:
        return None
    findings = (
        hosting_access.findings_for(reader, record) if reader is not None else record.findings
    )
    return ImportFigures(
        record.filename,
        record.imported_at,
        record.vms,
        record.templates,
        len(record.appeared),
        len(record.disappeared),
        record.updated,
        findings.count(),
    )


# --- Readiness -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReadinessFigures:
    """Each present VM's Azure readiness judged on `as_at`, with the counts by category
    (`ready, conditionally_ready, not_ready, unknown`; they add up to the VMs)."""

    as_at: dt.date
    counts: dict[str, int]
    vms: tuple[readiness_engine.VmReadiness, ...]  # by VM name


def _readiness(vms: list[VirtualMachine], as_at: dt.date) -> ReadinessFigures:
    results = tuple(assessment.readiness_of(vm, as_at) for vm in vms)
    return ReadinessFigures(as_at, readiness_engine.counts(results), results)


def readiness(as_at: dt.date, reader: Any = None) -> ReadinessFigures:
    return _readiness(_vms(as_at, reader), as_at)


# --- The estate ------------------------------------------------------------------------------


@dataclass(frozen=True)
class EstateCosts:
    """The cost assessment of today's estate with the price list in force, cut to the reader:
    their councils' bills and the dispositions in force of their applications."""

    bills: tuple[cost_engine.CouncilBill, ...]
    dispositions: dict[str, int]  # Disposition value → applications
    prices: pricing.PriceList


def costs(
    as_at: dt.date, reader: Any = None, reach: ApplicationFigures | None = None
) -> EstateCosts | None:
    """The cost assessment judged on `as_at`; None for a past day (not in the history).
    `reach` is `applications(as_at, reader)` when the caller has it already."""
    if not is_live(as_at):
        return None
    if reader is not None:
        access.require(reader, Permission.VIEW_HOSTING)
    result = assessment.assess(as_at)
    names = (reach or applications(as_at, reader)).names
    councils = hosting_access.councils_for(reader) if reader is not None else sorted(result.bills)
    return EstateCosts(
        tuple(result.bills[c] for c in councils if c in result.bills),
        dict(
            Counter(
                item.disposition.value
                for name, item in result.applications.items()
                if name in names
            )
        ),
        result.prices,
    )


@dataclass(frozen=True)
class VmCounts:
    """The present VMs the reader may see (RVTools templates are never VMs here)."""

    vms: int
    powered_on: int
    powered_off: int
    vcpus: int
    memory_mib: int
    provisioned_mib: int
    in_use_mib: int
    needs_data: int  # VMs the import could not read fully


def _counts(vms: list[VirtualMachine]) -> VmCounts:
    return VmCounts(
        vms=len(vms),
        powered_on=sum(1 for vm in vms if vm.power_state == PowerState.ON),
        powered_off=sum(1 for vm in vms if vm.power_state == PowerState.OFF),
        vcpus=sum(vm.cpus for vm in vms),
        memory_mib=sum(vm.memory_mib for vm in vms),
        provisioned_mib=sum(vm.provisioned_mib or 0 for vm in vms),
        in_use_mib=sum(vm.in_use_mib or 0 for vm in vms),
        needs_data=sum(1 for vm in vms if vm.needs_data),
    )


def vm_counts(as_at: dt.date, reader: Any = None) -> VmCounts:
    """The VM counts alone (the VMs page): the same as `estate(...).counts`."""
    return _counts(_vms(as_at, reader))


@dataclass(frozen=True)
class EstateFigures:
    """The estate as it stood at the end of `as_at`."""

    as_at: dt.date
    counts: VmCounts
    support: dict[str, int]  # Support value → VMs, judged on `as_at`
    readiness: dict[str, int]  # readiness category → VMs, judged on `as_at`
    applications: int
    unconfirmed: int  # applications whose disposition no one has confirmed
    reach: ApplicationFigures  # the applications' names, for `costs` and `plan`
    latest_import: ImportFigures | None
    exit_date: dt.date
    loose: frozenset[str] | None  # present VMs in no application (in no bill); None for a past day

    @property
    def unassigned_vms(self) -> int | None:
        return len(self.loose) if self.loose is not None else None

    @property
    def support_by_label(self) -> dict[str, int]:
        return {Support(value).label: n for value, n in self.support.items()}


def _loose(vms: list[VirtualMachine]) -> frozenset[str]:
    """The names of `vms` (today's) that no application runs on."""
    linked = set(
        Application.vms.through.objects.filter(
            virtualmachine_id__in=[vm.pk for vm in vms]
        ).values_list("virtualmachine_id", flat=True)
    )
    return frozenset(vm.name for vm in vms if vm.pk not in linked)


def estate(as_at: dt.date, reader: Any = None) -> EstateFigures:
    """The estate's figures at the end of `as_at` for the reader (VIEW_HOSTING, checked by
    hosting.access)."""
    vms = _vms(as_at, reader)
    apps = applications(as_at, reader)
    return EstateFigures(
        as_at=as_at,
        counts=_counts(vms),
        support=dict(Counter(assessment.support_of(vm, as_at).status.value for vm in vms)),
        readiness=_readiness(vms, as_at).counts,
        applications=len(apps.names),
        unconfirmed=apps.unconfirmed,
        reach=apps,
        latest_import=latest_import(as_at, reader),
        exit_date=assessment.EXIT_DATE,
        loose=_loose(vms) if is_live(as_at) else None,
    )


# --- The wave plan ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanFigures:
    """The latest wave plan made by `as_at`, as it stood then (out of date or not), cut to
    the reader's applications (and their VMs in no application)."""

    as_at: dt.date
    plan: WavePlan
    made_by: str | None
    waves: tuple[dict[str, Any], ...]  # name, start, end, vms, storage_tb, applications, ...
    move_groups: tuple[tuple[str, ...], ...]
    findings: tuple[dict[str, Any], ...]  # application, message
    exit: dict[str, Any] | None  # whether the plan meets the exit date: whole-estate figures
    unassigned: dict[str, Any] | None  # the VMs in no application: whole-estate figures
    out_of_date: bool
    out_of_date_because: str


def plan(
    as_at: dt.date, reader: Any = None, estate: EstateFigures | None = None
) -> PlanFigures | None:
    """The latest plan made by `as_at`; `estate` is `estate(as_at, reader)` when the caller has
    it already (the plan is cut to its applications and VMs in no application)."""
    made = recorded(WavePlan, as_at).order_by("-made_at", "-id").first()
    if made is None:
        return None
    if reader is not None:
        names = estate.reach.names if estate else applications(as_at, reader).names
        loose: set[str] = set()
        if estate is not None and estate.loose is not None:
            loose = set(estate.loose)
        elif estate is None:
            loose = set(
                assessment.loose_vms(hosting_access.vms_for(reader)).values_list("name", flat=True)
            )
    else:  # the system sees the whole plan
        waves = made.result.get("waves", [])
        names = frozenset(a for wave in waves for a in wave["applications"])
        names |= {f["application"] for f in made.result.get("findings", [])}
        names |= {a for group in made.result.get("move_groups", []) for a in group}
        loose = {v for wave in waves for v in wave.get("unassigned_vms", [])}
    visible = hosting_access.visible_plan(made, set(names), loose)
    if visible is None:  # not reached: a plan was given
        return None
    return PlanFigures(
        as_at=as_at,
        plan=made,
        made_by=str(made.made_by) if made.made_by_id else None,
        waves=tuple(visible["waves"]),
        move_groups=tuple(tuple(str(a) for a in group) for group in visible["move_groups"]),
        findings=tuple(visible["findings"]),
        exit=visible["exit"],
        unassigned=visible["unassigned"],
        out_of_date=made.out_of_date_since is not None,
        out_of_date_because=made.out_of_date_because,
    )


# --- Phase 2 projects ------------------------------------------------------------------------


@dataclass(frozen=True)
class MilestoneFigures:
    name: str
    due: dt.date
    status: str
    status_label: str


@dataclass(frozen=True)
class ProjectFigures:
    slug: str
    name: str
    purpose: str
    contract_end: dt.date | None
    milestones: tuple[MilestoneFigures, ...]  # by due date


def projects(as_at: dt.date) -> tuple[ProjectFigures, ...]:
    """The Phase 2 projects and their milestones as recorded at the end of `as_at`."""
    milestones: dict[int, list[MilestoneFigures]] = {}
    for m in recorded(Milestone, as_at).order_by("due", "id"):
        milestones.setdefault(m.project_id, []).append(
            MilestoneFigures(m.name, m.due, m.status, m.get_status_display())
        )
    return tuple(
        ProjectFigures(p.slug, p.name, p.purpose, p.contract_end, tuple(milestones.get(p.pk, ())))
        for p in recorded(Project, as_at).order_by("order", "name")
    )
