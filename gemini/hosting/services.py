"""Writes for the hosting app: one function per action, atomic, recorded by the audit history.

Views, the `gemini hosting` command, the importers and the demo loader all call these.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from gemini.core.bulk_saving import bulk_change, bulk_create, bulk_upsert, insert_statement
from gemini.core.history import bulk_update_with_history
from gemini.core.models import Organisation, User
from gemini.core.services import Outcome, upsert
from gemini.core.versioning import save_edit
from gemini.hosting import assessment
from gemini.hosting.engine.disposition import ApplicationFacts, Disposition, VmFacts, propose
from gemini.hosting.engine.grouping import Basis, ProposedGroup
from gemini.hosting.models import (
    Application,
    ApplicationShare,
    Dependency,
    ImportFinding,
    Milestone,
    PowerState,
    PriceList,
    Project,
    RvtoolsImport,
    VirtualMachine,
    WavePlan,
)
from gemini.hosting.rvtools import Export, Finding, VmRow

VM_FIELDS = (
    "vm_id",
    "vm_uuid",
    "power_state",
    "cpus",
    "memory_mib",
    "nics",
    "disks",
    "provisioned_mib",
    "in_use_mib",
    "datacenter",
    "cluster",
    "host",
    "folder",
    "os_config",
    "os_tools",
    "firmware",
    "annotation",
    "ip_addresses",
    "needs_data",
    "rvtools_cpu_usage",
    "rvtools_memory_usage",
    "disk_sizes_mib",
)


def shared_service() -> Organisation:
    """The organisation that runs the shared data centre: the first shared service."""
    organisation = Organisation.objects.filter(kind=Organisation.Kind.SHARED_SERVICE).first()
    if organisation is None:
        raise ValueError("There is no shared service organisation to hold the estate.")
    return organisation


class ImportRefusedError(ValueError):
    """An import that would mark too much of the estate disappeared, not confirmed."""


@dataclass(frozen=True)
class VmChange:
    name: str
    changes: tuple[str, ...]  # "CPUs 2 → 4", in the users' words


@dataclass(frozen=True)
class DispositionChange:
    application: str
    before: Disposition
    after: Disposition
    confirmed: bool  # a confirmed disposition stays; its proposal is what changes


@dataclass
class ImportCheck:
    """What an RVTools import would do to the estate; nothing is written to make it."""

    filename: str
    vms: int
    templates: int
    present_before: int
    appeared: list[str]
    changed: list[VmChange]
    disappeared: list[str]
    needs_data: list[tuple[str, str]]  # (VM, reason)
    dispositions: list[DispositionChange]
    findings: list[Finding]
    max_disappear_share: float
    _new: list[VmRow] = field(default_factory=list, repr=False)
    _updates: list[tuple[VirtualMachine, VmRow]] = field(default_factory=list, repr=False)
    _gone: list[VirtualMachine] = field(default_factory=list, repr=False)

    @property
    def unchanged(self) -> int:
        return self.vms - len(self.appeared) - len(self.changed)

    @property
    def disappear_share(self) -> float:
        return len(self.disappeared) / self.present_before if self.present_before else 0.0

    @property
    def needs_confirmation(self) -> bool:
        """More than the set share of the estate would be marked disappeared."""
        return self.disappear_share > self.max_disappear_share

    @property
    def refusal(self) -> str:
        return (
            f"This import would mark {len(self.disappeared)} of the {self.present_before} VMs "
            f"in the estate disappeared ({self.disappear_share:.0%}), more than the "
            f"{self.max_disappear_share:.0%} allowed without confirmation "
            "(GEMINI_HOSTING_MAX_DISAPPEAR_SHARE). Check that the file is a whole, current "
            "export; if those VMs really have gone, confirm that they disappear."
        )


_LABELS = {
    "name": "name",
    "power_state": "power state",
    "cpus": "CPUs",
    "memory_mib": "memory (MiB)",
    "provisioned_mib": "provisioned MiB",
    "in_use_mib": "in use MiB",
    "host": "host",
    "cluster": "cluster",
    "os_config": "OS (configuration file)",
    "os_tools": "OS (VMware Tools)",
    "needs_data": "needs data",
}


def check_rvtools(export: Export, filename: str, on: dt.date | None = None) -> ImportCheck:
    """What importing `export` would change: VMs that appear, change and disappear, and the
    applications whose disposition would change. Reads only; `import_rvtools` applies it."""
    on = on or timezone.localdate()
    existing = list(VirtualMachine.objects.all())
    by_uuid = {vm.vm_uuid: vm for vm in existing if vm.vm_uuid}
    by_id = {vm.vm_id: vm for vm in existing if vm.vm_id}
    by_name = {vm.name: vm for vm in existing}
    seen: set[int] = set()
    new: list[VmRow] = []
    updates: list[tuple[VirtualMachine, VmRow]] = []
    changed: list[VmChange] = []
    for row in export.vms:
        vm = (
            (by_uuid.get(row.vm_uuid) if row.vm_uuid else None)
            or (by_id.get(row.vm_id) if row.vm_id else None)
            or by_name.get(row.name)
        )
        if vm is None or vm.pk in seen:
            new.append(row)
            continue
        seen.add(vm.pk)
        updates.append((vm, row))
        values = _values(vm, row, on)
        differences = [k for k, v in values.items() if getattr(vm, k) != v]
        if differences:
            described = tuple(
                "back in the export"
                if k == "present"
                else f"{_LABELS.get(k, k.replace('_', ' '))} "
                f"{getattr(vm, k) or '–'} → {values[k] or '–'}"
                for k in differences
                if k != "powered_off_since"
            )
            changed.append(VmChange(row.name, described or ("powered off since",)))
    gone = [vm for vm in existing if vm.pk not in seen and vm.present]
    return ImportCheck(
        filename=filename,
        vms=len(export.vms),
        templates=export.templates,
        present_before=sum(1 for vm in existing if vm.present),
        appeared=sorted(row.name for row in new),
        changed=sorted(changed, key=lambda c: c.name),
        disappeared=sorted(vm.name for vm in gone),
        needs_data=[(row.name, row.needs_data) for row in export.vms if row.needs_data],
        dispositions=_disposition_changes(updates, gone, on),
        findings=list(export.findings),
        max_disappear_share=settings.GEMINI_HOSTING_MAX_DISAPPEAR_SHARE,
        _new=new,
        _updates=updates,
        _gone=gone,
    )


def _vm_facts(vm: VirtualMachine) -> VmFacts:
    return VmFacts(vm.name, vm.power_state != PowerState.OFF, vm.os_name, vm.powered_off_since)


def _disposition_changes(
    updates: list[tuple[VirtualMachine, VmRow]], gone: list[VirtualMachine], on: dt.date
) -> list[DispositionChange]:
    """The applications whose disposition (as `assessment.assess` gives it) would change."""
    from gemini.hosting.assessment import EXIT_DATE

    after: dict[int, VmFacts | None] = {vm.pk: None for vm in gone}
    for vm, row in updates:
        values = _values(vm, row, on)
        after[vm.pk] = VmFacts(
            row.name,
            row.power_state != PowerState.OFF,
            row.os_tools or row.os_config,
            values["powered_off_since"],
        )
    applications = list(Application.objects.select_related("organisation").prefetch_related("vms"))

    def facts(application: Application, future: bool) -> ApplicationFacts:
        vms: list[VmFacts] = []
        for vm in application.vms.all():
            if future and vm.pk in after:
                fact = after[vm.pk]
                if fact is not None:
                    vms.append(fact)
            elif vm.present:
                vms.append(_vm_facts(vm))
        return ApplicationFacts(
            application.name,
            application.organisation.code,
            application.product,
            application.users,
            application.saas_alternative,
            tuple(vms),
        )

    before = propose([facts(a, False) for a in applications], on, EXIT_DATE)
    future = propose([facts(a, True) for a in applications], on, EXIT_DATE)
    changes = []
    for application in applications:
        was, will = before[application.name].disposition, future[application.name].disposition
        if was != will:
            changes.append(
                DispositionChange(
                    application.name, was, will, bool(application.confirmed_disposition)
                )
            )
    return changes


def import_rvtools(
    export: Export,
    filename: str,
    user: User | None = None,
    on: dt.date | None = None,
    allow_disappear: bool = False,
) -> RvtoolsImport:
    """Take in an RVTools export: update VMs matched by VM UUID, VM ID or name, add new ones,
    mark the ones no longer in the export as disappeared; record the findings; mark the wave
    plans made before out of date if the estate changed.

    Raises ImportRefusedError, writing nothing, when it would mark more than
    GEMINI_HOSTING_MAX_DISAPPEAR_SHARE of the estate disappeared, unless `allow_disappear`."""
    on = on or timezone.localdate()
    with transaction.atomic():
        check = check_rvtools(export, filename, on)
        if check.needs_confirmation and not allow_disappear:
            raise ImportRefusedError(check.refusal)
        owner = shared_service()
        # In bulk, with their history (docs/adr/0005-bulk-saving.md); the reader
        # (rvtools.read_export) has made every value fit its field, as bulk_create relied on.
        new = _new_vms(check._new, owner.pk, on)
        changes: dict[int, dict[str, Any]] = {}
        for vm, row in check._updates:
            differences = {
                name: value
                for name, value in _values(vm, row, on).items()
                if getattr(vm, name) != value
            }
            if differences:
                changes[vm.pk] = differences
        changed = len(changes)
        gone = check._gone
        for vm in gone:
            changes[vm.pk] = {"present": False}
        if check._new:
            bulk_create(VirtualMachine, ["name"], new, user=user, validate=False)
        if changes:
            bulk_change(VirtualMachine, changes, user=user, validate=False)
        record = RvtoolsImport.objects.create(
            filename=filename[:255],
            imported_by=user,
            vms=len(export.vms),
            templates=export.templates,
            appeared=sorted(new["name"]),
            disappeared=sorted(vm.name for vm in gone),
            updated=changed,
        )
        ImportFinding.objects.bulk_create(
            ImportFinding(
                rvtools_import=record, sheet=f.sheet, row=f.row, what=f.what, vm=f.vm[:200]
            )
            for f in export.findings
        )
        if check._new or changed or gone:
            _mark_plans_out_of_date(
                f"The estate changed after it was made: {filename[:100]} was imported "
                f"({len(check._new)} VMs appeared, {changed} changed, {len(gone)} disappeared).",
                user,
            )
    return record


def _mark_plans_out_of_date(because: str, user: User | None) -> None:
    plans = list(WavePlan.objects.filter(out_of_date_since__isnull=True))
    now = timezone.now()
    for plan in plans:
        plan.out_of_date_since = now
        plan.out_of_date_because = because[:300]
    if plans:
        bulk_update_with_history(
            plans, WavePlan, ["out_of_date_since", "out_of_date_because"], default_user=user
        )


def _new_vms(rows: Sequence[VmRow], owner_pk: int, on: dt.date) -> dict[str, list[Any]]:
    """The columns of the VMs that first appear in an export, column by column."""
    columns: dict[str, list[Any]] = {
        "name": [row.name for row in rows],
        "organisation_id": [owner_pk] * len(rows),
        "powered_off_since": [on if row.power_state == PowerState.OFF else None for row in rows],
    }
    for name in VM_FIELDS:
        columns[name] = [getattr(row, name) for row in rows]
    return columns


def _values(vm: VirtualMachine, row: VmRow, on: dt.date) -> dict[str, Any]:
    """The stored values a VM takes from its export row."""
    values: dict[str, Any] = {name: getattr(row, name) for name in VM_FIELDS}
    values["name"] = row.name
    values["present"] = True
    if row.power_state == PowerState.OFF:
        values["powered_off_since"] = vm.powered_off_since or on
    else:
        values["powered_off_since"] = None
    return values


def save_vms_facts(
    facts: Mapping[str, tuple[Decimal | None, Decimal | None, Decimal | None, dt.date | None]],
) -> Outcome:
    """Utilisation (CPU, memory), annual on-premises cost and powered-off date for many VMs
    by name, saving only the VMs whose facts differ (one history row each)."""
    fields = (
        "cpu_utilisation",
        "memory_utilisation",
        "annual_on_premises_cost",
        "powered_off_since",
    )
    changed: list[VirtualMachine] = []
    with transaction.atomic():
        for vm in VirtualMachine.objects.filter(name__in=list(facts)):
            values = dict(zip(fields, facts[vm.name], strict=True))
            if values["powered_off_since"] is None:
                values["powered_off_since"] = vm.powered_off_since
            if any(getattr(vm, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(vm, k, v)
                for k in ("cpu_utilisation", "memory_utilisation"):
                    fraction = values[k]
                    if isinstance(fraction, Decimal) and not 0 <= fraction <= 1:
                        raise ValueError(f"{vm.name}: utilisation is a fraction from 0 to 1.")
                changed.append(vm)
        if changed:
            bulk_update_with_history(changed, VirtualMachine, list(fields), batch_size=500)
    return "updated" if changed else "unchanged"


def save_on_premises_costs(costs: Mapping[str, Decimal]) -> dict[str, Outcome]:
    """The annual on-premises cost of VMs, by name; saves only the VMs whose cost differs."""
    outcomes: dict[str, Outcome] = {}
    changed: list[VirtualMachine] = []
    with transaction.atomic():
        for vm in VirtualMachine.objects.filter(name__in=list(costs)):
            cost = costs[vm.name].quantize(Decimal("0.01"))
            if vm.annual_on_premises_cost == cost:
                outcomes[vm.name] = "unchanged"
                continue
            vm.annual_on_premises_cost = cost
            changed.append(vm)
            outcomes[vm.name] = "updated"
        if changed:
            bulk_update_with_history(
                changed, VirtualMachine, ["annual_on_premises_cost"], batch_size=500
            )
    return outcomes


def save_application(
    name: str,
    organisation: Organisation,
    criticality: str,
    vm_names: Sequence[str] = (),
    **values: Any,
) -> tuple[Application, Outcome]:
    """Create or update an application by name, with the VMs it runs on and its cost shares.

    Its VMs join its owner's estate (a VM used by applications of different owners stays with
    the shared service); its shares follow the allocation rule (docs/hosting.md)."""
    with transaction.atomic():
        application, outcome = upsert(
            Application,
            {"name": name},
            {"organisation": organisation, "criticality": criticality, **values},
        )
        vms = list(VirtualMachine.objects.filter(name__in=vm_names))
        current = set(application.vms.values_list("pk", flat=True))
        if current != {vm.pk for vm in vms}:
            application.vms.set(vms)
            outcome = "updated" if outcome == "unchanged" else outcome
        owners: dict[int, set[int]] = {}
        for vm_pk, owner_pk in Application.vms.through.objects.filter(
            virtualmachine__in=vms
        ).values_list("virtualmachine_id", "application__organisation_id"):
            owners.setdefault(vm_pk, set()).add(owner_pk)
        service = shared_service() if organisation.kind == Organisation.Kind.COUNCIL else None
        moved = []
        for vm in vms:
            wanted = organisation if owners.get(vm.pk) == {organisation.pk} else service
            wanted = wanted or organisation
            if vm.organisation_id != wanted.pk:
                vm.organisation = wanted
                moved.append(vm)
        if moved:
            bulk_update_with_history(moved, VirtualMachine, ["organisation"], batch_size=500)
        if set_shares(application, default_shares(organisation)):
            outcome = "updated" if outcome == "unchanged" else outcome
    return application, outcome


def default_shares(organisation: Organisation) -> dict[Organisation, Decimal]:
    """The allocation rule: all to the owning council; a shared application split equally
    between the councils the shared service serves."""
    if organisation.kind == Organisation.Kind.COUNCIL:
        return {organisation: Decimal(1)}
    councils = list(Organisation.objects.filter(kind=Organisation.Kind.COUNCIL))
    if not councils:
        return {}
    each = (Decimal(1) / len(councils)).quantize(Decimal("0.0001"))
    shares = dict.fromkeys(councils, each)
    shares[councils[0]] += Decimal(1) - each * len(councils)
    return shares


def set_shares(application: Application, shares: Mapping[Organisation, Decimal]) -> bool:
    """Set an application's cost shares; True if anything changed."""
    current = dict(application.shares.values_list("organisation_id", "fraction"))
    if current == {o.pk: f for o, f in shares.items()}:
        return False
    changed = False
    with transaction.atomic():
        for organisation, fraction in shares.items():
            _, outcome = upsert(
                ApplicationShare,
                {"application": application, "organisation": organisation},
                {"fraction": fraction},
            )
            changed = changed or outcome != "unchanged"
        stale = application.shares.exclude(organisation__in=list(shares))
        if stale.exists():
            for share in stale:
                share.delete()
            changed = True
    return changed


