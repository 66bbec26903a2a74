"""The programme API's schemas (gemini/programme/api.py).

Money and other decimals are strings ("1470000.00"), never floats; dates are ISO. Schema names
start with `Programme` because every app's schemas share one OpenAPI namespace. Text sent in
has no NUL character (PostgreSQL refuses it) and a length the database holds.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field

from gemini.core import rating
from gemini.core.schemas import InputSchema

Money = Annotated[str, Field(pattern=r"^-?\d+\.\d{2}$", examples=["1470000.00"])]
Percent = Annotated[str, Field(pattern=r"^-?\d+\.\d$", examples=["100.0"])]
Id = Annotated[int, Field(ge=1, le=2_147_483_647)]
Version = Annotated[int, Field(ge=1, le=2_147_483_647)]
Level = Annotated[int, Field(ge=1, le=10)]
SLUG = r"^[-a-zA-Z0-9_]+$"
Slug = Annotated[str, Field(min_length=1, max_length=50, pattern=SLUG)]
# Text a person wrote: no NUL (PostgreSQL refuses it); required text is not only spaces.
_ANY = r"^[^\x00]*$"
_VISIBLE = r"^[^\x00]*[^\s\x00-\x20\x7f-\x9f][^\x00]*$"  # the same in Python and ECMAScript
_LINE = r"^[^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f][^\x00-\x1f\x7f]*$"
Reference = Annotated[str, Field(min_length=1, max_length=20, pattern=_LINE)]
Title = Annotated[str, Field(min_length=1, max_length=300, pattern=_VISIBLE)]
ActionText = Annotated[str, Field(min_length=1, max_length=5000, pattern=_VISIBLE)]
Category = Annotated[str, Field(max_length=60, pattern=_ANY)]
ShortText = Annotated[str, Field(max_length=200, pattern=_ANY)]
LongText = Annotated[str, Field(max_length=10_000, pattern=_ANY)]
DecimalIn = Annotated[
    str,
    Field(pattern=r"^-?\d{1,12}(\.\d{1,2})?$", examples=["2670000.00"]),
]
Rating = rating.Rating
Confidentiality = Literal["public", "exempt"]
Paragraph = Annotated[int, Field(ge=1, le=7)]
Response = Literal["treat", "tolerate", "transfer", "terminate"]
RiskStatus = Literal["open", "occurred", "closed"]
Priority = Literal["low", "medium", "high", "critical"]


def kept() -> Any:
    """The default of a field an update may leave out (it keeps its value): not nullable in
    the schema, so a client cannot send `null` for a field that must have a value."""
    return Field(default=None)


# ---------------------------------------------------------------- errors


class ProgrammeError(Schema):
    detail: str


class ProgrammeStale(Schema):
    detail: str
    current_version: int


class ProgrammeInvalid(Schema):
    detail: str | list[dict[str, Any]]
    errors: dict[str, list[str]] | None = None


READ_ERRORS: dict[int, type[Schema]] = {403: ProgrammeError, 404: ProgrammeError}
INPUT_ERRORS: dict[int, type[Schema]] = {**READ_ERRORS, 422: ProgrammeInvalid}
WRITE_ERRORS: dict[int, type[Schema]] = {**INPUT_ERRORS, 409: ProgrammeStale}


# ---------------------------------------------------------------- status


class ProgrammeStatusUpdate(Schema):
    workstream: str
    date: dt.date
    rating: str
    narrative: str
    achievements: str
    next_steps: str


class ProgrammeWorkstream(Schema):
    slug: str
    name: str
    order: int
    purpose: str
    lead_name: str
    latest: ProgrammeStatusUpdate | None
    version: int


class ProgrammeOverall(Schema):
    date: dt.date
    rating: str
    reason: str
    suggested_rating: str
    suggestion_rule: str
    differs: bool


class ProgrammeSuggestion(Schema):
    rating: str
    rule: str
    reasons: list[str]


class ProgrammeWorkstreamRating(Schema):
    workstream: str
    rating: str
    as_of: dt.date


class ProgrammeStatusNow(Schema):
    as_at: dt.date
    scale: list[str]
    overall: ProgrammeOverall | None
    suggestion: ProgrammeSuggestion
    workstreams: list[ProgrammeWorkstreamRating]


class ProgrammeSummary(Schema):
    name: str
    slug: str
    description: str
    sponsor: str
    status_scale: str
    scale: list[str]
    overall: ProgrammeOverall | None
    workstreams: list[ProgrammeWorkstream]
    version: int


class ProgrammeStatusUpdateIn(InputSchema):
    """A workstream's status on a date; saving again for the same date replaces it."""

    workstream: Slug
    date: dt.date
    rating: Rating
    narrative: LongText = ""
    achievements: LongText = ""
    next_steps: LongText = ""


