"""The finance engine: pure arithmetic on plain data (no Django), deterministic, with reasons.

- Financial years run April to March and are written "2024/25"; each year has four Financial
  Reviews: FR1 (April–June), FR2 (July–September), FR3 (October–December) and the Outturn
  (January–March, the year-end position).
- `allocate` divides a sum of money between parties by weights, exactly to the penny.
- `forecast_line` / `review_position`: the shared service's budget, actuals and forecast
  outturn at a Financial Review, with variance and RAG.
- `project_income`: income from commissioned and delivered project hours.
- `agency_trend`: agency roles over the year and the reduction since its start.
- `savings_trajectory`: savings planned and delivered against each council's target, by year.
- `evaluate_scenario`: change the drivers and see income, shortfall and the agency reduction
  that would close it.

Money is Decimal in pounds, rounded to the penny half up (docs/finance.md).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from fractions import Fraction

from gemini.core import rating

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")
QUARTERS: tuple[str, ...] = ("FR1", "FR2", "FR3", "Outturn")
_QUARTER_END = {"FR1": (6, 30), "FR2": (9, 30), "FR3": (12, 31), "Outturn": (3, 31)}
_QUARTER_START = {"FR1": (4, 1), "FR2": (7, 1), "FR3": (10, 1), "Outturn": (1, 1)}
_YEAR = re.compile(r"(\d{4})/(\d{2})")
FIRST_YEAR, LAST_YEAR = 1900, 2098  # wide of any real programme; every date stays valid


class FinanceError(ValueError):
    """Input the engine cannot work with, said in plain words."""


# ---------------------------------------------------------------------------------------------
# Years, quarters and money


def money(value: Decimal | int | Fraction) -> Decimal:
    """Pounds rounded to the penny, half up (0.005 → 0.01)."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    elif not isinstance(value, Decimal):
        value = Decimal(value)
    return value.quantize(PENNY, rounding=ROUND_HALF_UP)


def pounds(value: Decimal) -> str:
    """£1,234,567.89 — how pages and reasons show money."""
    sign = "-" if value < 0 else ""
    return f"{sign}£{abs(money(value)):,.2f}"


def hours_text(value: Decimal) -> str:
    """57,000 or 7,312.5 — hours without a needless decimal place."""
    return format(value.normalize(), ",f")


def year_start(label: str) -> int:
    """The calendar year a financial year starts in: "2024/25" → 2024."""
    match = _YEAR.fullmatch(label.strip())
    if not match:
        raise FinanceError(f"{label!r} is not a financial year; write it like 2024/25.")
    start = int(match.group(1))
    if (start + 1) % 100 != int(match.group(2)):
        raise FinanceError(
            f"{label!r} is not a financial year: {start} is followed by {start + 1}."
        )
    if not FIRST_YEAR <= start <= LAST_YEAR:
        raise FinanceError(
            f"{label!r} is outside the financial years Gemini handles "
            f"({year_label(FIRST_YEAR)} to {year_label(LAST_YEAR)})."
        )
    return start


def year_label(start: int) -> str:
    return f"{start:04d}/{(start + 1) % 100:02d}"


def financial_year_of(day: dt.date) -> str:
    return year_label(day.year if day.month >= 4 else day.year - 1)


def quarter_index(quarter: str) -> int:
    if quarter not in QUARTERS:
        raise FinanceError(f"{quarter!r} is not a quarter; use one of {', '.join(QUARTERS)}.")
    return QUARTERS.index(quarter)


def quarter_start(label: str, quarter: str) -> dt.date:
    start = year_start(label)
    month, day = _QUARTER_START[quarter]
    return dt.date(start + 1 if quarter == "Outturn" else start, month, day)


def quarter_end(label: str, quarter: str) -> dt.date:
    start = year_start(label)
    month, day = _QUARTER_END[quarter]
    return dt.date(start + 1 if quarter == "Outturn" else start, month, day)


