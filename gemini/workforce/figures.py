"""The workforce's figures as at a date: the one place each derived workforce figure is read.

Every page, API route, CLI command, home panel and committee report section that shows a
workforce figure reads it here (docs/architecture.md, "The read side"):

- `restructure(as_at, reader)`: staff, the new service designs and their places, and the
  structure by team, as recorded at the end of `as_at` (core.asat.recorded);
- `matching(as_at, reader, number)`: a matching run's anonymised figures (counts, pools, the
  consultation timetable, equality rates, cost totals), with HR's decisions as they stood at
  the end of `as_at`; a run made after the day is not seen;
- `decisions(as_at, reader)`: the latest run's outcomes in force and HR's decisions, and what
  awaits the reader (the home panel);
- `redundancy(as_at, reader, number)`: each person's redundancy cost in the reader's scope,
  with the totals (personal data: VIEW_PERSONAL_DATA).

`reader` is the person asking (their access is checked through gemini/workforce/access.py) or
None for the system itself: the CLI and the committee report, which apply their own rules
(counts suppressed below the run's minimum). Workforce records are not held per programme, so
these figures take no programme: a domain app does not import the programme app, and the
staff and posts are those of the one shared service.

Staff pay, dates of birth and equality records are read as they are now: the costs of a run
are worked out at its relevant date from the staff's current records.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.asat import dated, is_live, recorded
from gemini.core.models import Organisation
from gemini.workforce import access as workforce_access
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
    Decision,
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
    """One council's new service design: its places (identical posts counted each), FTE, and
    its post records by job evaluation (evaluated, draft) beside how many post records."""

    council: str
    name: str
    places: int
    fte: Decimal
    evaluated: int
    draft: int
    post_records: int


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
class MatchingFigures:
    """A matching run's anonymised figures as at a day: counts by outcome in force (and by
    council, team and grade), pools, the consultation timetable, equality rates and the cost
    totals. No one is named; counts below `minimum` are for the reader to suppress (`shown`)."""

    as_at: dt.date
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
    dismissals: ProposedDismissals
    strain: StrainTotals

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


# --- The restructure: staff, designs and places -------------------------------------------


@dataclass(frozen=True)
class TeamRow:
    """One team: how many staff are in it, and the places in each council's design."""

    team: str
    staff: int
    posts: dict[str, int]  # council code → places (identical posts counted each)


@dataclass(frozen=True)
class RestructureFigures:
    """The restructure as recorded at the end of `as_at`: staff against the places in the new
    service designs, by design and by team. Counts only: no one is named."""

    as_at: dt.date
    staff: int
    places: int
    councils: tuple[str, ...]  # the councils with posts, by code
    designs: tuple[DesignRow, ...]  # by council code, then name
    teams: tuple[TeamRow, ...]  # by team name


def restructure(as_at: dt.date, reader: Any = None) -> RestructureFigures:
    """Staff, the service designs and their posts as they stood at the end of `as_at`; a
    reader needs VIEW_WORKFORCE (the figures are anonymised) and sees the posts
    `workforce.access.posts_for` gives them."""
    posts = list(recorded(Post, as_at))
    if reader is not None:
        readable = set(workforce_access.posts_for(reader).values_list("pk", flat=True))
        posts = [p for p in posts if p.pk in readable]
    codes = dict(Organisation.objects.values_list("pk", "code"))
    staff_by_team = Counter(s.team for s in recorded(Staff, as_at))
    designs = list(recorded(ServiceDesign, as_at))
    tally: dict[int, list[Any]] = {d.pk: [0, Decimal(0), 0, 0, 0] for d in designs}
    by_team: dict[str, Counter[str]] = {}
    for post in posts:
        by_team.setdefault(post.team, Counter())[codes.get(post.council_id, "")] += post.count
        row = tally.get(post.structure_id)
        if row is None:
            continue
        row[0] += post.count
        row[1] += post.fte * post.count
        row[2] += post.jdq_status == "evaluated"
        row[3] += post.jdq_status == "draft"
        row[4] += 1
    rows = tuple(
        DesignRow(codes.get(d.council_id, ""), d.name, *tally[d.pk])
        for d in sorted(designs, key=lambda d: (codes.get(d.council_id, ""), d.name))
    )
    councils = tuple(sorted({c for counts in by_team.values() for c in counts}))
    teams = tuple(
        TeamRow(
            team,
            staff_by_team.get(team, 0),
            {c: by_team.get(team, Counter[str]())[c] for c in councils},
        )
        for team in sorted(set(by_team) | set(staff_by_team))
    )
    return RestructureFigures(
        as_at,
        sum(staff_by_team.values()),
        sum(row.places for row in rows),
        councils,
        rows,
        teams,
    )


# --- A matching run and HR's decisions ----------------------------------------------------


_OUTCOME_RELATIONS = (
    "staff",
    "staff__grade",
    "staff__equality",
    "pool",
    "proposed_post__council",
    "decided_post__council",
)


def run_as_at(as_at: dt.date, reader: Any = None, number: int | None = None) -> MatchingRun | None:
    """Run `number` (the latest when None) if it was made on or before `as_at`, else None. A
    reader needs VIEW_WORKFORCE."""
    runs = (
        workforce_access.runs_for(reader)
        if reader is not None
        else MatchingRun.objects.select_related("created_by")
    )
    runs = dated(runs, as_at, "created_at")
    if number is not None:
        return runs.filter(number=number).first()
    return runs.order_by("-number").first()


