"""The tenant migration's part of the committee report (docs/reports.md, "Sections"): its
progress by the end of the report's date, the Executive Summary's headline and the figures in
the Technical workstream's section. Registered by `MigrationConfig.ready`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from gemini.core.asat import dated, is_live, recorded
from gemini.core.reporting import formatting as f
from gemini.core.reporting import registry as r
from gemini.core.reporting.blocks import Builder, Chart, Content, Table
from gemini.migration import figures as migration_read
from gemini.migration import models as migration_models
from gemini.migration import services as migration_services

WORKSTREAM = "technical"  # the workstream whose section carries the migration's figures


def _wave_progress(plan: Any, as_at: dt.date) -> list[tuple[str, int, int, int]]:
    """Per wave of `plan`: users, and how many had finished phase 1 and phase 2 by the end of
    `as_at` (migration.services.wave_progress for today; the audit history for a past day)."""
    if is_live(as_at):
        return [
            (row["wave"].name, row["users"], row["phase_1"], row["phase_2"])
            for row in migration_services.wave_progress(plan)
        ]
    waves = list(recorded(migration_models.Wave, as_at).filter(plan_id=plan.pk).order_by("number"))
    placed = recorded(migration_models.Placement, as_at).filter(
        plan_id=plan.pk, wave_id__isnull=False
    )
    wave_of = {p.identity_id: p.wave_id for p in placed}
    finished: dict[int, set[str]] = {}
    statuses = dated(
        recorded(migration_models.WorkloadStatus, as_at).filter(
            identity_id__in=wave_of, state__in=migration_models.DONE_STATES
        ),
        as_at,
        "updated_at",
    )
    for status in statuses:
        finished.setdefault(status.identity_id, set()).add(status.workload)
    rows = []
    for wave in waves:
        people = [i for i, w in wave_of.items() if w == wave.pk]
        phase_1 = sum(1 for i in people if set(migration_models.PHASE_1) <= finished.get(i, set()))
        phase_2 = sum(1 for i in people if set(migration_models.PHASE_2) <= finished.get(i, set()))
        rows.append((wave.name, len(people), phase_1, phase_2))
    return rows


def migration_figures(scope: r.Scope) -> dict[str, Any] | None:
    """The tenant migration's progress by the end of the day: the latest plan made by then."""
    plan = (
        dated(migration_models.Plan.objects.all(), scope.as_at, "created_at")
        .order_by("-created_at", "-pk")
        .first()
    )
    if plan is None:
        return None
    rows = _wave_progress(plan, scope.as_at)
    settings = migration_services.current_settings()
    users = sum(row[1] for row in rows)
    phase_1 = sum(row[2] for row in rows)
    phase_2 = sum(row[3] for row in rows)
    return {
        "moving": f.council_name(settings.moving_organisation.name) if settings else "",
        "source_tenant": settings.source_tenant_name if settings else "",
        "target_tenant": settings.target_tenant_name if settings else "",
        "users": users,
        "devices": recorded(migration_models.Device, scope.as_at).count(),
        "phase_1": phase_1,
        "phase_2": phase_2,
        "percent_complete": f"{(Decimal(phase_2) * 100 / users):.1f}" if users else None,
        "waves": [list(row) for row in rows],
        "cutover": [
            {
                "council": f.council_name(council.name),
                "steps": [
                    [step.label, f.short_date(step.due), step.owner, step.state_label]
                    for step in council.steps
                ],
            }
            for council in migration_read.cutover_checklist(scope.as_at)
            if any(step.state for step in council.steps)
        ],
    }


# ---------------------------------------------------------------- renderers (pure)


def headline(migration: Mapping[str, Any]) -> str:
    target = migration["target_tenant"]
    lead = f"The new {target} tenant has been created. " if target else ""
    return (
        f"{lead}The migration of users and devices into the new environment is "
        f"{f.percent(migration['percent_complete'])} complete "
        f"({f.counted(migration['users'], 'user')} and "
        f"{f.counted(migration['devices'], 'device')})."
    )


def _headline(b: Builder, content: Content, key: str) -> None:
    migration = content.data.get("migration")
    if migration:
        b.para(headline(migration), from_data=True)


def _workstream(b: Builder, content: Content, key: str) -> None:
    migration = content.data.get("migration")
    if not migration:
        b.para("No tenant migration figures have been recorded yet.", from_data=True)
        return
    users = migration["users"]
    b.para(
        f"Phase one (data: Outlook, OneDrive, Teams and SharePoint) is complete for "
        f"{f.count(migration['phase_1'])} of {f.counted(users, 'person', 'people')}; phase two "
        f"(network account and device) for {f.count(migration['phase_2'])}.",
        from_data=True,
    )
    if migration["waves"]:
        b.add(Chart("migration", "People per wave and how many have finished each phase"))
    for council in migration.get("cutover", []):  # older snapshots have no checklist
        b.add(
            Table(
                ("Cut-over step", "Due", "Owner", "State"),
                tuple(tuple(str(cell) for cell in step) for step in council["steps"]),
                f"Cut-over checklist: {council['council']}",
            )
        )


def register() -> None:
    r.register_figures(r.Figures("migration", migration_figures))
    r.contribute(r.Contribution("executive_summary", _headline, ("migration",), order=20))
    r.contribute(r.Contribution(f"workstream:{WORKSTREAM}", _workstream, ("migration",)))
