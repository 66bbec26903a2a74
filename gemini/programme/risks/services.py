"""Writes for risks: the risk matrix, risks and their actions, issues and assumptions.
One function per action, atomic, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gemini.core.services import Outcome, upsert
from gemini.core.versioning import StaleEditError, save_edit
from gemini.programme import engine
from gemini.programme.models import (
    Assumption,
    Issue,
    Programme,
    Risk,
    RiskAction,
    RiskBand,
    RiskMatrix,
    Workstream,
)
from gemini.programme.records import checked_reference, only_fields


def save_risk_matrix(
    programme: Programme,
    levels: int = 5,
    bands: Sequence[engine.Band] = engine.DEFAULT_BANDS,
    appetite: int | None = None,
    likelihood_labels: Sequence[str] = (),
    impact_labels: Sequence[str] = (),
) -> tuple[RiskMatrix, Outcome]:
    """A register's matrix; refused unless every possible score lands in exactly one band."""
    problems = engine.Matrix(levels, tuple(bands)).check()
    if problems:
        raise ValidationError({"bands": problems})
    with transaction.atomic():
        matrix, outcome = upsert(
            RiskMatrix,
            {"programme": programme},
            {
                "levels": levels,
                "appetite": appetite,
                "likelihood_labels": list(likelihood_labels),
                "impact_labels": list(impact_labels),
            },
        )
        names = [band.name for band in bands]
        stale = matrix.bands.exclude(name__in=names)
        if stale.exists():
            stale.delete()
            outcome = "updated"
        for band in bands:
            _, band_outcome = upsert(
                RiskBand,
                {"matrix": matrix, "name": band.name},
                {"lowest": band.lowest, "highest": band.highest, "colour": band.colour},
            )
            if band_outcome != "unchanged" and outcome == "unchanged":
                outcome = "updated"
    return matrix, outcome


def matrix_for(programme: Programme) -> engine.Matrix:
    matrix = RiskMatrix.objects.filter(programme=programme).first()
    return matrix.as_engine() if matrix else engine.DEFAULT_MATRIX


RISK_FIELDS = (
    "title",
    "cause",
    "event",
    "effect",
    "category",
    "workstream",
    "owner",
    *Risk.LEVEL_FIELDS,
    "response",
    "review_date",
    "proximity",
    "status",
    "confidentiality",
    "exempt_paragraph",
    "public_interest_reason",
)


def save_risk(
    programme: Programme, reference: str, values: Mapping[str, Any]
) -> tuple[Risk, Outcome]:
    """Create or update a risk by its reference (imports and the demo)."""
    only_fields(values, RISK_FIELDS)
    return upsert(Risk, {"programme": programme, "reference": reference}, values)


def create_risk(programme: Programme, reference: str, values: Mapping[str, Any]) -> Risk:
    """A new risk entered in a form (a blank reference gets the next free one)."""
    reference = checked_reference(Risk, programme, reference, "R")
    if Risk.objects.filter(programme=programme, reference=reference).exists():
        raise ValidationError({"reference": f"There is already a risk {reference}."})
    risk, _ = save_risk(programme, reference, values)
    return risk


def edit_risk(risk: Risk, expected_version: int, changes: Mapping[str, Any]) -> Risk:
    only_fields(changes, RISK_FIELDS)
    return save_edit(risk, expected_version, changes)


def save_risk_action(
    risk: Risk,
    description: str,
    owner: str = "",
    due_date: dt.date | None = None,
    completed_date: dt.date | None = None,
) -> tuple[RiskAction, Outcome]:
    return upsert(
        RiskAction,
        {"risk": risk, "description": description},
        {"owner": owner, "due_date": due_date, "completed_date": completed_date},
    )


def raise_issue_from_risk(risk: Risk, reference: str, raised_date: dt.date) -> Issue:
    """The risk has happened: it becomes an issue, linked to it, and the risk is marked so."""
    reference = checked_reference(Issue, risk.programme, reference, "I")
    with transaction.atomic():
        issue, _ = save_issue(
            risk.programme,
            reference,
            {
                "title": risk.title,
                "description": risk.event or risk.title,
                "workstream": risk.workstream,
                "owner": risk.owner,
                "raised_date": raised_date,
                "priority": Issue.Priority.HIGH,
                "risk": risk,
                "confidentiality": risk.confidentiality,
                "exempt_paragraph": risk.exempt_paragraph,
                "public_interest_reason": risk.public_interest_reason,
            },
        )
        if risk.status != Risk.Status.OCCURRED:
            risk.status = Risk.Status.OCCURRED
            risk.full_clean()
            risk.save()
    return issue