def save_dependency(
    source: Application, target: Application, kind: str
) -> tuple[Dependency, Outcome]:
    if source.pk == target.pk:
        raise ValueError("An application cannot depend on itself.")
    return upsert(Dependency, {"source": source, "target": target}, {"kind": kind})


def save_performance(
    facts: Mapping[str, tuple[Decimal, Decimal, int, int | None]], source: str
) -> dict[str, Outcome]:
    """Utilisation for sizing, by VM name: (CPU, memory) as fractions from 0 to 1 at the
    percentile given, over the days given (None: not stated), from `source` (an import
    kind). Saves only the VMs whose facts differ (one history row each)."""
    fields = (
        "cpu_utilisation",
        "memory_utilisation",
        "utilisation_percentile",
        "utilisation_days",
        "utilisation_source",
    )
    outcomes: dict[str, Outcome] = {}
    changed: list[VirtualMachine] = []
    with transaction.atomic():
        for vm in VirtualMachine.objects.filter(name__in=list(facts)):
            cpu, memory, percentile, days = facts[vm.name]
            for fraction in (cpu, memory):
                if not 0 <= fraction <= 1:
                    raise ValueError(f"{vm.name}: utilisation is a fraction from 0 to 1.")
            values = dict(zip(fields, (cpu, memory, percentile, days, source[:100]), strict=True))
            if all(getattr(vm, k) == v for k, v in values.items()):
                outcomes[vm.name] = "unchanged"
                continue
            for k, v in values.items():
                setattr(vm, k, v)
            changed.append(vm)
            outcomes[vm.name] = "updated"
        if changed:
            bulk_update_with_history(changed, VirtualMachine, list(fields), batch_size=500)
    return outcomes


