"""The programme API's risk routes: the matrix, risks and actions, issues, assumptions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Path, Router, Status

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.api_access import allowed
from gemini.programme import access as programme_access
from gemini.programme import engine, schemas
from gemini.programme.api_common import (
    confidentiality_values,
    programme_of_call,
    slug_of,
    today_for_call,
    workstream_or_none,
)
from gemini.programme.models import (
    Assumption,
    Issue,
    Programme,
    Risk,
    RiskAction,
    RiskMatrix,
)
from gemini.programme.risks import schemas as risks_schemas
from gemini.programme.risks import services

router = Router(tags=["programme"])


def _score(likelihood: int, impact: int, matrix: engine.Matrix) -> risks_schemas.ProgrammeScore:
    value = likelihood * impact
    try:
        result = engine.score(likelihood, impact, matrix)
    except ValueError as error:  # a level outside the matrix (left by an import, say)
        return risks_schemas.ProgrammeScore(
            likelihood=likelihood, impact=impact, score=value, band="", reason=str(error)
        )
    return risks_schemas.ProgrammeScore(
        likelihood=likelihood,
        impact=impact,
        score=result.value,
        band=result.band,
        reason=result.reason,
    )


def _action_out(action: RiskAction, today: dt.date) -> risks_schemas.ProgrammeRiskAction:
    return risks_schemas.ProgrammeRiskAction(
        id=action.pk,
        description=action.description,
        owner=action.owner,
        due_date=action.due_date,
        completed_date=action.completed_date,
        overdue=action.completed_date is None
        and action.due_date is not None
        and action.due_date < today,
        version=action.version,
    )


def _risk_out(
    risk: Risk, matrix: engine.Matrix, appetite: int | None, today: dt.date
) -> risks_schemas.ProgrammeRisk:
    flags = engine.risk_flags(risk.current_score, risk.target_score, appetite, risk.inherent_score)
    return risks_schemas.ProgrammeRisk(
        id=risk.pk,
        reference=risk.reference,
        title=risk.title,
        cause=risk.cause,
        event=risk.event,
        effect=risk.effect,
        category=risk.category,
        workstream=slug_of(risk.workstream),
        owner=risk.owner,
        inherent=_score(risk.inherent_likelihood, risk.inherent_impact, matrix),
        current=_score(risk.current_likelihood, risk.current_impact, matrix),
        target=_score(risk.target_likelihood, risk.target_impact, matrix),
        response=risk.response,
        review_date=risk.review_date,
        proximity=risk.proximity,
        status=risk.status,
        confidentiality=risk.confidentiality,
        exempt_paragraph=risk.exempt_paragraph,
        public_interest_reason=risk.public_interest_reason,
        flags=[flag.message for flag in flags],
        actions=[_action_out(action, today) for action in risk.actions.all()],
        version=risk.version,
    )


def _appetite(programme: Programme) -> int | None:
    matrix = RiskMatrix.objects.filter(programme=programme).first()
    return matrix.appetite if matrix else None


def _risks_out(risks: Iterable[Risk], programme: Programme) -> list[risks_schemas.ProgrammeRisk]:
    matrix = services.matrix_for(programme)
    appetite = _appetite(programme)
    today = today_for_call()
    return [_risk_out(risk, matrix, appetite, today) for risk in risks]


def _issue_out(issue: Issue, visible_risks: set[int]) -> risks_schemas.ProgrammeIssue:
    return risks_schemas.ProgrammeIssue(
        id=issue.pk,
        reference=issue.reference,
        title=issue.title,
        description=issue.description,
        workstream=slug_of(issue.workstream),
        priority=issue.priority,
        owner=issue.owner,
        raised_date=issue.raised_date,
        resolved_date=issue.resolved_date,
        resolution=issue.resolution,
        escalated_to=issue.escalated_to.name if issue.escalated_to else None,
        risk=issue.risk.reference if issue.risk and issue.risk_id in visible_risks else None,
        confidentiality=issue.confidentiality,
        exempt_paragraph=issue.exempt_paragraph,
        public_interest_reason=issue.public_interest_reason,
        version=issue.version,
    )


def _visible_risks(user: Any, issues: Iterable[Issue]) -> set[int]:
    ids = [issue.risk_id for issue in issues if issue.risk_id]
    return set(programme_access.risks_for(user).filter(pk__in=ids).values_list("pk", flat=True))


def _issue_links(
    user: Any, programme: Programme, values: dict[str, Any], sent: Mapping[str, Any]
) -> None:
    """Resolve the body an issue is escalated to and the risk it came from (422 if unknown)."""
    if "escalated_to" in sent:
        body_id = sent["escalated_to"]
        body = None
        if body_id is not None:
            body = programme.bodies.filter(pk=body_id).first()
            if body is None:
                raise ValidationError({"escalated_to": f"There is no governance body {body_id}."})
        values["escalated_to"] = body
    if "risk" in sent:
        reference = sent["risk"]
        risk = None
        if reference is not None:
            risk = (
                programme_access.risks_for(user)
                .filter(programme=programme, reference=reference)
                .first()
            )
            if risk is None:
                raise ValidationError({"risk": f"There is no risk {reference}."})
        values["risk"] = risk


@router.get(
    "/risk-matrix",
    response={200: risks_schemas.ProgrammeRiskMatrix, **schemas.READ_ERRORS},
    url_name="programme-risk-matrix",
    summary="The risk register's matrix: levels, labels, bands and appetite",
)
def risk_matrix(request: HttpRequest) -> risks_schemas.ProgrammeRiskMatrix:
    access.require(request.user, Permission.VIEW_PROGRAMME)
    programme = programme_of_call(request)
    record = RiskMatrix.objects.filter(programme=programme).first()
    matrix = services.matrix_for(programme)
    return risks_schemas.ProgrammeRiskMatrix(
        levels=matrix.levels,
        likelihood_labels=list(record.likelihood_labels) if record else [],
        impact_labels=list(record.impact_labels) if record else [],
        appetite=record.appetite if record else None,
        bands=[
            risks_schemas.ProgrammeBand(
                name=b.name, lowest=b.lowest, highest=b.highest, colour=b.colour
            )
            for b in matrix.bands
        ],
        possible_scores=engine.possible_scores(matrix.levels),
        version=record.version if record else None,
    )


@router.get(
    "/risks",
    response={200: list[risks_schemas.ProgrammeRisk], **schemas.READ_ERRORS},
    url_name="programme-risks",
    summary="The risk register: scores with their bands and reasons, flags and actions",
)
def risks(request: HttpRequest) -> list[risks_schemas.ProgrammeRisk]:
    programme = programme_of_call(request)
    rows = (
        programme_access.risks_for(request.user)
        .filter(programme=programme)
        .prefetch_related("actions")
    )
    return _risks_out(rows, programme)


@router.get(
    "/risks/{risk_id}",
    response={200: risks_schemas.ProgrammeRisk, **schemas.INPUT_ERRORS},
    url_name="programme-risk",
    summary="One risk",
)
def risk(request: HttpRequest, risk_id: Path[schemas.Id]) -> risks_schemas.ProgrammeRisk:
    record = access.get_or_404(programme_access.risks_for(request.user), pk=risk_id)
    return _risks_out([record], record.programme)[0]


@router.post(
    "/risks",
    response={201: risks_schemas.ProgrammeRisk, **schemas.INPUT_ERRORS},
    auth=allowed(Permission.EDIT_PROGRAMME),
    url_name="programme-create-risk",
    summary="Add a risk (leads: in their own workstreams)",
)
def create_risk(
    request: HttpRequest, payload: risks_schemas.ProgrammeRiskIn
) -> Status[risks_schemas.ProgrammeRisk]:
    programme = programme_of_call(request)
    values = confidentiality_values(payload.model_dump(exclude={"reference"}))
    values["workstream"] = workstream_or_none(programme, payload.workstream)
    programme_access.require_edit_in(request.user, values["workstream"])
    record = services.create_risk(programme, payload.reference, values)
    return Status(201, _risks_out([record], programme)[0])


@router.patch(
    "/risks/{risk_id}",
    response={200: risks_schemas.ProgrammeRisk, **schemas.WRITE_ERRORS},
    auth=allowed(Permission.EDIT_PROGRAMME),
    url_name="programme-update-risk",
    summary="Change a risk: send the fields to change and the `version` you read",
    description="If someone saved the risk after the version you read, the answer is 409 with "
    "the current version and nothing is saved.",
)
def update_risk(
    request: HttpRequest, risk_id: Path[schemas.Id], payload: risks_schemas.ProgrammeRiskChange
) -> risks_schemas.ProgrammeRisk:
    record = access.get_or_404(programme_access.risks_for(request.user), pk=risk_id)
    programme_access.require_edit_in(request.user, record.workstream)
    changes = payload.model_dump(exclude_unset=True, exclude={"version"})
    if "workstream" in changes:
        changes["workstream"] = workstream_or_none(record.programme, changes["workstream"])
        programme_access.require_edit_in(request.user, changes["workstream"])
    saved = services.edit_risk(record, payload.version, changes)
    return _risks_out([saved], saved.programme)[0]


def _action(request: HttpRequest, action_id: int) -> RiskAction:
    action = access.get_or_404(
        RiskAction.objects.select_related("risk__workstream", "risk__programme").filter(
            risk__in=programme_access.risks_for(request.user)
        ),
        pk=action_id,
    )
    programme_access.require_edit_in(request.user, action.risk.workstream)
    return action


@router.post(
    "/risks/{risk_id}/actions",
    response={201: risks_schemas.ProgrammeRiskAction, **schemas.INPUT_ERRORS},
    auth=allowed(Permission.EDIT_PROGRAMME),
    url_name="programme-create-risk-action",
    summary="Add an action to a risk (leads: risks of their own workstreams)",
)
def create_risk_action(
    request: HttpRequest, risk_id: Path[schemas.Id], payload: risks_schemas.ProgrammeRiskActionIn
) -> Status[risks_schemas.ProgrammeRiskAction]:
    record = access.get_or_404(programme_access.risks_for(request.user), pk=risk_id)
    programme_access.require_edit_in(request.user, record.workstream)
    action = services.add_risk_action(record, payload.description, payload.owner, payload.due_date)
    return Status(201, _action_out(action, today_for_call()))


@router.post(
    "/risk-actions/{action_id}/complete",
    response={200: risks_schemas.ProgrammeRiskAction, **schemas.WRITE_ERRORS},
    auth=allowed(Permission.EDIT_PROGRAMME),
    url_name="programme-complete-risk-action",
    summary="Mark a risk action done on a date, with the `version` you read",
    description="A done action is no longer overdue. The date must be today or earlier; an "
    "action already done is refused (422); a stale version gets 409.",
)
def complete_risk_action(
    request: HttpRequest,
    action_id: Path[schemas.Id],
    payload: risks_schemas.ProgrammeRiskActionDone,
) -> risks_schemas.ProgrammeRiskAction:
    action = _action(request, action_id)
    done = services.complete_risk_action(action, payload.version, payload.completed_date)
    return _action_out(done, today_for_call())


@router.get(
    "/issues",
    response={200: list[risks_schemas.ProgrammeIssue], **schemas.READ_ERRORS},
    url_name="programme-issues",
    summary="The issue log",
)
def issues(request: HttpRequest) -> list[risks_schemas.ProgrammeIssue]:
    rows = list(
        programme_access.issues_for(request.user).filter(programme=programme_of_call(request))
    )
    visible = _visible_risks(request.user, rows)
    return [_issue_out(issue, visible) for issue in rows]


@router.get(
    "/issues/{issue_id}",
    response={200: risks_schemas.ProgrammeIssue, **schemas.INPUT_ERRORS},
    url_name="programme-issue",
    summary="One issue",
)
def issue(request: HttpRequest, issue_id: Path[schemas.Id]) -> risks_schemas.ProgrammeIssue:
    record = access.get_or_404(programme_access.issues_for(request.user), pk=issue_id)
    return _issue_out(record, _visible_risks(request.user, [record]))


@router.post(
    "/issues",
    response={201: risks_schemas.ProgrammeIssue, **schemas.INPUT_ERRORS},
    auth=allowed(Permission.MANAGE_PROGRAMME),
    url_name="programme-create-issue",
    summary="Add an issue to the log (the programme office)",
)
def create_issue(
    request: HttpRequest, payload: risks_schemas.ProgrammeIssueIn
) -> Status[risks_schemas.ProgrammeIssue]:
    programme = programme_of_call(request)
    sent = payload.model_dump()
    values = confidentiality_values(
        {k: v for k, v in sent.items() if k not in {"reference", "escalated_to", "risk"}}
    )
    values["workstream"] = workstream_or_none(programme, payload.workstream)
    _issue_links(request.user, programme, values, sent)
    record = services.create_issue(programme, payload.reference, values)
    return Status(201, _issue_out(record, _visible_risks(request.user, [record])))


@router.patch(
    "/issues/{issue_id}",
    response={200: risks_schemas.ProgrammeIssue, **schemas.WRITE_ERRORS},
    auth=allowed(Permission.MANAGE_PROGRAMME),
    url_name="programme-update-issue",
    summary="Change an issue: send the fields to change and the `version` you read",
    description="If someone saved the issue after the version you read, the answer is 409 with "
    "the current version and nothing is saved.",
)
def update_issue(
    request: HttpRequest, issue_id: Path[schemas.Id], payload: risks_schemas.ProgrammeIssueChange
) -> risks_schemas.ProgrammeIssue:
    record = access.get_or_404(programme_access.issues_for(request.user), pk=issue_id)
    sent = payload.model_dump(exclude_unset=True, exclude={"version"})
    changes = {k: v for k, v in sent.items() if k not in {"escalated_to", "risk"}}
    if "workstream" in changes:
        changes["workstream"] = workstream_or_none(record.programme, changes["workstream"])
    _issue_links(request.user, record.programme, changes, sent)
    saved = services.edit_issue(record, payload.version, changes)
    return _issue_out(saved, _visible_risks(request.user, [saved]))


@router.get(
    "/assumptions",
    response={200: list[risks_schemas.ProgrammeAssumption], **schemas.READ_ERRORS},
    url_name="programme-assumptions",
    summary="The assumptions and whether each has been validated",
)
def assumptions(request: HttpRequest) -> list[risks_schemas.ProgrammeAssumption]:
    rows: Iterable[Assumption] = programme_access.assumptions_for(request.user).filter(
        programme=programme_of_call(request)
    )
    return [
        risks_schemas.ProgrammeAssumption(
            id=a.pk,
            reference=a.reference,
            description=a.description,
            workstream=slug_of(a.workstream),
            owner=a.owner,
            validated=a.validated,
            version=a.version,
        )
        for a in rows
    ]
