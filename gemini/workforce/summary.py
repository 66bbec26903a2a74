"""Anonymised figures of a matching run: what members, union representatives and the
consultation pack may see — counts, pools, the timetable, equality rates and cost totals, with
any group smaller than the run's minimum hidden. No names, pay or dates of birth."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from gemini.workforce import services
from gemini.workforce.engine.consultation import ConsultationTimetable, consultation_timetable
from gemini.workforce.engine.equality import GroupRate, impact_table
from gemini.workforce.engine.matching import OUTCOMES
from gemini.workforce.models import (
    MatchingRun,
    Outcome,
    PersonOutcome,
    Pool,
    Post,
    ServiceDesign,
    Staff,
)


@dataclass(frozen=True)
class DesignRow:
    council: str
    name: str
    places: int
    fte: Decimal
    evaluated: int
    draft: int


@dataclass(frozen=True)
class CostTotals:
    people: int
    statutory: Decimal
    discretionary: Decimal
    pension_flags: int
    shown: bool  # False when fewer people than the minimum: the totals would reveal pay


@dataclass(frozen=True)
class RunSummary:
    run: MatchingRun
    counts: dict[str, int]
    by_council: dict[str, list[int]]
    by_team: dict[str, list[int]]
    by_grade: dict[str, list[int]]
    pools: Sequence[Pool]
    designs: Sequence[DesignRow]
    timetable: ConsultationTimetable
    equality: Sequence[GroupRate]
    costs: CostTotals
    minimum: int
    decided: int

    def shown(self, rows: dict[str, list[int]]) -> list[tuple[str, list[int | str]]]:
        """Rows with any count below the minimum (but above 0) shown as '<5'."""
        return [
            (
                label,
                [v if v == 0 or v >= self.minimum else f"<{self.minimum}" for v in values],
            )
            for label, values in sorted(rows.items(), key=lambda item: _natural(item[0]))
        ]

    def policy_lines(self) -> list[str]:
        policy = self.run.policy
        matching = policy["matching"]
        discretionary = policy["discretionary"]
        return [
            f"Slot-in: duty match ≥ {matching['slot_in']:g} at the same grade rank, with no "
            "more claimants than identical posts.",
            f"Ring-fence eligibility: duty match ≥ {matching['ring_fence']:g}, same grade or "
            f"lower, or up to {matching['grade_steps_up']} above where nothing at own grade.",
            "Preferences for a CEC or CWaC role honoured where it costs no one a post: "
            f"{'yes' if matching['honour_preferences'] else 'no'}.",
            f"First dismissal date (relevant date): {self.run.first_dismissal_date:%d/%m/%Y}.",
            f"Discretionary compensation: {discretionary['multiplier']} × statutory weeks, at "
            f"most {discretionary['cap_weeks']} weeks, "
            f"{'actual' if discretionary['actual_pay'] else 'capped'} pay — "
            f"{discretionary['source']}"
            f"{'' if discretionary['confirmed'] else ' (UNCONFIRMED)'}.",
            f"Equality figures hidden for groups smaller than {policy['equality_minimum']}.",
            f"Duty-match tie-break resolution: {policy.get('score_resolution', 1)} point(s).",
        ]


def _natural(label: str) -> list[tuple[int, int | str]]:
    """Sort 'Grade 4' before 'Grade 10'."""
    return [(0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", label)]


def _count_by(items: Iterable[tuple[str, str]]) -> dict[str, list[int]]:
    table: dict[str, Counter[str]] = {}
    for key, outcome in items:
        table.setdefault(key, Counter())[outcome] += 1
    return {key: [counter[name] for name in OUTCOMES] for key, counter in table.items()}


def designs() -> list[DesignRow]:
    rows = ServiceDesign.objects.select_related("council").annotate(
        places=Sum("posts__count"),
        fte=Sum("posts__fte"),
        evaluated=Count("posts", filter=Q(posts__jdq_status="evaluated")),
        draft=Count("posts", filter=Q(posts__jdq_status="draft")),
    )
    return [
        DesignRow(
            d.council.code,
            d.name,
            d.places or 0,
            d.fte or Decimal("0"),
            d.evaluated,
            d.draft,
        )
        for d in rows
    ]


@dataclass(frozen=True)
class TeamRow:
    """One team: how many staff are in it today, and the places in each council's design."""

    team: str
    staff: int
    posts: dict[str, int]  # council code → places (identical posts counted each)


def structure_by_team(posts: QuerySet[Post]) -> tuple[list[str], list[TeamRow]]:
    """The councils, and each team's staff today against the places in `posts` (an
    access-checked queryset), teams in name order. Counts only: no one is named."""
    by_team: dict[str, Counter[str]] = {}
    for team, council, places in posts.values_list("team", "council__code", "count"):
        by_team.setdefault(team, Counter())[council] += places
    staff_by_team = Counter(Staff.objects.values_list("team", flat=True))
    councils = sorted({c for counts in by_team.values() for c in counts})
    rows = [
        TeamRow(
            team,
            staff_by_team.get(team, 0),
            {c: by_team.get(team, Counter[str]())[c] for c in councils},
        )
        for team in sorted(set(by_team) | set(staff_by_team))
    ]
    return councils, rows


def run_summary(run: MatchingRun) -> RunSummary:
    outcomes: list[PersonOutcome] = list(
        run.outcomes.select_related(
            "staff",
            "staff__grade",
            "staff__equality",
            "proposed_post__council",
            "decided_post__council",
        )
    )
    counts = {name: sum(1 for o in outcomes if o.outcome == name) for name in OUTCOMES}
    minimum = int(run.policy.get("equality_minimum", services.EQUALITY_MINIMUM))
    at_risk = [o for o in outcomes if o.outcome == Outcome.AT_RISK]
    costs = services.redundancy_costs(run, at_risk)
    favourable = set(run.policy.get("favourable_outcomes", services.FAVOURABLE))
    equality_rows = []
    for item in outcomes:
        staff = item.staff
        groups = {"age band": services.age_band(staff.date_of_birth, run.first_dismissal_date)}
        record = getattr(staff, "equality", None)
        if record is not None:
            groups |= {
                "sex": record.sex,
                "ethnicity": record.ethnicity,
                "disability": record.disability,
            }
        equality_rows.append((groups, item.outcome in favourable))
    return RunSummary(
        run=run,
        counts=counts,
        by_council=_count_by(
            ((o.post.council.code if o.post else "No post"), o.outcome) for o in outcomes
        ),
        by_team=_count_by((o.staff.team, o.outcome) for o in outcomes),
        by_grade=_count_by((o.staff.grade.grade, o.outcome) for o in outcomes),
        pools=list(run.pools.all()),
        designs=designs(),
        timetable=consultation_timetable(
            len(at_risk), run.first_dismissal_date, [o.staff.weekly_pay for o in at_risk]
        ),
        equality=impact_table(services.EQUALITY_CHARACTERISTICS, equality_rows, minimum),
        costs=CostTotals(
            people=len(costs),
            statutory=sum((c.statutory.amount for c in costs), Decimal("0.00")),
            discretionary=sum((c.discretionary.amount for c in costs), Decimal("0.00")),
            pension_flags=sum(1 for c in costs if c.pension_flag),
            shown=len(costs) >= minimum,
        ),
        minimum=minimum,
        decided=sum(1 for o in outcomes if o.decision != "pending"),
    )
