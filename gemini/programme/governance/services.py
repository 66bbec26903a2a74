"""Writes for governance: bodies, meetings, agenda items, papers and decisions.
One function per action, atomic, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from gemini.core.models import Confidentiality, Organisation
from gemini.core.services import Outcome, upsert
from gemini.core.versioning import save_edit
from gemini.programme.models import (
    AgendaItem,
    Decision,
    GovernanceBody,
    Issue,
    Meeting,
    Paper,
    Programme,
    Risk,
)
from gemini.programme.records import only_fields

BODY_FIELDS = ("name", "short_name", "kind", "organisation", "role")


MEETING_FIELDS = ("date", "title")


AGENDA_ITEM_FIELDS = ("order", "title", "paper")


PAPER_FIELDS = (
    "title",
    "reference",
    "summary",
    "confidentiality",
    "exempt_paragraph",
    "public_interest_reason",
)


def create_body(programme: Programme, values: Mapping[str, Any]) -> GovernanceBody:
    """A new governance body, listed after the existing ones."""
    only_fields(values, BODY_FIELDS)
    name = values.get("name", "")
    if GovernanceBody.objects.filter(programme=programme, name=name).exists():
        raise ValidationError({"name": f"There is already a body called {name}."})
    order = (programme.bodies.aggregate(Max("order"))["order__max"] or 0) + 1
    body, _ = upsert(
        GovernanceBody,
        {"programme": programme, "name": name},
        {**{k: v for k, v in values.items() if k != "name"}, "order": order},
    )
    return body


def edit_body(
    body: GovernanceBody, expected_version: int, changes: Mapping[str, Any]
) -> GovernanceBody:
    only_fields(changes, BODY_FIELDS)
    name = changes.get("name", body.name)
    if (
        GovernanceBody.objects.filter(programme_id=body.programme_id, name=name)
        .exclude(pk=body.pk)
        .exists()
    ):
        raise ValidationError({"name": f"There is already a body called {name}."})
    return save_edit(body, expected_version, changes)


def _check_meeting_date(body: GovernanceBody, values: Mapping[str, Any], pk: int | None) -> None:
    date = values.get("date")
    if date is None:
        return
    clash = Meeting.objects.filter(body=body, date=date)
    if pk is not None:
        clash = clash.exclude(pk=pk)
    if clash.exists():
        raise ValidationError(
            {"date": f"The {body.short_name or body.name} already meets on {date:%d/%m/%Y}."}
        )


def create_meeting(body: GovernanceBody, values: Mapping[str, Any]) -> Meeting:
    """A meeting of a body (one a day)."""
    only_fields(values, MEETING_FIELDS)
    _check_meeting_date(body, values, None)
    meeting, _ = upsert(Meeting, {"body": body, "date": values["date"]}, {"title": values["title"]})
    return meeting


def edit_meeting(meeting: Meeting, expected_version: int, changes: Mapping[str, Any]) -> Meeting:
    only_fields(changes, MEETING_FIELDS)
    _check_meeting_date(meeting.body, changes, meeting.pk)
    return save_edit(meeting, expected_version, changes)


def _check_agenda_title(meeting: Meeting, values: Mapping[str, Any], pk: int | None) -> None:
    clash = AgendaItem.objects.filter(meeting=meeting, title=values.get("title"))
    if pk is not None:
        clash = clash.exclude(pk=pk)
    if clash.exists():
        raise ValidationError({"title": "This meeting already has an item with this title."})


def create_agenda_item(meeting: Meeting, values: Mapping[str, Any]) -> AgendaItem:
    """An item on a meeting's agenda, optionally with the paper it takes."""
    only_fields(values, AGENDA_ITEM_FIELDS)
    _check_agenda_title(meeting, values, None)
    item, _ = upsert(
        AgendaItem,
        {"meeting": meeting, "title": values["title"]},
        {"order": values.get("order") or 0, "paper": values.get("paper")},
    )
    return item


def edit_agenda_item(
    item: AgendaItem, expected_version: int, changes: Mapping[str, Any]
) -> AgendaItem:
    only_fields(changes, AGENDA_ITEM_FIELDS)
    _check_agenda_title(item.meeting, {"title": changes.get("title", item.title)}, item.pk)
    return save_edit(item, expected_version, changes)


