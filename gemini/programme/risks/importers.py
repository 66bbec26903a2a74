"""The risks and issues import kinds (docs/formats.md)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from gemini.core.access import Permission
from gemini.core.importing import Cells, Change, Column, Problem, register
from gemini.programme.models import (
    Issue,
    Risk,
)
from gemini.programme.models.risks import Response
from gemini.programme.risks import services
from gemini.programme.rows import (
    CONFIDENTIALITY_COLUMNS,
    REFERENCE,
    Part,
    ProgrammeImporter,
    body_named,
    duplicate_references,
    level_of,
    part_of_row,
    workstream_named,
    workstream_problems,
)


@dataclass(frozen=True)
class RiskRow:
    reference: str
    title: str
    workstream: str
    values: dict[str, Any]
    part: Part


RESPONSES = {str(label): value for value, label in Response.choices}


RISK_STATUSES = {
    "open": Risk.Status.OPEN,
    "occurred": Risk.Status.OCCURRED,
    "closed": Risk.Status.CLOSED,
}


@register
class RiskImporter(ProgrammeImporter[RiskRow]):
    kind = "risks"
    title = "Risks"
    description = "The risk register, by reference: cause, event, effect and scores."
    permission = Permission.MANAGE_PROGRAMME
    columns = (
        Column("reference", description="such as R01"),
        Column("title"),
        Column("cause", required=False),
        Column("event", required=False),
        Column("effect", required=False),
        Column("category", required=False),
        Column("workstream", required=False, description="the workstream's name or slug"),
        Column("owner", required=False),
        *(Column(name, description="1 to the matrix's levels (5)") for name in Risk.LEVEL_FIELDS),
        Column("response", required=False, description="Treat, Tolerate, Transfer, Terminate"),
        Column("review_date", required=False),
        Column("proximity", required=False),
        Column("status", required=False, description="open, occurred or closed"),
        *CONFIDENTIALITY_COLUMNS,
    )

    def clean_row(self, cells: Cells) -> RiskRow | None:
        reference = cells.pattern("reference", REFERENCE, "use letters, digits, / . _ -")
        title = cells.text("title", max_length=300)
        levels = {name: level_of(cells, name) for name in Risk.LEVEL_FIELDS}
        response = cells.choice("response", RESPONSES, required=False)
        status = cells.choice("status", RISK_STATUSES, required=False)
        review = cells.date("review_date", required=False)
        proximity = cells.date("proximity", required=False)
        part = part_of_row(cells)
        values = {
            "title": title,
            "cause": cells.text("cause", required=False, max_length=5000) or "",
            "event": cells.text("event", required=False, max_length=5000) or "",
            "effect": cells.text("effect", required=False, max_length=5000) or "",
            "category": cells.text("category", required=False, max_length=60) or "",
            "owner": cells.text("owner", required=False) or "",
            **levels,
            "response": response or Response.TREAT,
            "review_date": review,
            "proximity": proximity,
            "status": status or Risk.Status.OPEN,
        }
        workstream = cells.text("workstream", required=False) or ""
        if reference is None or title is None or part is None or None in levels.values():
            return None
        return RiskRow(reference, title, workstream, values, part)

    def check_rows(self, rows: Sequence[tuple[int, RiskRow]]) -> list[Problem]:
        programme = self.target
        problems = duplicate_references(rows) + workstream_problems(rows, programme)
        levels = services.matrix_for(programme).levels
        for number, row in rows:
            problems.extend(
                Problem(number, name, f"{row.values[name]} is more than the matrix's {levels}.")
                for name in Risk.LEVEL_FIELDS
                if row.values[name] > levels
            )
        return problems

    def save(self, rows: Sequence[RiskRow]) -> Iterable[Change]:
        programme = self.target
        for row in rows:
            values = {
                **row.values,
                "workstream": workstream_named(programme, row.workstream),
                **row.part.values(),
            }
            risk, outcome = services.save_risk(programme, row.reference, values)
            yield Change(outcome, str(risk))


@dataclass(frozen=True)
class IssueRow:
    reference: str
    workstream: str
    escalated_to: str
    risk: str
    values: dict[str, Any]
    part: Part


@register
class IssueImporter(ProgrammeImporter[IssueRow]):
    kind = "issues"
    title = "Issues"
    description = "The issue log, by reference; an issue may name the risk it came from."
    permission = Permission.MANAGE_PROGRAMME
    columns = (
        Column("reference", description="such as I01"),
        Column("title"),
        Column("description", required=False),
        Column("workstream", required=False),
        Column("priority", description="low, medium, high or critical"),
        Column("owner", required=False),
        Column("raised_date"),
        Column("resolved_date", required=False),
        Column("resolution", required=False),
        Column("escalated_to", required=False, description="a governance body's name"),
        Column("risk", required=False, description="the reference of the risk it came from"),
        *CONFIDENTIALITY_COLUMNS,
    )

    def clean_row(self, cells: Cells) -> IssueRow | None:
        reference = cells.pattern("reference", REFERENCE, "use letters, digits, / . _ -")
        title = cells.text("title", max_length=300)
        priority = cells.choice(
            "priority", {label: value for value, label in Issue.Priority.choices}
        )
        raised = cells.date("raised_date")
        resolved = cells.date("resolved_date", required=False)
        part = part_of_row(cells)
        if raised and resolved and resolved < raised:
            cells.problem("resolved_date", "The resolved date is before the raised date.")
        if reference is None or title is None or priority is None or raised is None:
            return None
        if part is None or cells.problems:
            return None
        return IssueRow(
            reference,
            cells.text("workstream", required=False) or "",
            cells.text("escalated_to", required=False) or "",
            cells.text("risk", required=False) or "",
            {
                "title": title,
                "description": cells.text("description", required=False, max_length=5000) or "",
                "priority": priority,
                "owner": cells.text("owner", required=False) or "",
                "raised_date": raised,
                "resolved_date": resolved,
                "resolution": cells.text("resolution", required=False, max_length=5000) or "",
            },
            part,
        )

    def check_rows(self, rows: Sequence[tuple[int, IssueRow]]) -> list[Problem]:
        programme = self.target
        problems = duplicate_references(rows) + workstream_problems(rows, programme)
        risks = {
            r.lower()
            for r in Risk.objects.filter(programme=programme).values_list("reference", flat=True)
        }
        for number, row in rows:
            if row.escalated_to and body_named(programme, row.escalated_to) is None:
                problems.append(
                    Problem(number, "escalated_to", f"There is no body {row.escalated_to!r}.")
                )
            if row.risk and row.risk.lower() not in risks:
                problems.append(Problem(number, "risk", f"There is no risk {row.risk!r}."))
        return problems

    def save(self, rows: Sequence[IssueRow]) -> Iterable[Change]:
        programme = self.target
        for row in rows:
            values = {
                **row.values,
                "workstream": workstream_named(programme, row.workstream),
                "escalated_to": body_named(programme, row.escalated_to),
                "risk": Risk.objects.get(programme=programme, reference__iexact=row.risk)
                if row.risk
                else None,
                **row.part.values(),
            }
            issue, outcome = services.save_issue(programme, row.reference, values)
            yield Change(outcome, str(issue))
