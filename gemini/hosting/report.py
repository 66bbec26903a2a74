"""Phase 2 (hosting) in the committee report (docs/reports.md, "Sections"): the projects and
their milestones as recorded at the end of the report's date (gemini/hosting/figures.py,
`projects`), written in the Phase 2 workstream's section. Registered by `HostingConfig.ready`."""

from __future__ import annotations

from typing import Any

from gemini.core.reporting import formatting as f
from gemini.core.reporting import registry as r
from gemini.core.reporting.blocks import Builder, Content, Table
from gemini.hosting import figures

WORKSTREAM = "phase-2"


def _day(value: Any) -> str | None:
    return value.isoformat() if value else None


def hosting_figures(scope: r.Scope) -> dict[str, Any] | None:
    """The Phase 2 projects and their milestones as recorded at the end of the report's date
    (figures.projects)."""
    projects = figures.projects(scope.as_at)
    if not projects:
        return None
    return {
        "projects": [
            {
                "name": p.name,
                "purpose": p.purpose,
                "contract_end": _day(p.contract_end),
                "milestones": [[m.name, m.due.isoformat(), m.status_label] for m in p.milestones],
            }
            for p in projects
        ],
    }


def _workstream(b: Builder, content: Content, key: str) -> None:
    hosting = content.data.get("hosting")
    if not hosting:
        b.para("No Phase 2 projects have been recorded yet.", from_data=True)
        return
    b.para(
        "Phase 2 projects: "
        + "; ".join(
            p["name"]
            + (f" (contract ends {f.short_date(p['contract_end'])})" if p["contract_end"] else "")
            for p in hosting["projects"]
        )
        + ".",
        from_data=True,
    )
    rows = tuple(
        (p["name"], name, f.short_date(due), state)
        for p in hosting["projects"]
        for name, due, state in p["milestones"]
    )
    if rows:
        b.add(Table(("Project", "Milestone", "Due", "Status"), rows, "Phase 2 milestones"))


def register() -> None:
    r.register_figures(r.Figures("hosting", hosting_figures))
    r.contribute(r.Contribution(f"workstream:{WORKSTREAM}", _workstream, ("hosting",)))
