"""The finance API's schemas (gemini/finance/api.py), and the functions that turn the figures
of gemini/finance/figures.py and its engine into them.

Money is a string in pounds with pence ("1234.50"), never a float; hours, FTE, weights and
percentages are decimal strings too. Schema names start with `Finance` because every app's
schemas share one OpenAPI namespace.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import Field

from gemini.finance import engine
from gemini.finance.figures import Comparison, LiabilityRow, Position
from gemini.finance.models import Scenario

Money = Annotated[str, Field(pattern=r"^-?\d+\.\d{2}$", examples=["1234.50"])]
Number = Annotated[str, Field(pattern=r"^-?\d+(\.\d+)?$", examples=["12.5"])]
Year = Annotated[str, Field(pattern=r"^\d{4}/\d{2}$", examples=["2024/25"])]


def money(value: Decimal) -> str:
    return f"{value:.2f}"


def number(value: Decimal) -> str:
    return format(value, "f")


def by_party(values: dict[str, Decimal]) -> dict[str, str]:
    return {party: money(amount) for party, amount in values.items()}


class FinanceError(Schema):
    detail: str


READ_ERRORS: dict[int, type[Schema]] = {403: FinanceError, 404: FinanceError}


# --- the position ---------------------------------------------------------------------------


class FinancePosition(Schema):
    year: Year
    review: str | None = Field(description="The latest Financial Review with actuals.")
    as_of: dt.date
    one_off_total: Money
    one_off_by_council: dict[str, Money]
    savings_year: str | None = Field(description="The year the full savings are due.")
    savings_target_by_council: dict[str, Money]
    savings_delivered_by_council: dict[str, Money]
    forecast_variance: Money = Field(description="Positive is an overspend.")
    forecast_rag: str
    project_income_budget: Money
    project_income_forecast: Money
    agency_reduction_percent: Number


def position_out(p: Position) -> FinancePosition:
    return FinancePosition(
        year=p.year,
        review=p.review,
        as_of=p.as_of,
        one_off_total=money(p.one_off_total),
        one_off_by_council=by_party(p.one_off_by_council),
        savings_year=p.savings_year,
        savings_target_by_council=by_party(p.savings_target_by_council),
        savings_delivered_by_council=by_party(p.savings_delivered_by_council),
        forecast_variance=money(p.forecast_variance),
        forecast_rag=p.forecast_rag,
        project_income_budget=money(p.project_income_budget),
        project_income_forecast=money(p.project_income_forecast),
        agency_reduction_percent=f"{p.agency_reduction_percent:.1f}",
    )


# --- the budget -----------------------------------------------------------------------------


class FinanceQuarter(Schema):
    quarter: str
    budget: Money = Field(description="The net budget profile of the quarter.")
    actual: Money | None = Field(description="The net actual; null until reported.")
    forecast_variance: Money | None = Field(description="The year's variance at that review.")


class FinanceLineForecast(Schema):
    name: str
    category: str
    is_income: bool
    budget: Money
    budget_to_date: Money
    actual_to_date: Money
    remaining_profile: Money
    entered: bool = Field(description="The forecast was entered by finance.")
    forecast: Money
    variance: Money = Field(description="Adverse positive: overspend, or income short.")
    rag: str
    reasons: list[str]


class FinanceReview(Schema):
    review: str
    net_budget: Money
    net_forecast: Money
    variance: Money
    rag: str
    reasons: list[str]
    lines: list[FinanceLineForecast]


class FinanceBudgetLine(Schema):
    name: str
    category: str
    is_income: bool
    annual_budget: Money
    profile: dict[str, Money] = Field(description="The budget of each quarter.")


class FinanceFigure(Schema):
    id: int
    line: str
    quarter: str
    actual: Money
    forecast_outturn: Money | None
    version: int


class FinanceBudget(Schema):
    year: Year
    lines: list[FinanceBudgetLine]
    figures: list[FinanceFigure]
    quarters: list[FinanceQuarter]
    reviews: list[FinanceReview]


def review_out(r: engine.ReviewPosition) -> FinanceReview:
    return FinanceReview(
        review=r.review,
        net_budget=money(r.net_budget),
        net_forecast=money(r.net_forecast),
        variance=money(r.variance),
        rag=r.rag,
        reasons=list(r.reasons),
        lines=[
            FinanceLineForecast(
                name=line.name,
                category=line.category,
                is_income=line.is_income,
                budget=money(line.budget),
                budget_to_date=money(line.budget_to_date),
                actual_to_date=money(line.actual_to_date),
                remaining_profile=money(line.remaining_profile),
                entered=line.entered,
                forecast=money(line.forecast),
                variance=money(line.variance),
                rag=line.rag,
                reasons=list(line.reasons),
            )
            for line in r.lines
        ],
    )


# --- savings, one-off investment, liability -------------------------------------------------


class FinanceTarget(Schema):
    council: str
    financial_year: Year
    amount: Money


class FinanceSaving(Schema):
    council: str
    source: str
    from_year: Year
    annual_amount: Money
    delivered: bool
    description: str


class FinanceSavingsYear(Schema):
    council: str
    year: Year
    target: Money
    planned: Money = Field(description="Full-year savings in place that year.")
    delivered: Money
    gap: Money = Field(description="Target less planned: positive is a shortfall.")


class FinanceBaseline(Schema):
    organisation: str
    financial_year: Year
    amount: Money
    note: str


class FinanceSavings(Schema):
    full_savings_year: str | None
    targets: list[FinanceTarget]
    items: list[FinanceSaving]
    trajectory: list[FinanceSavingsYear]
    baseline: list[FinanceBaseline]


class FinanceShare(Schema):
    party: str
    weight: Number
    amount: Money
    spare_penny: bool


class FinanceAllocation(Schema):
    total: Money
    basis: str
    shares: list[FinanceShare]
    reasons: list[str]


def allocation_out(a: engine.Allocation) -> FinanceAllocation:
    return FinanceAllocation(
        total=money(a.total),
        basis=a.basis,
        shares=[
            FinanceShare(
                party=s.party,
                weight=number(s.weight),
                amount=money(s.amount),
                spare_penny=s.spare_penny,
            )
            for s in a.shares
        ],
        reasons=list(a.reasons),
    )


class FinanceSpend(Schema):
    financial_year: Year
    quarter: str
    amount: Money


class FinanceInvestment(Schema):
    name: str
    purpose: str
    capital: Money
    revenue: Money
    total: Money
    spent: Money
    spend: list[FinanceSpend]
    split: FinanceAllocation


class FinanceBasis(Schema):
    code: str
    name: str
    description: str
    is_default: bool
    weights: dict[str, Number]


class FinanceLiabilityRow(Schema):
    label: str
    allocation: FinanceAllocation


class FinanceLiability(Schema):
    year: Year
    basis: str | None = Field(description="The basis used (its code); null for equal shares.")
    bases: list[FinanceBasis]
    rows: list[FinanceLiabilityRow]


def liability_row_out(row: LiabilityRow) -> FinanceLiabilityRow:
    return FinanceLiabilityRow(label=row.label, allocation=allocation_out(row.allocation))


# --- project income and agency staffing -------------------------------------------------------


class FinanceHours(Schema):
    council: str
    quarter: str
    commissioned: Number
    delivered: Number | None = Field(description="Null until the quarter is reported.")


class FinancePartyHours(Schema):
    council: str
    commissioned: Number
    delivered: Number
    forecast_hours: Number
    forecast_income: Money


class FinanceIncomeForecast(Schema):
    rate: Money
    budget_income: Money
    planned_hours: Number
    forecast_hours: Number
    forecast_income: Money
    shortfall: Money = Field(description="Budget less forecast; negative beats the budget.")
    by_council: list[FinancePartyHours]
    reasons: list[str]


class FinanceIncome(Schema):
    year: Year
    forecast: FinanceIncomeForecast | None = Field(description="Null with no income plan.")
    hours: list[FinanceHours]


def income_out(forecast: engine.IncomeForecast) -> FinanceIncomeForecast:
    return FinanceIncomeForecast(
        rate=money(forecast.rate),
        budget_income=money(forecast.budget_income),
        planned_hours=number(forecast.planned_hours),
        forecast_hours=number(forecast.forecast_hours),
        forecast_income=money(forecast.forecast_income),
        shortfall=money(forecast.shortfall),
        by_council=[
            FinancePartyHours(
                council=p.party,
                commissioned=number(p.commissioned),
                delivered=number(p.delivered),
                forecast_hours=number(p.forecast_hours),
                forecast_income=money(p.forecast_income),
            )
            for p in forecast.by_party
        ],
        reasons=list(forecast.reasons),
    )


class FinanceAgencyMonth(Schema):
    month: dt.date
    roles: int
    fte: Number
    average_day_rate: Money
    spend: Money


class FinanceAgency(Schema):
    year: Year
    months: list[FinanceAgencyMonth]
    start: FinanceAgencyMonth | None
    latest: FinanceAgencyMonth | None
    reduction_percent: Number = Field(description="Fall in roles since the year's start.")
    spend_to_date: Money
    reasons: list[str]


def agency_month_out(p: engine.AgencyPoint | None) -> FinanceAgencyMonth | None:
    if p is None:
        return None
    return FinanceAgencyMonth(
        month=p.month,
        roles=p.roles,
        fte=number(p.fte),
        average_day_rate=money(p.average_day_rate),
        spend=money(p.spend),
    )


# --- scenarios ------------------------------------------------------------------------------


class FinanceScenario(Schema):
    slug: str
    name: str
    description: str
    financial_year: Year
    project_hours: Number | None = Field(description="Null keeps the base case's value.")
    hourly_rate: Money | None
    agency_fte: Number | None
    agency_day_rate: Money | None
    mitigation_from: dt.date | None
    savings_delay_years: int
    basis: str | None = Field(description="The allocation basis's code; null: the default.")
    version: int


def optional_money(value: Decimal | None) -> str | None:
    return None if value is None else money(value)


def optional_number(value: Decimal | None) -> str | None:
    return None if value is None else number(value)


def scenario_out(s: Scenario) -> FinanceScenario:
    return FinanceScenario(
        slug=s.slug,
        name=s.name,
        description=s.description,
        financial_year=s.financial_year,
        project_hours=optional_number(s.project_hours),
        hourly_rate=optional_money(s.hourly_rate),
        agency_fte=optional_number(s.agency_fte),
        agency_day_rate=optional_money(s.agency_day_rate),
        mitigation_from=s.mitigation_from,
        savings_delay_years=s.savings_delay_years,
        basis=s.basis.code if s.basis else None,
        version=s.version,
    )


class FinanceDrivers(Schema):
    project_hours: Number
    hourly_rate: Money | None = Field(description="Null: the income plan's own rate.")
    agency_fte: Number
    agency_day_rate: Money
    mitigation_from: dt.date
    savings_delay_years: int
    basis: str
    weights: dict[str, Number]


class FinanceScenarioResult(Schema):
    project_income: Money
    shortfall: Money
    agency_fte_reduction_needed: Number
    agency_fte_available: Number
    working_days: int
    agency_day_rate: Money
    mitigation_from: dt.date
    one_off_by_council: dict[str, Money]
    savings_gap_by_council: dict[str, Money]
    reasons: list[str]


class FinanceComparison(Schema):
    year: Year
    base_drivers: FinanceDrivers
    scenario_drivers: FinanceDrivers
    base: FinanceScenarioResult
    scenario: FinanceScenarioResult


class FinanceScenarioDetail(Schema):
    scenario: FinanceScenario
    comparison: FinanceComparison | None = Field(
        description="The base case beside the scenario; null when the year has no income plan."
    )
    problem: str | None = Field(description="Why there is no comparison, if there is none.")


def _drivers(d: engine.Drivers) -> FinanceDrivers:
    return FinanceDrivers(
        project_hours=number(d.project_hours),
        hourly_rate=optional_money(d.hourly_rate),
        agency_fte=number(d.agency_fte),
        agency_day_rate=money(d.agency_day_rate),
        mitigation_from=d.mitigation_from,
        savings_delay_years=d.savings_delay_years,
        basis=d.basis,
        weights={party: number(weight) for party, weight in d.weights},
    )


def _result(r: engine.ScenarioResult) -> FinanceScenarioResult:
    return FinanceScenarioResult(
        project_income=money(r.project_income),
        shortfall=money(r.shortfall),
        agency_fte_reduction_needed=number(r.agency_fte_reduction_needed),
        agency_fte_available=number(r.agency_fte_available),
        working_days=r.working_days,
        agency_day_rate=money(r.agency_day_rate),
        mitigation_from=r.mitigation_from,
        one_off_by_council={party: money(amount) for party, amount in r.one_off_by_party},
        savings_gap_by_council={party: money(gap) for party, gap in r.savings_gap_by_party},
        reasons=list(r.reasons),
    )


def comparison_out(c: Comparison) -> FinanceComparison:
    return FinanceComparison(
        year=c.year,
        base_drivers=_drivers(c.base_drivers),
        scenario_drivers=_drivers(c.scenario_drivers),
        base=_result(c.base),
        scenario=_result(c.scenario),
    )
