"""Collective consultation (TULRCA 1992 s188, s193, s195; Employment Rights Act 2025 s30).

Proposing to dismiss 20 or more employees as redundant at one establishment within 90 days:
consult at least 30 days before the first dismissal (20–99) or 45 days (100 or more), and send
the HR1 to the Redundancy Payments Service at least as long before. Fewer than 20: individual
consultation only. Protective award for failure: up to 90 days' actual pay, or 180 days for
dismissals on or after 6 April 2026.

The number counted (`proposed_dismissals`, issue 14, item 8) is every dismissal proposed, not
only the people with no post: s195 counts as dismissal for redundancy any dismissal "for a
reason not related to the individual concerned". So it is the people at risk, plus each
ring-fence's surplus (people competing, less the places they compete for: that many will lose),
plus people placed in a post of the other council other than by a transfer (a TUPE/COSOP
organised grouping moving there), whose move is a dismissal and re-engagement — unless the
council's reading (a setting) is that such a move is itself a transfer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
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
    warnings: tuple[str, ...] = ()  # a first dismissal date already past


@dataclass(frozen=True)
class Contest:
    """A person whose outcome in force is a ring-fence, in a pool (any key shared by the
    people of one pool), competing for `posts`: (post ref, places) pairs."""

    person: str
    pool: str
    posts: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Move:
    """A person placed (slot-in or matched) in a post of another organisation than their
    employer; `transfer` when they belong to an organised grouping moving to that council."""

    person: str
    employer: str
    council: str
    transfer: bool


@dataclass(frozen=True)
class PoolSurplus:
    pool: str
    people: tuple[str, ...]  # the people competing, in ref order
    places: int  # the places of the union of the posts they compete for
    surplus: int  # max(0, people − places): how many cannot get a place


@dataclass(frozen=True)
class ProposedDismissals:
    at_risk: int
    ring_fence_surplus: int
    other_council_moves: int  # counted as dismissals (0 when moves are read as transfers)
    total: int
    pools: tuple[PoolSurplus, ...] = ()  # the pools with a surplus
    moves: tuple[str, ...] = ()  # the people whose move is counted
    reasons: tuple[str, ...] = field(default=())


def proposed_dismissals(
    at_risk: Sequence[str],
    contests: Sequence[Contest],
    moves: Sequence[Move],
    moves_are_dismissals: bool = True,
) -> ProposedDismissals:
    """The proposed dismissals for s188: the people at risk, each pool's ring-fence surplus
    (ring-fenced people less the places of the union of the posts they compete for, never
    below 0) and, when `moves_are_dismissals`, the moves to the other council that are not a
    transfer. Each part says in words how it is made up."""
    by_pool: dict[str, list[Contest]] = {}
    for contest in contests:
        by_pool.setdefault(contest.pool, []).append(contest)
    pools: list[PoolSurplus] = []
    for key in sorted(by_pool):
        people = by_pool[key]
        places = dict(post for person in people for post in person.posts)
        surplus = max(0, len(people) - sum(places.values()))
        if surplus:
            pools.append(
                PoolSurplus(
                    key, tuple(sorted(p.person for p in people)), sum(places.values()), surplus
                )
            )
    surplus = sum(p.surplus for p in pools)
    across = [m for m in moves if m.council != m.employer]
    transfers = [m for m in across if m.transfer]
    dismissals = [m for m in across if not m.transfer] if moves_are_dismissals else []
    total = len(at_risk) + surplus + len(dismissals)
    reasons = [
        f"{total} proposed dismissals: {len(at_risk)} at risk, {surplus} more than the places "
        f"in ring-fences, {len(dismissals)} moves to the other council by dismissal and "
        "re-engagement (TULRCA s188, s195).",
        f"People at risk: {len(at_risk)} with no eligible post.",
    ]
    if pools:
        reasons.append(
            "Ring-fences with more people than places: "
            + "; ".join(
                f"pool {p.pool}: {len(p.people)} people for {p.places} "
                f"place{'s' if p.places != 1 else ''}, so {p.surplus} will not get one"
                for p in pools
            )
            + "."
        )
    else:
        reasons.append("No ring-fence has more people than places.")
    if moves_are_dismissals:
        reasons.append(
            f"Moves to the other council: {len(across)} people placed in a post of another "
            f"council than their employer; {len(transfers)} move with an organised grouping "
            f"(a TUPE/COSOP transfer, not a dismissal); {len(dismissals)} move by dismissal "
            "and re-engagement, so counted."
        )
    else:
        reasons.append(
            f"Moves to the other council: {len(across)} people placed in a post of another "
            "council than their employer, read as transfers (setting), so not counted."
        )
    return ProposedDismissals(
        len(at_risk),
        surplus,
        len(dismissals),
        total,
        tuple(pools),
        tuple(sorted(m.person for m in dismissals)),
        tuple(reasons),
    )


def protective_award_days(dismissal_date: dt.date) -> int:
    return 180 if dismissal_date >= PROTECTIVE_AWARD_CHANGE else 90


def past_date_warnings(first_dismissal: dt.date, today: dt.date | None) -> tuple[str, ...]:
    """A first dismissal date before `today` cannot have its consultation dates met."""
    if today is None or first_dismissal >= today:
        return ()
    return (
        f"The first dismissal date {first_dismissal:%d/%m/%Y} is in the past: the "
        "consultation dates below cannot be met.",
    )


def consultation_timetable(
    proposed_redundancies: int,
    first_dismissal: dt.date,
    weekly_pays: Sequence[Decimal] = (),
    made_up: Sequence[str] = (),
    today: dt.date | None = None,
) -> ConsultationTimetable:
    """The s188 period and HR1 date for a number of proposed redundancies, and the largest
    protective award (days' actual pay of each person proposed for dismissal) if it failed.

    `made_up` says how the number is made up (`ProposedDismissals.reasons`); it follows the
    first reason. Given `today`, a first dismissal date before it is warned about."""
    if proposed_redundancies < 0:
        raise ValueError("The number of proposed redundancies cannot be negative.")
    award_days = protective_award_days(first_dismissal)
    daily = sum((pay / 7 for pay in weekly_pays), Decimal("0"))
    exposure = (daily * award_days).quantize(Decimal("0.01"), ROUND_HALF_UP)
    warnings = past_date_warnings(first_dismissal, today)
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
                *made_up,
            ),
            warnings,
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
            *made_up,
            f"HR1 to the Redundancy Payments Service (online) by {latest:%d/%m/%Y} (s193).",
            f"Protective award if consultation fails: up to {award_days} days' actual pay each "
            f"(dismissals {'from' if award_days == 180 else 'before'} 06/04/2026).",
        ),
        warnings,
    )
