"""The workforce API's schemas (gemini/workforce/api.py), and the functions that turn records
and figures into them.

Money and other decimals are strings (pence for money), never floats. Schema names start with
`Workforce` because every app's schemas share one OpenAPI namespace.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field

from gemini.core.schemas import InputSchema
from gemini.workforce.engine.matching import OUTCOMES
from gemini.workforce.figures import MatchingFigures
from gemini.workforce.models import MatchingRun, OrganisedGrouping, PersonOutcome, Staff

Money = Annotated[str, Field(pattern=r"^-?\d+\.\d{2}$", examples=["1234.50"])]


Number = Annotated[str, Field(pattern=r"^-?\d+(\.\d+)?$", examples=["0.50"])]


OutcomeName = Literal["slot_in", "matched", "ring_fence", "at_risk"]


# Some visible text (not only spaces), without the NUL character PostgreSQL refuses.


Reason = Annotated[
    str,
    Field(min_length=1, max_length=5000, pattern=r"^[^\x00]*[^\s\x00-\x20\x7f-\x9f][^\x00]*$"),
]


Version = Annotated[int, Field(ge=1, le=2_147_483_647)]


# A reference as it appears in a path or a body: no NUL (PostgreSQL refuses it) and no slash.


Ref = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[^\x00/]+$")]


def money(value: Decimal) -> str:
    return f"{value:.2f}"


def number(value: Decimal) -> str:
    return format(value, "f")


class WorkforceError(Schema):
    detail: str


class WorkforceStale(Schema):
    detail: str
    current_version: int


class WorkforceInvalid(Schema):
    detail: str | list[dict[str, Any]]
    errors: dict[str, list[str]] | None = None


READ_ERRORS: dict[int, type[Schema]] = {403: WorkforceError, 404: WorkforceError}


class WorkforceDesign(Schema):
    council: str
    name: str
    places: int
    fte: Number
    evaluated: int
    draft: int


class WorkforceTeam(Schema):
    team: str
    staff: int
    posts: dict[str, int]


class WorkforceStructure(Schema):
    councils: list[str]
    staff: int
    places: int
    designs: list[WorkforceDesign]
    teams: list[WorkforceTeam]


class WorkforcePost(Schema):
    post_ref: str
    council: str
    structure: str
    title: str
    team: str
    grade: str
    grade_rank: int
    fte: Number
    count: int
    jdq_status: str
    jdq_score: int | None


class WorkforceRun(Schema):
    number: int
    label: str
    created_at: dt.datetime
    created_by: str | None
    staff_count: int
    post_count: int
    first_dismissal_date: dt.date
    policy: dict[str, Any]


class WorkforcePool(Schema):
    number: int
    post_refs: list[str]
    places: int
    claimants: int
    slot_ins: int
    outcome: OutcomeName


class WorkforceBreakdown(Schema):
    label: str
    counts: dict[str, int | str] = Field(
        description="People by outcome; a count below the run's minimum (but not 0) is '<5'."
    )


class WorkforceTimetable(Schema):
    proposed_redundancies: int = Field(
        description="Every proposed dismissal (TULRCA s188, s195): at_risk + ring_fence_surplus "
        "+ other_council_moves."
    )
    at_risk: int
    ring_fence_surplus: int = Field(
        description="In each pool, the ring-fenced people less the places they compete for."
    )
    other_council_moves: int = Field(
        description="Moves to a post of the other council outside an organised grouping, "
        "counted as dismissal and re-engagement (0 when the setting reads them as transfers)."
    )
    collective: bool
    minimum_days: int
    first_dismissal: dt.date
    latest_hr1: dt.date | None
    protective_award_days: int
    reasons: list[str]
    warnings: list[str] = Field(
        description="A first dismissal date already past: its consultation dates cannot be met."
    )


class WorkforceEqualityRow(Schema):
    characteristic: str
    group: str
    people: int | None
    favourable: int | None
    rate: float | None
    ratio_to_best: float | None
    flagged: bool
    suppressed: bool
    secondary: bool = Field(
        description="Hidden, though not small, so that a smaller hidden group cannot be worked "
        "out from the total."
    )


class WorkforceCosts(Schema):
    shown: bool = Field(
        description="False when fewer people than the minimum are at risk and the reader may "
        "not see personal data: the amounts are then null, as they could reveal pay."
    )
    people: int
    statutory: Money | None
    discretionary: Money | None
    pension_flags: int
    protective_award_exposure: Money | None
    ring_fence_surplus: int = Field(
        description="People more than places in the ring-fences (some of them will be dismissed)."
    )
    statutory_low: Money | None = Field(
        description="Statutory pay of the people at risk and of each pool's surplus of its "
        "cheapest ring-fenced people; null when hidden (as the amounts, or when the surplus is "
        "fewer people than the minimum)."
    )
    statutory_high: Money | None = Field(description="As statutory_low, the dearest people.")
    discretionary_low: Money | None = Field(description="As statutory_low, discretionary pay.")
    discretionary_high: Money | None = Field(description="As statutory_high, discretionary pay.")


class WorkforceRunSummary(Schema):
    run: WorkforceRun
    counts: dict[str, int]
    decided: int
    minimum: int
    by_council: list[WorkforceBreakdown]
    by_team: list[WorkforceBreakdown]
    by_grade: list[WorkforceBreakdown]
    pools: list[WorkforcePool]
    timetable: WorkforceTimetable
    equality: list[WorkforceEqualityRow]
    costs: WorkforceCosts
    policy_lines: list[str]


class WorkforceGrouping(Schema):
    id: int
    name: str
    destination: str
    principal_purpose: str
    transfer_date: dt.date
    eli_due: dt.date
    note: str
    people: int


class WorkforceMember(Schema):
    employee_ref: str
    name: str
    current_title: str


class WorkforceGroupingDetail(WorkforceGrouping):
    members: list[WorkforceMember] | None = Field(
        description="The members whose personal data the reader may see; null without that right."
    )


def run_out(record: MatchingRun) -> WorkforceRun:
    return WorkforceRun(
        number=record.number,
        label=record.label,
        created_at=record.created_at,
        created_by=str(record.created_by) if record.created_by else None,
        staff_count=record.staff_count,
        post_count=record.post_count,
        first_dismissal_date=record.first_dismissal_date,
        policy=record.policy,
    )


def _breakdown(summary: MatchingFigures, rows: dict[str, list[int]]) -> list[WorkforceBreakdown]:
    return [
        WorkforceBreakdown(label=label, counts=dict(zip(OUTCOMES, values, strict=True)))
        for label, values in summary.shown(rows)
    ]


def summary_out(summary: MatchingFigures, may_see_people: bool) -> WorkforceRunSummary:
    costs, timetable = summary.costs, summary.timetable
    shown = costs.shown or may_see_people
    range_shown = costs.range_shown or may_see_people
    dismissals = summary.dismissals
    return WorkforceRunSummary(
        run=run_out(summary.run),
        counts=summary.counts,
        decided=summary.decided,
        minimum=summary.minimum,
        by_council=_breakdown(summary, summary.by_council),
        by_team=_breakdown(summary, summary.by_team),
        by_grade=_breakdown(summary, summary.by_grade),
        pools=[
            WorkforcePool(
                number=p.number,
                post_refs=list(p.post_refs),
                places=p.places,
                claimants=p.claimants,
                slot_ins=p.slot_ins,
                outcome=p.outcome,  # type: ignore[arg-type]
            )
            for p in summary.pools
        ],
        timetable=WorkforceTimetable(
            proposed_redundancies=timetable.proposed_redundancies,
            at_risk=dismissals.at_risk,
            ring_fence_surplus=dismissals.ring_fence_surplus,
            other_council_moves=dismissals.other_council_moves,
            collective=timetable.collective,
            minimum_days=timetable.minimum_days,
            first_dismissal=timetable.first_dismissal,
            latest_hr1=timetable.latest_hr1,
            protective_award_days=timetable.protective_award_days,
            reasons=list(timetable.reasons),
            warnings=list(timetable.warnings),
        ),
        equality=[
            WorkforceEqualityRow(
                characteristic=r.characteristic,
                group=r.group,
                people=r.people,
                favourable=r.favourable,
                rate=r.rate,
                ratio_to_best=r.ratio_to_best,
                flagged=r.flagged,
                suppressed=r.suppressed,
                secondary=r.secondary,
            )
            for r in summary.equality
        ],
        costs=WorkforceCosts(
            shown=shown,
            people=costs.people,
            statutory=money(costs.statutory) if shown else None,
            discretionary=money(costs.discretionary) if shown else None,
            pension_flags=costs.pension_flags,
            protective_award_exposure=money(timetable.protective_award_exposure)
            if shown and timetable.collective
            else None,
            ring_fence_surplus=costs.ring_fence_surplus,
            statutory_low=money(costs.statutory_low) if range_shown else None,
            statutory_high=money(costs.statutory_high) if range_shown else None,
            discretionary_low=money(costs.discretionary_low) if range_shown else None,
            discretionary_high=money(costs.discretionary_high) if range_shown else None,
        ),
        policy_lines=summary.policy_lines(),
    )


def grouping_fields(record: OrganisedGrouping, people: int) -> dict[str, Any]:
    return {
        "id": record.pk,
        "name": record.name,
        "destination": record.destination.code,
        "principal_purpose": record.principal_purpose,
        "transfer_date": record.transfer_date,
        "eli_due": record.eli_due,
        "note": record.note,
        "people": people,
    }


class WorkforceStaff(Schema):
    employee_ref: str
    name: str
    employer: str
    current_title: str
    team: str
    grade: str
    fte: Number
    weekly_pay: Money
    annual_salary: Money
    date_of_birth: dt.date
    continuous_service_start: dt.date
    contract_type: str
    preference: str
    lgps_member: bool
    jd_status: str


class WorkforceStaffDetail(WorkforceStaff):
    current_jd: str


class WorkforceAlternative(Schema):
    post_ref: str
    title: str
    council: str
    grade_rank: int
    duty_match: float | None
    source: str
    shared_terms: list[str]


class WorkforceOutcome(Schema):
    run: int
    employee_ref: str
    name: str
    team: str
    grade: str
    pool: int | None
    proposed: OutcomeName
    proposed_post: str | None
    duty_match: Number | None
    match_source: str
    preference_honoured: bool | None
    reasons: list[str]
    decision: Literal["pending", "confirmed", "overridden"]
    outcome: OutcomeName = Field(description="In force: the decided outcome, else the proposal.")
    post: str | None = Field(description="The post in force, if any.")
    decided_by: str | None
    decided_at: dt.datetime | None
    decision_reason: str
    version: int = Field(description="Send it back with a decision (optimistic locking).")


class WorkforceOutcomeDetail(WorkforceOutcome):
    shared_terms: list[str]
    alternatives: list[WorkforceAlternative]
    policy_breaches: list[str] = Field(
        description="How the decision departs from the run's policy, as accepted by the person "
        "who decided (empty: it does not)."
    )


class WorkforceRedundancy(Schema):
    employee_ref: str
    name: str
    age: int
    years: int
    statutory_weeks: Number
    weekly_pay_used: Money
    statutory: Money
    statutory_reasons: list[str]
    discretionary_weeks: Number
    discretionary: Money
    discretionary_reasons: list[str]
    notice_weeks: int
    pension_flag: str | None
    strain_cost: Money | None = Field(
        description="The pension strain cost from the fund's actuary; null when not known."
    )


def staff_fields(s: Staff) -> dict[str, Any]:
    return {
        "employee_ref": s.employee_ref,
        "name": s.name,
        "employer": s.employer.code,
        "current_title": s.current_title,
        "team": s.team,
        "grade": s.grade.grade,
        "fte": number(s.fte),
        "weekly_pay": money(s.weekly_pay),
        "annual_salary": money(s.annual_salary),
        "date_of_birth": s.date_of_birth,
        "continuous_service_start": s.continuous_service_start,
        "contract_type": s.contract_type,
        "preference": s.preference,
        "lgps_member": s.lgps_member,
        "jd_status": s.jd_status,
    }


def outcome_fields(o: PersonOutcome) -> dict[str, Any]:
    post = o.post
    return {
        "run": o.run.number,
        "employee_ref": o.staff.employee_ref,
        "name": o.staff.name,
        "team": o.staff.team,
        "grade": o.staff.grade.grade,
        "pool": o.pool.number if o.pool else None,
        "proposed": o.proposed,
        "proposed_post": o.proposed_post.post_ref if o.proposed_post else None,
        "duty_match": number(o.duty_match) if o.duty_match is not None else None,
        "match_source": o.match_source,
        "preference_honoured": o.preference_honoured,
        "reasons": [str(r) for r in o.reasons],
        "decision": o.decision,
        "outcome": o.outcome,
        "post": post.post_ref if post else None,
        "decided_by": str(o.decided_by) if o.decided_by else None,
        "decided_at": o.decided_at,
        "decision_reason": o.decision_reason,
        "version": o.version,
    }


def outcome_detail_out(o: PersonOutcome) -> WorkforceOutcomeDetail:
    return WorkforceOutcomeDetail(
        **outcome_fields(o),
        shared_terms=[str(t) for t in o.shared_terms],
        policy_breaches=[str(b) for b in o.policy_breaches],
        alternatives=[
            WorkforceAlternative(
                post_ref=a["post_ref"],
                title=a["title"],
                council=a["council"],
                grade_rank=a["grade_rank"],
                duty_match=a.get("duty_match"),
                source=a.get("source") or "",
                shared_terms=[str(t) for t in a.get("shared_terms", [])],
            )
            for a in o.alternatives
        ],
    )


class WorkforceConfirm(InputSchema):
    """Confirm the engine's proposal: its outcome and post become the decision."""

    decision: Literal["confirmed"]
    reason: Reason
    version: Version