# ---------------------------------------------------------------- milestones


class ProgrammeMilestone(Schema):
    id: int
    reference: str
    title: str
    workstream: str | None
    owner: str
    baseline_date: dt.date | None
    forecast_date: dt.date | None
    actual_date: dt.date | None
    status: str
    slippage_days: int | None
    predecessors: list[str]
    flags: list[str]
    version: int


# ---------------------------------------------------------------- risks


class ProgrammeBand(Schema):
    name: str
    lowest: int
    highest: int
    colour: str


class ProgrammeRiskMatrix(Schema):
    levels: int
    likelihood_labels: list[str]
    impact_labels: list[str]
    appetite: int | None
    bands: list[ProgrammeBand]
    possible_scores: list[int]
    version: int | None


class ProgrammeScore(Schema):
    likelihood: int
    impact: int
    score: int
    band: str
    reason: str


class ProgrammeRiskAction(Schema):
    id: int
    description: str
    owner: str
    due_date: dt.date | None
    completed_date: dt.date | None
    overdue: bool
    version: int


class ProgrammeRisk(Schema):
    id: int
    reference: str
    title: str
    cause: str
    event: str
    effect: str
    category: str
    workstream: str | None
    owner: str
    inherent: ProgrammeScore
    current: ProgrammeScore
    target: ProgrammeScore
    response: str
    review_date: dt.date | None
    proximity: dt.date | None
    status: str
    confidentiality: str
    exempt_paragraph: int | None
    public_interest_reason: str
    flags: list[str]
    actions: list[ProgrammeRiskAction]
    version: int


class ProgrammeRiskIn(InputSchema):
    """A new risk. Likelihood and impact run from 1 to the register's levels (5 by default).
    An exempt (Part 2) risk needs its Schedule 12A paragraph and the public-interest reason."""

    reference: Reference
    title: Title
    cause: LongText = ""
    event: LongText = ""
    effect: LongText = ""
    category: Category = ""
    workstream: Slug | None = None
    owner: ShortText = ""
    inherent_likelihood: Level
    inherent_impact: Level
    current_likelihood: Level
    current_impact: Level
    target_likelihood: Level
    target_impact: Level
    response: Response = "treat"
    review_date: dt.date | None = None
    proximity: dt.date | None = None
    status: RiskStatus = "open"
    confidentiality: Confidentiality = "public"
    exempt_paragraph: Paragraph | None = None
    public_interest_reason: LongText = ""


class ProgrammeRiskChange(InputSchema):
    """Fields to change (those left out are kept), and the `version` you read. `null` clears
    the workstream (the programme as a whole), the dates and the exempt paragraph."""

    version: Version
    title: Title = kept()
    cause: LongText = kept()
    event: LongText = kept()
    effect: LongText = kept()
    category: Category = kept()
    workstream: Slug | None = None
    owner: ShortText = kept()
    inherent_likelihood: Level = kept()
    inherent_impact: Level = kept()
    current_likelihood: Level = kept()
    current_impact: Level = kept()
    target_likelihood: Level = kept()
    target_impact: Level = kept()
    response: Response = kept()
    review_date: dt.date | None = None
    proximity: dt.date | None = None
    status: RiskStatus = kept()
    confidentiality: Confidentiality = kept()
    exempt_paragraph: Paragraph | None = None
    public_interest_reason: LongText = kept()


class ProgrammeRiskActionIn(InputSchema):
    description: ActionText
    owner: ShortText = ""
    due_date: dt.date | None = None


class ProgrammeRiskActionDone(InputSchema):
    """The date the action was done (today or earlier), and the `version` you read."""

    version: Version
    completed_date: dt.date


# ---------------------------------------------------------------- issues, decisions, assumptions


