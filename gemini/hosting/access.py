"""The hosting app's access rules, built on the one access layer (gemini.core.access).

The estate is security-sensitive: it needs VIEW_HOSTING, which officers hold and members and
union representatives do not. Each person sees the applications whose cost their organisations
share (a council's own, and the shared ones), the VMs of their organisations' estate and of
those applications, and their councils' bills. A role at the shared service reaches every
organisation (gemini.core.access.organisations_for).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from gemini.core import access
from gemini.core.access import AnyUser, Permission
from gemini.core.models import Organisation
from gemini.hosting.models import (
    Application,
    ApplicationShare,
    Dependency,
    ImportFinding,
    RvtoolsImport,
    VirtualMachine,
    WavePlan,
)


def applications_for(user: AnyUser) -> QuerySet[Application]:
    access.require(user, Permission.VIEW_HOSTING)
    shares = access.scoped(
        ApplicationShare.objects.all(), user, Permission.VIEW_HOSTING, via="organisation"
    )
    return Application.objects.filter(pk__in=shares.values("application")).select_related(
        "organisation"
    )


def vms_for(user: AnyUser) -> QuerySet[VirtualMachine]:
    access.require(user, Permission.VIEW_HOSTING)
    own = access.scoped(
        VirtualMachine.objects.all(), user, Permission.VIEW_HOSTING, via="organisation"
    )
    through = Application.vms.through.objects.filter(application__in=applications_for(user))
    return VirtualMachine.objects.filter(
        Q(pk__in=own.values("pk")) | Q(pk__in=through.values("virtualmachine"))
    ).select_related("organisation")


def dependencies_for(user: AnyUser) -> QuerySet[Dependency]:
    """Dependencies between applications the user may see (both ends)."""
    visible = applications_for(user)
    return Dependency.objects.filter(source__in=visible, target__in=visible).select_related(
        "source", "target"
    )


def councils_for(user: AnyUser) -> list[str]:
    """The councils whose bill the user may see."""
    return list(
        access.organisations_for(user, Permission.VIEW_HOSTING)
        .filter(kind=Organisation.Kind.COUNCIL)
        .values_list("code", flat=True)
    )


def findings_for(user: AnyUser, record: RvtoolsImport) -> QuerySet[ImportFinding]:
    """An import's findings: all of them for someone whose scope reaches every organisation;
    otherwise those about VMs the person may see, and those about no VM in particular."""
    access.require(user, Permission.VIEW_HOSTING)
    findings = record.findings.all()
    reached = access.organisations_for(user, Permission.VIEW_HOSTING).count()
    if reached == Organisation.objects.count():
        return findings
    return findings.filter(Q(vm="") | Q(vm__in=vms_for(user).values("name")))


def visible_plan(
    plan: WavePlan | None, names: set[str], vm_names: set[str] | None = None
) -> dict[str, Any] | None:
    """The plan cut to the applications the person may see, and to the VMs in no application
    among `vm_names` (none if not given)."""
    if plan is None:
        return None
    result = plan.result
    waves = [
        {
            **wave,
            "applications": [a for a in wave["applications"] if a in names],
            "unassigned_vms": [v for v in wave.get("unassigned_vms", []) if v in (vm_names or ())],
        }
        for wave in result.get("waves", [])
    ]
    return {
        "plan": plan,
        "waves": [
            {
                **wave,
                "start": dt.date.fromisoformat(wave["start"]),
                "end": dt.date.fromisoformat(wave["end"]),
            }
            for wave in waves
        ],
        "move_groups": [g for g in result.get("move_groups", []) if set(g) & names],
        "findings": [f for f in result.get("findings", []) if f["application"] in names],
        "exit": _exit_dates(result.get("exit")),  # figures of the whole estate: no names
        "unassigned": result.get("unassigned"),
    }


def _exit_dates(exit_capacity: dict[str, Any] | None) -> dict[str, Any] | None:
    if exit_capacity is None:
        return None
    return {
        **exit_capacity,
        "exit_date": dt.date.fromisoformat(exit_capacity["exit_date"]),
        "last_end": dt.date.fromisoformat(exit_capacity["last_end"])
        if exit_capacity["last_end"]
        else None,
    }
