"""Reads for the finance app: load figures from the database, run the engine, return its results.

Pages, the API, the `gemini finance` command, the home panel, exports and the committee report
all read through here, so they show the same numbers. Every figure is Part 1 (public), so
nothing here is cut down by organisation; `position` takes the reader and asks for
VIEW_FINANCE, as the finance pages and API do (None is the system: the CLI and the report).

As at a date (core.asat, docs/architecture.md "The read side"): the functions that take
`as_at` read every finance record as it stood at the end of that day from its audit history
(`recorded`; today or later is the live table). Every finance model the position reads (budget
lines, quarter figures with their actuals and forecast outturns, savings targets and items
with their delivery, one-off investments, spend, allocation bases and weights, income plans,
project hours, agency snapshots) has a history, so none is filtered by a date of its own: a
review, forecast, savings delivery or budget line recorded after the day is not seen. `as_at`
None means today. Organisations (the councils' codes) are read live.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import holidays
from django.conf import settings

from gemini.core import access, rating
from gemini.core.access import Permission
from gemini.core.asat import end_of_day, is_live, recorded, today
from gemini.core.models import Organisation
from gemini.finance import engine
from gemini.finance.models import (
    AgencySnapshot,
    AllocationBasis,
    AllocationWeight,
    BudgetLine,
    IncomePlan,
    OneOffInvestment,
    OneOffSpend,
    ProjectHours,
    QuarterFigure,
    SavingsItem,
    SavingsSource,
    SavingsTarget,
    Scenario,
)

ZERO = engine.ZERO


def thresholds() -> engine.RagThresholds:
    """The variance RAG threshold: GEMINI_FINANCE_AMBER_PERCENT (default 5)."""
    return engine.RagThresholds(
        Decimal(str(getattr(settings, "GEMINI_FINANCE_AMBER_PERCENT", "5")))
    )


def _day(as_at: dt.date | None) -> dt.date:
    return as_at if as_at is not None else today()


def _codes() -> dict[int, str]:
    """Each organisation's code by its id (organisations are read live)."""
    return dict(Organisation.objects.values_list("pk", "code"))


def council_codes() -> list[str]:
    return list(
        Organisation.objects.filter(kind=Organisation.Kind.COUNCIL)
        .order_by("code")
        .values_list("code", flat=True)
    )


def current_year(as_at: dt.date | None = None) -> str:
    """The latest financial year with budget lines recorded by `as_at` (or the year of that
    day when none)."""
    day = _day(as_at)
    latest = recorded(BudgetLine, day).order_by("-financial_year").first()
    return latest.financial_year if latest else engine.financial_year_of(day)


def _lines(year: str, as_at: dt.date | None) -> list[BudgetLine]:
    return list(
        recorded(BudgetLine, _day(as_at))
        .filter(financial_year=year)
        .order_by("is_income", "category", "name", "pk")
    )


def _quarter_figures(lines: list[BudgetLine], as_at: dt.date | None) -> list[QuarterFigure]:
    return list(
        recorded(QuarterFigure, _day(as_at))
        .filter(line_id__in=[line.pk for line in lines])
        .order_by("line_id", "quarter")
    )


def latest_review(year: str, as_at: dt.date | None = None) -> str | None:
    """The latest Financial Review of the year with any actuals recorded by `as_at`."""
    reported = {f.quarter for f in _quarter_figures(_lines(year, as_at), as_at)}
    found = [quarter for quarter in engine.QUARTERS if quarter in reported]
    return found[-1] if found else None


def as_of(year: str, as_at: dt.date | None = None) -> dt.date:
    review = latest_review(year, as_at)
    if review is None:
        return engine.quarter_start(year, "FR1")
    return engine.quarter_end(year, review)


# --- Allocation ------------------------------------------------------------------------------


def default_basis() -> AllocationBasis | None:
    return AllocationBasis.objects.order_by("-is_default", "name").first()


