"""The finance API, at /api/v1/finance/ (docs/finance.md, "API").

Every finance figure is Part 1 (public) in the committee report, so every route needs only
VIEW_FINANCE, which every role holds, as the pages do. The figures come from
gemini/finance/figures.py, the same reads the pages, exports and committee report use; the
schemas are in gemini/finance/schemas.py. Money is a string with pence, never a float.

`year` is a financial year such as 2024/25; without it, the latest year with a budget.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import Path, Query, Router
from pydantic import Field

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.asat import today
from gemini.finance import engine, figures
from gemini.finance import schemas as out
from gemini.finance.models import (
    AllocationBasis,
    BudgetLine,
    CostBaseline,
    OneOffInvestment,
    QuarterFigure,
    SavingsItem,
    SavingsTarget,
    Scenario,
)

router = Router(tags=["finance"])

YearQuery = Annotated[
    str | None,
    Field(
        default=None,
        pattern=r"^(19|20)\d{2}/\d{2}$",
        description="A financial year such as 2024/25; the latest with a budget when left out.",
    ),
]
CodeQuery = Annotated[
    str | None,
    Field(
        default=None,
        pattern=r"^[-a-zA-Z0-9_]{1,40}$",
        description="An allocation basis's code; the default basis when left out.",
    ),
]
Slug = Annotated[str, Field(pattern=r"^[-a-zA-Z0-9_]{1,100}$")]


def _year(request: HttpRequest, year: str | None) -> str:
    """The year asked for, checked, or the latest with a budget (as the pages choose)."""
    access.require(request.user, Permission.VIEW_FINANCE)
    if year is None:
        return figures.current_year()
    try:
        engine.year_start(year)
    except engine.FinanceError as error:
        raise Http404(str(error)) from None
    return year


@router.get(
    "/position",
    response={200: out.FinancePosition, **out.READ_ERRORS},
    url_name="finance-position",
    summary="The headline figures of the committee report's finance section",
)
def position(
    request: HttpRequest, year: Query[YearQuery] = None, as_at: dt.date | None = None
) -> out.FinancePosition:
    """The position as recorded at the end of `as_at` (YYYY-MM-DD; default today)."""
    chosen = _year(request, year) if year is not None else None  # else the day's latest year
    try:
        found = figures.position(chosen, as_at or today(), request.user)
    except engine.FinanceError as error:  # a day before any budget, in no year Gemini handles
        raise Http404(str(error)) from None
    return out.position_out(found)


@router.get(
    "/budget",
    response={200: out.FinanceBudget, **out.READ_ERRORS},
    url_name="finance-budget",
    summary="Budget, actual and forecast by quarter, with the RAG of each review and line",
)
def budget(request: HttpRequest, year: Query[YearQuery] = None) -> out.FinanceBudget:
    chosen = _year(request, year)
    lines = BudgetLine.objects.filter(financial_year=chosen)
    entered = QuarterFigure.objects.filter(line__financial_year=chosen).select_related("line")
    return out.FinanceBudget(
        year=chosen,
        lines=[
            out.FinanceBudgetLine(
                name=line.name,
                category=line.category,
                is_income=line.is_income,
                annual_budget=out.money(line.annual_budget),
                profile={
                    quarter: out.money(amount)
                    for quarter, amount in zip(engine.QUARTERS, line.profile, strict=True)
                },
            )
            for line in lines
        ],
        figures=[
            out.FinanceFigure(
                id=f.pk,
                line=f.line.name,
                quarter=f.quarter,
                actual=out.money(f.actual),
                forecast_outturn=out.optional_money(f.forecast_outturn),
                version=f.version,
            )
            for f in entered
        ],
        quarters=[
            out.FinanceQuarter(
                quarter=q.quarter,
                budget=out.money(q.budget),
                actual=out.optional_money(q.actual),
                forecast_variance=out.optional_money(q.forecast_variance),
            )
            for q in figures.quarterly_net(chosen)
        ],
        reviews=[out.review_out(r) for r in figures.budget_positions(chosen)],
    )


@router.get(
    "/savings",
    response={200: out.FinanceSavings, **out.READ_ERRORS},
    url_name="finance-savings",
    summary="Each council's savings targets, the savings that meet them and their delivery",
)
def savings(request: HttpRequest) -> out.FinanceSavings:
    access.require(request.user, Permission.VIEW_FINANCE)
    targets = figures.savings_targets()
    trajectory = engine.savings_trajectory(
        targets, figures.savings_items(), figures.savings_years()
    )
    return out.FinanceSavings(
        full_savings_year=figures.full_savings_year(targets),
        targets=[
            out.FinanceTarget(
                council=t.organisation.code,
                financial_year=t.financial_year,
                amount=out.money(t.amount),
            )
            for t in SavingsTarget.objects.select_related("organisation")
        ],
        items=[
            out.FinanceSaving(
                council=i.organisation.code,
                source=i.source,
                from_year=i.from_year,
                annual_amount=out.money(i.annual_amount),
                delivered=i.delivered,
                description=i.description,
            )
            for i in SavingsItem.objects.select_related("organisation")
        ],
        trajectory=[
            out.FinanceSavingsYear(
                council=r.party,
                year=r.year,
                target=out.money(r.target),
                planned=out.money(r.planned),
                delivered=out.money(r.delivered),
                gap=out.money(r.gap),
            )
            for r in trajectory
        ],
        baseline=[
            out.FinanceBaseline(
                organisation=b.organisation.code,
                financial_year=b.financial_year,
                amount=out.money(b.amount),
                note=b.note,
            )
            for b in CostBaseline.objects.select_related("organisation")
        ],
    )


@router.get(
    "/one-off",
    response={200: list[out.FinanceInvestment], **out.READ_ERRORS},
    url_name="finance-one-off",
    summary="The one-off transition investment, its split between the councils and the spend",
)
def one_off(request: HttpRequest) -> list[out.FinanceInvestment]:
    access.require(request.user, Permission.VIEW_FINANCE)
    spend = {
        investment.pk: list(investment.spend.all())
        for investment in OneOffInvestment.objects.prefetch_related("spend")
    }
    return [
        out.FinanceInvestment(
            name=investment.name,
            purpose=investment.purpose,
            capital=out.money(investment.capital),
            revenue=out.money(investment.revenue),
            total=out.money(investment.total),
            spent=out.money(spent),
            spend=[
                out.FinanceSpend(
                    financial_year=s.financial_year, quarter=s.quarter, amount=out.money(s.amount)
                )
                for s in spend.get(investment.pk, [])
            ],
            split=out.allocation_out(allocation),
        )
        for investment, allocation, spent in figures.one_off_allocations()
    ]


@router.get(
    "/income",
    response={200: out.FinanceIncome, **out.READ_ERRORS},
    url_name="finance-income",
    summary="Project income from the hours the councils commission, and its forecast",
)
def income(request: HttpRequest, year: Query[YearQuery] = None) -> out.FinanceIncome:
    chosen = _year(request, year)
    forecast = figures.income_forecast(chosen)
    return out.FinanceIncome(
        year=chosen,
        forecast=out.income_out(forecast) if forecast else None,
        hours=[
            out.FinanceHours(
                council=h.party,
                quarter=h.quarter,
                commissioned=out.number(h.commissioned),
                delivered=out.optional_number(h.delivered),
            )
            for h in figures.hours_inputs(chosen)
        ],
    )


@router.get(
    "/agency",
    response={200: out.FinanceAgency, **out.READ_ERRORS},
    url_name="finance-agency",
    summary="Agency staffing by month in the year, and the trend since the year's start",
)
def agency(request: HttpRequest, year: Query[YearQuery] = None) -> out.FinanceAgency:
    chosen = _year(request, year)
    points = [p for p in figures.agency_points() if engine.financial_year_of(p.month) == chosen]
    trend = figures.agency_trend(chosen)
    return out.FinanceAgency(
        year=chosen,
        months=[month for p in points if (month := out.agency_month_out(p))],
        start=out.agency_month_out(trend.start),
        latest=out.agency_month_out(trend.latest),
        reduction_percent=f"{trend.reduction_percent:.1f}",
        spend_to_date=out.money(trend.spend_to_date),
        reasons=list(trend.reasons),
    )


@router.get(
    "/liability",
    response={200: out.FinanceLiability, **out.READ_ERRORS},
    url_name="finance-liability",
    summary="Each council's share of the shared costs under an allocation basis",
)
def liability(
    request: HttpRequest, year: Query[YearQuery] = None, basis: Query[CodeQuery] = None
) -> out.FinanceLiability:
    chosen = _year(request, year)
    record = (
        figures.default_basis()
        if basis is None
        else access.get_or_404(AllocationBasis.objects.all(), code=basis)
    )
    return out.FinanceLiability(
        year=chosen,
        basis=record.code if record else None,
        bases=[
            out.FinanceBasis(
                code=b.code,
                name=b.name,
                description=b.description,
                is_default=b.is_default,
                weights={w.organisation.code: out.number(w.weight) for w in b.weights.all()},
            )
            for b in AllocationBasis.objects.prefetch_related("weights__organisation")
        ],
        rows=[out.liability_row_out(row) for row in figures.liability(chosen, record)],
    )


@router.get(
    "/scenarios",
    response={200: list[out.FinanceScenario], **out.READ_ERRORS},
    url_name="finance-scenarios",
    summary="The saved scenarios and their drivers (blank drivers keep the base case's)",
)
def scenarios(request: HttpRequest) -> list[out.FinanceScenario]:
    access.require(request.user, Permission.VIEW_FINANCE)
    return [out.scenario_out(s) for s in Scenario.objects.select_related("basis")]


@router.get(
    "/scenarios/{slug}",
    response={200: out.FinanceScenarioDetail, **out.READ_ERRORS},
    url_name="finance-scenario",
    summary="One scenario beside the base case: income, shortfall, agency reduction, splits",
)
def scenario(request: HttpRequest, slug: Path[Slug]) -> out.FinanceScenarioDetail:
    access.require(request.user, Permission.VIEW_FINANCE)
    record = access.get_or_404(Scenario.objects.select_related("basis"), slug=slug)
    try:
        comparison = figures.compare(record.financial_year, record)
    except figures.NoFiguresError as error:
        return out.FinanceScenarioDetail(
            scenario=out.scenario_out(record), comparison=None, problem=str(error)
        )
    return out.FinanceScenarioDetail(
        scenario=out.scenario_out(record),
        comparison=out.comparison_out(comparison),
        problem=None,
    )
