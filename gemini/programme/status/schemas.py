"""The programme API's schemas for status, workstreams and milestones."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

from gemini.core.schemas import InputSchema
from gemini.programme.schemas import LongText, Rating, Slug


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
    """A workstream's status on a date. A status already recorded for that date is replaced
    if the caller saved it last or with `replace` true; otherwise 409 names who
    recorded it."""

    workstream: Slug
    date: dt.date
    rating: Rating
    narrative: LongText = ""
    achievements: LongText = ""
    next_steps: LongText = ""
    replace: bool = Field(
        default=False,
        description="True to replace a status already recorded for the workstream on that "
        "date (by anyone). Without it a save over what someone else recorded is refused (409), "
        "naming who recorded it.",
    )


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