def quarter_of(day: dt.date) -> str:
    """The Financial Review quarter a date falls in."""
    return {4: "FR1", 7: "FR2", 10: "FR3", 1: "Outturn"}[((day.month - 1) // 3) * 3 + 1]


def working_days(start: dt.date, end: dt.date, bank_holidays: Iterable[dt.date] = ()) -> int:
    """Weekdays from start to end inclusive, less bank holidays."""
    if end < start:
        return 0
    closed = set(bank_holidays)
    days = (end - start).days + 1
    return sum(
        1
        for offset in range(days)
        if (day := start + dt.timedelta(days=offset)).weekday() < 5 and day not in closed
    )


# ---------------------------------------------------------------------------------------------
# Allocation


@dataclass(frozen=True)
class Share:
    party: str
    weight: Decimal
    amount: Decimal
    spare_penny: bool  # whether this party received one of the spare pennies


@dataclass(frozen=True)
class Allocation:
    total: Decimal
    basis: str
    shares: tuple[Share, ...]

    def by_party(self) -> dict[str, Decimal]:
        return {share.party: share.amount for share in self.shares}

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why each share is what it is: the ratio, and who got the spare pennies."""
        parties = [share.party for share in self.shares]
        ratio = ":".join(f"{share.weight.normalize():f}" for share in self.shares)
        reasons = [
            f"{pounds(self.total)} divided {ratio} ({', '.join(parties)})"
            + (f" by {self.basis}" if self.basis else "")
            + "."
        ]
        lucky = [share.party for share in self.shares if share.spare_penny]
        if lucky:
            spare = len(lucky)
            reasons.append(
                f"{spare} spare penn{'y' if spare == 1 else 'ies'} after rounding down went to "
                f"{', '.join(lucky)} (largest remainder first, then code A to Z)."
            )
        return tuple(reasons)


def allocate(total: Decimal, weights: Mapping[str, Decimal], basis: str = "") -> Allocation:
    """Divide `total` between the parties in proportion to `weights`, to the penny.

    The largest-remainder method: each party first gets its exact share rounded down to the
    penny; the pennies left over (fewer than the number of parties) go one each to the parties
    whose exact shares lost most in that rounding, ties broken by party code A to Z. The shares
    therefore always add up to the total exactly. A negative total (a saving, a refund) is
    divided as its size and every share negated, so it is divided the same way.
    """
    if not weights:
        raise FinanceError("There is nobody to share the cost between.")
    if any(weight < 0 for weight in weights.values()):
        raise FinanceError("An allocation weight cannot be negative.")
    weight_sum = sum(weights.values(), Decimal(0))
    if weight_sum <= 0:
        raise FinanceError("The allocation weights add up to nothing.")
    total = money(total)
    sign = -1 if total < 0 else 1
    pennies = int(abs(total) / PENNY)
    parties = sorted(weights)
    # Whole-number weights (scaled by the most decimal places any weight has), so each exact
    # share is pennies × weight ÷ sum with a whole-number remainder: exact, and fast.
    places = max(-min(int(weights[p].as_tuple().exponent), 0) for p in parties)
    scale = 10**places
    whole = {party: int(weights[party] * scale) for party in parties}
    denominator = sum(whole.values())
    floors: dict[str, int] = {}
    remainders: dict[str, int] = {}
    for party in parties:
        floors[party], remainders[party] = divmod(pennies * whole[party], denominator)
    spare = pennies - sum(floors.values())
    order = sorted(parties, key=lambda party: (-remainders[party], party))
    lucky = set(order[:spare])
    shares = tuple(
        Share(
            party,
            weights[party],
            sign * (Decimal(floors[party] + (1 if party in lucky else 0)) * PENNY),
            party in lucky,
        )
        for party in parties
    )
    return Allocation(total, basis, shares)


# ---------------------------------------------------------------------------------------------
# Budget, actuals and forecast


@dataclass(frozen=True)
class RagThresholds:
    """Green: on or within budget. Amber: adverse variance up to `amber_percent` of budget.
    Red: beyond it."""

    amber_percent: Decimal = Decimal("5")


@dataclass(frozen=True)
class BudgetLineInput:
    name: str
    category: str
    is_income: bool
    annual_budget: Decimal
    profile: tuple[Decimal, Decimal, Decimal, Decimal]  # budget for FR1, FR2, FR3, Outturn
    actuals: Mapping[str, Decimal] = field(default_factory=dict)  # by quarter
    forecasts: Mapping[str, Decimal] = field(default_factory=dict)  # entered outturn forecasts


@dataclass(frozen=True)
class LineForecast:
    name: str
    category: str
    is_income: bool
    budget: Decimal
    budget_to_date: Decimal
    actual_to_date: Decimal
    remaining_profile: Decimal
    entered: bool  # the forecast was entered by finance (not actuals plus profile)
    forecast: Decimal
    variance: Decimal  # adverse positive: overspend, or income short of budget
    rag: str
    review: str
    amber_percent: Decimal

    @property
    def reasons(self) -> tuple[str, ...]:
        """How the forecast was made, what the variance is and why the RAG is what it is."""
        if self.entered:
            how = f"forecast entered by finance at {self.review}: {pounds(self.forecast)}"
        else:
            how = (
                f"actual to date {pounds(self.actual_to_date)} + remaining budget profile "
                f"{pounds(self.remaining_profile)} = {pounds(self.forecast)}"
            )
        kind = "income short of budget" if self.is_income else "overspend"
        return (
            how,
            f"variance {pounds(self.variance)} ({kind} is positive) against budget "
            f"{pounds(self.budget)}",
            f"{self.rag}: Green if on budget or better, Amber up to {self.amber_percent}% "
            "adverse, Red beyond",
        )


def rag_for(variance: Decimal, budget: Decimal, thresholds: RagThresholds) -> str:
    """Green on budget or better, Amber up to the threshold adverse, Red beyond (the RAG of
    gemini.core.rating)."""
    if variance <= 0:
        return rating.GREEN
    if variance <= abs(budget) * thresholds.amber_percent / 100:
        return rating.AMBER
    return rating.RED


def forecast_line(
    line: BudgetLineInput, review: str, thresholds: RagThresholds = RagThresholds()
) -> LineForecast:
    """A line's forecast outturn for the year as at a Financial Review.

    An officer's entered forecast is used when there is one; otherwise the forecast is the
    actual spend (or income) to date plus the budget profile of the quarters still to come.
    """
    upto = quarter_index(review)
    reported = QUARTERS[: upto + 1]
    actual_to_date = money(sum((line.actuals.get(q, ZERO) for q in reported), ZERO))
    budget_to_date = money(sum(line.profile[: upto + 1], ZERO))
    remaining = money(sum(line.profile[upto + 1 :], ZERO))
    entered = line.forecasts.get(review)
    forecast = money(entered) if entered is not None else money(actual_to_date + remaining)
    budget = money(line.annual_budget)
    variance = budget - forecast if line.is_income else forecast - budget
    return LineForecast(
        line.name,
        line.category,
        line.is_income,
        budget,
        budget_to_date,
        actual_to_date,
        remaining,
        entered is not None,
        forecast,
        variance,
        rag_for(variance, budget, thresholds),
        review,
        thresholds.amber_percent,
    )


@dataclass(frozen=True)
class ReviewPosition:
    review: str
    lines: tuple[LineForecast, ...]
    net_budget: Decimal  # expenditure less income
    net_forecast: Decimal
    variance: Decimal  # net forecast less net budget: positive is an overspend
    rag: str
    reasons: tuple[str, ...]


def review_position(
    lines: Sequence[BudgetLineInput], review: str, thresholds: RagThresholds = RagThresholds()
) -> ReviewPosition:
    """The whole budget at a Financial Review: net of income, with its RAG."""
    forecasts = tuple(forecast_line(line, review, thresholds) for line in lines)

    def net(values: Iterable[tuple[bool, Decimal]]) -> Decimal:
        return money(sum((-value if income else value for income, value in values), ZERO))

    net_budget = net((f.is_income, f.budget) for f in forecasts)
    net_forecast = net((f.is_income, f.forecast) for f in forecasts)
    variance = money(net_forecast - net_budget)
    gross = money(sum((f.budget for f in forecasts if not f.is_income), ZERO))
    rag = rag_for(variance, gross, thresholds)
    if variance == 0:
        summary = "balanced: a net nil forecast variance"
    elif variance > 0:
        summary = f"a forecast overspend of {pounds(variance)}"
    else:
        summary = f"a forecast underspend of {pounds(-variance)}"
    reasons = (
        f"At {review}: net budget {pounds(net_budget)}, net forecast {pounds(net_forecast)}, "
        f"{summary}.",
        f"{rag} against a gross expenditure budget of {pounds(gross)}.",
    )
    return ReviewPosition(review, forecasts, net_budget, net_forecast, variance, rag, reasons)


# ---------------------------------------------------------------------------------------------
# Project income from commissioned hours


@dataclass(frozen=True)
class IncomePlan:
    budget_income: Decimal
    planned_hours: Decimal

    @property
    def rate(self) -> Decimal:
        """The hourly rate the budget assumes (income ÷ hours), to the penny for display."""
        if self.planned_hours <= 0:
            raise FinanceError("The income plan needs more than nought planned hours.")
        return money(self.budget_income / self.planned_hours)

    def income_for(self, hours: Decimal, rate: Decimal | None = None) -> Decimal:
        """Income for `hours` at `rate`, or at the plan's exact rate (no rounding of the rate,
        so the planned hours give back exactly the budgeted income)."""
        if rate is not None:
            return money(hours * rate)
        if self.planned_hours <= 0:
            raise FinanceError("The income plan needs more than nought planned hours.")
        return money(Fraction(hours) * Fraction(self.budget_income) / Fraction(self.planned_hours))


@dataclass(frozen=True)
class HoursInput:
    party: str
    quarter: str
    commissioned: Decimal
    delivered: Decimal | None  # None: the quarter is not yet reported


@dataclass(frozen=True)
class PartyHours:
    party: str
    commissioned: Decimal
    delivered: Decimal
    forecast_hours: Decimal
    forecast_income: Decimal


@dataclass(frozen=True)
class IncomeForecast:
    rate: Decimal
    budget_income: Decimal
    planned_hours: Decimal
    by_party: tuple[PartyHours, ...]
    forecast_hours: Decimal
    forecast_income: Decimal
    shortfall: Decimal  # budget less forecast; negative when income beats the budget
    reasons: tuple[str, ...]


def project_income(plan: IncomePlan, hours: Sequence[HoursInput]) -> IncomeForecast:
    """Forecast income: hours delivered in the quarters reported, plus hours commissioned for
    the quarters not yet reported, at the plan's rate."""
    for row in hours:
        quarter_index(row.quarter)
        if row.commissioned < 0 or (row.delivered is not None and row.delivered < 0):
            raise FinanceError(f"Hours cannot be negative ({row.party} {row.quarter}).")
    parties = sorted({row.party for row in hours})
    totals = []
    for party in parties:
        rows = [row for row in hours if row.party == party]
        commissioned = sum((row.commissioned for row in rows), Decimal(0))
        delivered = sum((row.delivered for row in rows if row.delivered is not None), Decimal(0))
        forecast_hours = sum(
            (row.delivered if row.delivered is not None else row.commissioned for row in rows),
            Decimal(0),
        )
        totals.append((party, commissioned, delivered, forecast_hours))
    forecast_hours = sum((t[3] for t in totals), Decimal(0))
    income = plan.income_for(forecast_hours)
    # Each council's income is its share of the total by forecast hours, so they add up.
    shares = (
        allocate(income, {party: hours for party, _, _, hours in totals}).by_party()
        if forecast_hours > 0
        else {}
    )
    by_party = [
        PartyHours(party, commissioned, delivered, hours, shares.get(party, ZERO))
        for party, commissioned, delivered, hours in totals
    ]
    shortfall = money(plan.budget_income - income)
    reasons = (
        f"Rate {pounds(plan.rate)} an hour: budgeted income {pounds(plan.budget_income)} ÷ "
        f"{hours_text(plan.planned_hours)} planned hours.",
        f"Forecast hours {hours_text(forecast_hours)}: delivered in reported quarters plus "
        "commissioned in the rest.",
        f"Forecast income {pounds(income)}; "
        + (
            f"shortfall {pounds(shortfall)} against budget."
            if shortfall > 0
            else "on or above budget."
        ),
    )
    return IncomeForecast(
        plan.rate,
        money(plan.budget_income),
        plan.planned_hours,
        tuple(by_party),
        forecast_hours,
        income,
        shortfall,
        reasons,
    )


# ---------------------------------------------------------------------------------------------
# Agency staffing


@dataclass(frozen=True)
class AgencyPoint:
    month: dt.date
    roles: int
    fte: Decimal
    average_day_rate: Decimal
    spend: Decimal


@dataclass(frozen=True)
class AgencyTrend:
    year: str
    start: AgencyPoint | None
    latest: AgencyPoint | None
    reduction_percent: Decimal  # fall in roles since the start of the year, to 0.1
    spend_to_date: Decimal
    reasons: tuple[str, ...]


def agency_trend(points: Sequence[AgencyPoint], year: str) -> AgencyTrend:
    """Agency roles at the start of the financial year against the latest month reported."""
    first = dt.date(year_start(year), 4, 1)
    last = dt.date(year_start(year) + 1, 3, 31)
    in_year = sorted((p for p in points if first <= p.month <= last), key=lambda p: p.month)
    spend = money(sum((p.spend for p in in_year), ZERO))
    if not in_year:
        return AgencyTrend(year, None, None, Decimal("0.0"), spend, ("No agency figures yet.",))
    start, latest = in_year[0], in_year[-1]
    if start.roles == 0:
        reduction = Decimal("0.0")
    else:
        reduction = (Decimal(start.roles - latest.roles) * 100 / start.roles).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
    reasons = (
        f"{start.roles} agency roles in {start.month:%B %Y}, {latest.roles} in "
        f"{latest.month:%B %Y}: a {reduction}% reduction since the start of {year}.",
        f"Agency spend in {year} to date {pounds(spend)}.",
    )
    return AgencyTrend(year, start, latest, reduction, spend, reasons)


# ---------------------------------------------------------------------------------------------
# Savings


@dataclass(frozen=True)
class SavingsItemInput:
    party: str
    source: str
    annual_amount: Decimal
    from_year: str
    delivered: bool


@dataclass(frozen=True)
class SavingsYear:
    party: str
    year: str
    target: Decimal
    planned: Decimal  # full-year savings in place in that year (delivered and still planned)
    delivered: Decimal  # of which already delivered
    gap: Decimal  # target less planned: positive is a shortfall

    @property
    def still_to_deliver(self) -> Decimal:
        """The target less what is already delivered (never below zero): the gap measured
        against delivery rather than against plans."""
        return max(self.target - self.delivered, ZERO)


def savings_trajectory(
    targets: Mapping[tuple[str, str], Decimal],
    items: Sequence[SavingsItemInput],
    years: Sequence[str],
    delay_years: int = 0,
) -> tuple[SavingsYear, ...]:
    """Each party's savings in each year against its target.

    A saving counts in full from its year onward; `delay_years` moves every saving not yet
    delivered that many years later (a scenario driver).
    """
    parties = sorted({party for party, _ in targets} | {item.party for item in items})
    result = []
    for party in parties:
        for year in years:
            start = year_start(year)
            planned = delivered = ZERO
            for item in items:
                if item.party != party:
                    continue
                begins = year_start(item.from_year) + (0 if item.delivered else delay_years)
                if begins <= start:
                    planned += item.annual_amount
                    if item.delivered:
                        delivered += item.annual_amount
            target = money(targets.get((party, year), ZERO))
            result.append(
                SavingsYear(party, year, target, money(planned), money(delivered), target - planned)
            )
    return tuple(result)


# ---------------------------------------------------------------------------------------------
# Scenarios


@dataclass(frozen=True)
class Drivers:
    """What a scenario may change. The base case is these drivers as the data stands."""

    project_hours: Decimal
    hourly_rate: Decimal | None  # None: the income plan's own rate
    agency_fte: Decimal
    agency_day_rate: Decimal
    mitigation_from: dt.date
    savings_delay_years: int
    weights: tuple[tuple[str, Decimal], ...]  # the allocation basis
    basis: str = "50:50"


@dataclass(frozen=True)
class ScenarioFacts:
    """What a scenario does not change."""

    year: str
    plan: IncomePlan
    one_off_total: Decimal
    targets: Mapping[tuple[str, str], Decimal]
    savings: tuple[SavingsItemInput, ...]
    savings_year: str
    bank_holidays: tuple[dt.date, ...] = ()


@dataclass(frozen=True)
class ScenarioResult:
    project_income: Decimal
    shortfall: Decimal  # project income short of budget (never negative)
    agency_fte_reduction_needed: Decimal  # to 0.1 FTE, rounded up
    agency_fte_available: Decimal
    working_days: int
    agency_day_rate: Decimal
    mitigation_from: dt.date
    one_off_by_party: tuple[tuple[str, Decimal], ...]
    savings_gap_by_party: tuple[tuple[str, Decimal], ...]
    reasons: tuple[str, ...]


def evaluate_scenario(facts: ScenarioFacts, drivers: Drivers) -> ScenarioResult:
    """Income, shortfall and the agency reduction that closes it, the one-off split and the
    savings gap, for one set of drivers."""
    if drivers.project_hours < 0:
        raise FinanceError("Project hours cannot be negative.")
    if drivers.agency_day_rate <= 0:
        raise FinanceError("The agency day rate must be more than nought.")
    income = facts.plan.income_for(drivers.project_hours, drivers.hourly_rate)
    shortfall = max(money(facts.plan.budget_income - income), ZERO)
    year_end = quarter_end(facts.year, "Outturn")
    days = working_days(drivers.mitigation_from, year_end, facts.bank_holidays)
    reasons = [
        f"Project income {pounds(income)}: {hours_text(drivers.project_hours)} hours at "
        + (
            pounds(drivers.hourly_rate)
            if drivers.hourly_rate is not None
            else f"the budgeted rate ({pounds(facts.plan.rate)})"
        )
        + "."
    ]
    if shortfall == 0:
        needed = Decimal("0.0")
        reasons.append("No shortfall against the income budget: no agency reduction needed.")
    elif days == 0:
        needed = Decimal("0.0")
        reasons.append(
            f"Shortfall {pounds(shortfall)}, but no working days are left in {facts.year} "
            f"after {drivers.mitigation_from:%d/%m/%Y}: reducing agency staff cannot close it."
        )
    else:
        per_fte = drivers.agency_day_rate * days
        needed = (shortfall / per_fte).quantize(Decimal("0.1"), rounding=ROUND_CEILING)
        reasons.append(
            f"Shortfall {pounds(shortfall)} ÷ ({pounds(drivers.agency_day_rate)} a day × {days} "
            f"working days from {drivers.mitigation_from:%d/%m/%Y} to {year_end:%d/%m/%Y}) = "
            f"{needed} FTE fewer agency staff (rounded up to a tenth)."
        )
        if needed > drivers.agency_fte:
            reasons.append(
                f"That is more than the {drivers.agency_fte} agency FTE in post: agency "
                "reductions alone cannot close the gap."
            )
    allocation = allocate(facts.one_off_total, dict(drivers.weights), drivers.basis)
    trajectory = savings_trajectory(
        facts.targets, facts.savings, [facts.savings_year], drivers.savings_delay_years
    )
    gaps = tuple((row.party, row.gap) for row in trajectory)
    if drivers.savings_delay_years:
        reasons.append(
            f"Savings not yet delivered move {drivers.savings_delay_years} year(s) later."
        )
    reasons.extend(allocation.reasons)
    return ScenarioResult(
        income,
        shortfall,
        needed,
        drivers.agency_fte,
        days,
        money(drivers.agency_day_rate),
        drivers.mitigation_from,
        tuple((share.party, share.amount) for share in allocation.shares),
        gaps,
        tuple(reasons),
    )
