"""The tenant migration's part of the committee report (docs/reports.md, "Sections"): its
progress by the end of the report's date, the Executive Summary's headline and the figures in
the Technical workstream's section. Registered by `MigrationConfig.ready`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gemini.core.reporting import formatting as f
from gemini.core.reporting import registry as r
from gemini.core.reporting.blocks import Builder, Chart, Content, Table
from gemini.migration import figures as migration_read
from gemini.migration import services as migration_services

WORKSTREAM = "technical"  # the workstream whose section carries the migration's figures


def migration_figures(scope: r.Scope) -> dict[str, Any] | None:
    """The tenant migration's progress by the end of the day: the latest plan made by then."""
    found = migration_read.progress(scope.as_at)
    if found.planned_at is None:
        return None
    settings = migration_services.current_settings()
    return {
        "moving": f.council_name(settings.moving_organisation.name) if settings else "",
        "source_tenant": settings.source_tenant_name if settings else "",
        "target_tenant": settings.target_tenant_name if settings else "",
        "users": found.users,
        "devices": found.devices,
        "phase_1": found.phase_1,
        "phase_2": found.phase_2,
        "percent_complete": (
            f"{found.percent_complete:.1f}" if found.percent_complete is not None else None
        ),
        "waves": [[w.name, w.users, w.phase_1, w.phase_2] for w in found.waves],
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
