"""The programme API's status routes: the summary, status as at a date, workstreams, milestones."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Path, Query, Router, Status
from ninja.params import functions as params

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.api_access import allowed
from gemini.programme import access as programme_access
from gemini.programme import figures, schemas
from gemini.programme.api_common import (
    named_workstream,
    programme_of_call,
    slug_of,
    today_for_call,
)
from gemini.programme.models import (
    Milestone,
    StatusUpdate,
)
from gemini.programme.records import CONFIRM_IN_THE_API
from gemini.programme.status import schemas as status_schemas
from gemini.programme.status import services

router = Router(tags=["programme"])


def _status_out(
    update: figures.StatusEntry | StatusUpdate, slug: str
) -> status_schemas.ProgrammeStatusUpdate:
    return status_schemas.ProgrammeStatusUpdate(
        workstream=slug,
        date=update.date,
        rating=update.rating,
        narrative=update.narrative,
        achievements=update.achievements,
        next_steps=update.next_steps,
    )


def _overall_out(
    overall: figures.OverallJudgement | None,
) -> status_schemas.ProgrammeOverall | None:
    if overall is None:
        return None
    return status_schemas.ProgrammeOverall(
        date=overall.date,
        rating=overall.rating,
        reason=overall.reason,
        suggested_rating=overall.suggested_rating,
        suggestion_rule=overall.suggestion_rule,
        differs=overall.differs,
    )


def _workstreams_out(
    snapshot: figures.StatusSnapshot,
) -> list[status_schemas.ProgrammeWorkstream]:
    return [
        status_schemas.ProgrammeWorkstream(
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


@router.get(
    "/",
    response={200: status_schemas.ProgrammeSummary, **schemas.READ_ERRORS},
    url_name="programme-summary",
    summary="The programme, its overall status and each workstream's latest status",
)
def programme_summary(request: HttpRequest) -> status_schemas.ProgrammeSummary:
    access.require(request.user, Permission.VIEW_PROGRAMME)
    programme = programme_of_call(request)
    snapshot = figures.status_as_at(programme, today_for_call(), request.user)
    return status_schemas.ProgrammeSummary(
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
    response={200: status_schemas.ProgrammeStatusNow, **schemas.INPUT_ERRORS},
    url_name="programme-status",
    summary="The overall status as at a date (today by default), with the rule's suggestion",
)
def status(
    request: HttpRequest,
    # Left out means today; not nullable in the schema, so no client sends "null".
    date: Query[dt.date] = None,  # type: ignore[assignment]
) -> status_schemas.ProgrammeStatusNow:
    access.require(request.user, Permission.VIEW_PROGRAMME)
    programme = programme_of_call(request)
    when = date or today_for_call()
    snapshot = figures.status_as_at(programme, when)
    suggestion = snapshot.suggestion
    return status_schemas.ProgrammeStatusNow(
        as_at=when,
        scale=list(snapshot.scale),
        overall=_overall_out(snapshot.overall),
        suggestion=status_schemas.ProgrammeSuggestion(
            rating=suggestion.rating, rule=suggestion.rule, reasons=list(suggestion.reasons)
        ),
        workstreams=[
            status_schemas.ProgrammeWorkstreamRating(
                workstream=r.workstream, rating=r.rating, as_of=r.as_of
            )
            for r in snapshot.ratings
        ],
    )


@router.get(
    "/status/overall",
    response={200: list[status_schemas.ProgrammeOverall], **schemas.READ_ERRORS},
    url_name="programme-overall-statuses",
    summary="Every overall judgement, newest first, beside the rule's suggestion that day",
)
def overall_statuses(request: HttpRequest) -> list[status_schemas.ProgrammeOverall]:
    access.require(request.user, Permission.VIEW_PROGRAMME)
    rows = figures.status_as_at(programme_of_call(request), today_for_call()).judgements
    return [out for out in (_overall_out(o) for o in rows) if out is not None]


@router.get(
    "/status/updates",
    response={200: list[status_schemas.ProgrammeStatusUpdate], **schemas.INPUT_ERRORS},
    url_name="programme-status-updates",
    summary="Workstream status updates, newest first (`workstream` to choose one)",
)
def status_updates(
    request: HttpRequest,
    # Left out means every workstream; not nullable in the schema.
    workstream: str = params.Query(None, min_length=1, max_length=50, pattern=schemas.SLUG),
) -> list[status_schemas.ProgrammeStatusUpdate]:
    workstreams = programme_access.workstreams_for(request.user).filter(
        programme=programme_of_call(request)
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
    response={201: status_schemas.ProgrammeStatusUpdate, **schemas.REPLACE_ERRORS},
    auth=allowed(Permission.EDIT_PROGRAMME),
    url_name="programme-create-status-update",
    summary="Record a workstream's status on a date (leads: their own workstreams)",
    description="The rating must be on the programme's scale. A status already recorded for "
    'the workstream on that date is replaced if the caller saved it last, or with "replace": '
    "true; otherwise the save is refused (409), naming who recorded it and what it says, and "
    "nothing is written.",
)
def create_status_update(
    request: HttpRequest, payload: status_schemas.ProgrammeStatusUpdateIn
) -> Status[status_schemas.ProgrammeStatusUpdate]:
    workstream = named_workstream(programme_of_call(request), payload.workstream)
    programme_access.require_edit_workstream(request.user, workstream)
    update, _ = services.save_status_update(
        workstream,
        payload.date,
        payload.rating,
        payload.narrative,
        payload.achievements,
        payload.next_steps,
        replace=payload.replace,
        confirm=CONFIRM_IN_THE_API,
        own_by=request.user,
    )
    return Status(201, _status_out(update, workstream.slug))


@router.get(
    "/workstreams",
    response={200: list[status_schemas.ProgrammeWorkstream], **schemas.READ_ERRORS},
    url_name="programme-workstreams",
    summary="The workstreams, each with its latest status",
)
def workstreams(request: HttpRequest) -> list[status_schemas.ProgrammeWorkstream]:
    return _workstreams_out(
        figures.status_as_at(programme_of_call(request), today_for_call(), request.user)
    )


@router.get(
    "/workstreams/{slug}",
    response={200: status_schemas.ProgrammeWorkstream, **schemas.INPUT_ERRORS},
    url_name="programme-workstream",
    summary="One workstream with its latest status",
)
def workstream(
    request: HttpRequest, slug: Path[schemas.Slug]
) -> status_schemas.ProgrammeWorkstream:
    programme = programme_of_call(request)
    access.get_or_404(
        programme_access.workstreams_for(request.user).filter(programme=programme), slug=slug
    )
    snapshot = figures.status_as_at(programme, today_for_call(), request.user)
    return next(w for w in _workstreams_out(snapshot) if w.slug == slug)


def _milestones_out(
    request: HttpRequest, rows: list[Milestone]
) -> list[status_schemas.ProgrammeMilestone]:
    programme = programme_of_call(request)
    programme_rows = list(programme_access.milestones_for(request.user).filter(programme=programme))
    flags = services.milestone_flags(programme_rows, today_for_call())
    return [
        status_schemas.ProgrammeMilestone(
            id=m.pk,
            reference=m.reference,
            title=m.title,
            workstream=slug_of(m.workstream),
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
    response={200: list[status_schemas.ProgrammeMilestone], **schemas.READ_ERRORS},
    url_name="programme-milestones",
    summary="Milestones: baseline, forecast and actual dates, slippage, dependency flags",
)
def milestones(request: HttpRequest) -> list[status_schemas.ProgrammeMilestone]:
    rows = list(
        programme_access.milestones_for(request.user).filter(programme=programme_of_call(request))
    )
    return _milestones_out(request, rows)


@router.get(
    "/milestones/{milestone_id}",
    response={200: status_schemas.ProgrammeMilestone, **schemas.INPUT_ERRORS},
    url_name="programme-milestone",
    summary="One milestone",
)
def milestone(
    request: HttpRequest, milestone_id: Path[schemas.Id]
) -> status_schemas.ProgrammeMilestone:
    record = access.get_or_404(programme_access.milestones_for(request.user), pk=milestone_id)
    return _milestones_out(request, [record])[0]
