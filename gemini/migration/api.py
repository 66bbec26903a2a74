"""The migration API, at /api/v1/migration/ (docs/migration.md, "API").

Through the same access layer as the pages (gemini/migration/access.py):

- progress figures (people per wave and how many finished each phase) need VIEW_MIGRATION,
  which every role holds: no name or address;
- identities are people, so they, their statuses and devices, the settings and the plan need
  MANAGE_MIGRATION (the technical lead and the programme office), scoped to the organisations
  it reaches.

The one write sets a person's state for a workload, as the `migration-status` import does, from
the version of that status the caller read (`services.update_status`; 409 if it has changed).
The schemas are in gemini/migration/schemas.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.db.models import Q
from django.http import Http404, HttpRequest
from ninja import Body, Path, Query, Router
from ninja.errors import HttpError
from pydantic import Field

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.api_access import allowed
from gemini.core.asat import today
from gemini.migration import access as migration_access
from gemini.migration import figures, services
from gemini.migration import models as m
from gemini.migration import schemas as out

router = Router(tags=["migration"])

Offset = Annotated[int, Field(default=0, ge=0, le=1_000_000, description="Items to skip.")]
Limit = Annotated[int, Field(default=100, ge=1, le=500, description="Items to return.")]
Search = Annotated[
    str | None,
    Field(
        default=None,
        min_length=1,
        max_length=200,
        pattern=r"^[^\x00]*$",
        description="Part of an address, a name or a department.",
    ),
]
AsAt = Annotated[
    dt.date | None,
    Field(
        default=None,
        description="The day the figures are true at, YYYY-MM-DD (default today).",
    ),
]
WaveNumber = Annotated[
    int | None,
    Field(default=None, ge=1, le=1_000_000, description="People placed in this wave number."),
]


def _manager(request: HttpRequest) -> None:
    access.require(request.user, Permission.MANAGE_MIGRATION)


@router.get(
    "/progress",
    response={200: out.MigrationProgress, **out.READ_ERRORS},
    url_name="migration-progress",
    summary="People per wave of the current plan and how many have finished each phase",
)
def progress(request: HttpRequest, as_at: Query[AsAt] = None) -> out.MigrationProgress:
    """Progress as recorded at the end of `as_at` (YYYY-MM-DD; default today), for the latest
    plan made by then (migration.figures.progress)."""
    return out.progress_out(figures.progress(as_at or today(), request.user))


@router.get(
    "/settings",
    response={200: out.MigrationSettings, **out.READ_ERRORS},
    url_name="migration-settings",
    summary="The move's tenants, the rule for new addresses and the planner's limits",
)
def settings(request: HttpRequest) -> out.MigrationSettings:
    _manager(request)
    record = services.current_settings()
    if record is None:
        raise Http404("The migration has not been set up yet.")
    return out.settings_out(record)


@router.get(
    "/plan",
    response={200: out.MigrationPlan, **out.READ_ERRORS},
    url_name="migration-plan",
    summary="The current wave plan: its parameters, waves and findings",
)
def plan(request: HttpRequest) -> out.MigrationPlan:
    _manager(request)
    current = services.current_plan()
    if current is None:
        raise Http404("The waves have not been planned yet.")
    return out.plan_out(current)


@router.get(
    "/identities",
    response={200: out.MigrationIdentities, **out.READ_ERRORS},
    url_name="migration-identities",
    summary="The people and shared mailboxes in the source tenant, a page at a time",
)
def identities(
    request: HttpRequest,
    q: Query[Search] = None,
    wave: Query[WaveNumber] = None,
    offset: Query[Offset] = 0,
    limit: Query[Limit] = 100,
) -> out.MigrationIdentities:
    _manager(request)
    found = migration_access.identities_for(request.user).select_related("organisation")
    if q:
        found = found.filter(
            Q(user_principal_name__icontains=q)
            | Q(display_name__icontains=q)
            | Q(department__icontains=q)
        )
    if wave is not None:
        found = found.filter(
            placements__plan=services.current_plan(), placements__wave__number=wave
        )
    found = found.order_by("user_principal_name")
    return out.MigrationIdentities(
        count=found.count(),
        items=[
            out.MigrationIdentity(**out.identity_fields(i)) for i in found[offset : offset + limit]
        ],
    )


def _identity(request: HttpRequest, identity_id: int) -> m.Identity:
    _manager(request)
    return access.get_or_404(
        migration_access.identities_for(request.user).select_related("organisation"),
        pk=identity_id,
    )


@router.get(
    "/identities/{identity_id}",
    response={200: out.MigrationIdentityDetail, **out.READ_ERRORS},
    url_name="migration-identity",
    summary="One person: addresses, wave and why, each workload's status, devices, rights",
)
def identity(request: HttpRequest, identity_id: int) -> out.MigrationIdentityDetail:
    record = _identity(request, identity_id)
    current = services.current_plan()
    placement = (
        m.Placement.objects.filter(plan=current, identity=record).select_related("wave").first()
        if current
        else None
    )
    rights = [
        out.MigrationRight(
            mailbox=p.mailbox.user_principal_name, user=p.user.user_principal_name, right=p.right
        )
        for p in m.MailboxPermission.objects.filter(Q(mailbox=record) | Q(user=record))
        .select_related("mailbox", "user")
        .order_by("mailbox__user_principal_name", "user__user_principal_name", "right")
    ]
    return out.MigrationIdentityDetail(
        **out.identity_fields(record),
        given_name=record.given_name,
        surname=record.surname,
        mail=record.mail,
        placement=out.MigrationPlacement(
            wave=placement.wave.name if placement.wave else None,
            cutover=placement.wave.cutover if placement.wave else None,
            move_group=placement.move_group,
            group_size=placement.group_size,
            reason=placement.reason,
        )
        if placement
        else None,
        statuses=out.every_status(record),
        devices=[out.device_out(d) for d in record.devices.select_related("primary_user")],
        rights=rights,
    )


@router.get(
    "/statuses",
    response={200: out.MigrationStatuses, **out.READ_ERRORS},
    url_name="migration-statuses",
    summary="Each person's recorded state per workload, a page at a time",
)
def statuses(
    request: HttpRequest,
    workload: Query[out.WorkloadName | None] = None,
    state: Query[out.StateName | None] = None,
    offset: Query[Offset] = 0,
    limit: Query[Limit] = 100,
) -> out.MigrationStatuses:
    _manager(request)
    found = migration_access.statuses_for(request.user).select_related("identity")
    if workload is not None:
        found = found.filter(workload=workload)
    if state is not None:
        found = found.filter(state=state)
    found = found.order_by("identity__user_principal_name", "workload")
    return out.MigrationStatuses(
        count=found.count(),
        items=[
            out.status_out(s.identity.user_principal_name, s)
            for s in found[offset : offset + limit]
        ],
    )


@router.get(
    "/devices",
    response={200: out.MigrationDevices, **out.READ_ERRORS},
    url_name="migration-devices",
    summary="The devices that move with their people, a page at a time",
)
def devices(
    request: HttpRequest, offset: Query[Offset] = 0, limit: Query[Limit] = 100
) -> out.MigrationDevices:
    _manager(request)
    found = migration_access.devices_for(request.user).select_related("primary_user")
    found = found.order_by("name")
    return out.MigrationDevices(
        count=found.count(), items=[out.device_out(d) for d in found[offset : offset + limit]]
    )


@router.put(
    "/identities/{identity_id}/statuses/{workload}",
    response={
        200: out.MigrationStatus,
        403: out.MigrationError,
        404: out.MigrationError,
        409: out.MigrationStale,
        422: out.MigrationInvalid,
    },
    url_name="migration-set-status",
    auth=allowed(Permission.MANAGE_MIGRATION),
    summary="Set a person's state for one workload, as of now",
    description="Only the technical lead and the programme office (MANAGE_MIGRATION), for "
    "people in their scope. Send the status's `version` as read (0 if it was not recorded "
    "yet): if it has changed since, the answer is 409 with the current version and nothing "
    "is saved. Every state is kept in the status's history.",
)
def set_status(
    request: HttpRequest,
    identity_id: int,
    workload: Path[out.WorkloadName],
    payload: Body[out.MigrationStatusUpdate],
) -> out.MigrationStatus:
    record = _identity(request, identity_id)
    if problem := services.status_problem(record, workload, payload.state):
        raise HttpError(422, problem)
    saved = services.update_status(
        record, workload, payload.version, payload.state, payload.problem, payload.note
    )
    return out.status_out(record.user_principal_name, saved)