def weights_of(basis: AllocationBasis | None) -> dict[str, Decimal]:
    """A basis's weights by organisation code; with no basis, equal shares between councils."""
    if basis is not None:
        weights = {
            w.organisation.code: w.weight for w in basis.weights.select_related("organisation")
        }
        if weights:
            return weights
    return dict.fromkeys(council_codes(), Decimal(1))


# --- Budget ----------------------------------------------------------------------------------


def budget_inputs(year: str, as_at: dt.date | None = None) -> list[engine.BudgetLineInput]:
    lines = _lines(year, as_at)
    by_line: dict[int, list[QuarterFigure]] = defaultdict(list)
    for figure in _quarter_figures(lines, as_at):
        by_line[figure.line_id].append(figure)
    return [
        engine.BudgetLineInput(
            line.name,
            line.category,
            line.is_income,
            line.annual_budget,
            line.profile,
            {f.quarter: f.actual for f in by_line[line.pk]},
            {
                f.quarter: f.forecast_outturn
                for f in by_line[line.pk]
                if f.forecast_outturn is not None
            },
        )
        for line in lines
    ]


def budget_positions(year: str, as_at: dt.date | None = None) -> list[engine.ReviewPosition]:
    """The position at each review reported by `as_at`, FR1 first."""
    inputs = budget_inputs(year, as_at)
    reported = {quarter for line in inputs for quarter in line.actuals}
    found = [quarter for quarter in engine.QUARTERS if quarter in reported]
    review = found[-1] if found else None
    if review is None:
        return []
    upto = engine.quarter_index(review)
    return [engine.review_position(inputs, q, thresholds()) for q in engine.QUARTERS[: upto + 1]]


# --- Income, agency, savings, one-off -------------------------------------------------------


@dataclass(frozen=True)
class QuarterNet:
    quarter: str
    budget: Decimal  # net budget profile for the quarter (expenditure less income)
    actual: Decimal | None  # net actual in the quarter; None until reported
    forecast_variance: Decimal | None  # the year's forecast variance at that review


def quarterly_net(year: str) -> list[QuarterNet]:
    """Budget, actual and forecast variance by quarter, for the chart and the table."""
    inputs = budget_inputs(year)
    positions = {p.review: p for p in budget_positions(year)}
    result = []
    for index, quarter in enumerate(engine.QUARTERS):
        budget = sum(
            (-line.profile[index] if line.is_income else line.profile[index] for line in inputs),
            ZERO,
        )
        reported = [line for line in inputs if quarter in line.actuals]
        actual = (
            sum(
                (
                    -line.actuals[quarter] if line.is_income else line.actuals[quarter]
                    for line in reported
                ),
                ZERO,
            )
            if reported
            else None
        )
        review = positions.get(quarter)
        result.append(QuarterNet(quarter, budget, actual, review.variance if review else None))
    return result


def hours_inputs(year: str, as_at: dt.date | None = None) -> list[engine.HoursInput]:
    codes = _codes()
    rows = [
        engine.HoursInput(
            codes[h.organisation_id], h.quarter, h.commissioned_hours, h.delivered_hours
        )
        for h in recorded(ProjectHours, _day(as_at)).filter(financial_year=year)
    ]
    return sorted(rows, key=lambda h: (h.quarter, h.party))


def income_plan(year: str, as_at: dt.date | None = None) -> engine.IncomePlan | None:
    plan = recorded(IncomePlan, _day(as_at)).filter(financial_year=year).first()
    return engine.IncomePlan(plan.budget_income, plan.planned_hours) if plan else None


def income_forecast(year: str, as_at: dt.date | None = None) -> engine.IncomeForecast | None:
    plan = income_plan(year, as_at)
    if plan is None:
        return None
    return engine.project_income(plan, hours_inputs(year, as_at))