def save_price_list(
    filename: str,
    items: Sequence[Mapping[str, str]],
    effective: dt.date,
    currency: str,
    region: str,
    user: User | None = None,
) -> PriceList:
    """Keep an imported price list (the items used, by the API's field names); it is in force
    from now, in place of the one before (which is kept, with its date)."""
    with transaction.atomic():
        return PriceList.objects.create(
            filename=filename[:255],
            imported_by=user,
            effective=effective,
            currency=currency,
            region=region,
            items=[dict(item) for item in items],
        )


def confirm_disposition(
    application: Application,
    expected_version: int,
    disposition: Disposition,
    note: str,
    user: User,
) -> Application:
    """A person confirms the proposed disposition or overrides it (StaleEditError if someone
    saved in between)."""
    return save_edit(
        application,
        expected_version,
        {
            "confirmed_disposition": disposition.value,
            "confirmation_note": note,
            "confirmed_by": user,
            "confirmed_at": timezone.now(),
        },
    )


def make_plan(
    user: User | None,
    start: dt.date,
    exit_date: dt.date = assessment.EXIT_DATE,
    wave_days: int = 28,
    max_vms_per_wave: int = 40,
    max_tb_per_wave: Decimal = Decimal(20),
) -> WavePlan:
    """Plan the waves for the whole estate and keep the plan with its parameters."""
    result = assessment.plan(start, exit_date, wave_days, max_vms_per_wave, max_tb_per_wave)
    result["findings"] = [*needs_data_findings(), *result["findings"]]
    with transaction.atomic():
        return WavePlan.objects.create(
            made_by=user,
            start=start,
            exit_date=exit_date,
            wave_days=wave_days,
            max_vms_per_wave=max_vms_per_wave,
            max_tb_per_wave=max_tb_per_wave,
            result=result,
        )