def score_history(risk: Risk) -> list[tuple[dt.datetime, int, int, int]]:
    """(when, likelihood, impact, score) each time the current score changed, oldest first."""
    points: list[tuple[dt.datetime, int, int, int]] = []
    history: Any = risk.history  # added by simple-history
    for row in history.order_by("history_date", "history_id").values_list(
        "history_date", "current_likelihood", "current_impact"
    ):
        when, likelihood, impact = row
        if not points or (points[-1][1], points[-1][2]) != (likelihood, impact):
            points.append((when, likelihood, impact, likelihood * impact))
    return points


ISSUE_FIELDS = (
    "title",
    "description",
    "workstream",
    "priority",
    "owner",
    "raised_date",
    "resolved_date",
    "resolution",
    "escalated_to",
    "risk",
    "confidentiality",
    "exempt_paragraph",
    "public_interest_reason",
)


def save_issue(
    programme: Programme, reference: str, values: Mapping[str, Any]
) -> tuple[Issue, Outcome]:
    only_fields(values, ISSUE_FIELDS)
    return upsert(Issue, {"programme": programme, "reference": reference}, values)


def create_issue(programme: Programme, reference: str, values: Mapping[str, Any]) -> Issue:
    reference = checked_reference(Issue, programme, reference, "I")
    if Issue.objects.filter(programme=programme, reference=reference).exists():
        raise ValidationError({"reference": f"There is already an issue {reference}."})
    issue, _ = save_issue(programme, reference, values)
    return issue


def edit_issue(issue: Issue, expected_version: int, changes: Mapping[str, Any]) -> Issue:
    only_fields(changes, ISSUE_FIELDS)
    return save_edit(issue, expected_version, changes)


def add_risk_action(
    risk: Risk, description: str, owner: str = "", due_date: dt.date | None = None
) -> RiskAction:
    """A new action on a risk (refused if the risk already has one described the same way)."""
    if not description.strip():
        raise ValidationError({"description": "Describe the action."})
    if risk.actions.filter(description=description).exists():
        raise ValidationError({"description": "This risk already has an action described so."})
    action, _ = save_risk_action(risk, description, owner, due_date)
    return action


def complete_risk_action(
    action: RiskAction, expected_version: int, completed_date: dt.date
) -> RiskAction:
    """Mark an action done on a date (today or earlier); a done action is no longer overdue.

    Someone who saved the action since `expected_version` (say, marked it done) makes this a
    stale edit (StaleEditError) before anything else is checked.
    """
    if action.version != expected_version:
        raise StaleEditError(action, expected_version)
    if action.completed_date is not None:
        raise ValidationError(
            {"completed_date": f"This action was already done on {action.completed_date:%d/%m/%Y}."}
        )
    if completed_date > timezone.localdate():
        raise ValidationError({"completed_date": "The date it was done must be today or earlier."})
    return save_edit(action, expected_version, {"completed_date": completed_date})


ASSUMPTION_FIELDS = ("description", "workstream", "owner", "validated")


def save_assumption(
    programme: Programme,
    reference: str,
    description: str,
    owner: str = "",
    workstream: Workstream | None = None,
    validated: bool = False,
) -> tuple[Assumption, Outcome]:
    return upsert(
        Assumption,
        {"programme": programme, "reference": reference},
        {
            "description": description,
            "owner": owner,
            "workstream": workstream,
            "validated": validated,
        },
    )


def create_assumption(
    programme: Programme, reference: str, values: Mapping[str, Any]
) -> Assumption:
    only_fields(values, ASSUMPTION_FIELDS)
    reference = checked_reference(Assumption, programme, reference, "A")
    if Assumption.objects.filter(programme=programme, reference=reference).exists():
        raise ValidationError({"reference": f"There is already an assumption {reference}."})
    assumption, _ = upsert(Assumption, {"programme": programme, "reference": reference}, values)
    return assumption


def edit_assumption(
    assumption: Assumption, expected_version: int, changes: Mapping[str, Any]
) -> Assumption:
    only_fields(changes, ASSUMPTION_FIELDS)
    return save_edit(assumption, expected_version, changes)