def agency_points(as_at: dt.date | None = None) -> list[engine.AgencyPoint]:
    return [
        engine.AgencyPoint(s.month, s.roles, s.fte, s.average_day_rate, s.spend)
        for s in recorded(AgencySnapshot, _day(as_at)).order_by("month")
    ]


def agency_trend(year: str, as_at: dt.date | None = None) -> engine.AgencyTrend:
    return engine.agency_trend(agency_points(as_at), year)


def savings_targets(as_at: dt.date | None = None) -> dict[tuple[str, str], Decimal]:
    codes = _codes()
    targets = recorded(SavingsTarget, _day(as_at)).order_by("financial_year", "pk")
    return dict(sorted(((codes[t.organisation_id], t.financial_year), t.amount) for t in targets))


def savings_items(as_at: dt.date | None = None) -> tuple[engine.SavingsItemInput, ...]:
    codes = _codes()
    items = [
        engine.SavingsItemInput(
            codes[i.organisation_id], i.source, i.annual_amount, i.from_year, i.delivered
        )
        for i in recorded(SavingsItem, _day(as_at)).order_by("from_year", "source", "pk")
    ]
    return tuple(sorted(items, key=lambda i: (i.party, i.from_year, i.source)))


def savings_years(as_at: dt.date | None = None) -> list[str]:
    years = {year for _, year in savings_targets(as_at)}
    years |= {item.from_year for item in savings_items(as_at)}
    return sorted(years)


