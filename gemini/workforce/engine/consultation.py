"""Collective consultation (TULRCA 1992 s188, s193; Employment Rights Act 2025 s30).

Proposing to dismiss 20 or more employees as redundant at one establishment within 90 days:
consult at least 30 days before the first dismissal (20–99) or 45 days (100 or more), and send
the HR1 to the Redundancy Payments Service at least as long before. Fewer than 20: individual
consultation only. Protective award for failure: up to 90 days' actual pay, or 180 days for
dismissals on or after 6 April 2026.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

COLLECTIVE_THRESHOLD = 20
LARGE_THRESHOLD = 100
PROTECTIVE_AWARD_CHANGE = dt.date(2026, 4, 6)


@dataclass(frozen=True)
class ConsultationTimetable:
    proposed_redundancies: int
    collective: bool
    minimum_days: int  # 0 where only individual consultation applies
    first_dismissal: dt.date
    latest_start: dt.date | None  # consultation and HR1 by this date
    latest_hr1: dt.date | None
    protective_award_days: int
    protective_award_exposure: Decimal
    reasons: tuple[str, ...]


def protective_award_days(dismissal_date: dt.date) -> int:
    return 180 if dismissal_date >= PROTECTIVE_AWARD_CHANGE else 90


def consultation_timetable(
    proposed_redundancies: int, first_dismissal: dt.date, weekly_pays: Sequence[Decimal] = ()
) -> ConsultationTimetable:
    """The s188 period and HR1 date for a number of proposed redundancies, and the largest
    protective award (days' actual pay of each person proposed for dismissal) if it failed."""
    if proposed_redundancies < 0:
        raise ValueError("The number of proposed redundancies cannot be negative.")
    award_days = protective_award_days(first_dismissal)
    daily = sum((pay / 7 for pay in weekly_pays), Decimal("0"))
    exposure = (daily * award_days).quantize(Decimal("0.01"), ROUND_HALF_UP)
    if proposed_redundancies < COLLECTIVE_THRESHOLD:
        return ConsultationTimetable(
            proposed_redundancies,
            False,
            0,
            first_dismissal,
            None,
            None,
            award_days,
            Decimal("0.00"),
            (
                f"{proposed_redundancies} proposed redundancies: fewer than "
                f"{COLLECTIVE_THRESHOLD}, so individual consultation only (TULRCA s188 does "
                "not apply; a local agreement may set a minimum).",
            ),
        )
    days = 45 if proposed_redundancies >= LARGE_THRESHOLD else 30
    latest = first_dismissal - dt.timedelta(days=days)
    return ConsultationTimetable(
        proposed_redundancies,
        True,
        days,
        first_dismissal,
        latest,
        latest,
        award_days,
        exposure,
        (
            f"{proposed_redundancies} proposed redundancies at one establishment within 90 "
            f"days: collective consultation (TULRCA s188), at least {days} days before the "
            "first dismissal.",
            f"HR1 to the Redundancy Payments Service (online) by {latest:%d/%m/%Y} (s193).",
            f"Protective award if consultation fails: up to {award_days} days' actual pay each "
            f"(dismissals {'from' if award_days == 180 else 'before'} 06/04/2026).",
        ),
    )
