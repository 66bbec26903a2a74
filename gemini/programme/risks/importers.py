"""The programme's import kinds: risks, issues, decisions, milestones and benefits
(docs/formats.md). Each file is checked whole and written in one transaction or not
at all; rows are matched to existing records by `reference`, so importing again updates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import Q
from django.http import HttpRequest

from gemini.core.access import Permission
from gemini.core.importing import Cells, Change, Column, Importer, Problem, register
from gemini.core.models import Confidentiality, Organisation
from gemini.core.services import Outcome
from gemini.programme import chosen, services
from gemini.programme.models import (
    Benefit,
    GovernanceBody,
    Issue,
    Meeting,
    Milestone,
    Programme,
    Risk,
    Workstream,
)
from gemini.programme.registers import Response

T = TypeVar("T")

REFERENCE = r"[A-Za-z0-9][A-Za-z0-9 /._-]{0,59}"
CONFIDENTIALITIES = {
    "public": Confidentiality.PUBLIC,
    "part 1": Confidentiality.PUBLIC,
    "exempt": Confidentiality.EXEMPT,
    "part 2": Confidentiality.EXEMPT,
}
CONFIDENTIALITY_COLUMNS = (
    Column("confidentiality", required=False, description="public (default) or exempt"),
    Column("exempt_paragraph", required=False, description="Schedule 12A paragraph, 1 to 7"),
    Column("public_interest_reason", required=False, description="required when exempt"),
)


@dataclass(frozen=True)
class Part:
    confidentiality: str
    exempt_paragraph: int | None
    public_interest_reason: str

    def values(self) -> dict[str, Any]:
        return {
            "confidentiality": self.confidentiality,
            "exempt_paragraph": self.exempt_paragraph,
            "public_interest_reason": self.public_interest_reason,
        }


def _part(cells: Cells) -> Part | None:
    kind = cells.choice("confidentiality", CONFIDENTIALITIES, required=False) or (
        Confidentiality.PUBLIC
    )
    paragraph = cells.integer("exempt_paragraph", required=False, minimum=1, maximum=7)
    reason = cells.text("public_interest_reason", required=False, max_length=5000) or ""
    if kind == Confidentiality.EXEMPT:
        if paragraph is None and not cells.raw("exempt_paragraph"):
            cells.problem("exempt_paragraph", "An exempt row needs its paragraph, 1 to 7.")
        if not reason:
            cells.problem(
                "public_interest_reason",
                "An exempt row needs the reason the public interest favours keeping it private.",
            )
    elif cells.raw("exempt_paragraph"):
        cells.problem("exempt_paragraph", "A public row has no exempt paragraph.")
        return None
    return Part(kind, paragraph if kind == Confidentiality.EXEMPT else None, reason)


class ProgrammeImporter(Importer[T]):
    """A kind whose rows belong to one programme: the one its caller names (`gemini import
    --programme SLUG`, or the programme chosen on the upload page), or the only one; with
    several and none named, `ready` refuses and lists them (programme.chosen)."""

    about_programme = True
    target: Programme  # set by `ready`, before the file is read

    @classmethod
    def for_request(cls, request: HttpRequest) -> ProgrammeImporter[T]:
        return cls(chosen.programme_for(request).slug)

    def ready(self) -> None:
        self.target = chosen.programme_named(self.programme)


def _duplicates(rows: Sequence[tuple[int, Any]]) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for number, row in rows:
        key = row.reference.lower()
        if key in seen:
            problems.append(
                Problem(number, "reference", f"{row.reference} is also on row {seen[key]}.")
            )
        seen.setdefault(key, number)
    return problems


def _workstream_problems(rows: Sequence[tuple[int, Any]], programme: Programme) -> list[Problem]:
    known = {
        key.lower()
        for slug, name in Workstream.objects.filter(programme=programme).values_list("slug", "name")
        for key in (slug, name)
    }
    return [
        Problem(number, "workstream", f"There is no workstream {row.workstream!r}.")
        for number, row in rows
        if row.workstream and row.workstream.lower() not in known
    ]


def _workstream(programme: Programme, key: str) -> Workstream | None:
    if not key:
        return None
    return Workstream.objects.get(Q(slug__iexact=key) | Q(name__iexact=key), programme=programme)


def _body(programme: Programme, key: str) -> GovernanceBody | None:
    if not key:
        return None
    return GovernanceBody.objects.filter(
        Q(name__iexact=key) | Q(short_name__iexact=key), programme=programme
    ).first()


def _level(cells: Cells, column: str) -> int | None:
    return cells.integer(column, minimum=1, maximum=10)


# ---------------------------------------------------------------- risks


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
LEVEL_COLUMNS = (
    "inherent_likelihood",
    "inherent_impact",
    "current_likelihood",
    "current_impact",
    "target_likelihood",
    "target_impact",
)


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
        *(Column(name, description="1 to the matrix's levels (5)") for name in LEVEL_COLUMNS),
        Column("response", required=False, description="Treat, Tolerate, Transfer, Terminate"),
        Column("review_date", required=False),
        Column("proximity", required=False),
        Column("status", required=False, description="open, occurred or closed"),
        *CONFIDENTIALITY_COLUMNS,
    )

    def clean_row(self, cells: Cells) -> RiskRow | None:
        reference = cells.pattern("reference", REFERENCE, "use letters, digits, / . _ -")
        title = cells.text("title", max_length=300)
        levels = {name: _level(cells, name) for name in LEVEL_COLUMNS}
        response = cells.choice("response", RESPONSES, required=False)
        status = cells.choice("status", RISK_STATUSES, required=False)
        review = cells.date("review_date", required=False)
        proximity = cells.date("proximity", required=False)
        part = _part(cells)
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
        problems = _duplicates(rows) + _workstream_problems(rows, programme)
        levels = services.matrix_for(programme).levels
        for number, row in rows:
            problems.extend(
                Problem(number, name, f"{row.values[name]} is more than the matrix's {levels}.")
                for name in LEVEL_COLUMNS
                if row.values[name] > levels
            )
        return problems

    def save(self, rows: Sequence[RiskRow]) -> Iterable[Change]:
        programme = self.target
        for row in rows:
            values = {
                **row.values,
                "workstream": _workstream(programme, row.workstream),
                **row.part.values(),
            }
            risk, outcome = services.save_risk(programme, row.reference, values)
            yield Change(outcome, str(risk))


# ---------------------------------------------------------------- issues


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
        part = _part(cells)
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
        problems = _duplicates(rows) + _workstream_problems(rows, programme)
        risks = {
            r.lower()
            for r in Risk.objects.filter(programme=programme).values_list("reference", flat=True)
        }
        for number, row in rows:
            if row.escalated_to and _body(programme, row.escalated_to) is None:
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
                "workstream": _workstream(programme, row.workstream),
                "escalated_to": _body(programme, row.escalated_to),
                "risk": Risk.objects.get(programme=programme, reference__iexact=row.risk)
                if row.risk
                else None,
                **row.part.values(),
            }
            issue, outcome = services.save_issue(programme, row.reference, values)
            yield Change(outcome, str(issue))


# ---------------------------------------------------------------- decisions


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
        part = _part(cells)
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
        problems = _duplicates(rows)
        for number, row in rows:
            body = _body(programme, row.body)
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
            body = _body(programme, row.body)
            if body is None:  # check_rows reported it
                raise LookupError(f"There is no body {row.body!r}.")
            meeting = (
                Meeting.objects.get(body=body, date=row.meeting_date) if row.meeting_date else None
            )
            values = {**row.values, "body": body, "meeting": meeting, **row.part.values()}
            decision, outcome = services.save_decision(programme, row.reference, values)
            yield Change(outcome, str(decision))


# ---------------------------------------------------------------- milestones


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
        problems = _duplicates(rows) + _workstream_problems(rows, programme)
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
            values = {**row.values, "workstream": _workstream(programme, row.workstream)}
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


# ---------------------------------------------------------------- benefits


@dataclass(frozen=True)
class BenefitRow:
    reference: str
    owner_organisation: str
    values: dict[str, Any]


@register
class BenefitImporter(ProgrammeImporter[BenefitRow]):
    kind = "benefits"
    title = "Benefits"
    description = "The benefits register (Green Book fields), by reference."
    permission = Permission.MANAGE_PROGRAMME
    columns = (
        Column("reference", description="such as B1"),
        Column("title"),
        Column("description", required=False),
        Column("kind", required=False, description="benefit (default) or dis-benefit"),
        Column("category", required=False),
        Column("financial", description="yes or no"),
        Column("cash_releasing", required=False, description="yes or no"),
        Column("quantitative", required=False, description="yes (default) or no"),
        Column("owner_organisation", required=False, description="a code such as CEC"),
        Column("owner", required=False, description="the accountable officer"),
        Column("measure", required=False),
        Column("baseline", required=False, description="a number; £ for financial benefits"),
        Column("target", required=False),
        Column("full_year_value", required=False, description="£"),
    )

    def clean_row(self, cells: Cells) -> BenefitRow | None:
        reference = cells.pattern("reference", REFERENCE, "use letters, digits, / . _ -")
        title = cells.text("title", max_length=300)
        kind = cells.choice(
            "kind",
            {
                "benefit": Benefit.Kind.BENEFIT,
                "dis-benefit": Benefit.Kind.DIS_BENEFIT,
                "disbenefit": Benefit.Kind.DIS_BENEFIT,
            },
            required=False,
        )
        financial = cells.boolean("financial")
        cash = cells.boolean("cash_releasing", required=False)
        quantitative = cells.boolean("quantitative", required=False)
        baseline = cells.decimal("baseline", required=False)
        target = cells.decimal("target", required=False)
        full_year = cells.decimal("full_year_value", required=False)
        for name, value in (
            ("baseline", baseline),
            ("target", target),
            ("full_year_value", full_year),
        ):
            if value is not None and value.as_tuple().exponent < -2:  # type: ignore[operator]
                cells.problem(name, "Give at most two decimal places (pence).")
        if reference is None or title is None or financial is None or cells.problems:
            return None
        return BenefitRow(
            reference,
            cells.text("owner_organisation", required=False) or "",
            {
                "title": title,
                "description": cells.text("description", required=False, max_length=5000) or "",
                "kind": kind or Benefit.Kind.BENEFIT,
                "category": cells.text("category", required=False, max_length=60) or "",
                "financial": financial,
                "cash_releasing": bool(cash),
                "quantitative": True if quantitative is None else quantitative,
                "owner": cells.text("owner", required=False) or "",
                "measure": cells.text("measure", required=False, max_length=300) or "",
                "baseline": baseline if baseline is not None else Decimal("0"),
                "target": target if target is not None else Decimal("0"),
                "full_year_value": full_year,
            },
        )

    def check_rows(self, rows: Sequence[tuple[int, BenefitRow]]) -> list[Problem]:
        codes = set(Organisation.objects.values_list("code", flat=True))
        return _duplicates(rows) + [
            Problem(
                number,
                "owner_organisation",
                f"There is no organisation {row.owner_organisation!r}.",
            )
            for number, row in rows
            if row.owner_organisation and row.owner_organisation.upper() not in codes
        ]

    def save(self, rows: Sequence[BenefitRow]) -> Iterable[Change]:
        programme = self.target
        for row in rows:
            owner = (
                Organisation.objects.get(code=row.owner_organisation.upper())
                if row.owner_organisation
                else None
            )
            benefit, outcome = services.save_benefit(
                programme, row.reference, {**row.values, "owner_organisation": owner}
            )
            yield Change(outcome, str(benefit))
