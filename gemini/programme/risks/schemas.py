"""The programme API's schemas for the matrix, risks, actions, issues and assumptions."""

from __future__ import annotations

import datetime as dt

from ninja import Schema

from gemini.core.schemas import InputSchema
from gemini.programme.schemas import (
    ActionText,
    Category,
    Confidentiality,
    Id,
    Level,
    LongText,
    Paragraph,
    Priority,
    Reference,
    Response,
    RiskStatus,
    ShortText,
    Slug,
    Title,
    Version,
    kept,
)


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


class ProgrammeAssumption(Schema):
    id: int
    reference: str
    description: str
    workstream: str | None
    owner: str
    validated: bool
    version: int