def needs_data_findings() -> list[dict[str, str]]:
    """A blocker in the wave plan for each application on a VM whose data is incomplete."""
    applications = (
        Application.objects.filter(vms__present=True, vms__needs_data__gt="")
        .distinct()
        .prefetch_related("vms")
    )
    findings = [
        {
            "application": application.name,
            "rule": "needs data",
            "message": f"{application.name} runs on {vm.name}, whose data is incomplete: "
            f"{vm.needs_data} It cannot be sized or moved until a newer RVTools export "
            "gives it.",
        }
        for application in applications
        for vm in application.vms.all()
        if vm.present and vm.needs_data
    ]
    return findings


def save_project(
    slug: str, name: str, order: int, purpose: str = "", contract_end: dt.date | None = None
) -> tuple[Project, Outcome]:
    return upsert(
        Project,
        {"slug": slug},
        {"name": name, "order": order, "purpose": purpose, "contract_end": contract_end},
    )


def save_milestone(
    project: Project, name: str, due: dt.date, status: str
) -> tuple[Milestone, Outcome]:
    return upsert(Milestone, {"project": project, "name": name}, {"due": due, "status": status})


class GroupingRefusedError(ValueError):
    """Accepted groups that cannot become applications; nothing was written."""


def accept_grouping(
    groups: Sequence[ProposedGroup],
    basis: Basis,
    organisation: Organisation,
    criticality: str,
    user: User | None,
) -> list[Application]:
    """Make each accepted group of VMs in no application an application of those VMs, owned by
    `organisation` (its shares by the allocation rule), all or nothing, recorded in the audit
    history with who accepted it and on what basis (docs/hosting.md, "VMs in no application").

    Refused (GroupingRefusedError, nothing written) when a name is already an application's,
    or a VM has since joined an application or left the estate."""
    if not groups:
        raise GroupingRefusedError("Select at least one group to accept.")
    names = [group.name for group in groups]
    wanted = [vm for group in groups for vm in group.vms]
    with transaction.atomic():
        taken = sorted(Application.objects.filter(name__in=names).values_list("name", flat=True))
        if taken or len(set(names)) != len(names):
            repeated = taken or sorted({n for n in names if names.count(n) > 1})
            raise GroupingRefusedError(
                f"An application is already called {', '.join(repeated)}: nothing was accepted."
            )
        loose = set(
            VirtualMachine.objects.filter(
                name__in=wanted, present=True, applications__isnull=True
            ).values_list("name", flat=True)
        )
        gone = sorted(set(wanted) - loose)
        if gone or len(set(wanted)) != len(wanted):
            raise GroupingRefusedError(
                "These VMs are no longer in no application (or no longer in the estate): "
                f"{', '.join(gone[:20]) or 'a VM in two groups'}. Reload the page: nothing was "
                "accepted."
            )
        made = []
        for group in groups:
            application = Application(
                name=group.name, organisation=organisation, criticality=criticality
            )
            application._history_user = user  # type: ignore[attr-defined]
            reason = (
                "Accepted from the proposed grouping of VMs in no application by "
                f"{basis.label.lower()} “{group.key}”"
            )
            application._change_reason = reason[:100]  # type: ignore[attr-defined]
            application.full_clean()
            application.save()
            saved, _ = save_application(group.name, organisation, criticality, group.vms)
            made.append(saved)
    return made