class WorkforceOverrideAtRisk(InputSchema):
    """Override the proposal with an at-risk outcome (no post: a `post_ref` is refused)."""

    decision: Literal["overridden"]
    outcome: Literal["at_risk"]
    post_ref: None = Field(
        None, description="Must be absent or null: an at-risk outcome names no post."
    )
    reason: Reason
    version: Version


class WorkforceOverrideToPost(InputSchema):
    """Override the proposal with a slot-in or a match to a post (the post is required)."""

    decision: Literal["overridden"]
    outcome: Literal["slot_in", "matched"]
    post_ref: Ref
    reason: Reason
    version: Version
    accept_policy_breaches: bool = Field(
        False,
        description="True once you have read the 422 answer listing how the override departs "
        "from the run's policy (grade, duty match) and decide it anyway.",
    )


class WorkforceOverrideToRingFence(InputSchema):
    """Override the proposal with a ring-fenced competition, for a post or for none yet."""

    decision: Literal["overridden"]
    outcome: Literal["ring_fence"]
    post_ref: Ref | None = None
    reason: Reason
    version: Version
    accept_policy_breaches: bool = Field(
        False, description="As for a slot-in or a match: accept the policy breaches listed."
    )


WorkforceDecision = (
    WorkforceConfirm
    | WorkforceOverrideAtRisk
    | WorkforceOverrideToPost
    | WorkforceOverrideToRingFence
)
