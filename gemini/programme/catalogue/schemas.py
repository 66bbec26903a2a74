"""The programme API's schemas for the catalogue."""

from __future__ import annotations

import datetime as dt

from ninja import Schema


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
