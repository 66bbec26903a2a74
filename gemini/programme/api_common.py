"""What the programme API's routes share: the programme a call names, today, money and slugs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone

from gemini.programme import chosen
from gemini.programme.models import (
    Programme,
    Workstream,
)


def programme_of_call(request: HttpRequest) -> Programme:
    """The programme the call names (`?programme=slug`) or the only one (programme.chosen)."""
    try:
        return chosen.programme_named(request.GET.get("programme") or None)
    except chosen.ProgrammeNotChosenError as error:
        raise Http404(str(error)) from None


def today_for_call() -> dt.date:
    return timezone.localdate()


def money_text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def slug_of(workstream: Workstream | None) -> str | None:
    return workstream.slug if workstream else None


def named_workstream(programme: Programme, slug: str) -> Workstream:
    """The workstream a write names (422 if there is none by that name)."""
    workstream = programme.workstreams.filter(slug=slug).first()
    if workstream is None:
        raise ValidationError({"workstream": f"There is no workstream {slug}."})
    return workstream


def workstream_or_none(programme: Programme, slug: str | None) -> Workstream | None:
    """The workstream a write names, or none (the programme as a whole)."""
    return None if slug is None else named_workstream(programme, slug)


def confidentiality_values(values: dict[str, Any]) -> dict[str, Any]:
    """A public record sent without a paragraph or reason carries none."""
    if values.get("confidentiality") == "public":
        values.setdefault("exempt_paragraph", None)
        values.setdefault("public_interest_reason", "")
    return values