@dataclass(frozen=True)
class ApplicationRecord:
    """One application as an import gives it: what `save_application` takes."""

    name: str
    organisation: Organisation
    criticality: str
    vm_names: tuple[str, ...]
    values: Mapping[str, Any]


def save_applications(
    records: Sequence[ApplicationRecord],
    progress: Callable[[int, int], None] | None = None,
) -> list[Outcome]:
    """`save_application` for many applications at once, in bulk (docs/adr/0005-bulk-saving.md):
    the applications, the VMs they run on, the VMs' owners and the cost shares, each written in
    a few queries with its history. The outcomes come back in the records' order.

    A VM's owner is worked out once every application is saved: the council that owns every
    application on it, or else the shared service (docs/hosting.md)."""
    with transaction.atomic():
        saved = bulk_upsert(
            Application,
            ["name"],
            [
                {
                    "name": record.name,
                    "organisation_id": record.organisation.pk,
                    "criticality": record.criticality,
                    **record.values,
                }
                for record in records
            ],
            progress=progress,
        )
        outcomes = list(saved.outcomes)
        position_of = {pk: position for position, pk in enumerate(saved.pks)}
        through = Application.vms.through
        vm_pk = dict(VirtualMachine.objects.values_list("name", "pk"))
        current: dict[int, dict[int, int]] = {}  # application -> VM -> link row
        ours = set(saved.pks)
        for link, application_id, vm_id in _rows_of(
            through.objects, "application_id", ours
        ).values_list("pk", "application_id", "virtualmachine_id"):
            if application_id in ours:
                current.setdefault(application_id, {})[vm_id] = link
        stale_links: list[int] = []
        new_links: list[tuple[int, int]] = []
        touched: set[int] = set()
        for record, pk in zip(records, saved.pks, strict=True):
            wanted = {vm_pk[name] for name in record.vm_names if name in vm_pk}
            touched |= wanted
            have = current.get(pk, {})
            if set(have) == wanted:
                continue
            stale_links.extend(link for vm_id, link in have.items() if vm_id not in wanted)
            new_links.extend((pk, vm_id) for vm_id in sorted(wanted - set(have)))
            if outcomes[position_of[pk]] == "unchanged":
                outcomes[position_of[pk]] = "updated"
        for start in range(0, len(stale_links), 1000):
            through.objects.filter(pk__in=stale_links[start : start + 1000]).delete()
        if new_links:
            insert = insert_statement(
                connection, through._meta.db_table, ["application_id", "virtualmachine_id"]
            )
            with connection.cursor() as cursor:
                cursor.executemany(insert, new_links)
        _set_owners_of(touched)
        for pk in _set_default_shares(saved.pks):
            if outcomes[position_of[pk]] == "unchanged":
                outcomes[position_of[pk]] = "updated"
    return outcomes