class ProgrammeIssue(Schema):
    id: int
    reference: str
    title: str
    description: str
    workstream: str | None
    priority: str
    owner: str
    raised_date: dt.date
    resolved_date: dt.date | None
    resolution: str
    escalated_to: str | None
    risk: str | None
    confidentiality: str
    exempt_paragraph: int | None
    public_interest_reason: str
    version: int


class ProgrammeIssueIn(InputSchema):
    """A new issue. `escalated_to` is a governance body's id; `risk` the reference of the risk
    that happened and became this issue."""

    reference: Reference
    title: Title
    description: LongText = ""
    workstream: Slug | None = None
    priority: Priority = "medium"
    owner: ShortText = ""
    raised_date: dt.date
    resolved_date: dt.date | None = None
    resolution: LongText = ""
    escalated_to: Id | None = None
    risk: Reference | None = None
    confidentiality: Confidentiality = "public"
    exempt_paragraph: Paragraph | None = None
    public_interest_reason: LongText = ""


class ProgrammeIssueChange(InputSchema):
    """Fields to change (those left out are kept), and the `version` you read. `null` clears
    the workstream, the resolved date, the escalation, the risk and the exempt paragraph."""

    version: Version
    title: Title = kept()
    description: LongText = kept()
    workstream: Slug | None = None
    priority: Priority = kept()
    owner: ShortText = kept()
    raised_date: dt.date | None = None
    resolved_date: dt.date | None = None
    resolution: LongText = kept()
    escalated_to: Id | None = None
    risk: Reference | None = None
    confidentiality: Confidentiality = kept()
    exempt_paragraph: Paragraph | None = None
    public_interest_reason: LongText = kept()


class ProgrammeDecision(Schema):
    id: int
    reference: str
    title: str
    body: str
    body_id: int
    meeting_id: int | None
    meeting_date: dt.date | None
    date: dt.date
    recommendations: str
    resolution: str
    confidentiality: str
    exempt_paragraph: int | None
    public_interest_reason: str
    version: int


class ProgrammeAssumption(Schema):
    id: int
    reference: str
    description: str
    workstream: str | None
    owner: str
    validated: bool
    version: int


# ---------------------------------------------------------------- benefits


class ProgrammeProfileRow(Schema):
    organisation: str
    financial_year: str
    amount: Money


class ProgrammeMeasurement(Schema):
    date: dt.date
    value: Money
    note: str


class ProgrammeBenefit(Schema):
    id: int
    reference: str
    title: str
    description: str
    kind: str
    category: str
    financial: bool
    cash_releasing: bool
    quantitative: bool
    owner_organisation: str | None
    owner: str
    measure: str
    baseline: Money
    target: Money
    full_year_value: Money | None
    percent_realised: Percent | None
    realised: str
    profile: list[ProgrammeProfileRow]
    measurements: list[ProgrammeMeasurement]
    version: int


class ProgrammeMeasurementIn(InputSchema):
    """A dated measurement (one a day: the same date again replaces it), as a decimal string."""

    date: dt.date
    value: DecimalIn
    note: LongText = ""


# ---------------------------------------------------------------- governance


class ProgrammePaper(Schema):
    id: int
    title: str
    reference: str
    summary: str
    confidentiality: str
    exempt_paragraph: int | None
    public_interest_reason: str
    version: int


class ProgrammeAgendaItem(Schema):
    id: int
    order: int
    title: str
    paper_id: int | None
    version: int


class ProgrammeMeeting(Schema):
    id: int
    body_id: int
    body: str
    date: dt.date
    title: str
    agenda: list[ProgrammeAgendaItem]
    papers: list[ProgrammePaper]
    decisions: list[str]
    version: int


class ProgrammeMeetingDate(Schema):
    id: int
    date: dt.date
    title: str


class ProgrammeBody(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    organisation: str | None
    role: str
    order: int
    meetings: list[ProgrammeMeetingDate]
    version: int


# ---------------------------------------------------------------- catalogue


class ProgrammeServiceOwner(Schema):
    organisation: str
    accountable_owner: str
    contact: str
    provider: str


class ProgrammeService(Schema):
    id: int
    slug: str
    name: str
    description: str
    model: str
    model_label: str
    sole_organisation: str | None
    provider: str
    cost_allocation: str
    current_state: str
    target_state: str
    change_date: dt.date | None
    owners: list[ProgrammeServiceOwner]
    version: int
