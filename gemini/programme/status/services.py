"""Writes for status: the programme and its workstreams, status updates, the overall status,
the status scale and milestones. One function per action, atomic, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from gemini.core.models import Organisation, User
from gemini.core.services import Outcome, upsert
from gemini.core.versioning import save_edit
from gemini.programme import engine, figures
from gemini.programme.models import (
    Milestone,
    OverallStatus,
    Programme,
    StatusScale,
    StatusUpdate,
    Workstream,
)
from gemini.programme.records import CONFIRM_ON_A_PAGE, only_fields, refuse_silent_replace


def save_programme(
    name: str, slug: str, sponsor: Organisation, description: str = ""
) -> tuple[Programme, Outcome]:
    return upsert(
        Programme, {"slug": slug}, {"name": name, "sponsor": sponsor, "description": description}
    )


def save_workstream(
    programme: Programme,
    slug: str,
    name: str,
    order: int,
    purpose: str = "",
    lead_name: str = "",
) -> tuple[Workstream, Outcome]:
    return upsert(
        Workstream,
        {"programme": programme, "slug": slug},
        {"name": name, "order": order, "purpose": purpose, "lead_name": lead_name},
    )


def edit_workstream(
    workstream: Workstream, expected_version: int, changes: Mapping[str, Any]
) -> Workstream:
    """An officer's edit of a workstream, refused (StaleEditError) if someone saved in between."""
    allowed = {"name", "purpose", "lead_name"}
    only_fields(changes, allowed)
    return save_edit(workstream, expected_version, changes)


def add_workstream_lead(workstream: Workstream, user: User) -> None:
    with transaction.atomic():
        workstream.leads.add(user)


def scale_of(programme: Programme) -> tuple[str, ...]:
    return engine.SCALES[programme.status_scale]


def _check_rating(programme: Programme, rating: str) -> None:
    scale = scale_of(programme)
    if rating not in scale:
        raise ValidationError(
            {"rating": f"{rating} is not on this programme's scale ({', '.join(scale)})."}
        )


def save_status_update(
    workstream: Workstream,
    date: dt.date,
    rating: str,
    narrative: str = "",
    achievements: str = "",
    next_steps: str = "",
    *,
    replace: bool = True,
    confirm: str = CONFIRM_ON_A_PAGE,
    own_by: Any = None,
) -> tuple[StatusUpdate, Outcome]:
    """A workstream's status on a date (one per workstream per date; saving again updates it).

    With `replace=False` (the web form until the person confirms) an update already recorded
    for that date is never silently overwritten: `WouldReplaceError` names who recorded it.
    """
    _check_rating(workstream.programme, rating)
    if not replace:
        refuse_silent_replace(
            StatusUpdate.objects.filter(workstream=workstream, date=date).first(),
            f"The {workstream.name} status",
            confirm=confirm,
            own_by=own_by,
        )
    return upsert(
        StatusUpdate,
        {"workstream": workstream, "date": date},
        {
            "rating": rating,
            "narrative": narrative,
            "achievements": achievements,
            "next_steps": next_steps,
        },
    )


def suggest_overall(programme: Programme, when: dt.date) -> engine.Suggestion:
    """The rule's suggestion for `when` (programme.figures.status_as_at)."""
    return figures.status_as_at(programme, when).suggestion


def record_overall_status(
    programme: Programme, date: dt.date, rating: str, reason: str, *, replace: bool = True
) -> tuple[OverallStatus, Outcome]:
    """The overall judgement on a date, stored beside what the rule suggested that day (with
    `replace=False`, never over a judgement already recorded for that date: see
    `save_status_update`)."""
    _check_rating(programme, rating)
    if not replace:
        refuse_silent_replace(
            OverallStatus.objects.filter(programme=programme, date=date).first(),
            "The overall status",
        )
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for the overall status."})
    suggestion = suggest_overall(programme, date)
    return upsert(
        OverallStatus,
        {"programme": programme, "date": date},
        {
            "rating": rating,
            "reason": reason,
            "suggested_rating": suggestion.rating,
            "suggestion_rule": suggestion.rule,
        },
    )


MILESTONE_FIELDS = (
    "title",
    "workstream",
    "owner",
    "baseline_date",
    "forecast_date",
    "actual_date",
    "status",
)