def _paper_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """A public paper carries no paragraph or reason (the form may send leftovers)."""
    cleaned = dict(values)
    if cleaned.get("confidentiality") == Confidentiality.PUBLIC:
        cleaned["exempt_paragraph"] = None
        cleaned["public_interest_reason"] = ""
    return cleaned


def create_paper(meeting: Meeting, values: Mapping[str, Any]) -> Paper:
    """A paper to a meeting: public (Part 1) or exempt (Part 2) with its Schedule 12A paragraph
    and the public-interest reasoning."""
    only_fields(values, PAPER_FIELDS)
    title = values.get("title", "")
    if Paper.objects.filter(meeting=meeting, title=title).exists():
        raise ValidationError({"title": "This meeting already has a paper with this title."})
    cleaned = _paper_values(values)
    paper, _ = upsert(
        Paper,
        {"meeting": meeting, "title": title},
        {k: v for k, v in cleaned.items() if k != "title"},
    )
    return paper


def edit_paper(paper: Paper, expected_version: int, changes: Mapping[str, Any]) -> Paper:
    only_fields(changes, PAPER_FIELDS)
    title = changes.get("title", paper.title)
    if Paper.objects.filter(meeting_id=paper.meeting_id, title=title).exclude(pk=paper.pk).exists():
        raise ValidationError({"title": "This meeting already has a paper with this title."})
    return save_edit(paper, expected_version, _paper_values(changes))


def save_body(
    programme: Programme,
    name: str,
    short_name: str,
    kind: str,
    order: int,
    organisation: Organisation | None = None,
    role: str = "",
) -> tuple[GovernanceBody, Outcome]:
    return upsert(
        GovernanceBody,
        {"programme": programme, "name": name},
        {
            "short_name": short_name,
            "kind": kind,
            "order": order,
            "organisation": organisation,
            "role": role,
        },
    )


def save_meeting(body: GovernanceBody, date: dt.date, title: str = "") -> tuple[Meeting, Outcome]:
    return upsert(Meeting, {"body": body, "date": date}, {"title": title})


def save_paper(
    meeting: Meeting,
    title: str,
    reference: str = "",
    summary: str = "",
    exempt_paragraph: int | None = None,
    public_interest_reason: str = "",
) -> tuple[Paper, Outcome]:
    """A paper to a meeting; give `exempt_paragraph` (Schedule 12A, 1–7) to make it Part 2."""
    return upsert(
        Paper,
        {"meeting": meeting, "title": title},
        {
            "reference": reference,
            "summary": summary,
            "confidentiality": (
                Confidentiality.EXEMPT if exempt_paragraph else Confidentiality.PUBLIC
            ),
            "exempt_paragraph": exempt_paragraph,
            "public_interest_reason": public_interest_reason,
        },
    )


def save_agenda_item(
    meeting: Meeting, order: int, title: str, paper: Paper | None = None
) -> tuple[AgendaItem, Outcome]:
    return upsert(
        AgendaItem, {"meeting": meeting, "title": title}, {"order": order, "paper": paper}
    )


DECISION_FIELDS = (
    "title",
    "body",
    "meeting",
    "date",
    "recommendations",
    "resolution",
    "confidentiality",
    "exempt_paragraph",
    "public_interest_reason",
)


def save_decision(
    programme: Programme, reference: str, values: Mapping[str, Any]
) -> tuple[Decision, Outcome]:
    only_fields(values, DECISION_FIELDS)
    return upsert(Decision, {"programme": programme, "reference": reference}, values)


def link_decision(decision: Decision, risks: Iterable[Risk], issues: Iterable[Issue]) -> None:
    """The risks and issues a decision is about (each of the decision's own programme)."""
    risks, issues = list(risks), list(issues)
    strangers = [r.reference for r in risks if r.programme_id != decision.programme_id] + [
        i.reference for i in issues if i.programme_id != decision.programme_id
    ]
    if strangers:
        raise ValidationError(
            f"{', '.join(strangers)} belong to another programme: a decision links only its own."
        )
    with transaction.atomic():
        decision.risks.set(risks)
        decision.issues.set(issues)


def edit_decision(
    decision: Decision, expected_version: int, changes: Mapping[str, Any]
) -> Decision:
    only_fields(changes, DECISION_FIELDS)
    return save_edit(decision, expected_version, changes)
