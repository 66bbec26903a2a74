"""The programme API's governance routes: decisions, bodies and meetings."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Path, Router

from gemini.core import access
from gemini.programme import access as programme_access
from gemini.programme import schemas
from gemini.programme.api_common import programme_of_call
from gemini.programme.governance import schemas as governance_schemas
from gemini.programme.models import (
    AgendaItem,
    Decision,
    GovernanceBody,
    Meeting,
    Paper,
)

router = Router(tags=["programme"])


def _decision_out(decision: Decision) -> governance_schemas.ProgrammeDecision:
    return governance_schemas.ProgrammeDecision(
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


def _paper_out(paper: Paper) -> governance_schemas.ProgrammePaper:
    return governance_schemas.ProgrammePaper(
        id=paper.pk,
        title=paper.title,
        reference=paper.reference,
        summary=paper.summary,
        confidentiality=paper.confidentiality,
        exempt_paragraph=paper.exempt_paragraph,
        public_interest_reason=paper.public_interest_reason,
        version=paper.version,
    )


def _meetings_out(user: Any, meetings: list[Meeting]) -> list[governance_schemas.ProgrammeMeeting]:
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
        governance_schemas.ProgrammeMeeting(
            id=m.pk,
            body_id=m.body_id,
            body=m.body.name,
            date=m.date,
            title=m.title,
            agenda=[
                governance_schemas.ProgrammeAgendaItem(
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


def _body_out(body: GovernanceBody) -> governance_schemas.ProgrammeBody:
    return governance_schemas.ProgrammeBody(
        id=body.pk,
        name=body.name,
        short_name=body.short_name,
        kind=body.kind,
        organisation=body.organisation.code if body.organisation else None,
        role=body.role,
        order=body.order,
        meetings=[
            governance_schemas.ProgrammeMeetingDate(id=m.pk, date=m.date, title=m.title)
            for m in sorted(body.meetings.all(), key=lambda m: m.date)
        ],
        version=body.version,
    )


@router.get(
    "/decisions",
    response={200: list[governance_schemas.ProgrammeDecision], **schemas.READ_ERRORS},
    url_name="programme-decisions",
    summary="The decision log: body, meeting, reference, recommendations and resolution",
)
def decisions(request: HttpRequest) -> list[governance_schemas.ProgrammeDecision]:
    rows = programme_access.decisions_for(request.user).filter(programme=programme_of_call(request))
    return [_decision_out(d) for d in rows]


@router.get(
    "/decisions/{decision_id}",
    response={200: governance_schemas.ProgrammeDecision, **schemas.INPUT_ERRORS},
    url_name="programme-decision",
    summary="One decision",
)
def decision(
    request: HttpRequest, decision_id: Path[schemas.Id]
) -> governance_schemas.ProgrammeDecision:
    return _decision_out(
        access.get_or_404(programme_access.decisions_for(request.user), pk=decision_id)
    )


@router.get(
    "/bodies",
    response={200: list[governance_schemas.ProgrammeBody], **schemas.READ_ERRORS},
    url_name="programme-bodies",
    summary="The governance bodies and their meeting dates",
)
def bodies(request: HttpRequest) -> list[governance_schemas.ProgrammeBody]:
    rows = (
        programme_access.bodies_for(request.user)
        .filter(programme=programme_of_call(request))
        .prefetch_related("meetings")
    )
    return [_body_out(b) for b in rows]


@router.get(
    "/bodies/{body_id}",
    response={200: governance_schemas.ProgrammeBody, **schemas.INPUT_ERRORS},
    url_name="programme-body",
    summary="One governance body",
)
def body(request: HttpRequest, body_id: Path[schemas.Id]) -> governance_schemas.ProgrammeBody:
    return _body_out(access.get_or_404(programme_access.bodies_for(request.user), pk=body_id))


@router.get(
    "/meetings",
    response={200: list[governance_schemas.ProgrammeMeeting], **schemas.READ_ERRORS},
    url_name="programme-meetings",
    summary="Meetings, oldest first, with their agenda, papers and decisions",
    description="Exempt (Part 2) papers, and agenda items that take one, are left out for "
    "people who may not see exempt information.",
)
def meetings(request: HttpRequest) -> list[governance_schemas.ProgrammeMeeting]:
    rows = list(
        programme_access.meetings_for(request.user)
        .filter(body__programme=programme_of_call(request))
        .order_by("date", "body__order")
    )
    return _meetings_out(request.user, rows)


@router.get(
    "/meetings/{meeting_id}",
    response={200: governance_schemas.ProgrammeMeeting, **schemas.INPUT_ERRORS},
    url_name="programme-meeting",
    summary="One meeting",
)
def meeting(
    request: HttpRequest, meeting_id: Path[schemas.Id]
) -> governance_schemas.ProgrammeMeeting:
    record = access.get_or_404(programme_access.meetings_for(request.user), pk=meeting_id)
    return _meetings_out(request.user, [record])[0]