def save_milestone(
    programme: Programme,
    reference: str,
    values: Mapping[str, Any],
    predecessors: Sequence[Milestone] | None = None,
) -> tuple[Milestone, Outcome]:
    """Create or update a milestone; `predecessors` (if given) replaces its dependencies."""
    only_fields(values, MILESTONE_FIELDS)
    with transaction.atomic():
        milestone, outcome = upsert(
            Milestone, {"programme": programme, "reference": reference}, values
        )
        if predecessors is not None:
            if milestone in predecessors:
                raise ValidationError({"predecessors": "A milestone cannot depend on itself."})
            wanted = {m.pk for m in predecessors}
            have = set(milestone.predecessors.values_list("pk", flat=True))
            if wanted != have:
                milestone.predecessors.set(predecessors)
                if outcome == "unchanged":
                    outcome = "updated"
    return milestone, outcome


def set_predecessors(milestone: Milestone, predecessors: Sequence[Milestone]) -> None:
    with transaction.atomic():
        if milestone in predecessors:
            raise ValidationError({"predecessors": "A milestone cannot depend on itself."})
        milestone.predecessors.set(predecessors)


def edit_milestone(
    milestone: Milestone, expected_version: int, changes: Mapping[str, Any]
) -> Milestone:
    only_fields(changes, MILESTONE_FIELDS)
    return save_edit(milestone, expected_version, changes)


def milestone_flags(milestones: Sequence[Milestone], today: dt.date) -> dict[int, tuple[str, ...]]:
    """Dependency flags by milestone id (milestones' predecessors must be prefetched)."""
    facts = [
        engine.MilestoneFact(
            str(m.pk),
            m.baseline_date,
            m.forecast_date,
            m.actual_date,
            tuple(str(p.pk) for p in m.predecessors.all()),
        )
        for m in milestones
    ]
    names = {str(m.pk): m.reference for m in milestones}
    flags = engine.dependency_flags(facts, today)
    result: dict[int, tuple[str, ...]] = {}
    for key, messages in flags.items():
        shown = []
        for message in messages:
            for pk, reference in names.items():
                message = message.replace(f"Predecessor {pk} ", f"Predecessor {reference} ")
                message = message.replace(f"(through {pk})", f"(through {reference})")
            shown.append(message)
        result[int(key)] = tuple(shown)
    return result


@dataclass(frozen=True)
class ScaleChange:
    """What changing the status scale would do: refused if ratings would be left off it."""

    scale: str
    off_scale: tuple[str, ...]  # each rating already given that the new scale lacks, with where
    explanation: str

    @property
    def allowed(self) -> bool:
        return not self.off_scale


def scale_change(programme: Programme, scale: str) -> ScaleChange:
    """Whether the programme's ratings so far all sit on `scale`, and what the change means."""
    points = engine.SCALES[scale]
    off: list[str] = []
    for ws_name, date, rating in (
        StatusUpdate.objects.filter(workstream__programme=programme)
        .exclude(rating__in=points)
        .order_by("date", "workstream__order")
        .values_list("workstream__name", "date", "rating")
    ):
        off.append(f"{ws_name} on {date:%d/%m/%Y}: {rating}")
    for date, rating in (
        OverallStatus.objects.filter(programme=programme)
        .exclude(rating__in=points)
        .order_by("date")
        .values_list("date", "rating")
    ):
        off.append(f"Overall status on {date:%d/%m/%Y}: {rating}")
    label = StatusScale(scale).label
    if off:
        explanation = (
            f"{len(off)} rating{'s' if len(off) != 1 else ''} already given "
            f"{'are' if len(off) != 1 else 'is'} not on the {label} scale "
            f"({', '.join(points)}). Record those dates again with a rating on both scales "
            "(saving a status for the same date replaces it), then change the scale."
        )
    elif scale == programme.status_scale:
        explanation = f"The programme already uses the {label} scale."
    else:
        explanation = (
            f"Every rating given so far is on the {label} scale ({', '.join(points)}), so the "
            "history keeps its meaning. New statuses and the overall suggestion use the new "
            "scale from now on."
        )
    return ScaleChange(scale, tuple(off), explanation)


def change_status_scale(programme: Programme, expected_version: int, scale: str) -> Programme:
    """Switch between RAG and the five-point DCA; refused if it would orphan a rating given."""
    if scale not in engine.SCALES:
        raise ValidationError({"status_scale": "Choose RAG or the five-point scale."})
    change = scale_change(programme, scale)
    if not change.allowed:
        raise ValidationError({"status_scale": change.explanation})
    return save_edit(programme, expected_version, {"status_scale": scale})
