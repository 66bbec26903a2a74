"""The programme API's schemas for decisions, papers, meetings and bodies."""

from __future__ import annotations

import datetime as dt

from ninja import Schema


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
