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
from django.utils import timezone

from gemini.workforce import services
from gemini.workforce.engine.consultation import (
    ConsultationTimetable,
    ProposedDismissals,
    consultation_timetable,
)
from gemini.workforce.engine.equality import GroupRate, impact_table
from gemini.workforce.engine.matching import OUTCOMES
from gemini.workforce.engine.redundancy import surplus_cost_range
from gemini.workforce.models import (
    MatchingRun,
    Outcome,
    PersonOutcome,
    Pool,
    Post,
    ServiceDesign,
    Staff,
)


def suppressed(count: int, minimum: int) -> int | str:
    """A count of people as members and unions may see it: shown when 0 or at least
    `minimum`, else "<minimum" (the small-number suppression of the equality tables), so a
    small count cannot point at anyone."""
    return count if count == 0 or count >= minimum else f"<{minimum}"


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
    """The redundancy cost of the people at risk, and the range it may reach with the people a
    ring-fence leaves without a post (issue 14, item 8)."""

    people: int  # at risk
    statutory: Decimal  # the people at risk
    discretionary: Decimal
    pension_flags: int
    shown: bool  # False when fewer people than the minimum: the totals would reveal pay
    ring_fence_surplus: int = 0
    # At risk plus, for each pool, its surplus of the cheapest (low) or the dearest (high)
    # ring-fenced people, by each measure.
    statutory_low: Decimal = Decimal("0.00")
    statutory_high: Decimal = Decimal("0.00")
    discretionary_low: Decimal = Decimal("0.00")
    discretionary_high: Decimal = Decimal("0.00")
    # False also when the surplus is of fewer people than the minimum: the range less the
    # totals would then reveal the pay of a few.
    range_shown: bool = False


@dataclass(frozen=True)
class StrainTotals:
    """Pension strain costs (LGPS Regulations 2013 reg 30(7)) known from the fund's actuary,
    for the people whose strain arises or whose cost is recorded."""

    known: Decimal
    known_people: int
    not_known: int

    def __str__(self) -> str:
        return (
            f"£{self.known:,.2f} for {self.known_people} "
            f"{'person' if self.known_people == 1 else 'people'}; "
            f"not known for {self.not_known}"
        )


def strain_totals(costs: Iterable[services.PersonCost]) -> StrainTotals:
    """The strain costs of `costs` that apply (a pension flag, or a cost recorded)."""
    applying = [c for c in costs if c.pension_flag or c.strain_cost is not None]
    known = [c.strain_cost for c in applying if c.strain_cost is not None]
    return StrainTotals(sum(known, Decimal("0.00")), len(known), len(applying) - len(known))


def cost_totals(
    run: MatchingRun,
    outcomes: Sequence[PersonOutcome],
    dismissals: ProposedDismissals,
    minimum: int,
) -> CostTotals:
    """The cost totals of `outcomes` (their outcomes in force), with the ring-fence surplus
    of `dismissals` (counted over the same outcomes) as a range."""
    costs = services.redundancy_costs(run, outcomes)
    surplus_people = {ref for pool in dismissals.pools for ref in pool.people}
    ring_fenced = services.costs_of(
        run, [o for o in outcomes if o.staff.employee_ref in surplus_people]
    )
    by_pool: dict[str, list[services.PersonCost]] = {}
    for cost in ring_fenced:
        by_pool.setdefault(services.pool_key(cost.outcome), []).append(cost)
    surpluses = [(pool.surplus, by_pool.get(pool.pool, [])) for pool in dismissals.pools]
    statutory = sum((c.statutory.amount for c in costs), Decimal("0.00"))
    discretionary = sum((c.discretionary.amount for c in costs), Decimal("0.00"))
    statutory_low, statutory_high = surplus_cost_range(
        (n, [c.statutory.amount for c in people]) for n, people in surpluses
    )
    discretionary_low, discretionary_high = surplus_cost_range(
        (n, [c.discretionary.amount for c in people]) for n, people in surpluses
    )
    surplus = dismissals.ring_fence_surplus
    shown = len(costs) >= minimum
    return CostTotals(
        people=len(costs),
        statutory=statutory,
        discretionary=discretionary,
        pension_flags=sum(1 for c in costs if c.pension_flag),
        shown=shown,
        ring_fence_surplus=surplus,
        statutory_low=statutory + statutory_low,
        statutory_high=statutory + statutory_high,
        discretionary_low=discretionary + discretionary_low,
        discretionary_high=discretionary + discretionary_high,
        range_shown=shown and (surplus == 0 or surplus >= minimum),
    )


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
    dismissals: ProposedDismissals | None = None

    def shown(self, rows: dict[str, list[int]]) -> list[tuple[str, list[int | str]]]:
        """Rows with any count below the minimum (but above 0) shown as '<5'."""
        return [
            (label, [suppressed(v, self.minimum) for v in values])
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
            "A move one grade below keeps pay protection for "
            f"{matching.get('pay_protection_months', 12)} months; a change of more than "
            f"{float(matching.get('fte_tolerance', 0.1)):.2f} FTE needs the person's agreement.",
            "Job shares (part-time people sharing a post's FTE, two to a place): "
            f"{'allowed' if matching.get('job_shares') else 'not allowed'}.",
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


PREGNANCY_AND_MATERNITY = ("pregnancy", "maternity")


def run_summary(run: MatchingRun) -> RunSummary:
    outcomes: list[PersonOutcome] = list(
        run.outcomes.select_related(
            "staff",
            "staff__grade",
            "staff__equality",
            "pool",
            "proposed_post__council",
            "decided_post__council",
        )
    )
    counts = {name: sum(1 for o in outcomes if o.outcome == name) for name in OUTCOMES}
    minimum = int(run.policy.get("equality_minimum", services.EQUALITY_MINIMUM))
    dismissals = services.proposed_dismissals(run, outcomes)
    costs = cost_totals(run, outcomes, dismissals, minimum)
    favourable = set(run.policy.get("favourable_outcomes", services.FAVOURABLE))
    equality_rows = []
    for item in outcomes:
        staff = item.staff
        groups = {
            "age band": services.age_band(staff.date_of_birth, run.first_dismissal_date),
            "pregnancy and maternity": "Pregnant or on maternity leave"
            if staff.protected_on(run.first_dismissal_date) in PREGNANCY_AND_MATERNITY
            else "Neither",
        }
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
            dismissals.total,
            run.first_dismissal_date,
            _dismissed_weekly_pays(outcomes, dismissals),
            made_up=dismissals.reasons,
            today=timezone.localdate(),
        ),
        equality=impact_table(services.EQUALITY_CHARACTERISTICS, equality_rows, minimum),
        costs=costs,
        minimum=minimum,
        decided=sum(1 for o in outcomes if o.decision != "pending"),
        dismissals=dismissals,
    )


def _dismissed_weekly_pays(
    outcomes: Sequence[PersonOutcome], dismissals: ProposedDismissals
) -> list[Decimal]:
    """Each proposed dismissal's week's pay, for the largest protective award: the people at
    risk, the moves counted, and each pool's surplus of its best-paid ring-fenced people."""
    by_ref = {o.staff.employee_ref: o for o in outcomes}
    pays = [o.staff.weekly_pay for o in outcomes if o.outcome == Outcome.AT_RISK]
    pays += [by_ref[ref].staff.weekly_pay for ref in dismissals.moves]
    for pool in dismissals.pools:
        ordered = sorted((by_ref[ref].staff.weekly_pay for ref in pool.people), reverse=True)
        pays += ordered[: pool.surplus]
    return pays