def _decided_as_at(outcomes: list[PersonOutcome], run: MatchingRun, as_at: dt.date) -> None:
    """Put on `outcomes` (in place) HR's decisions as they stood at the end of `as_at`, from
    the audit history: a decision made later is not seen. Nothing to do for today."""
    if is_live(as_at):
        return
    then = {
        o.pk: (o.decision, o.decided_outcome, o.decided_post_id, o.decided_at)
        for o in recorded(PersonOutcome, as_at).filter(run_id=run.pk)
    }
    for item in outcomes:
        decision, decided_outcome, decided_post_id, decided_at = then.get(
            item.pk, (Decision.PENDING, "", None, None)
        )
        item.decision = decision
        item.decided_outcome = decided_outcome
        item.decided_post_id = decided_post_id
        item.decided_at = decided_at


def _outcomes(run: MatchingRun, as_at: dt.date) -> list[PersonOutcome]:
    outcomes = list(run.outcomes.select_related(*_OUTCOME_RELATIONS).order_by("pk"))
    _decided_as_at(outcomes, run, as_at)
    return outcomes


PREGNANCY_AND_MATERNITY = ("pregnancy", "maternity")


def _in_force(outcomes: Iterable[PersonOutcome]) -> tuple[dict[str, int], int]:
    """How many people each outcome in force covers, and how many outcomes HR has decided."""
    items = list(outcomes)
    counts = {name: sum(1 for o in items if o.outcome == name) for name in OUTCOMES}
    return counts, sum(1 for o in items if o.decision != Decision.PENDING)


def matching(
    as_at: dt.date, reader: Any = None, number: int | None = None
) -> MatchingFigures | None:
    """Run `number` (the latest made by `as_at` when None) with HR's decisions as they stood
    at the end of `as_at`; None when there is no such run by then."""
    run = run_as_at(as_at, reader, number)
    if run is None:
        return None
    outcomes = _outcomes(run, as_at)
    counts, decided = _in_force(outcomes)
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
    return MatchingFigures(
        as_at=as_at,
        run=run,
        counts=counts,
        by_council=_count_by(
            ((o.post.council.code if o.post else "No post"), o.outcome) for o in outcomes
        ),
        by_team=_count_by((o.staff.team, o.outcome) for o in outcomes),
        by_grade=_count_by((o.staff.grade.grade, o.outcome) for o in outcomes),
        pools=list(run.pools.all()),
        designs=restructure(as_at, reader).designs,
        timetable=consultation_timetable(
            dismissals.total,
            run.first_dismissal_date,
            _dismissed_weekly_pays(outcomes, dismissals),
            made_up=dismissals.reasons,
            today=as_at,
        ),
        equality=impact_table(services.EQUALITY_CHARACTERISTICS, equality_rows, minimum),
        costs=costs,
        minimum=minimum,
        decided=decided,
        dismissals=dismissals,
        strain=strain_totals(services.redundancy_costs(run, outcomes)),
    )


@dataclass(frozen=True)
class DecisionQueue:
    """The latest run's outcomes in force and HR's decisions as at a day, and what awaits the
    reader: the outcomes they decide still pending (and of those, the people at risk), or, for
    who may see people but not decide for them, the pending outcomes they may see."""

    run: int
    people: int
    counts: dict[str, int]  # outcome in force → people
    decided: int
    awaiting: int  # pending outcomes the reader decides
    awaiting_at_risk: int  # of those, proposed as at risk
    visible_pending: int  # pending outcomes the reader may see (when they do not decide)


def decisions(as_at: dt.date, reader: Any = None) -> DecisionQueue | None:
    """The latest run made by `as_at`, its decisions then, and the reader's part of the queue."""
    run = run_as_at(as_at, reader)
    if run is None:
        return None
    outcomes = list(run.outcomes.all())
    _decided_as_at(outcomes, run, as_at)
    counts, decided = _in_force(outcomes)
    pending = {o.pk: o.proposed for o in outcomes if o.decision == Decision.PENDING}
    awaiting: list[str] = []
    visible = 0
    if reader is not None:
        if access.has_permission(reader, Permission.DECIDE_WORKFORCE):
            mine = workforce_access.outcomes_to_decide(reader, run).values_list("pk", flat=True)
            awaiting = [pending[pk] for pk in mine if pk in pending]
        elif workforce_access.may_see_people(reader):
            seen = workforce_access.outcomes_for(reader, run).values_list("pk", flat=True)
            visible = sum(1 for pk in seen if pk in pending)
    return DecisionQueue(
        run=run.number,
        people=len(outcomes),
        counts=counts,
        decided=decided,
        awaiting=len(awaiting),
        awaiting_at_risk=sum(1 for proposed in awaiting if proposed == Outcome.AT_RISK),
        visible_pending=visible,
    )


@dataclass(frozen=True)
class RedundancyFigures:
    """Each person's redundancy cost in the reader's scope (personal data), with the totals."""

    run: MatchingRun
    costs: tuple[services.PersonCost, ...]
    totals: CostTotals
    strain: StrainTotals


def redundancy(as_at: dt.date, reader: Any, number: int) -> RedundancyFigures | None:
    """The redundancy costs of the people at risk in run `number` whose data the reader may
    see (VIEW_PERSONAL_DATA), with decisions as at `as_at`; None when no such run by then."""
    access.require(reader, Permission.VIEW_PERSONAL_DATA)
    run = run_as_at(as_at, reader, number)
    if run is None:
        return None
    outcomes = list(workforce_access.outcomes_for(reader, run).order_by("staff__employee_ref"))
    _decided_as_at(outcomes, run, as_at)
    costs = services.redundancy_costs(run, outcomes)
    totals = cost_totals(run, outcomes, services.proposed_dismissals(run, outcomes), 0)
    return RedundancyFigures(run, tuple(costs), totals, strain_totals(costs))


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
