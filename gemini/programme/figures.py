"""The programme's figures as at a date: the one place each derived programme figure is read.

Every page, API route, CLI command and committee report section that shows the programme's
status reads `status_as_at` (docs/architecture.md, "The read side"). It follows core.asat's
rule: nothing recorded after the end of `as_at` is seen. A status update dated on or before
the day but typed in later is not seen either: it was not known then.

A figure takes the programme, the date and the reader (None for the system itself: the CLI
and the committee report, which apply their own confidentiality rules) and returns frozen
dataclasses that pages, the API and the CLI render without querying again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef

from gemini.core.asat import dated
from gemini.programme import access as programme_access
from gemini.programme import engine
from gemini.programme.models import OverallStatus, Programme, StatusUpdate, Workstream


@dataclass(frozen=True)
class StatusEntry:
    """One workstream's status on one date, as the lead or the programme office recorded it."""

    date: dt.date
    rating: str
    narrative: str
    achievements: str
    next_steps: str


@dataclass(frozen=True)
class WorkstreamStatus:
    slug: str
    name: str
    order: int
    purpose: str
    lead_name: str
    version: int
    history: tuple[StatusEntry, ...]  # on or before the day, oldest first

    @property
    def latest(self) -> StatusEntry | None:
        return self.history[-1] if self.history else None


@dataclass(frozen=True)
class OverallJudgement:
    """The overall status a person judged on a date, beside what the rule suggested then."""

    date: dt.date
    rating: str
    reason: str
    suggested_rating: str
    suggestion_rule: str

    @property
    def differs(self) -> bool:
        return bool(self.suggested_rating) and self.rating != self.suggested_rating


@dataclass(frozen=True)
class StatusSnapshot:
    """The programme's status as it stood at the end of `as_at`."""

    as_at: dt.date
    scale: tuple[str, ...]
    overall: OverallJudgement | None  # the latest judgement on or before the day
    judgements: tuple[OverallJudgement, ...]  # every judgement on or before the day, newest first
    suggestion: engine.Suggestion  # the rule's suggestion from the latest ratings that day
    workstreams: tuple[WorkstreamStatus, ...]  # the reader's workstreams, in programme order

    @property
    def ratings(self) -> tuple[engine.WorkstreamRating, ...]:
        return tuple(
            engine.WorkstreamRating(ws.name, ws.latest.rating, ws.latest.date)
            for ws in self.workstreams
            if ws.latest is not None
        )


def status_as_at(programme: Programme, as_at: dt.date, reader: Any = None) -> StatusSnapshot:
    """Each workstream's status history and latest status, the overall judgement and the
    rule's suggestion, as they stood at the end of `as_at` (REFERENCE.md §1: the overall
    status suggested is the worst latest workstream rating).

    The reader sees their own workstreams; the suggestion always reads every workstream, since
    it is the programme's, not the reader's.
    """
    scale = engine.SCALES[programme.status_scale]
    rows = Workstream.objects.filter(programme=programme).order_by("order", "pk")
    if reader is not None:
        readable = programme_access.workstreams_for(reader).filter(pk=OuterRef("pk"))
        rows = rows.annotate(readable=Exists(readable))
    workstreams = list(rows)
    visible = {ws.pk for ws in workstreams if reader is None or getattr(ws, "readable", False)}
    by_workstream: dict[int, list[StatusEntry]] = {}
    for update in dated(StatusUpdate.objects.filter(workstream__programme=programme), as_at):
        by_workstream.setdefault(update.workstream_id, []).append(
            StatusEntry(
                update.date,
                update.rating,
                update.narrative,
                update.achievements,
                update.next_steps,
            )
        )
    every = tuple(
        WorkstreamStatus(
            ws.slug,
            ws.name,
            ws.order,
            ws.purpose,
            ws.lead_name,
            ws.version,
            tuple(sorted(by_workstream.get(ws.pk, ()), key=lambda entry: entry.date)),
        )
        for ws in workstreams
    )
    judgements = tuple(
        OverallJudgement(o.date, o.rating, o.reason, o.suggested_rating, o.suggestion_rule)
        for o in dated(OverallStatus.objects.filter(programme=programme), as_at).order_by("-date")
    )
    ratings = [
        engine.WorkstreamRating(ws.name, ws.latest.rating, ws.latest.date)
        for ws in every
        if ws.latest is not None
    ]
    return StatusSnapshot(
        as_at,
        scale,
        judgements[0] if judgements else None,
        judgements,
        engine.suggest_overall(ratings, scale),
        tuple(ws for ws, row in zip(every, workstreams, strict=True) if row.pk in visible),
    )
