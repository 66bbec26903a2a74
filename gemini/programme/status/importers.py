"""The milestones import kind (docs/formats.md)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from gemini.core.access import Permission
from gemini.core.importing import Cells, Change, Column, Problem, register
from gemini.core.services import Outcome
from gemini.programme.models import Milestone
from gemini.programme.rows import (
    REFERENCE,
    ProgrammeImporter,
    duplicate_references,
    workstream_named,
    workstream_problems,
)
from gemini.programme.status import services


@dataclass(frozen=True)
class MilestoneRow:
    reference: str
    workstream: str
    predecessors: tuple[str, ...] | None
    values: dict[str, Any]


@register
class MilestoneImporter(ProgrammeImporter[MilestoneRow]):
    kind = "milestones"
    title = "Milestones"
    description = "Milestones with baseline, forecast and actual dates and their predecessors."
    permission = Permission.MANAGE_PROGRAMME
    columns = (
        Column("reference", description="such as M01"),
        Column("title"),
        Column("workstream", required=False),
        Column("owner", required=False),
        Column("baseline_date", required=False),
        Column("forecast_date", required=False),
        Column("actual_date", required=False),
        Column("status", required=False, description="not started, on track, at risk, complete"),
        Column(
            "predecessors",
            required=False,
            description="references of milestones that come first, separated by spaces or ;",
        ),
    )

    def clean_row(self, cells: Cells) -> MilestoneRow | None:
        reference = cells.pattern("reference", REFERENCE, "use letters, digits, / . _ -")
        title = cells.text("title", max_length=300)
        baseline = cells.date("baseline_date", required=False)
        forecast = cells.date("forecast_date", required=False)
        actual = cells.date("actual_date", required=False)
        status = cells.choice(
            "status",
            {label: value for value, label in Milestone.Status.choices},
            required=False,
        )
        if status == Milestone.Status.COMPLETE and actual is None and not cells.raw("actual_date"):
            cells.problem("actual_date", "A complete milestone needs its actual date.")
        predecessors: tuple[str, ...] | None = None
        if "predecessors" in cells.values:
            predecessors = tuple(p for p in re.split(r"[\s;,]+", cells.raw("predecessors")) if p)
        if reference is None or title is None or cells.problems:
            return None
        return MilestoneRow(
            reference,
            cells.text("workstream", required=False) or "",
            predecessors,
            {
                "title": title,
                "owner": cells.text("owner", required=False) or "",
                "baseline_date": baseline,
                "forecast_date": forecast,
                "actual_date": actual,
                "status": status
                or (Milestone.Status.COMPLETE if actual else Milestone.Status.NOT_STARTED),
            },
        )

    def check_rows(self, rows: Sequence[tuple[int, MilestoneRow]]) -> list[Problem]:
        programme = self.target
        problems = duplicate_references(rows) + workstream_problems(rows, programme)
        known = {
            r.lower()
            for r in Milestone.objects.filter(programme=programme).values_list(
                "reference", flat=True
            )
        } | {row.reference.lower() for _, row in rows}
        for number, row in rows:
            for predecessor in row.predecessors or ():
                if predecessor.lower() == row.reference.lower():
                    problems.append(
                        Problem(number, "predecessors", "A milestone cannot depend on itself.")
                    )
                elif predecessor.lower() not in known:
                    problems.append(
                        Problem(
                            number,
                            "predecessors",
                            f"There is no milestone {predecessor!r} in Gemini or this file.",
                        )
                    )
        return problems

    def save(self, rows: Sequence[MilestoneRow]) -> Iterable[Change]:
        programme = self.target
        saved: dict[str, tuple[Milestone, Outcome]] = {}
        for row in rows:
            values = {**row.values, "workstream": workstream_named(programme, row.workstream)}
            milestone, outcome = services.save_milestone(programme, row.reference, values)
            saved[row.reference.lower()] = (milestone, outcome)
        # Dependencies once every milestone in the file exists.
        for row in rows:
            milestone, outcome = saved[row.reference.lower()]
            if row.predecessors is not None:
                predecessors = [
                    Milestone.objects.get(programme=programme, reference__iexact=p)
                    for p in row.predecessors
                ]
                _, dependency_outcome = services.save_milestone(
                    programme, row.reference, {}, predecessors
                )
                if outcome == "unchanged":
                    outcome = dependency_outcome
            yield Change(outcome, str(milestone))
