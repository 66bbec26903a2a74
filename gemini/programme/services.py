"""Writes for the programme app: one function per action, atomic, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from gemini.core.models import Confidentiality, Organisation, User
from gemini.core.services import Outcome, upsert
from gemini.core.versioning import save_edit
from gemini.programme.models import GovernanceBody, Meeting, Paper, Programme, Workstream


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
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"These workstream fields cannot be edited here: {sorted(unknown)}")
    return save_edit(workstream, expected_version, changes)


def add_workstream_lead(workstream: Workstream, user: User) -> None:
    with transaction.atomic():
        workstream.leads.add(user)


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
