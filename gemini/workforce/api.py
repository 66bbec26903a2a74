"""The workforce API, at /api/v1/workforce/ (docs/workforce.md, "API").

Read through the same access layer as the pages (gemini/workforce/access.py):

- anonymised figures (service designs, posts, the structure by team, matching runs with their
  counts, pools, consultation timetable, equality rates and cost totals, organised groupings)
  need VIEW_WORKFORCE, which members and union representatives hold;
- anything about a person (staff, each person's outcome, redundancy pay, a grouping's members)
  needs VIEW_PERSONAL_DATA and reaches only the staff of the organisations it is scoped to.

The one write is HR's decision on a proposed outcome (UK GDPR Article 22: the engine proposes, a
named person decides): DECIDE_WORKFORCE, in scope, with a reason and the `version` read, through
`services.decide_outcome`. The schemas are in gemini/workforce/schemas.py.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest
from ninja import Body, Path, Router, Status

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.api_access import allowed
from gemini.core.asat import today
from gemini.core.models import User
from gemini.workforce import access as workforce_access
from gemini.workforce import figures, schemas, services
from gemini.workforce.models import PersonOutcome, Post

router = Router(tags=["workforce"])


# --- anonymised figures -------------------------------------------------------------------


@router.get(
    "/structure",
    response={200: schemas.WorkforceStructure, **schemas.READ_ERRORS},
    url_name="workforce-structure",
    summary="Both councils' service designs, and staff today against posts by team",
)
def structure(request: HttpRequest, as_at: dt.date | None = None) -> schemas.WorkforceStructure:
    """Staff and places as recorded at the end of `as_at` (YYYY-MM-DD; default today)."""
    found = figures.restructure(as_at or today(), request.user)
    return schemas.WorkforceStructure(
        councils=list(found.councils),
        staff=found.staff,
        places=found.places,
        designs=[
            schemas.WorkforceDesign(
                council=d.council,
                name=d.name,
                places=d.places,
                fte=schemas.number(d.fte),
                evaluated=d.evaluated,
                draft=d.draft,
            )
            for d in found.designs
        ],
        teams=[
            schemas.WorkforceTeam(team=t.team, staff=t.staff, posts=t.posts) for t in found.teams
        ],
    )


@router.get(
    "/posts",
    response={200: list[schemas.WorkforcePost], **schemas.READ_ERRORS},
    url_name="workforce-posts",
    summary="The posts of the new service designs, with their job evaluation",
)
def posts(request: HttpRequest) -> list[schemas.WorkforcePost]:
    return [
        schemas.WorkforcePost(
            post_ref=p.post_ref,
            council=p.council.code,
            structure=p.structure.name,
            title=p.title,
            team=p.team,
            grade=p.grade.grade,
            grade_rank=p.grade.rank,
            fte=schemas.number(p.fte),
            count=p.count,
            jdq_status=p.jdq_status,
            jdq_score=p.jdq_score,
        )
        for p in workforce_access.posts_for(request.user)
    ]


@router.get(
    "/runs",
    response={200: list[schemas.WorkforceRun], **schemas.READ_ERRORS},
    url_name="workforce-runs",
    summary="Matching runs, newest first, with the policy each used",
)
def runs(request: HttpRequest) -> list[schemas.WorkforceRun]:
    return [schemas.run_out(r) for r in workforce_access.runs_for(request.user)]


@router.get(
    "/runs/{number}",
    response={200: schemas.WorkforceRunSummary, **schemas.READ_ERRORS},
    url_name="workforce-run",
    summary="One matching run's anonymised figures",
    description="Counts by outcome, council, team and grade (small counts shown as '<5'), "
    "pools, the consultation timetable, equality rates and the redundancy cost totals. No one "
    "is named.",
)
def run(
    request: HttpRequest, number: int, as_at: dt.date | None = None
) -> schemas.WorkforceRunSummary:
    found = figures.matching(as_at or today(), request.user, number)
    if found is None:
        raise Http404(f"There is no matching run {number} made by then.")
    return schemas.summary_out(found, workforce_access.may_see_people(request.user))


@router.get(
    "/groupings",
    response={200: list[schemas.WorkforceGrouping], **schemas.READ_ERRORS},
    url_name="workforce-groupings",
    summary="Organised groupings for a TUPE or COSOP transfer, with how many people are in each",
)
def groupings(request: HttpRequest) -> list[schemas.WorkforceGrouping]:
    records = workforce_access.groupings_for(request.user).prefetch_related("members")
    return [
        schemas.WorkforceGrouping(**schemas.grouping_fields(g, len(g.members.all())))
        for g in records
    ]


@router.get(
    "/groupings/{grouping_id}",
    response={200: schemas.WorkforceGroupingDetail, **schemas.READ_ERRORS},
    url_name="workforce-grouping",
    summary="One organised grouping; its members only for those who may see personal data",
)
def grouping(request: HttpRequest, grouping_id: int) -> schemas.WorkforceGroupingDetail:
    record = access.get_or_404(workforce_access.groupings_for(request.user), pk=grouping_id)
    members = None
    if workforce_access.may_see_people(request.user):
        members = [
            schemas.WorkforceMember(
                employee_ref=p.employee_ref, name=p.name, current_title=p.current_title
            )
            for p in workforce_access.staff_for(request.user).filter(organised_groupings=record)
        ]
    return schemas.WorkforceGroupingDetail(
        **schemas.grouping_fields(record, record.members.count()), members=members
    )


# --- people (VIEW_PERSONAL_DATA, scoped by employer) ----------------------------------------


def _person_outcome(request: HttpRequest, number: int, ref: str) -> PersonOutcome:
    record = access.get_or_404(workforce_access.runs_for(request.user), number=number)
    return access.get_or_404(
        workforce_access.outcomes_for(request.user, record), staff__employee_ref=ref
    )


@router.get(
    "/staff",
    response={200: list[schemas.WorkforceStaff], **schemas.READ_ERRORS},
    url_name="workforce-staff",
    summary="The staff baseline: names and pay (personal data, scoped by employer)",
)
def staff(request: HttpRequest) -> list[schemas.WorkforceStaff]:
    return [
        schemas.WorkforceStaff(**schemas.staff_fields(person))
        for person in workforce_access.staff_for(request.user)
    ]


@router.get(
    "/staff/{employee_ref}",
    response={200: schemas.WorkforceStaffDetail, **schemas.READ_ERRORS},
    url_name="workforce-staff-member",
    summary="One member of staff, with their current job description (personal data)",
)
def staff_member(
    request: HttpRequest, employee_ref: Path[schemas.Ref]
) -> schemas.WorkforceStaffDetail:
    record = access.get_or_404(workforce_access.staff_for(request.user), employee_ref=employee_ref)
    return schemas.WorkforceStaffDetail(
        **schemas.staff_fields(record), current_jd=record.current_jd
    )


@router.get(
    "/runs/{number}/outcomes",
    response={200: list[schemas.WorkforceOutcome], **schemas.READ_ERRORS},
    url_name="workforce-outcomes",
    summary="Each person's proposed outcome in a run and HR's decision (personal data)",
)
def outcomes(
    request: HttpRequest, number: int, outcome: schemas.OutcomeName | None = None
) -> list[schemas.WorkforceOutcome]:
    access.require(request.user, Permission.VIEW_PERSONAL_DATA)
    record = access.get_or_404(workforce_access.runs_for(request.user), number=number)
    items = workforce_access.outcomes_for(request.user, record)
    if outcome is not None:
        items = items.filter(proposed=outcome)
    return [schemas.WorkforceOutcome(**schemas.outcome_fields(o)) for o in items]


@router.get(
    "/runs/{number}/outcomes/{employee_ref}",
    response={200: schemas.WorkforceOutcomeDetail, **schemas.READ_ERRORS},
    url_name="workforce-outcome",
    summary="One person's outcome, with the engine's reasons and alternatives (personal data)",
)
def outcome(
    request: HttpRequest, number: int, employee_ref: Path[schemas.Ref]
) -> schemas.WorkforceOutcomeDetail:
    access.require(request.user, Permission.VIEW_PERSONAL_DATA)
    return schemas.outcome_detail_out(_person_outcome(request, number, employee_ref))


@router.get(
    "/runs/{number}/redundancy",
    response={200: list[schemas.WorkforceRedundancy], **schemas.READ_ERRORS},
    url_name="workforce-redundancy",
    summary="Redundancy pay, notice and pension flags for each person at risk (personal data)",
)
def redundancy(request: HttpRequest, number: int) -> list[schemas.WorkforceRedundancy]:
    found = figures.redundancy(today(), request.user, number)
    if found is None:
        raise Http404(f"There is no matching run {number}.")
    return [
        schemas.WorkforceRedundancy(
            employee_ref=c.outcome.staff.employee_ref,
            name=c.outcome.staff.name,
            age=c.age,
            years=c.years,
            statutory_weeks=schemas.number(c.statutory.weeks),
            weekly_pay_used=schemas.money(c.statutory.weekly_pay_used),
            statutory=schemas.money(c.statutory.amount),
            statutory_reasons=list(c.statutory.reasons),
            discretionary_weeks=schemas.number(c.discretionary.weeks),
            discretionary=schemas.money(c.discretionary.amount),
            discretionary_reasons=list(c.discretionary.reasons),
            notice_weeks=c.notice_weeks,
            pension_flag=c.pension_flag,
            strain_cost=schemas.money(c.strain_cost) if c.strain_cost is not None else None,
        )
        for c in found.costs
    ]


# --- HR's decision (DECIDE_WORKFORCE, in scope) ---------------------------------------------


@router.put(
    "/runs/{number}/outcomes/{employee_ref}/decision",
    response={
        200: schemas.WorkforceOutcomeDetail,
        403: schemas.WorkforceError,
        404: schemas.WorkforceError,
        409: schemas.WorkforceStale,
        422: schemas.WorkforceInvalid,
    },
    url_name="workforce-decide",
    auth=allowed(Permission.DECIDE_WORKFORCE),
    summary="Confirm or override a proposed outcome for a person, with a reason (HR)",
    description="Only HR (DECIDE_WORKFORCE) for staff in their scope. Send the outcome's "
    "`version` as read: if someone decided in between, the answer is 409 with the current "
    "version and nothing is saved. A decision that would put more people into a post than its "
    "places across the run's decisions is 409 naming who holds it. An override that departs "
    "from the run's policy is 422 listing how, until sent again with "
    "`accept_policy_breaches: true`. The decision is recorded with your name and the time.",
)
def decide(
    request: HttpRequest,
    number: int,
    employee_ref: Path[schemas.Ref],
    payload: Body[schemas.WorkforceDecision],
) -> schemas.WorkforceOutcomeDetail:
    access.require(request.user, Permission.DECIDE_WORKFORCE)
    run = access.get_or_404(workforce_access.runs_for(request.user), number=number)
    item = workforce_access.outcome_to_decide(request.user, run, employee_ref)
    post: Post | None = None
    post_ref = getattr(payload, "post_ref", None)
    if payload.decision == "overridden" and post_ref is not None:
        post = access.get_or_404(workforce_access.posts_for(request.user), post_ref=post_ref)
    user: User = request.user  # type: ignore[assignment]
    try:
        decided = services.decide_outcome(
            item,
            payload.version,
            user,
            payload.decision,
            payload.reason,
            getattr(payload, "outcome", "") if payload.decision == "overridden" else "",
            post,
            accept_breaches=bool(getattr(payload, "accept_policy_breaches", False)),
        )
    except services.PostFullError as error:
        return Status(409, {"detail": str(error), "current_version": item.version})  # type: ignore[return-value]
    return schemas.outcome_detail_out(decided)
