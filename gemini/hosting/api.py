"""The hosting API, at /api/v1/hosting/ (docs/hosting.md, "API").

The estate is security-sensitive: every route needs VIEW_HOSTING (officers; never a member or
union representative), and shows each person the applications whose cost their organisations
share, the VMs of their organisations' estate and of those applications, and their councils'
bills (gemini/hosting/access.py). Proposals, sizing and costs come from
gemini/hosting/assessment.py, the same reads as the pages.

The one write is a named person's confirmation or override of the proposed disposition (the
7 Rs), with a reason and the `version` read (`services.confirm_disposition`; MANAGE_HOSTING).
The schemas are in gemini/hosting/schemas.py.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Body, Router

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.api_access import allowed
from gemini.core.models import User
from gemini.hosting import access as hosting_access
from gemini.hosting import assessment, figures, price_list, services
from gemini.hosting import schemas as out
from gemini.hosting.engine.disposition import Disposition
from gemini.hosting.models import (
    Application,
    Dependency,
)

router = Router(tags=["hosting"])


def _visible_names(request: HttpRequest) -> set[str]:
    return set(hosting_access.applications_for(request.user).values_list("name", flat=True))


@router.get(
    "/estate",
    response={200: out.HostingEstate, **out.READ_ERRORS},
    url_name="hosting-estate",
    summary="The estate's figures, support status, dispositions and each council's bill",
)
def estate(request: HttpRequest) -> out.HostingEstate:
    day = timezone.localdate()
    found = figures.estate(day, request.user)
    costs = figures.costs(day, request.user, found.reach)
    latest = found.latest_import
    return out.HostingEstate(
        vms=found.counts.vms,
        powered_on=found.counts.powered_on,
        powered_off=found.counts.powered_off,
        vcpus=found.counts.vcpus,
        memory_mib=found.counts.memory_mib,
        provisioned_mib=found.counts.provisioned_mib,
        in_use_mib=found.counts.in_use_mib,
        support=found.support,
        applications=found.applications,
        dispositions=costs.dispositions if costs else {},
        bills=[out.bill_out(bill) for bill in costs.bills] if costs else [],
        exit_date=found.exit_date,
        readiness=out.HostingReadinessCounts(**found.readiness),
        unassigned_vms=found.unassigned_vms or 0,
        latest_import=out.HostingImport(
            filename=latest.filename,
            imported_at=latest.imported_at,
            vms=latest.vms,
            templates=latest.templates,
            appeared=latest.appeared,
            disappeared=latest.disappeared,
            updated=latest.updated,
            findings=latest.findings,
        )
        if latest
        else None,
    )


@router.get(
    "/vms",
    response={200: list[out.HostingVm], **out.READ_ERRORS},
    url_name="hosting-vms",
    summary="The VMs in the latest RVTools export, with support status and cloud sizing",
)
def vms(request: HttpRequest) -> list[out.HostingVm]:
    records = list(
        hosting_access.vms_for(request.user)
        .filter(present=True)
        .prefetch_related("applications")
        .order_by("name")
    )
    today = timezone.localdate()
    assessed = price_list.assess_vms(records)
    return [
        out.vm_out(
            vm,
            assessment.support_of(vm, today),
            assessed[vm.name].sizing,
            assessed[vm.name].price,
            assessment.readiness_of(vm, today),
        )
        for vm in records
    ]


@router.get(
    "/readiness",
    response={200: out.HostingReadiness, **out.READ_ERRORS},
    url_name="hosting-readiness",
    summary="Each VM's Azure readiness with the reasons, and the counts by category",
    description='Azure Migrate\'s four categories (docs/hosting.md, "Azure readiness"), '
    "judged on `on` (YYYY-MM-DD; default today; the exit date looks ahead). `counts` has "
    "`ready`, `conditionally_ready`, `not_ready` and `unknown`, adding up to the VMs listed: "
    "the present VMs the reader may see.",
)
def readiness(request: HttpRequest, on: dt.date | None = None) -> out.HostingReadiness:
    found = figures.readiness(on or timezone.localdate(), request.user)
    return out.HostingReadiness(
        on=found.as_at,
        counts=out.HostingReadinessCounts(**found.counts),
        vms=[
            out.HostingReadinessVm(vm=r.vm, category=r.readiness.value, reasons=list(r.reasons))
            for r in found.vms
        ],
    )


@router.get(
    "/applications",
    response={200: list[out.HostingApplication], **out.READ_ERRORS},
    url_name="hosting-applications",
    summary="Applications with the proposed 7 R and why, the disposition in force and costs",
)
def applications(request: HttpRequest) -> list[out.HostingApplication]:
    records = hosting_access.applications_for(request.user).select_related("confirmed_by")
    result = assessment.assess()
    return [
        out.HostingApplication(**out.application_fields(a, result.applications[a.name]))
        for a in records.prefetch_related("shares__organisation", "vms")
    ]


def _detail(request: HttpRequest, record: Application) -> out.HostingApplicationDetail:
    item = assessment.assess().applications[record.name]
    dependencies = hosting_access.dependencies_for(request.user)
    return out.HostingApplicationDetail(
        **out.application_fields(record, item),
        needs=[_dependency(d) for d in dependencies.filter(source=record)],
        needed_by=[_dependency(d) for d in dependencies.filter(target=record)],
    )


def _dependency(d: Dependency) -> out.HostingDependency:
    return out.HostingDependency(source=d.source.name, target=d.target.name, kind=d.kind)


@router.get(
    "/applications/{application_id}",
    response={200: out.HostingApplicationDetail, **out.READ_ERRORS},
    url_name="hosting-application",
    summary="One application: proposal and reasons, disposition, costs, VMs and dependencies",
)
def application(request: HttpRequest, application_id: int) -> out.HostingApplicationDetail:
    record = access.get_or_404(
        hosting_access.applications_for(request.user).select_related("confirmed_by"),
        pk=application_id,
    )
    return _detail(request, record)


@router.put(
    "/applications/{application_id}/disposition",
    response={
        200: out.HostingApplicationDetail,
        403: out.HostingError,
        404: out.HostingError,
        409: out.HostingStale,
        422: out.HostingInvalid,
    },
    url_name="hosting-confirm",
    auth=allowed(Permission.MANAGE_HOSTING),
    summary="Confirm the proposed disposition (7 R), or override it, with the reason",
    description="Only the technical lead and the programme office (MANAGE_HOSTING), for "
    "applications in their scope. The reason is always required, and recorded with your name "
    "and the time. Send the application's `version` as read: if someone saved in between, "
    "the answer is 409 with the current version and nothing is saved.",
)
def confirm(
    request: HttpRequest, application_id: int, payload: Body[out.HostingConfirmation]
) -> out.HostingApplicationDetail:
    access.require(request.user, Permission.MANAGE_HOSTING)
    record = access.get_or_404(hosting_access.applications_for(request.user), pk=application_id)
    user: User = request.user  # type: ignore[assignment]
    saved = services.confirm_disposition(
        record, payload.version, Disposition(payload.disposition), payload.reason.strip(), user
    )
    return _detail(request, saved)


@router.get(
    "/dependencies",
    response={200: list[out.HostingDependency], **out.READ_ERRORS},
    url_name="hosting-dependencies",
    summary="Which application needs which (both ends visible to the reader)",
)
def dependencies(request: HttpRequest) -> list[out.HostingDependency]:
    return [_dependency(d) for d in hosting_access.dependencies_for(request.user)]


@router.get(
    "/plan",
    response={200: out.HostingPlan, **out.READ_ERRORS},
    url_name="hosting-plan",
    summary="The latest wave plan, cut to the applications the reader may see",
)
def plan(request: HttpRequest) -> out.HostingPlan:
    found = figures.plan(timezone.localdate(), request.user)
    if found is None:
        raise Http404("No wave plan has been made yet.")
    made = found.plan
    return out.HostingPlan(
        made_at=made.made_at,
        made_by=found.made_by,
        start=made.start,
        exit_date=made.exit_date,
        wave_days=made.wave_days,
        max_vms_per_wave=made.max_vms_per_wave,
        max_tb_per_wave=format(made.max_tb_per_wave, "f"),
        waves=[
            out.HostingWave(
                name=w["name"],
                start=w["start"],
                end=w["end"],
                vms=w["vms"],
                storage_tb=str(w["storage_tb"]),
                applications=list(w["applications"]),
            )
            for w in found.waves
        ],
        move_groups=[list(group) for group in found.move_groups],
        findings=[out.HostingPlanFinding(**f) for f in found.findings],
        out_of_date=found.out_of_date,
        out_of_date_because=found.out_of_date_because or None,
        exit=out.HostingExitCapacity(**found.exit) if found.exit else None,
        unassigned=out.HostingUnassigned(**found.unassigned) if found.unassigned else None,
    )


@router.get(
    "/catalogue",
    response={200: list[out.HostingCloudSize], **out.READ_ERRORS},
    url_name="hosting-catalogue",
    summary="The cloud sizes used for right-sizing, with the dated prices of the price list in "
    "force (illustrative: true for the bundled list)",
)
def catalogue(request: HttpRequest) -> list[out.HostingCloudSize]:
    access.require(request.user, Permission.VIEW_HOSTING)
    prices = price_list.in_force()
    return [
        out.HostingCloudSize(
            name=s.name,
            vcpus=s.vcpus,
            memory_gib=format(s.memory_gib, "f"),
            max_disks=s.max_disks,
            price_per_hour=format(s.price_per_hour, "f"),
            currency=s.currency,
            region=s.region,
            price_date=s.price_date,
            illustrative=prices.illustrative,
        )
        for s in price_list.catalogue(prices)
        if s.price_date is not None
    ]


@router.get(
    "/projects",
    response={200: list[out.HostingProject], **out.READ_ERRORS},
    url_name="hosting-projects",
    summary="The Phase 2 projects and their milestones",
)
def projects(request: HttpRequest) -> list[out.HostingProject]:
    access.require(request.user, Permission.VIEW_HOSTING)
    return [
        out.HostingProject(
            slug=p.slug,
            name=p.name,
            purpose=p.purpose,
            contract_end=p.contract_end,
            milestones=[
                out.HostingMilestone(name=ms.name, due=ms.due, status=ms.status)
                for ms in p.milestones
            ],
        )
        for p in figures.projects(timezone.localdate())
    ]
