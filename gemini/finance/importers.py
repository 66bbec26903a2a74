"""The finance app's import kinds (docs/formats.md): budget-lines, actuals,
project-hours, agency, savings-targets, savings, one-off-spend, cost-baseline and income-plan.

Each file is checked whole first; nothing is written unless every row is valid.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from gemini.core.access import Permission
from gemini.core.importing import Cells, Change, Column, Importer, Problem, register
from gemini.core.models import Organisation
from gemini.finance import engine, services
from gemini.finance.models import BudgetCategory, BudgetLine, OneOffInvestment, SavingsSource

ZERO = Decimal(0)
QUARTER_NAMES = ", ".join(engine.QUARTERS)


def _year(cells: Cells, column: str) -> str | None:
    value = cells.text(column)
    if not value:
        return None
    try:
        engine.year_start(value)
    except engine.FinanceError as error:
        cells.problem(column, str(error))
        return None
    return value


def _quarter(cells: Cells, column: str = "quarter") -> str | None:
    value = cells.text(column)
    if not value:
        return None
    for quarter in engine.QUARTERS:
        if value.strip().lower() == quarter.lower():
            return quarter
    cells.problem(
        column,
        f"{value!r} is not a quarter of the financial year; use one of {QUARTER_NAMES}.",
    )
    return None


def _money(cells: Cells, column: str, required: bool = True) -> Decimal | None:
    value = cells.decimal(column, required=required, minimum=ZERO)
    if value is not None and value != value.quantize(engine.PENNY):
        cells.problem(column, f"{value} has more than two decimal places; give pounds and pence.")
        return None
    return value


def _hours(cells: Cells, column: str, required: bool = True) -> Decimal | None:
    value = cells.raw(column)
    if value.startswith("-"):
        cells.problem(column, f"{value} hours: hours cannot be negative.")
        return None
    return cells.decimal(column, required=required, minimum=ZERO)


def _duplicates(rows: Sequence[tuple[int, object]], key: object, column: str) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[object, int] = {}
    for number, row in rows:
        value = key(row)  # type: ignore[operator]
        if value in seen:
            problems.append(Problem(number, column, f"This is the same as row {seen[value]}."))
        seen.setdefault(value, number)
    return problems


def _organisations(
    rows: Sequence[tuple[int, object]], column: str = "organisation"
) -> list[Problem]:
    known = set(Organisation.objects.values_list("code", flat=True))
    return [
        Problem(number, column, f"There is no organisation {row.organisation} in Gemini.")  # type: ignore[attr-defined]
        for number, row in rows
        if row.organisation not in known  # type: ignore[attr-defined]
    ]


# --- budget-lines ----------------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetLineRow:
    financial_year: str
    line: str
    category: str
    is_income: bool
    annual_budget: Decimal
    profile: tuple[Decimal, Decimal, Decimal, Decimal]


CATEGORIES = {label: value for value, label in BudgetCategory.choices} | {
    value: value for value in BudgetCategory.values
}


@register
class BudgetLineImporter(Importer[BudgetLineRow]):
    kind = "budget-lines"
    title = "Budget lines"
    description = (
        "The shared service's budget for a year, one line per row, with its quarterly profile."
    )
    permission = Permission.MANAGE_FINANCE
    columns = (
        Column("financial_year", description="such as 2024/25"),
        Column("line", description="the line's name, such as Staff"),
        Column("category", description="staff, agency, third_party, project_income or other"),
        Column("income", required=False, description="yes for an income line; project income is"),
        Column("annual_budget", description="pounds and pence"),
        Column("fr1_budget", description="the April–June budget"),
        Column("fr2_budget", description="the July–September budget"),
        Column("fr3_budget", description="the October–December budget"),
        Column("outturn_budget", description="the January–March budget"),
    )

    def clean_row(self, cells: Cells) -> BudgetLineRow | None:
        year = _year(cells, "financial_year")
        line = cells.text("line", max_length=100)
        category = cells.choice("category", CATEGORIES)
        income = cells.boolean("income", required=False)
        annual = _money(cells, "annual_budget")
        profile = [_money(cells, f"{q.lower()}_budget") for q in engine.QUARTERS]
        if year is None or line is None or category is None or annual is None:
            return None
        if any(value is None for value in profile):
            return None
        fr1, fr2, fr3, outturn = (value or ZERO for value in profile)
        if fr1 + fr2 + fr3 + outturn != annual:
            cells.problem(
                "annual_budget",
                f"The quarterly budgets add up to £{fr1 + fr2 + fr3 + outturn:,.2f}, not the "
                f"annual budget of £{annual:,.2f}.",
            )
            return None
        is_income = category == BudgetCategory.PROJECT_INCOME if income is None else income
        return BudgetLineRow(year, line, category, is_income, annual, (fr1, fr2, fr3, outturn))

    def check_rows(self, rows: Sequence[tuple[int, BudgetLineRow]]) -> list[Problem]:
        return _duplicates(rows, lambda r: (r.financial_year, r.line.lower()), "line")

    def save(self, rows: Sequence[BudgetLineRow]) -> Iterable[Change]:
        for row in rows:
            line, outcome = services.save_budget_line(
                row.financial_year,
                row.line,
                row.category,
                row.annual_budget,
                row.profile,
                row.is_income,
            )
            yield Change(outcome, str(line))


# --- actuals ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActualRow:
    financial_year: str
    line: str
    quarter: str
    actual: Decimal
    forecast_outturn: Decimal | None


@register
class ActualImporter(Importer[ActualRow]):
    kind = "actuals"
    title = "Actuals and forecasts"
    description = "A budget line's actual spend or income in a quarter, and the year's forecast."
    permission = Permission.MANAGE_FINANCE
    columns = (
        Column("financial_year", description="such as 2024/25"),
        Column("line", description="the name of a budget line of that year"),
        Column("quarter", description=QUARTER_NAMES),
        Column("actual", description="spend (or income) in the quarter, pounds and pence"),
        Column(
            "forecast_outturn",
            required=False,
            description="the year's forecast at this review; blank: actuals plus profile",
        ),
    )

    def clean_row(self, cells: Cells) -> ActualRow | None:
        year = _year(cells, "financial_year")
        line = cells.text("line", max_length=100)
        quarter = _quarter(cells)
        actual = _money(cells, "actual")
        forecast = _money(cells, "forecast_outturn", required=False)
        if year is None or line is None or quarter is None or actual is None:
            return None
        return ActualRow(year, line, quarter, actual, forecast)

    def check_rows(self, rows: Sequence[tuple[int, ActualRow]]) -> list[Problem]:
        problems = _duplicates(
            rows, lambda r: (r.financial_year, r.line.lower(), r.quarter), "quarter"
        )
        known = {
            (year, name.lower())
            for year, name in BudgetLine.objects.values_list("financial_year", "name")
        }
        problems.extend(
            Problem(
                number, "line", f"There is no budget line {row.line!r} in {row.financial_year}."
            )
            for number, row in rows
            if (row.financial_year, row.line.lower()) not in known
        )
        return problems

    def save(self, rows: Sequence[ActualRow]) -> Iterable[Change]:
        for row in rows:
            line = BudgetLine.objects.get(financial_year=row.financial_year, name__iexact=row.line)
            _, outcome = services.save_quarter_figure(
                line, row.quarter, row.actual, row.forecast_outturn
            )
            yield Change(outcome, f"{line} {row.quarter}")


# --- project-hours ---------------------------------------------------------------------------


@dataclass(frozen=True)
class HoursRow:
    financial_year: str
    quarter: str
    organisation: str
    commissioned_hours: Decimal
    delivered_hours: Decimal | None


@register
class ProjectHoursImporter(Importer[HoursRow]):
    kind = "project-hours"
    title = "Project hours"
    description = "Project hours each council commissioned and the shared service delivered."
    permission = Permission.MANAGE_FINANCE
    columns = (
        Column("financial_year", description="such as 2024/25"),
        Column("quarter", description=QUARTER_NAMES),
        Column("organisation", description="the commissioning council's code, such as CEC"),
        Column("commissioned_hours", description="hours commissioned for the quarter"),
        Column(
            "delivered_hours", required=False, description="hours delivered; blank until reported"
        ),
    )

    def clean_row(self, cells: Cells) -> HoursRow | None:
        year = _year(cells, "financial_year")
        quarter = _quarter(cells)
        organisation = cells.text("organisation", max_length=16)
        commissioned = _hours(cells, "commissioned_hours")
        delivered = _hours(cells, "delivered_hours", required=False)
        if year is None or quarter is None or organisation is None or commissioned is None:
            return None
        return HoursRow(year, quarter, organisation.upper(), commissioned, delivered)

    def check_rows(self, rows: Sequence[tuple[int, HoursRow]]) -> list[Problem]:
        problems = _duplicates(
            rows, lambda r: (r.financial_year, r.quarter, r.organisation), "organisation"
        )
        return problems + _organisations(rows)

    def save(self, rows: Sequence[HoursRow]) -> Iterable[Change]:
        organisations = {o.code: o for o in Organisation.objects.all()}
        for row in rows:
            _, outcome = services.save_project_hours(
                row.financial_year,
                row.quarter,
                organisations[row.organisation],
                row.commissioned_hours,
                row.delivered_hours,
            )
            yield Change(outcome, f"{row.organisation} {row.financial_year} {row.quarter}")


# --- agency ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgencyRow:
    month: dt.date
    roles: int
    fte: Decimal
    average_day_rate: Decimal
    spend: Decimal


@register
class AgencyImporter(Importer[AgencyRow]):
    kind = "agency"
    title = "Agency staffing"
    description = "Agency roles, FTE, average day rate and spend, one row a month."
    permission = Permission.MANAGE_FINANCE
    columns = (
        Column("month", description="the first day of the month, such as 01/04/2024"),
        Column("roles", description="agency roles in the month"),
        Column("fte", description="their full-time equivalent"),
        Column("average_day_rate", description="pounds and pence"),
        Column("spend", description="agency spend in the month, pounds and pence"),
    )

    def clean_row(self, cells: Cells) -> AgencyRow | None:
        month = cells.date("month")
        roles = cells.integer("roles", minimum=0)
        fte = cells.decimal("fte", minimum=ZERO)
        rate = _money(cells, "average_day_rate")
        spend = _money(cells, "spend")
        if month is not None and month.day != 1:
            cells.problem("month", f"{month:%d/%m/%Y} is not the first day of a month.")
            return None
        if month is None or roles is None or fte is None or rate is None or spend is None:
            return None
        return AgencyRow(month, roles, fte, rate, spend)

    def check_rows(self, rows: Sequence[tuple[int, AgencyRow]]) -> list[Problem]:
        return _duplicates(rows, lambda r: r.month, "month")

    def save(self, rows: Sequence[AgencyRow]) -> Iterable[Change]:
        for row in rows:
            _, outcome = services.save_agency_snapshot(
                row.month, row.roles, row.fte, row.average_day_rate, row.spend
            )
            yield Change(outcome, f"Agency staffing {row.month:%B %Y}")


# --- savings-targets and savings -------------------------------------------------------------


@dataclass(frozen=True)
class TargetRow:
    organisation: str
    financial_year: str
    target: Decimal


@register
class SavingsTargetImporter(Importer[TargetRow]):
    kind = "savings-targets"
    title = "Savings targets"
    description = "Each council's savings target for a financial year."
    permission = Permission.MANAGE_FINANCE
    columns = (
        Column("organisation", description="the council's code, such as CEC"),
        Column("financial_year", description="such as 2025/26"),
        Column("target", description="the year's savings target, pounds and pence"),
    )

    def clean_row(self, cells: Cells) -> TargetRow | None:
        organisation = cells.text("organisation", max_length=16)
        year = _year(cells, "financial_year")
        target = _money(cells, "target")
        if organisation is None or year is None or target is None:
            return None
        return TargetRow(organisation.upper(), year, target)

    def check_rows(self, rows: Sequence[tuple[int, TargetRow]]) -> list[Problem]:
        problems = _duplicates(rows, lambda r: (r.organisation, r.financial_year), "financial_year")
        return problems + _organisations(rows)

    def save(self, rows: Sequence[TargetRow]) -> Iterable[Change]:
        organisations = {o.code: o for o in Organisation.objects.all()}
        for row in rows:
            _, outcome = services.save_savings_target(
                organisations[row.organisation], row.financial_year, row.target
            )
            yield Change(outcome, f"{row.organisation} savings target {row.financial_year}")


@dataclass(frozen=True)
class SavingRow:
    organisation: str
    source: str
    from_year: str
    annual_amount: Decimal
    delivered: bool
    description: str


SOURCES = {label: value for value, label in SavingsSource.choices} | {
    value: value for value in SavingsSource.values
}


@register
class SavingsImporter(Importer[SavingRow]):
    kind = "savings"
    title = "Savings"
    description = "Full-year savings by council and source, counted from a financial year."
    permission = Permission.MANAGE_FINANCE
    columns = (
        Column("organisation", description="the council's code, such as CEC"),
        Column("source", description="workforce, contractors, vacant_posts or contract_costs"),
        Column("from_year", description="the financial year the saving counts from"),
        Column("annual_amount", description="the full-year saving, pounds and pence"),
        Column("delivered", description="yes once delivered, no while planned"),
        Column("description", required=False, description="what the saving is"),
    )

    def clean_row(self, cells: Cells) -> SavingRow | None:
        organisation = cells.text("organisation", max_length=16)
        source = cells.choice("source", SOURCES)
        year = _year(cells, "from_year")
        amount = _money(cells, "annual_amount")
        delivered = cells.boolean("delivered")
        description = cells.text("description", required=False) or ""
        if (
            organisation is None
            or source is None
            or year is None
            or amount is None
            or delivered is None
        ):
            return None
        return SavingRow(organisation.upper(), source, year, amount, delivered, description)

    def check_rows(self, rows: Sequence[tuple[int, SavingRow]]) -> list[Problem]:
        problems = _duplicates(rows, lambda r: (r.organisation, r.source, r.from_year), "source")
        return problems + _organisations(rows)

    def save(self, rows: Sequence[SavingRow]) -> Iterable[Change]:
        organisations = {o.code: o for o in Organisation.objects.all()}
        for row in rows:
            _, outcome = services.save_savings_item(
                organisations[row.organisation],
                row.source,
                row.from_year,
                row.annual_amount,
                row.delivered,
                row.description,
            )
            yield Change(outcome, f"{row.organisation} {row.source} from {row.from_year}")


# --- one-off-spend, cost-baseline and income-plan --------------------------------------------


@dataclass(frozen=True)
class OneOffSpendRow:
    investment: str
    financial_year: str
    quarter: str
    amount: Decimal


@register
class OneOffSpendImporter(Importer[OneOffSpendRow]):
    kind = "one-off-spend"
    title = "One-off investment spend"
    description = "Spend against a one-off transition investment, one row a quarter."
    permission = Permission.MANAGE_FINANCE
    columns = (
        Column("investment", description="the investment's name as Gemini holds it"),
        Column("financial_year", description="such as 2024/25"),
        Column("quarter", description=QUARTER_NAMES),
        Column("amount", description="spend in the quarter, pounds and pence"),
    )

    def clean_row(self, cells: Cells) -> OneOffSpendRow | None:
        investment = cells.text("investment", max_length=200)
        year = _year(cells, "financial_year")
        quarter = _quarter(cells)
        amount = _money(cells, "amount")
        if investment is None or year is None or quarter is None or amount is None:
            return None
        return OneOffSpendRow(investment, year, quarter, amount)

    def check_rows(self, rows: Sequence[tuple[int, OneOffSpendRow]]) -> list[Problem]:
        problems = _duplicates(
            rows, lambda r: (r.investment.lower(), r.financial_year, r.quarter), "quarter"
        )
        known = {name.lower() for name in OneOffInvestment.objects.values_list("name", flat=True)}
        problems.extend(
            Problem(number, "investment", f"There is no one-off investment {row.investment!r}.")
            for number, row in rows
            if row.investment.lower() not in known
        )
        return problems

    def save(self, rows: Sequence[OneOffSpendRow]) -> Iterable[Change]:
        investments = {i.name.lower(): i for i in OneOffInvestment.objects.all()}
        for row in rows:
            investment = investments[row.investment.lower()]
            _, outcome = services.save_one_off_spend(
                investment, row.financial_year, row.quarter, row.amount
            )
            yield Change(outcome, f"{investment} spend {row.financial_year} {row.quarter}")


@dataclass(frozen=True)
class BaselineRow:
    organisation: str
    financial_year: str
    amount: Decimal
    note: str


@register
class CostBaselineImporter(Importer[BaselineRow]):
    kind = "cost-baseline"
    title = "Cost baseline"
    description = "The cost baseline (the 2021/22 cost model) per council and the shared service."
    permission = Permission.MANAGE_FINANCE
    columns = (
        Column("organisation", description="the organisation's code, such as CEC or ICTSS"),
        Column("financial_year", description="the baseline year, such as 2021/22"),
        Column("amount", description="the baseline cost, pounds and pence"),
        Column("note", required=False, description="where the figure comes from"),
    )

    def clean_row(self, cells: Cells) -> BaselineRow | None:
        organisation = cells.text("organisation", max_length=16)
        year = _year(cells, "financial_year")
        amount = _money(cells, "amount")
        note = cells.text("note", required=False, max_length=200) or ""
        if organisation is None or year is None or amount is None:
            return None
        return BaselineRow(organisation.upper(), year, amount, note)

    def check_rows(self, rows: Sequence[tuple[int, BaselineRow]]) -> list[Problem]:
        problems = _duplicates(rows, lambda r: (r.organisation, r.financial_year), "financial_year")
        return problems + _organisations(rows)

    def save(self, rows: Sequence[BaselineRow]) -> Iterable[Change]:
        organisations = {o.code: o for o in Organisation.objects.all()}
        for row in rows:
            _, outcome = services.save_baseline(
                organisations[row.organisation], row.financial_year, row.amount, row.note
            )
            yield Change(outcome, f"{row.organisation} cost baseline {row.financial_year}")


@dataclass(frozen=True)
class IncomePlanRow:
    financial_year: str
    budget_income: Decimal
    planned_hours: Decimal


@register
class IncomePlanImporter(Importer[IncomePlanRow]):
    kind = "income-plan"
    title = "Project income plan"
    description = "The year's budgeted project income and the commissioned hours it assumes."
    permission = Permission.MANAGE_FINANCE
    columns = (
        Column("financial_year", description="such as 2024/25"),
        Column("budget_income", description="the budgeted project income, pounds and pence"),
        Column("planned_hours", description="the hours the income assumes, more than 0"),
    )

    def clean_row(self, cells: Cells) -> IncomePlanRow | None:
        year = _year(cells, "financial_year")
        income = _money(cells, "budget_income")
        hours = _hours(cells, "planned_hours")
        if hours is not None and hours == ZERO:
            cells.problem("planned_hours", "Planned hours must be more than 0.")
            return None
        if hours is not None and hours != hours.quantize(Decimal("0.1")):
            cells.problem("planned_hours", f"{hours} hours: give hours to one decimal place.")
            return None
        if year is None or income is None or hours is None:
            return None
        return IncomePlanRow(year, income, hours)

    def check_rows(self, rows: Sequence[tuple[int, IncomePlanRow]]) -> list[Problem]:
        return _duplicates(rows, lambda r: r.financial_year, "financial_year")

    def save(self, rows: Sequence[IncomePlanRow]) -> Iterable[Change]:
        for row in rows:
            _, outcome = services.save_income_plan(
                row.financial_year, row.budget_income, row.planned_hours
            )
            yield Change(outcome, f"Project income plan {row.financial_year}")
