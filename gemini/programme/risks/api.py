"""The programme API, at /api/v1/programme/ (docs/programme.md, "API").

Reads go through the same access layer as the pages (gemini/programme/access.py): everyone who
may view the programme reads it, and Confidential records (risks, issues, decisions, papers)
pass through `access.visible`, so an exempt (Part 2) one never reaches a member or union
representative — nor does an agenda item that takes an exempt paper, or the reference of an
exempt risk an issue came from.

Writes (status updates, risks and their actions, issues, benefit measurements) check the
permission before the request body is read (a member gets 403 whatever they send), then the
workstream rule: a workstream lead writes only in the workstreams they lead. Updates carry the
`version` read; a stale one gets 409 with the current version and writes nothing. Every write
goes through the same service as the pages. Schemas are in gemini/programme/schemas.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Path, Query, Router, Status
from ninja.params import functions as params

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.api_access import allowed
from gemini.programme import access as programme_access
from gemini.programme import chosen, engine, figures, schemas, services
from gemini.programme.models import (
    AgendaItem,
    Assumption,
    Benefit,
    CatalogueService,
    Decision,
    GovernanceBody,
    Issue,
    Meeting,
    Milestone,
    Paper,
    Programme,
    Risk,
    RiskAction,
    RiskMatrix,
    StatusUpdate,
    Workstream,
)

router = Router(tags=["programme"])


# ---------------------------------------------------------------- reading helpers


def _programme(request: HttpRequest) -> Programme:
    """The programme the call names (`?programme=slug`) or the only one (programme.chosen)."""
    try:
        return chosen.programme_named(request.GET.get("programme") or None)
    except chosen.ProgrammeNotChosenError as error:
        raise Http404(str(error)) from None


def _today() -> dt.date:
    return timezone.localdate()


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _slug(workstream: Workstream | None) -> str | None:
    return workstream.slug if workstream else None


def _status_out(
    update: figures.StatusEntry | StatusUpdate, slug: str
) -> schemas.ProgrammeStatusUpdate:
    return schemas.ProgrammeStatusUpdate(
        workstream=slug,
        date=update.date,
        rating=update.rating,
        narrative=update.narrative,
        achievements=update.achievements,
        next_steps=update.next_steps,
    )


def _overall_out(
    overall: figures.OverallJudgement | None,
) -> schemas.ProgrammeOverall | None:
    if overall is None:
        return None
    return schemas.ProgrammeOverall(
        date=overall.date,
        rating=overall.rating,
        reason=overall.reason,
        suggested_rating=overall.suggested_rating,
        suggestion_rule=overall.suggestion_rule,
        differs=overall.differs,
    )


def _workstreams_out(
    snapshot: figures.StatusSnapshot,
) -> list[schemas.ProgrammeWorkstream]:
    return [
        schemas.ProgrammeWorkstream(
            slug=ws.slug,
            name=ws.name,
            order=ws.order,
            purpose=ws.purpose,
            lead_name=ws.lead_name,
            latest=_status_out(ws.latest, ws.slug) if ws.latest else None,
            version=ws.version,
        )
        for ws in snapshot.workstreams
    ]


def _score(likelihood: int, impact: int, matrix: engine.Matrix) -> schemas.ProgrammeScore:
    value = likelihood * impact
    try:
        result = engine.score(likelihood, impact, matrix)
    except ValueError as error:  # a level outside the matrix (left by an import, say)
        return schemas.ProgrammeScore(
            likelihood=likelihood, impact=impact, score=value, band="", reason=str(error)
        )
    return schemas.ProgrammeScore(
        likelihood=likelihood,
        impact=impact,
        score=result.value,
        band=result.band,
        reason=result.reason,
    )


def _action_out(action: RiskAction, today: dt.date) -> schemas.ProgrammeRiskAction:
    return schemas.ProgrammeRiskAction(
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
) -> schemas.ProgrammeRisk:
    flags = engine.risk_flags(risk.current_score, risk.target_score, appetite, risk.inherent_score)
    return schemas.ProgrammeRisk(
        id=risk.pk,
        reference=risk.reference,
        title=risk.title,
        cause=risk.cause,
        event=risk.event,
        effect=risk.effect,
        category=risk.category,
        workstream=_slug(risk.workstream),
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


def _risks_out(risks: Iterable[Risk], programme: Programme) -> list[schemas.ProgrammeRisk]:
    matrix = services.matrix_for(programme)
    appetite = _appetite(programme)
    today = _today()
    return [_risk_out(risk, matrix, appetite, today) for risk in risks]


def _issue_out(issue: Issue, visible_risks: set[int]) -> schemas.ProgrammeIssue:
    return schemas.ProgrammeIssue(
        id=issue.pk,
        reference=issue.reference,
        title=issue.title,
        description=issue.description,
        workstream=_slug(issue.workstream),
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


def _decision_out(decision: Decision) -> schemas.ProgrammeDecision:
    return schemas.ProgrammeDecision(
        id=decision.pk,
        reference=decision.reference,
        title=decision.title,
        body=decision.body.name,
        body_id=decision.body_id,
        meeting_id=decision.meeting_id,
        meeting_date=decision.meeting.date if decision.meeting else None,
        date=decision.date,
        recommendations=decision.recommendations,
        resolution=decision.resolution,
        confidentiality=decision.confidentiality,
        exempt_paragraph=decision.exempt_paragraph,
        public_interest_reason=decision.public_interest_reason,
        version=decision.version,
    )


def _benefit_out(benefit: Benefit) -> schemas.ProgrammeBenefit:
    realisation = services.realisation(benefit)
    return schemas.ProgrammeBenefit(
        id=benefit.pk,
        reference=benefit.reference,
        title=benefit.title,
        description=benefit.description,
        kind=benefit.kind,
        category=benefit.category,
        financial=benefit.financial,
        cash_releasing=benefit.cash_releasing,
        quantitative=benefit.quantitative,
        owner_organisation=benefit.owner_organisation.code if benefit.owner_organisation else None,
        owner=benefit.owner,
        measure=benefit.measure,
        baseline=f"{benefit.baseline:.2f}",
        target=f"{benefit.target:.2f}",
        full_year_value=_money(benefit.full_year_value),
        percent_realised=None if realisation.percent is None else f"{realisation.percent:.1f}",
        realised=realisation.reason,
        profile=[
            schemas.ProgrammeProfileRow(
                organisation=row.organisation.code,
                financial_year=row.financial_year,
                amount=f"{row.amount:.2f}",
            )
            for row in sorted(
                benefit.profile.all(), key=lambda r: (r.financial_year, r.organisation.code)
            )
        ],
        measurements=[
            schemas.ProgrammeMeasurement(date=m.date, value=f"{m.value:.2f}", note=m.note)
            for m in sorted(benefit.measurements.all(), key=lambda m: m.date)
        ],
        version=benefit.version,
    )


def _paper_out(paper: Paper) -> schemas.ProgrammePaper:
    return schemas.ProgrammePaper(
        id=paper.pk,
        title=paper.title,
        reference=paper.reference,
        summary=paper.summary,
        confidentiality=paper.confidentiality,
        exempt_paragraph=paper.exempt_paragraph,
        public_interest_reason=paper.public_interest_reason,
        version=paper.version,
    )


def _meetings_out(user: Any, meetings: list[Meeting]) -> list[schemas.ProgrammeMeeting]:
    """Meetings with the agenda items, papers and decisions the user may read."""
    ids = [m.pk for m in meetings]
    papers: dict[int, list[Paper]] = {}
    for paper in programme_access.papers_for(user).filter(meeting__in=ids):
        papers.setdefault(paper.meeting_id, []).append(paper)
    agenda: dict[int, list[AgendaItem]] = {}
    for item in (
        programme_access.agenda_items_for(user).filter(meeting__in=ids).order_by("order", "title")
    ):
        agenda.setdefault(item.meeting_id, []).append(item)
    decisions: dict[int, list[str]] = {}
    for meeting_id, reference in (
        programme_access.decisions_for(user)
        .filter(meeting__in=ids)
        .order_by("reference")
        .values_list("meeting_id", "reference")
    ):
        decisions.setdefault(meeting_id, []).append(reference)
    return [
        schemas.ProgrammeMeeting(
            id=m.pk,
            body_id=m.body_id,
            body=m.body.name,
            date=m.date,
            title=m.title,
            agenda=[
                schemas.ProgrammeAgendaItem(
                    id=i.pk, order=i.order, title=i.title, paper_id=i.paper_id, version=i.version
                )
                for i in agenda.get(m.pk, [])
            ],
            papers=[_paper_out(p) for p in papers.get(m.pk, [])],
            decisions=decisions.get(m.pk, []),
            version=m.version,
        )
        for m in meetings
    ]


def _body_out(body: GovernanceBody) -> schemas.ProgrammeBody:
    return schemas.ProgrammeBody(
        id=body.pk,
        name=body.name,
        short_name=body.short_name,
        kind=body.kind,
        organisation=body.organisation.code if body.organisation else None,
        role=body.role,
        order=body.order,
        meetings=[
            schemas.ProgrammeMeetingDate(id=m.pk, date=m.date, title=m.title)
            for m in sorted(body.meetings.all(), key=lambda m: m.date)
        ],
        version=body.version,
    )


def _service_out(service: CatalogueService) -> schemas.ProgrammeService:
    return schemas.ProgrammeService(
        id=service.pk,
        slug=service.slug,
        name=service.name,
        description=service.description,
        model=service.model,
        model_label=service.model_label,
        sole_organisation=service.sole_organisation.code if service.sole_organisation else None,
        provider=service.provider,
        cost_allocation=service.cost_allocation,
        current_state=service.current_state,
        target_state=service.target_state,
        change_date=service.change_date,
        owners=[
            schemas.ProgrammeServiceOwner(
                organisation=o.organisation.code,
                accountable_owner=o.accountable_owner,
                contact=o.contact,
                provider=o.provider,
            )
            for o in service.owners.all()
        ],
        version=service.version,
    )


# ---------------------------------------------------------------- writing helpers


def _named_workstream(programme: Programme, slug: str) -> Workstream:
    """The workstream a write names (422 if there is none by that name)."""
    workstream = programme.workstreams.filter(slug=slug).first()
    if workstream is None:
        raise ValidationError({"workstream": f"There is no workstream {slug}."})
    return workstream


def _workstream(programme: Programme, slug: str | None) -> Workstream | None:
    """The workstream a write names, or none (the programme as a whole)."""
    return None if slug is None else _named_workstream(programme, slug)


def _confidentiality(values: dict[str, Any]) -> dict[str, Any]:
    """A public record sent without a paragraph or reason carries none."""
    if values.get("confidentiality") == "public":
        values.setdefault("exempt_paragraph", None)
        values.setdefault("public_interest_reason", "")
    return values


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


# ---------------------------------------------------------------- programme and status


@router.get(
    "/",
    response={200: schemas.ProgrammeSummary, **schemas.READ_ERRORS},
    url_name="programme-summary",
    summary="The programme, its overall status and each workstream's latest status",
)
def programme_summary(request: HttpRequest) -> schemas.ProgrammeSummary:
    access.require(request.user, Permission.VIEW_PROGRAMME)
    programme = _programme(request)
    snapshot = figures.status_as_at(programme, _today(), request.user)
    return schemas.ProgrammeSummary(
        name=programme.name,
        slug=programme.slug,
        description=programme.description,
        sponsor=programme.sponsor.code,
        status_scale=programme.status_scale,
        scale=list(services.scale_of(programme)),
        overall=_overall_out(snapshot.overall),
        workstreams=_workstreams_out(snapshot),
        version=programme.version,
    )


@router.get(
    "/status",
    response={200: schemas.ProgrammeStatusNow, **schemas.INPUT_ERRORS},
    url_name="programme-status",
    summary="The overall status as at a date (today by default), with the rule's suggestion",
)
def status(
    request: HttpRequest,
    # Left out means today; not nullable in the schema, so no client sends "null".
    date: Query[dt.date] = None,  # type: ignore[assignment]
) -> schemas.ProgrammeStatusNow:
    access.require(request.user, Permission.VIEW_PROGRAMME)
    programme = _programme(request)
    when = date or _today()
    snapshot = figures.status_as_at(programme, when)
    suggestion = snapshot.suggestion
    return schemas.ProgrammeStatusNow(
        as_at=when,
        scale=list(snapshot.scale),
        overall=_overall_out(snapshot.overall),
        suggestion=schemas.ProgrammeSuggestion(
            rating=suggestion.rating, rule=suggestion.rule, reasons=list(suggestion.reasons)
        ),
        workstreams=[
            schemas.ProgrammeWorkstreamRating(
                workstream=r.workstream, rating=r.rating, as_of=r.as_of
            )
            for r in snapshot.ratings
        ],
    )


@router.get(
    "/status/overall",
    response={200: list[schemas.ProgrammeOverall], **schemas.READ_ERRORS},
    url_name="programme-overall-statuses",
    summary="Every overall judgement, newest first, beside the rule's suggestion that day",
)
def overall_statuses(request: HttpRequest) -> list[schemas.ProgrammeOverall]:
    access.require(request.user, Permission.VIEW_PROGRAMME)
    rows = figures.status_as_at(_programme(request), _today()).judgements
    return [out for out in (_overall_out(o) for o in rows) if out is not None]


@router.get(
    "/status/updates",
    response={200: list[schemas.ProgrammeStatusUpdate], **schemas.INPUT_ERRORS},
    url_name="programme-status-updates",
    summary="Workstream status updates, newest first (`workstream` to choose one)",
)
def status_updates(
    request: HttpRequest,
    # Left out means every workstream; not nullable in the schema.
    workstream: str = params.Query(None, min_length=1, max_length=50, pattern=schemas.SLUG),
) -> list[schemas.ProgrammeStatusUpdate]:
    workstreams = programme_access.workstreams_for(request.user).filter(
        programme=_programme(request)
    )
    if workstream is not None:
        workstreams = workstreams.filter(slug=workstream)
    updates = (
        StatusUpdate.objects.filter(workstream__in=workstreams)
        .select_related("workstream")
        .order_by("-date", "workstream__order")
    )
    return [_status_out(u, u.workstream.slug) for u in updates]


@router.post(
    "/status/updates",
    response={201: schemas.ProgrammeStatusUpdate, **schemas.INPUT_ERRORS},
    auth=allowed(Permission.EDIT_PROGRAMME),
    url_name="programme-create-status-update",
    summary="Record a workstream's status on a date (leads: their own workstreams)",
    description="The rating must be on the programme's scale. Saving again for the same "
    "workstream and date replaces that day's status.",
)
def create_status_update(
    request: HttpRequest, payload: schemas.ProgrammeStatusUpdateIn
) -> Status[schemas.ProgrammeStatusUpdate]:
    workstream = _named_workstream(_programme(request), payload.workstream)
    programme_access.require_edit_workstream(request.user, workstream)
    update, _ = services.save_status_update(
        workstream,
        payload.date,
        payload.rating,
        payload.narrative,
        payload.achievements,
        payload.next_steps,
    )
    return Status(201, _status_out(update, workstream.slug))


@router.get(
    "/workstreams",
    response={200: list[schemas.ProgrammeWorkstream], **schemas.READ_ERRORS},
    url_name="programme-workstreams",
    summary="The workstreams, each with its latest status",
)
def workstreams(request: HttpRequest) -> list[schemas.ProgrammeWorkstream]:
    return _workstreams_out(figures.status_as_at(_programme(request), _today(), request.user))


@router.get(
    "/workstreams/{slug}",
    response={200: schemas.ProgrammeWorkstream, **schemas.INPUT_ERRORS},
    url_name="programme-workstream",
    summary="One workstream with its latest status",
)
def workstream(request: HttpRequest, slug: Path[schemas.Slug]) -> schemas.ProgrammeWorkstream:
    programme = _programme(request)
    access.get_or_404(
        programme_access.workstreams_for(request.user).filter(programme=programme), slug=slug
    )
    snapshot = figures.status_as_at(programme, _today(), request.user)
    return next(w for w in _workstreams_out(snapshot) if w.slug == slug)


# ---------------------------------------------------------------- milestones


def _milestones_out(
    request: HttpRequest, rows: list[Milestone]
) -> list[schemas.ProgrammeMilestone]:
    programme = _programme(request)
    programme_rows = list(programme_access.milestones_for(request.user).filter(programme=programme))
    flags = services.milestone_flags(programme_rows, _today())
    return [
        schemas.ProgrammeMilestone(
            id=m.pk,
            reference=m.reference,
            title=m.title,
            workstream=_slug(m.workstream),
            owner=m.owner,
            baseline_date=m.baseline_date,
            forecast_date=m.forecast_date,
            actual_date=m.actual_date,
            status=m.status,
            slippage_days=m.slippage_days,
            predecessors=sorted(p.reference for p in m.predecessors.all()),
            flags=list(flags.get(m.pk, ())),
            version=m.version,
        )
        for m in rows
    ]


@router.get(
    "/milestones",
    response={200: list[schemas.ProgrammeMilestone], **schemas.READ_ERRORS},
    url_name="programme-milestones",
    summary="Milestones: baseline, forecast and actual dates, slippage, dependency flags",
)
def milestones(request: HttpRequest) -> list[schemas.ProgrammeMilestone]:
    rows = list(programme_access.milestones_for(request.user).filter(programme=_programme(request)))
    return _milestones_out(request, rows)


@router.get(
    "/milestones/{milestone_id}",
    response={200: schemas.ProgrammeMilestone, **schemas.INPUT_ERRORS},
    url_name="programme-milestone",
    summary="One milestone",
)
def milestone(request: HttpRequest, milestone_id: Path[schemas.Id]) -> schemas.ProgrammeMilestone:
    record = access.get_or_404(programme_access.milestones_for(request.user), pk=milestone_id)
    return _milestones_out(request, [record])[0]


# ---------------------------------------------------------------- risks


@router.get(
    "/risk-matrix",
    response={200: schemas.ProgrammeRiskMatrix, **schemas.READ_ERRORS},
    url_name="programme-risk-matrix",
    summary="The risk register's matrix: levels, labels, bands and appetite",
)
def risk_matrix(request: HttpRequest) -> schemas.ProgrammeRiskMatrix:
    access.require(request.user, Permission.VIEW_PROGRAMME)
    programme = _programme(request)
    record = RiskMatrix.objects.filter(programme=programme).first()
    matrix = services.matrix_for(programme)
    return schemas.ProgrammeRiskMatrix(
        levels=matrix.levels,
        likelihood_labels=list(record.likelihood_labels) if record else [],
        impact_labels=list(record.impact_labels) if record else [],
        appetite=record.appetite if record else None,
        bands=[
            schemas.ProgrammeBand(name=b.name, lowest=b.lowest, highest=b.highest, colour=b.colour)
            for b in matrix.bands
        ],
        possible_scores=engine.possible_scores(matrix.levels),
        version=record.version if record else None,
    )


@router.get(
    "/risks",
    response={200: list[schemas.ProgrammeRisk], **schemas.READ_ERRORS},
    url_name="programme-risks",
    summary="The risk register: scores with their bands and reasons, flags and actions",
)
def risks(request: HttpRequest) -> list[schemas.ProgrammeRisk]:
    programme = _programme(request)
    rows = (
        programme_access.risks_for(request.user)
        .filter(programme=programme)
        .prefetch_related("actions")
    )
    return _risks_out(rows, programme)


@router.get(
    "/risks/{risk_id}",
    response={200: schemas.ProgrammeRisk, **schemas.INPUT_ERRORS},
    url_name="programme-risk",
    summary="One risk",
)
def risk(request: HttpRequest, risk_id: Path[schemas.Id]) -> schemas.ProgrammeRisk:
    record = access.get_or_404(programme_access.risks_for(request.user), pk=risk_id)
    return _risks_out([record], record.programme)[0]


@router.post(
    "/risks",
    response={201: schemas.ProgrammeRisk, **schemas.INPUT_ERRORS},
    auth=allowed(Permission.EDIT_PROGRAMME),
    url_name="programme-create-risk",
    summary="Add a risk (leads: in their own workstreams)",
)
def create_risk(
    request: HttpRequest, payload: schemas.ProgrammeRiskIn
) -> Status[schemas.ProgrammeRisk]:
    programme = _programme(request)
    values = _confidentiality(payload.model_dump(exclude={"reference"}))
    values["workstream"] = _workstream(programme, payload.workstream)
    programme_access.require_edit_in(request.user, values["workstream"])
    record = services.create_risk(programme, payload.reference, values)
    return Status(201, _risks_out([record], programme)[0])


@router.patch(
    "/risks/{risk_id}",
    response={200: schemas.ProgrammeRisk, **schemas.WRITE_ERRORS},
    auth=allowed(Permission.EDIT_PROGRAMME),
    url_name="programme-update-risk",
    summary="Change a risk: send the fields to change and the `version` you read",
    description="If someone saved the risk after the version you read, the answer is 409 with "
    "the current version and nothing is saved.",
)
def update_risk(
    request: HttpRequest, risk_id: Path[schemas.Id], payload: schemas.ProgrammeRiskChange
) -> schemas.ProgrammeRisk:
    record = access.get_or_404(programme_access.risks_for(request.user), pk=risk_id)
    programme_access.require_edit_in(request.user, record.workstream)
    changes = payload.model_dump(exclude_unset=True, exclude={"version"})
    if "workstream" in changes:
        changes["workstream"] = _workstream(record.programme, changes["workstream"])
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
    response={201: schemas.ProgrammeRiskAction, **schemas.INPUT_ERRORS},
    auth=allowed(Permission.EDIT_PROGRAMME),
    url_name="programme-create-risk-action",
    summary="Add an action to a risk (leads: risks of their own workstreams)",
)
def create_risk_action(
    request: HttpRequest, risk_id: Path[schemas.Id], payload: schemas.ProgrammeRiskActionIn
) -> Status[schemas.ProgrammeRiskAction]:
    record = access.get_or_404(programme_access.risks_for(request.user), pk=risk_id)
    programme_access.require_edit_in(request.user, record.workstream)
    action = services.add_risk_action(record, payload.description, payload.owner, payload.due_date)
    return Status(201, _action_out(action, _today()))


@router.post(
    "/risk-actions/{action_id}/complete",
    response={200: schemas.ProgrammeRiskAction, **schemas.WRITE_ERRORS},
    auth=allowed(Permission.EDIT_PROGRAMME),
    url_name="programme-complete-risk-action",
    summary="Mark a risk action done on a date, with the `version` you read",
    description="A done action is no longer overdue. The date must be today or earlier; an "
    "action already done is refused (422); a stale version gets 409.",
)
def complete_risk_action(
    request: HttpRequest, action_id: Path[schemas.Id], payload: schemas.ProgrammeRiskActionDone
) -> schemas.ProgrammeRiskAction:
    action = _action(request, action_id)
    done = services.complete_risk_action(action, payload.version, payload.completed_date)
    return _action_out(done, _today())


# ---------------------------------------------------------------- issues


@router.get(
    "/issues",
    response={200: list[schemas.ProgrammeIssue], **schemas.READ_ERRORS},
    url_name="programme-issues",
    summary="The issue log",
)
def issues(request: HttpRequest) -> list[schemas.ProgrammeIssue]:
    rows = list(programme_access.issues_for(request.user).filter(programme=_programme(request)))
    visible = _visible_risks(request.user, rows)
    return [_issue_out(issue, visible) for issue in rows]


@router.get(
    "/issues/{issue_id}",
    response={200: schemas.ProgrammeIssue, **schemas.INPUT_ERRORS},
    url_name="programme-issue",
    summary="One issue",
)
def issue(request: HttpRequest, issue_id: Path[schemas.Id]) -> schemas.ProgrammeIssue:
    record = access.get_or_404(programme_access.issues_for(request.user), pk=issue_id)
    return _issue_out(record, _visible_risks(request.user, [record]))


@router.post(
    "/issues",
    response={201: schemas.ProgrammeIssue, **schemas.INPUT_ERRORS},
    auth=allowed(Permission.MANAGE_PROGRAMME),
    url_name="programme-create-issue",
    summary="Add an issue to the log (the programme office)",
)
def create_issue(
    request: HttpRequest, payload: schemas.ProgrammeIssueIn
) -> Status[schemas.ProgrammeIssue]:
    programme = _programme(request)
    sent = payload.model_dump()
    values = _confidentiality(
        {k: v for k, v in sent.items() if k not in {"reference", "escalated_to", "risk"}}
    )
    values["workstream"] = _workstream(programme, payload.workstream)
    _issue_links(request.user, programme, values, sent)
    record = services.create_issue(programme, payload.reference, values)
    return Status(201, _issue_out(record, _visible_risks(request.user, [record])))


@router.patch(
    "/issues/{issue_id}",
    response={200: schemas.ProgrammeIssue, **schemas.WRITE_ERRORS},
    auth=allowed(Permission.MANAGE_PROGRAMME),
    url_name="programme-update-issue",
    summary="Change an issue: send the fields to change and the `version` you read",
    description="If someone saved the issue after the version you read, the answer is 409 with "
    "the current version and nothing is saved.",
)
def update_issue(
    request: HttpRequest, issue_id: Path[schemas.Id], payload: schemas.ProgrammeIssueChange
) -> schemas.ProgrammeIssue:
    record = access.get_or_404(programme_access.issues_for(request.user), pk=issue_id)
    sent = payload.model_dump(exclude_unset=True, exclude={"version"})
    changes = {k: v for k, v in sent.items() if k not in {"escalated_to", "risk"}}
    if "workstream" in changes:
        changes["workstream"] = _workstream(record.programme, changes["workstream"])
    _issue_links(request.user, record.programme, changes, sent)
    saved = services.edit_issue(record, payload.version, changes)
    return _issue_out(saved, _visible_risks(request.user, [saved]))


# ---------------------------------------------------------------- decisions and assumptions


@router.get(
    "/decisions",
    response={200: list[schemas.ProgrammeDecision], **schemas.READ_ERRORS},
    url_name="programme-decisions",
    summary="The decision log: body, meeting, reference, recommendations and resolution",
)
def decisions(request: HttpRequest) -> list[schemas.ProgrammeDecision]:
    rows = programme_access.decisions_for(request.user).filter(programme=_programme(request))
    return [_decision_out(d) for d in rows]


@router.get(
    "/decisions/{decision_id}",
    response={200: schemas.ProgrammeDecision, **schemas.INPUT_ERRORS},
    url_name="programme-decision",
    summary="One decision",
)
def decision(request: HttpRequest, decision_id: Path[schemas.Id]) -> schemas.ProgrammeDecision:
    return _decision_out(
        access.get_or_404(programme_access.decisions_for(request.user), pk=decision_id)
    )


@router.get(
    "/assumptions",
    response={200: list[schemas.ProgrammeAssumption], **schemas.READ_ERRORS},
    url_name="programme-assumptions",
    summary="The assumptions and whether each has been validated",
)
def assumptions(request: HttpRequest) -> list[schemas.ProgrammeAssumption]:
    rows: Iterable[Assumption] = programme_access.assumptions_for(request.user).filter(
        programme=_programme(request)
    )
    return [
        schemas.ProgrammeAssumption(
            id=a.pk,
            reference=a.reference,
            description=a.description,
            workstream=_slug(a.workstream),
            owner=a.owner,
            validated=a.validated,
            version=a.version,
        )
        for a in rows
    ]


# ---------------------------------------------------------------- benefits


@router.get(
    "/benefits",
    response={200: list[schemas.ProgrammeBenefit], **schemas.READ_ERRORS},
    url_name="programme-benefits",
    summary="The benefits register with profile, measurements and % realised",
)
def benefits(request: HttpRequest) -> list[schemas.ProgrammeBenefit]:
    rows = programme_access.benefits_for(request.user).filter(programme=_programme(request))
    return [_benefit_out(b) for b in rows]


@router.get(
    "/benefits/{benefit_id}",
    response={200: schemas.ProgrammeBenefit, **schemas.INPUT_ERRORS},
    url_name="programme-benefit",
    summary="One benefit",
)
def benefit(request: HttpRequest, benefit_id: Path[schemas.Id]) -> schemas.ProgrammeBenefit:
    return _benefit_out(
        access.get_or_404(programme_access.benefits_for(request.user), pk=benefit_id)
    )


@router.post(
    "/benefits/{benefit_id}/measurements",
    response={201: schemas.ProgrammeMeasurement, **schemas.INPUT_ERRORS},
    auth=allowed(Permission.MANAGE_PROGRAMME),
    url_name="programme-create-measurement",
    summary="Record a benefit's measured value on a date (the programme office)",
    description="A qualitative benefit has no measure (422). The same date again replaces that "
    "day's measurement.",
)
def create_measurement(
    request: HttpRequest, benefit_id: Path[schemas.Id], payload: schemas.ProgrammeMeasurementIn
) -> Status[schemas.ProgrammeMeasurement]:
    record = access.get_or_404(programme_access.benefits_for(request.user), pk=benefit_id)
    try:
        value = Decimal(payload.value)
    except InvalidOperation:
        raise ValidationError({"value": "Enter the value as a number."}) from None
    measurement, _ = services.record_measurement(record, payload.date, value, payload.note)
    return Status(
        201,
        schemas.ProgrammeMeasurement(
            date=measurement.date, value=f"{measurement.value:.2f}", note=measurement.note
        ),
    )


# ---------------------------------------------------------------- governance


@router.get(
    "/bodies",
    response={200: list[schemas.ProgrammeBody], **schemas.READ_ERRORS},
    url_name="programme-bodies",
    summary="The governance bodies and their meeting dates",
)
def bodies(request: HttpRequest) -> list[schemas.ProgrammeBody]:
    rows = (
        programme_access.bodies_for(request.user)
        .filter(programme=_programme(request))
        .prefetch_related("meetings")
    )
    return [_body_out(b) for b in rows]


@router.get(
    "/bodies/{body_id}",
    response={200: schemas.ProgrammeBody, **schemas.INPUT_ERRORS},
    url_name="programme-body",
    summary="One governance body",
)
def body(request: HttpRequest, body_id: Path[schemas.Id]) -> schemas.ProgrammeBody:
    return _body_out(access.get_or_404(programme_access.bodies_for(request.user), pk=body_id))


@router.get(
    "/meetings",
    response={200: list[schemas.ProgrammeMeeting], **schemas.READ_ERRORS},
    url_name="programme-meetings",
    summary="Meetings, oldest first, with their agenda, papers and decisions",
    description="Exempt (Part 2) papers, and agenda items that take one, are left out for "
    "people who may not see exempt information.",
)
def meetings(request: HttpRequest) -> list[schemas.ProgrammeMeeting]:
    rows = list(
        programme_access.meetings_for(request.user)
        .filter(body__programme=_programme(request))
        .order_by("date", "body__order")
    )
    return _meetings_out(request.user, rows)


@router.get(
    "/meetings/{meeting_id}",
    response={200: schemas.ProgrammeMeeting, **schemas.INPUT_ERRORS},
    url_name="programme-meeting",
    summary="One meeting",
)
def meeting(request: HttpRequest, meeting_id: Path[schemas.Id]) -> schemas.ProgrammeMeeting:
    record = access.get_or_404(programme_access.meetings_for(request.user), pk=meeting_id)
    return _meetings_out(request.user, [record])[0]


# ---------------------------------------------------------------- catalogue


@router.get(
    "/catalogue",
    response={200: list[schemas.ProgrammeService], **schemas.READ_ERRORS},
    url_name="programme-catalogue",
    summary="The operating-model catalogue: each service's model, provider and owners",
)
def catalogue(request: HttpRequest) -> list[schemas.ProgrammeService]:
    rows = programme_access.services_for(request.user).filter(programme=_programme(request))
    return [_service_out(s) for s in rows]


@router.get(
    "/catalogue/{slug}",
    response={200: schemas.ProgrammeService, **schemas.INPUT_ERRORS},
    url_name="programme-service",
    summary="One service of the catalogue",
)
def service(request: HttpRequest, slug: Path[schemas.Slug]) -> schemas.ProgrammeService:
    return _service_out(
        access.get_or_404(
            programme_access.services_for(request.user).filter(programme=_programme(request)),
            slug=slug,
        )
    )