def _rows_of(manager: Any, column: str, pks: set[int]) -> Any:
    """The rows whose `column` is among `pks`, or, for many, every row (the caller keeps
    those it wants): an IN of thousands of values costs more to build than reading the
    table."""
    return manager.filter(**{f"{column}__in": pks}) if len(pks) <= 1_000 else manager.all()


def _set_owners_of(vm_pks: set[int]) -> None:
    """Give each VM the council owning every application on it, or else the shared service."""
    if not vm_pks:
        return
    owners: dict[int, set[int]] = {}
    for vm_id, owner_id in _rows_of(
        Application.vms.through.objects, "virtualmachine_id", vm_pks
    ).values_list("virtualmachine_id", "application__organisation_id"):
        if vm_id in vm_pks:
            owners.setdefault(vm_id, set()).add(owner_id)
    service: Organisation | None = None
    moved: dict[int, dict[str, Any]] = {}
    for vm_id, organisation_id in _rows_of(VirtualMachine.objects, "pk", vm_pks).values_list(
        "pk", "organisation_id"
    ):
        if vm_id not in vm_pks:
            continue
        held_by = owners.get(vm_id, set())
        if len(held_by) == 1:  # one owner: a council, or the shared service itself
            wanted = next(iter(held_by))
        else:
            service = service or shared_service()
            wanted = service.pk
        if organisation_id != wanted:
            moved[vm_id] = {"organisation_id": wanted}
    if moved:
        bulk_change(VirtualMachine, moved)


