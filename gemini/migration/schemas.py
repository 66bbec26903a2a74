"""The migration API's schemas (gemini/migration/api.py), and the functions that turn records
into them.

Identities are people: only the schemas under "people" carry names and addresses, and only
routes that need MANAGE_MIGRATION use them. Sizes in GB are decimal strings, never floats.
Schema names start with `Migration` because every app's schemas share one OpenAPI namespace.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field

from gemini.core.schemas import InputSchema
from gemini.migration import figures
from gemini.migration import models as m

Number = Annotated[str, Field(pattern=r"^-?\d+(\.\d+)?$", examples=["12.50"])]
WorkloadName = Literal["mail", "onedrive", "teams", "sharepoint", "account", "device"]
StateName = Literal[
    "not_started",
    "scheduled",
    "in_progress",
    "completed",
    "failed",
    "not_applicable",
    "rolled_back",
]
ProblemName = Literal[
    "", "hold", "onedrive_exists", "path_too_long", "apostrophe", "warnings", "other"
]


def number(value: Decimal) -> str:
    return format(value, "f")


class MigrationError(Schema):
    detail: str


class MigrationStale(Schema):
    detail: str
    current_version: int


class MigrationInvalid(Schema):
    detail: str | list[dict[str, Any]]
    errors: dict[str, list[str]] | None = None


READ_ERRORS: dict[int, type[Schema]] = {403: MigrationError, 404: MigrationError}


# --- progress figures (VIEW_MIGRATION: no names) --------------------------------------------


class MigrationWaveProgress(Schema):
    number: int
    name: str
    kind: str
    submit_by: dt.date
    cutover: dt.date
    users: int
    phase_1_done: int = Field(
        description="People whose mail, OneDrive, Teams and SharePoint moved."
    )
    phase_2_done: int = Field(description="People whose account and device moved.")


class MigrationProgress(Schema):
    as_at: dt.date = Field(description="The day the figures are true at (the end of it).")
    planned_at: dt.datetime | None = Field(
        description="When the latest plan made by that day was made."
    )
    users: int
    phase_1_done: int
    phase_2_done: int
    devices: int
    waves: list[MigrationWaveProgress]


def progress_out(found: figures.Progress) -> MigrationProgress:
    return MigrationProgress(
        as_at=found.as_at,
        planned_at=found.planned_at,
        users=found.users,
        phase_1_done=found.phase_1,
        phase_2_done=found.phase_2,
        devices=found.devices,
        waves=[
            MigrationWaveProgress(
                number=w.number,
                name=w.name,
                kind=w.kind,
                submit_by=w.submit_by,
                cutover=w.cutover,
                users=w.users,
                phase_1_done=w.phase_1,
                phase_2_done=w.phase_2,
            )
            for w in found.waves
        ],
    )


# --- the move's settings and plan (MANAGE_MIGRATION) ----------------------------------------


class MigrationSettings(Schema):
    moving_organisation: str
    source_tenant_name: str
    target_tenant_name: str
    source_tenant_id: str
    target_domain: str
    max_users: int
    max_gb: Number
    pilot_users: int
    start: dt.date | None
    submit_lead_days: int
    wave_interval_working_days: int
    version: int


def settings_out(record: m.MigrationSettings) -> MigrationSettings:
    return MigrationSettings(
        moving_organisation=record.moving_organisation.code,
        source_tenant_name=record.source_tenant_name,
        target_tenant_name=record.target_tenant_name,
        source_tenant_id=record.source_tenant_id,
        target_domain=record.target_domain,
        max_users=record.max_users,
        max_gb=number(record.max_gb),
        pilot_users=record.pilot_users,
        start=record.start,
        submit_lead_days=record.submit_lead_days,
        wave_interval_working_days=record.wave_interval_working_days,
        version=record.version,
    )


class MigrationWave(Schema):
    id: int
    number: int
    name: str
    kind: str
    submit_by: dt.date
    cutover: dt.date
    users: int
    gb: Number
    reason: str


class MigrationFinding(Schema):
    kind: str
    detail: str
    users: list[str] = Field(description="The addresses of the people it concerns.")


class MigrationPlan(Schema):
    id: int
    created_at: dt.datetime
    created_by: str | None
    max_users: int
    max_gb: Number
    pilot_users: int
    start: dt.date
    submit_lead_days: int
    wave_interval_working_days: int
    identities: int
    move_groups: int
    unplaced: int
    waves: list[MigrationWave]
    findings: list[MigrationFinding]


def plan_out(plan: m.Plan) -> MigrationPlan:
    return MigrationPlan(
        id=plan.pk,
        created_at=plan.created_at,
        created_by=str(plan.created_by) if plan.created_by else None,
        max_users=plan.max_users,
        max_gb=number(plan.max_gb),
        pilot_users=plan.pilot_users,
        start=plan.start,
        submit_lead_days=plan.submit_lead_days,
        wave_interval_working_days=plan.wave_interval_working_days,
        identities=plan.identities,
        move_groups=plan.move_groups,
        unplaced=plan.unplaced,
        waves=[
            MigrationWave(
                id=w.pk,
                number=w.number,
                name=w.name,
                kind=w.kind,
                submit_by=w.submit_by,
                cutover=w.cutover,
                users=w.users,
                gb=number(w.gb),
                reason=w.reason,
            )
            for w in plan.waves.order_by("number")
        ],
        findings=[
            MigrationFinding(kind=f.kind, detail=f.detail, users=[str(u) for u in f.users])
            for f in plan.findings.order_by("pk")
        ],
    )


# --- people (MANAGE_MIGRATION, scoped) ------------------------------------------------------


class MigrationIdentity(Schema):
    id: int
    organisation: str
    user_principal_name: str
    display_name: str
    department: str
    job_title: str
    user_type: str
    account_enabled: bool
    target_user_principal_name: str
    target_mail: str
    mailbox_gb: Number
    onedrive_gb: Number
    vip: bool


class MigrationIdentities(Schema):
    count: int = Field(description="How many match, across every page.")
    items: list[MigrationIdentity]


class MigrationStatus(Schema):
    user_principal_name: str
    workload: WorkloadName
    state: StateName
    problem: ProblemName
    note: str
    updated_at: dt.datetime | None = Field(description="Null: never recorded.")
    version: int = Field(
        description="Send it back with an update (optimistic locking); 0: not recorded yet."
    )


class MigrationStatuses(Schema):
    count: int
    items: list[MigrationStatus]


class MigrationPlacement(Schema):
    wave: str | None = Field(description="Null: the person's move group was not placed.")
    cutover: dt.date | None
    move_group: int
    group_size: int
    reason: str


class MigrationDevice(Schema):
    name: str
    device_type: str
    operating_system: str
    management_state: str
    primary_user: str | None


class MigrationDevices(Schema):
    count: int
    items: list[MigrationDevice]


class MigrationRight(Schema):
    mailbox: str
    user: str
    right: str


class MigrationIdentityDetail(MigrationIdentity):
    given_name: str
    surname: str
    mail: str
    placement: MigrationPlacement | None = Field(description="In the current plan, if any.")
    statuses: list[MigrationStatus] = Field(description="Every workload, recorded or not.")
    devices: list[MigrationDevice]
    rights: list[MigrationRight] = Field(description="Rights on this mailbox, and held by it.")


def identity_fields(i: m.Identity) -> dict[str, Any]:
    return {
        "id": i.pk,
        "organisation": i.organisation.code,
        "user_principal_name": i.user_principal_name,
        "display_name": i.display_name,
        "department": i.department,
        "job_title": i.job_title,
        "user_type": i.user_type,
        "account_enabled": i.account_enabled,
        "target_user_principal_name": i.target_user_principal_name,
        "target_mail": i.target_mail,
        "mailbox_gb": number(i.mailbox_gb),
        "onedrive_gb": number(i.onedrive_gb),
        "vip": i.vip,
    }


def status_out(upn: str, s: m.WorkloadStatus) -> MigrationStatus:
    return MigrationStatus(
        user_principal_name=upn,
        workload=s.workload,  # type: ignore[arg-type]
        state=s.state,  # type: ignore[arg-type]
        problem=s.problem,  # type: ignore[arg-type]
        note=s.note,
        updated_at=s.updated_at if s.pk else None,
        version=s.version if s.pk else 0,
    )


def every_status(identity: m.Identity) -> list[MigrationStatus]:
    """The person's status for each workload, in the workloads' order; one never recorded is
    'not started' at version 0."""
    recorded = {s.workload: s for s in identity.statuses.all()}
    return [
        status_out(
            identity.user_principal_name,
            recorded.get(workload.value)
            or m.WorkloadStatus(identity=identity, workload=workload.value, version=0),
        )
        for workload in m.Workload
    ]


def device_out(d: m.Device) -> MigrationDevice:
    return MigrationDevice(
        name=d.name,
        device_type=d.device_type,
        operating_system=d.operating_system,
        management_state=d.management_state,
        primary_user=d.primary_user.user_principal_name if d.primary_user else None,
    )


# --- a status update (MANAGE_MIGRATION, scoped) --------------------------------------------


class MigrationStatusUpdate(InputSchema):
    """One person's state for one workload, as of now (to record past states, import a status
    report: the `migration-status` import)."""

    state: StateName
    problem: ProblemName = ""
    note: str = Field(default="", max_length=500, pattern=r"^[^\x00]*$")
    version: int = Field(
        ge=0,
        le=2_147_483_647,
        description="The status's version as read; 0 when it was not recorded yet.",
    )