def full_savings_year(targets: dict[tuple[str, str], Decimal]) -> str | None:
    """The first year in which the councils' targets together reach their highest total."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for (_, year), amount in targets.items():
        totals[year] += amount
    if not totals:
        return None
    top = max(totals.values())
    return min(year for year, total in totals.items() if total == top)


def one_off_allocations(
    as_at: dt.date | None = None,
) -> list[tuple[OneOffInvestment, engine.Allocation, Decimal]]:
    """Each investment with its split and the spend against it, as recorded by `as_at`."""
    day = _day(as_at)
    codes = _codes()
    investments = list(recorded(OneOffInvestment, day).order_by("name", "pk"))
    bases = {b.pk: b.name for b in recorded(AllocationBasis, day)}
    weights: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for weight in recorded(AllocationWeight, day):
        weights[weight.basis_id][codes[weight.organisation_id]] = weight.weight
    spent: dict[int, Decimal] = defaultdict(Decimal)
    for spend in recorded(OneOffSpend, day):
        spent[spend.investment_id] += spend.amount
    result = []
    for investment in investments:
        allocation = engine.allocate(
            investment.total,
            dict(sorted(weights[investment.basis_id].items())),
            bases.get(investment.basis_id, ""),
        )
        result.append((investment, allocation, spent[investment.pk]))
    return result


@dataclass(frozen=True)
class LiabilityRow:
    label: str
    allocation: engine.Allocation


def liability(year: str, basis: AllocationBasis | None) -> list[LiabilityRow]:
    """Each council's bill under a basis: the one-off investment, the shared service's net
    budget, its forecast variance and the savings (divided by the same basis)."""
    weights = weights_of(basis)
    name = basis.name if basis else "equal shares"
    rows = [
        LiabilityRow(
            f"One-off investment: {investment.name}",
            engine.allocate(investment.total, weights, name),
        )
        for investment, _, _ in one_off_allocations()
    ]
    positions = budget_positions(year)
    if positions:
        latest = positions[-1]
        rows.append(
            LiabilityRow(
                f"Shared service net budget {year}",
                engine.allocate(latest.net_budget, weights, name),
            )
        )
        rows.append(
            LiabilityRow(
                f"Forecast variance at {latest.review}",
                engine.allocate(latest.variance, weights, name),
            )
        )
    return rows


# --- Scenarios -------------------------------------------------------------------------------


def bank_holidays(year: str) -> tuple[dt.date, ...]:
    start = engine.year_start(year)
    england = holidays.country_holidays("GB", subdiv="ENG", years=[start, start + 1])
    return tuple(sorted(england))


def scenario_facts(year: str) -> engine.ScenarioFacts | None:
    plan = IncomePlan.objects.filter(financial_year=year).first()
    if plan is None:
        return None
    targets = savings_targets()
    one_off = sum((i.total for i in OneOffInvestment.objects.all()), ZERO)
    return engine.ScenarioFacts(
        year,
        engine.IncomePlan(plan.budget_income, plan.planned_hours),
        one_off,
        targets,
        savings_items(),
        full_savings_year(targets) or year,
        bank_holidays(year),
    )


def base_drivers(year: str) -> engine.Drivers | None:
    income = income_forecast(year)
    if income is None:
        return None
    points = [p for p in agency_points() if engine.financial_year_of(p.month) == year]
    latest = points[-1] if points else None
    basis = default_basis()
    start = as_of(year) + dt.timedelta(days=1)
    return engine.Drivers(
        project_hours=income.forecast_hours,
        hourly_rate=None,
        agency_fte=latest.fte if latest else ZERO,
        agency_day_rate=latest.average_day_rate
        if latest and latest.average_day_rate
        else Decimal(1),
        mitigation_from=start,
        savings_delay_years=0,
        weights=tuple(sorted(weights_of(basis).items())),
        basis=basis.name if basis else "equal shares",
    )


def drivers_for(scenario: Scenario, base: engine.Drivers) -> engine.Drivers:
    """The scenario's drivers: its own values where set, the base case's otherwise."""
    weights = base.weights
    basis = base.basis
    if scenario.basis is not None:
        weights = tuple(sorted(weights_of(scenario.basis).items()))
        basis = scenario.basis.name
    return engine.Drivers(
        project_hours=scenario.project_hours
        if scenario.project_hours is not None
        else base.project_hours,
        hourly_rate=scenario.hourly_rate if scenario.hourly_rate is not None else base.hourly_rate,
        agency_fte=scenario.agency_fte if scenario.agency_fte is not None else base.agency_fte,
        agency_day_rate=scenario.agency_day_rate or base.agency_day_rate,
        mitigation_from=scenario.mitigation_from or base.mitigation_from,
        savings_delay_years=scenario.savings_delay_years,
        weights=weights,
        basis=basis,
    )


@dataclass(frozen=True)
class Comparison:
    year: str
    base_drivers: engine.Drivers
    scenario_drivers: engine.Drivers
    base: engine.ScenarioResult
    scenario: engine.ScenarioResult


class NoFiguresError(LookupError):
    """There is no income plan for the year, so there is nothing to model."""


def compare(year: str, scenario: Scenario | None = None, **overrides: Any) -> Comparison:
    """The base case beside a saved scenario, or beside the base with `overrides` applied
    (the command's `--project-hours`)."""
    facts = scenario_facts(year)
    base = base_drivers(year)
    if facts is None or base is None:
        raise NoFiguresError(f"There is no project income plan for {year}, so nothing to model.")
    if scenario is not None:
        drivers = drivers_for(scenario, base)
    else:
        from dataclasses import replace

        drivers = replace(base, **overrides)
    return Comparison(
        year,
        base,
        drivers,
        engine.evaluate_scenario(facts, base),
        engine.evaluate_scenario(facts, drivers),
    )


# --- The position (the command and the dashboard) -------------------------------------------


def _by_council(values: dict[str, Decimal], councils: list[str]) -> dict[str, Decimal]:
    return {code: engine.money(values.get(code, ZERO)) for code in councils}


@dataclass(frozen=True)
class SavingsGap:
    """One council's savings gap in the year its target reaches its full amount, measured two
    ways: against the savings planned (`gap_to_plans`, target less planned) and against the
    savings already delivered (`still_to_deliver`, target less delivered). Plans can cover a
    target while little is delivered: CEC's plans meet its £1.47m, but £1.02m of it is still to
    deliver. Positive is a shortfall; negative means the plans or deliveries exceed the target.
    """

    council: str
    year: str
    target: Decimal
    planned: Decimal  # savings planned to be in place by the year, delivered ones included
    delivered: Decimal  # of which already delivered
    gap_to_plans: Decimal
    still_to_deliver: Decimal

    @property
    def delivered_percent(self) -> Decimal | None:
        """The share of the target delivered (one decimal place); None without a target."""
        if not self.target:
            return None
        return (100 * self.delivered / self.target).quantize(Decimal("0.1"), ROUND_HALF_UP)


def savings_gaps(
    as_at: dt.date | None = None,
    targets: dict[tuple[str, str], Decimal] | None = None,
    items: tuple[engine.SavingsItemInput, ...] | None = None,
) -> tuple[SavingsGap, ...]:
    """Each council's savings gap in the full savings year (`full_savings_year`), councils in
    code order, computed as the savings trajectory computes that year (the savings page's
    table); empty without targets. As recorded by `as_at`; `targets` and `items` are
    `savings_targets(as_at)` and `savings_items(as_at)` when the caller has them already."""
    targets = savings_targets(as_at) if targets is None else targets
    year = full_savings_year(targets)
    if year is None:
        return ()
    items = savings_items(as_at) if items is None else items
    rows = engine.savings_trajectory(targets, items, [year])
    return tuple(
        SavingsGap(
            council=row.party,
            year=row.year,
            target=row.target,
            planned=row.planned,
            delivered=row.delivered,
            gap_to_plans=row.target - row.planned,
            still_to_deliver=row.target - row.delivered,
        )
        for row in sorted(rows, key=lambda row: row.party)
        if row.year == year and row.target
    )


@dataclass(frozen=True)
class Position:
    year: str
    as_at: dt.date  # the day the figures are true at (the end of it); not in `as_json`
    review: str | None
    as_of: dt.date
    one_off_total: Decimal
    one_off_by_council: dict[str, Decimal]
    savings_year: str | None
    savings_target_by_council: dict[str, Decimal]
    savings_delivered_by_council: dict[str, Decimal]
    savings_gaps: tuple[SavingsGap, ...]  # each council's, in the full savings year
    forecast_variance: Decimal
    forecast_rag: str
    project_income_budget: Decimal
    project_income_forecast: Decimal
    agency_reduction_percent: Decimal

    def as_json(self) -> dict[str, Any]:
        def text(values: dict[str, Decimal]) -> dict[str, str]:
            return {code: f"{value:.2f}" for code, value in values.items()}

        return {
            "as_of": self.as_of.isoformat(),
            "one_off_total": f"{self.one_off_total:.2f}",
            "one_off_by_council": text(self.one_off_by_council),
            "savings_target_by_council": text(self.savings_target_by_council),
            "savings_delivered_by_council": text(self.savings_delivered_by_council),
            "forecast_variance": f"{self.forecast_variance:.2f}",
            "project_income_budget": f"{self.project_income_budget:.2f}",
            "project_income_forecast": f"{self.project_income_forecast:.2f}",
            "agency_reduction_percent": f"{self.agency_reduction_percent:.1f}",
        }


def position(year: str | None = None, as_at: dt.date | None = None, reader: Any = None) -> Position:
    """The headline figures of the finance section of the committee report, as recorded at the
    end of `as_at` (today if None): a review, forecast, savings delivery or budget line
    recorded after the day is not seen. `reader` needs VIEW_FINANCE (None: the system)."""
    if reader is not None:
        access.require(reader, Permission.VIEW_FINANCE)
    day = _day(as_at)
    year = year or current_year(day)
    councils = council_codes()
    one_off: dict[str, Decimal] = defaultdict(Decimal)
    total = ZERO
    for investment, allocation, _ in one_off_allocations(day):
        total += investment.total
        for party, amount in allocation.by_party().items():
            one_off[party] += amount
    targets = savings_targets(day)
    savings_year = full_savings_year(targets)
    target_by: dict[str, Decimal] = {
        party: amount for (party, y), amount in targets.items() if y == savings_year
    }
    delivered: dict[str, Decimal] = defaultdict(Decimal)
    items = savings_items(day)
    for item in items:
        if item.delivered:
            delivered[item.party] += item.annual_amount
    positions = budget_positions(year, day)
    income = income_forecast(year, day)
    review = positions[-1].review if positions else None
    return Position(
        year=year,
        as_at=day,
        review=review,
        as_of=engine.quarter_end(year, review) if review else engine.quarter_start(year, "FR1"),
        one_off_total=engine.money(total),
        one_off_by_council=_by_council(one_off, councils),
        savings_year=savings_year,
        savings_target_by_council=_by_council(target_by, councils),
        savings_delivered_by_council=_by_council(delivered, councils),
        savings_gaps=savings_gaps(day, targets, items),
        forecast_variance=positions[-1].variance if positions else ZERO,
        forecast_rag=positions[-1].rag if positions else rating.GREEN,
        project_income_budget=income.budget_income if income else ZERO,
        project_income_forecast=income.forecast_income if income else ZERO,
        agency_reduction_percent=agency_trend(year, day).reduction_percent,
    )


# --- The committee report's extra figures ------------------------------------------------------


def has_figures() -> bool:
    """True when finance holds anything a report can show (budget, targets or investment)."""
    return (
        BudgetLine.objects.exists()
        or SavingsTarget.objects.exists()
        or OneOffInvestment.objects.exists()
    )


def contract_savings(as_at: dt.date | None = None) -> Decimal:
    """The annual savings from contract costs (the seed's "Contract costs are also expected to
    reduce by £0.5m"): the savings items whose source is contract costs, summed."""
    return sum(
        (i.annual_amount for i in savings_items(as_at) if i.source == SavingsSource.CONTRACT_COSTS),
        ZERO,
    )


def savings_year_number(savings_year: str | None, as_at: dt.date | None = None) -> int | None:
    """The programme year of `savings_year`, counting the first year of one-off spend as year 1
    (the seed's "by year 3 (2025/26)"); None without spend or a savings year."""
    first = recorded(OneOffSpend, _day(as_at)).order_by("financial_year").first()
    if first is None or not savings_year:
        return None
    return engine.year_start(savings_year) - engine.year_start(first.financial_year) + 1


def one_off_basis(as_at: dt.date | None = None) -> str:
    """The name of the basis the (first) one-off investment is shared on, or ""."""
    day = _day(as_at)
    investment = recorded(OneOffInvestment, day).order_by("name", "pk").first()
    if investment is None:
        return ""
    basis = recorded(AllocationBasis, day).filter(pk=investment.basis_id).first()
    return basis.name if basis else ""


def planned_hours(year: str, as_at: dt.date | None = None) -> Decimal | None:
    plan = income_plan(year, as_at)
    return plan.planned_hours if plan else None


def savings_trajectory(as_at: dt.date | None = None) -> tuple[engine.SavingsYear, ...]:
    return engine.savings_trajectory(
        savings_targets(as_at), savings_items(as_at), savings_years(as_at)
    )


FINANCE_MODELS = (
    AgencySnapshot,
    BudgetLine,
    IncomePlan,
    OneOffInvestment,
    OneOffSpend,
    QuarterFigure,
    SavingsItem,
    SavingsTarget,
)


def changed_after(as_at: dt.date) -> bool:
    """True when a finance record was created or changed after the end of `as_at`: the finance
    figures, read live, may then differ from what was true that day (a consistency check)."""
    if is_live(as_at):
        return False
    after = end_of_day(as_at)
    return any(model.history.filter(history_date__gt=after).exists() for model in FINANCE_MODELS)
