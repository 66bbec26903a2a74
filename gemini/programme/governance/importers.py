"""The decisions import kind (docs/formats.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from gemini.core.access import Permission
from gemini.core.importing import Cells, Change, Column, Problem, register
from gemini.programme.governance import services
from gemini.programme.models import Meeting
from gemini.programme.rows import (
    CONFIDENTIALITY_COLUMNS,
    REFERENCE,
    Part,
    ProgrammeImporter,
    body_named,
    duplicate_references,
    part_of_row,
)


@dataclass(frozen=True)
class DecisionRow:
    reference: str
    body: str
    meeting_date: dt.date | None
    values: dict[str, Any]
    part: Part


@register
class DecisionImporter(ProgrammeImporter[DecisionRow]):
    kind = "decisions"
    title = "Decisions"
    description = "The decision log: which body decided what, when, at which meeting."
    permission = Permission.MANAGE_PROGRAMME
    columns = (
        Column("reference", description="such as CPC/52/24-25 R2"),
        Column("title"),
        Column("body", description="the governance body's name or short name"),
        Column("date"),
        Column("meeting_date", required=False, description="a meeting of that body"),
        Column("recommendations", required=False),
        Column("resolution", required=False),
        *CONFIDENTIALITY_COLUMNS,
    )

    def clean_row(self, cells: Cells) -> DecisionRow | None:
        reference = cells.pattern("reference", REFERENCE, "use letters, digits, / . _ -")
        title = cells.text("title", max_length=300)
        body = cells.text("body")
        date = cells.date("date")
        meeting_date = cells.date("meeting_date", required=False)
        part = part_of_row(cells)
        if reference is None or title is None or body is None or date is None:
            return None
        if part is None or cells.problems:
            return None
        return DecisionRow(
            reference,
            body,
            meeting_date,
            {
                "title": title,
                "date": date,
                "recommendations": cells.text("recommendations", required=False, max_length=5000)
                or "",
                "resolution": cells.text("resolution", required=False, max_length=5000) or "",
            },
            part,
        )

    def check_rows(self, rows: Sequence[tuple[int, DecisionRow]]) -> list[Problem]:
        programme = self.target
        problems = duplicate_references(rows)
        for number, row in rows:
            body = body_named(programme, row.body)
            if body is None:
                problems.append(Problem(number, "body", f"There is no body {row.body!r}."))
            elif (
                row.meeting_date
                and not Meeting.objects.filter(body=body, date=row.meeting_date).exists()
            ):
                problems.append(
                    Problem(
                        number,
                        "meeting_date",
                        f"{body.name} has no meeting on {row.meeting_date:%d/%m/%Y}.",
                    )
                )
        return problems

    def save(self, rows: Sequence[DecisionRow]) -> Iterable[Change]:
        programme = self.target
        for row in rows:
            body = body_named(programme, row.body)
            if body is None:  # check_rows reported it
                raise LookupError(f"There is no body {row.body!r}.")
            meeting = (
                Meeting.objects.get(body=body, date=row.meeting_date) if row.meeting_date else None
            )
            values = {**row.values, "body": body, "meeting": meeting, **row.part.values()}
            decision, outcome = services.save_decision(programme, row.reference, values)
            yield Change(outcome, str(decision))