def _set_default_shares(application_pks: Sequence[int]) -> set[int]:
    """The allocation rule's shares for each application (`default_shares`); the applications
    whose shares changed."""
    organisations = {o.pk: o for o in Organisation.objects.all()}
    ours = set(application_pks)
    owner_of = dict(_rows_of(Application.objects, "pk", ours).values_list("pk", "organisation_id"))
    current: dict[int, dict[int, Decimal]] = {}
    share_pk: dict[tuple[int, int], int] = {}
    for pk, application_id, organisation_id, fraction in _rows_of(
        ApplicationShare.objects, "application_id", ours
    ).values_list("pk", "application_id", "organisation_id", "fraction"):
        if application_id not in ours:
            continue
        current.setdefault(application_id, {})[organisation_id] = fraction
        share_pk[application_id, organisation_id] = pk
    rule: dict[int, dict[int, Decimal]] = {}
    rows: list[dict[str, Any]] = []
    stale: list[int] = []
    changed: set[int] = set()
    for application_id in application_pks:
        owner = organisations[owner_of[application_id]]
        if owner.pk not in rule:
            rule[owner.pk] = {o.pk: f for o, f in default_shares(owner).items()}
        wanted = rule[owner.pk]
        have = current.get(application_id, {})
        if have == wanted:
            continue
        changed.add(application_id)
        rows.extend(
            {"application_id": application_id, "organisation_id": o, "fraction": f}
            for o, f in wanted.items()
        )
        stale.extend(share_pk[application_id, o] for o in have if o not in wanted)
    bulk_upsert(ApplicationShare, ["application_id", "organisation_id"], rows)
    if stale:
        ApplicationShare.objects.filter(pk__in=stale).delete()
    return changed
