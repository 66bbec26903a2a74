"""The programme API's schemas for benefits, profiles and measurements."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

from gemini.core.schemas import InputSchema
from gemini.programme.schemas import DecimalIn, LongText, Money, Percent


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
    """A dated measurement (one a day), as a decimal string. A measurement already recorded for
    that date is replaced if the caller saved it last or with `replace` true; otherwise 409
    names who recorded it."""

    date: dt.date
    value: DecimalIn
    note: LongText = ""
    replace: bool = Field(
        default=False,
        description="True to replace a measurement already recorded for that date (by "
        "anyone). Without it a save over what someone else recorded is refused (409), "
        "naming who recorded it.",
    )
