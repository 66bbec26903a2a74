"""What the programme's committee-report sections share: money and dates as the report prints
them, the Part 2 filter and exemptions, and workstream names as at a date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Q

from gemini.core.asat import recorded
from gemini.core.models import Confidentiality
from gemini.core.reporting import registry as r
from gemini.core.reporting.blocks import Content
from gemini.programme.models import (
    Programme,
    Workstream,
)


def money_for_report(value: Decimal) -> str:
    return f"{value:.2f}"


def day_for_report(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


EXEMPT = Q(confidentiality=Confidentiality.EXEMPT)


def records_exemptions(kind: str) -> r.Exemptions:
    def exemptions(content: Content) -> list[tuple[int, str]]:
        return [
            (int(row["paragraph"]), row["reason"])
            for row in content.data["part2"].get(kind, [])
            if row["paragraph"]
        ]

    return exemptions


def workstream_names_as_at(programme: Programme, as_at: dt.date) -> dict[int, str]:
    return {w.pk: w.name for w in recorded(Workstream, as_at).filter(programme_id=programme.pk)}
