"""Finance pages: the dashboard, the budget, savings, project income, agency staffing, the shared
liability and scenarios; entry of a quarter's figures; an Excel export of every table.

Every finance figure is Part 1 (public): every role with VIEW_FINANCE reads them all. Entry and
scenarios need MANAGE_FINANCE.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.asat import today
from gemini.core.charts import chart_svg
from gemini.core.exports import Sheet, xlsx_response
from gemini.core.history import changes_for
from gemini.core.versioning import StaleEditError, offer_again
from gemini.finance import charts, engine, figures, services
from gemini.finance.forms import (
    AgencyMonthForm,
    EditFiguresForm,
    ProjectHoursForm,
    RecordFiguresForm,
    ScenarioForm,
    SeenRecordForm,
)
from gemini.finance.models import (
    AllocationBasis,
    BudgetLine,
    CostBaseline,
    QuarterFigure,
    SavingsItem,
    Scenario,
)


def _year(request: HttpRequest) -> str:
    """The financial year asked for (?year=2024/25), or the latest with a budget."""
    asked = request.GET.get("year", "").strip()
    if not asked:
        return figures.current_year()
    try:
        engine.year_start(asked)
    except engine.FinanceError as error:
        raise Http404(str(error)) from None
    return asked


def _page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    context.setdefault("section", "finance")
    context["pounds"] = engine.pounds
    context["zip"] = zip
    context["may_manage"] = access.has_permission(request.user, Permission.MANAGE_FINANCE)
    return render(request, f"finance/{template}", context)


F = TypeVar("F", bound=SeenRecordForm)


def _already_saved(
    make: Callable[[QueryDict], F], posted: QueryDict, error: StaleEditError, what: str
) -> F:
    """The entry form again after a refused save: the officer's entries kept, the saved
    record's id and version now carried, and the GOV.UK error saying what happened."""
    data = posted.copy()
    data["record_id"] = str(error.current.pk)
    message = None
    if error.expected_version == 0:
        message = (
            f"{what} had already been recorded (version {error.current.version}), so your "
            "entries have not been saved. Check what is saved now, below, then save again "
            "to replace it."
        )
    return offer_again(lambda data, saved: make(data), data, error, message=message)


@access.requires(Permission.VIEW_FINANCE)
def index(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    position = figures.position(year, today(), request.user)
    quarters = figures.quarterly_net(year)
    reported = [q for q in quarters if q.actual is not None]
    trajectory = engine.savings_trajectory(
        figures.savings_targets(), figures.savings_items(), figures.savings_years()
    )
    plan = figures.income_plan(year)
    points = [p for p in figures.agency_points() if engine.financial_year_of(p.month) == year]
    income = figures.income_forecast(year)
    budget_data = (
        [q.quarter for q in reported],
        [q.budget for q in reported],
        [q.actual or Decimal(0) for q in reported],
        [q.forecast_variance or Decimal(0) for q in reported],
    )
    hours = figures.hours_inputs(year)
    svgs = {
        "savings": chart_svg(
            charts.savings_trajectory, trajectory, title="Savings a year against target, by council"
        )
        if trajectory
        else "",
        "budget": chart_svg(
            charts.budget_by_quarter,
            *budget_data,
            title="Net budget and actual by quarter, and the forecast variance",
        )
        if reported
        else "",
        "income": chart_svg(
            charts.income_from_hours,
            engine.QUARTERS,
            hours,
            plan.planned_hours / 4,
            title="Project hours by quarter and council",
        )
        if plan
        else "",
        "agency": chart_svg(charts.agency_trend, points, title="Agency roles and spend by month")
        if points
        else "",
    }
    tables = {
        "savings": charts.savings_table(trajectory),
        "budget": charts.budget_table(*budget_data),
        "income": charts.income_table(engine.QUARTERS, hours, plan.planned_hours / 4)
        if plan
        else None,
        "agency": charts.agency_table(points),
    }
    return _page(
        request,
        "index.html",
        {
            "year": year,
            "position": position,
            "income": income,
            "agency": figures.agency_trend(year),
            "charts": svgs,
            "tables": tables,
        },
    )


# --- Budget ----------------------------------------------------------------------------------


@access.requires(Permission.VIEW_FINANCE)
def budget(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    positions = figures.budget_positions(year)
    review = request.GET.get("review") or (positions[-1].review if positions else None)
    chosen = next((p for p in positions if p.review == review), None)
    if positions and chosen is None:
        raise Http404("That Financial Review has not been reported.")
    lines = list(BudgetLine.objects.filter(financial_year=year).prefetch_related("figures"))
    return _page(
        request,
        "budget.html",
        {
            "year": year,
            "positions": positions,
            "position": chosen,
            "lines": lines,
            "quarters": engine.QUARTERS,
            "quarterly": figures.quarterly_net(year),
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_FINANCE)
def record_figures(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    form = RecordFiguresForm(request.POST or None, year=year)
    stale: StaleEditError | None = None
    if request.method == "POST" and form.is_valid():
        line = form.cleaned_data["line"]
        quarter = form.cleaned_data["quarter"]
        try:
            services.record_quarter_figure(
                line,
                quarter,
                form.cleaned_data["actual"],
                form.cleaned_data["forecast_outturn"],
                form.seen(),
            )
        except StaleEditError as error:
            stale = error
            form = _already_saved(
                lambda data: RecordFiguresForm(data, year=year),
                request.POST,
                error,
                f"The {quarter} figures for {line.name}",
            )
        else:
            messages.success(request, f"The {quarter} figures for {line.name} have been saved.")
            return redirect(f"{reverse('finance:budget')}?year={year}&review={quarter}")
    return _page(request, "record_figures.html", {"year": year, "form": form, "stale": stale})


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_FINANCE)
def edit_figures(request: HttpRequest, pk: int) -> HttpResponse:
    figure = access.get_or_404(QuarterFigure.objects.select_related("line"), pk=pk)
    stale: StaleEditError | None = None
    if request.method == "POST":
        form = EditFiguresForm(request.POST)
        if form.is_valid():
            changes = {
                "actual": form.cleaned_data["actual"],
                "forecast_outturn": form.cleaned_data["forecast_outturn"],
            }
            try:
                services.edit_quarter_figure(figure, form.cleaned_data["version"], changes)
            except StaleEditError as error:
                stale = error
                form = offer_again(lambda data, saved: EditFiguresForm(data), request.POST, error)
            else:
                messages.success(
                    request, f"The {figure.quarter} figures for {figure.line.name} have been saved."
                )
                return redirect(
                    f"{reverse('finance:budget')}?year={figure.line.financial_year}"
                    f"&review={figure.quarter}"
                )
    else:
        form = EditFiguresForm(
            initial={
                "version": figure.version,
                "actual": figure.actual,
                "forecast_outturn": figure.forecast_outturn,
            }
        )
    history = (
        changes_for(figure)
        if access.has_permission(request.user, Permission.VIEW_HISTORY)
        else None
    )
    return _page(
        request,
        "edit_figures.html",
        {"figure": figure, "form": form, "stale": stale, "history": history},
    )


# --- Savings, income, agency -----------------------------------------------------------------


@access.requires(Permission.VIEW_FINANCE)
def savings(request: HttpRequest) -> HttpResponse:
    trajectory = engine.savings_trajectory(
        figures.savings_targets(), figures.savings_items(), figures.savings_years()
    )
    items = SavingsItem.objects.select_related("organisation")
    baseline = CostBaseline.objects.select_related("organisation")
    return _page(
        request,
        "savings.html",
        {"trajectory": trajectory, "items": items, "baseline": baseline},
    )


@access.requires(Permission.VIEW_FINANCE)
def income(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    return _page(
        request,
        "income.html",
        {
            "year": year,
            "income": figures.income_forecast(year),
            "hours": figures.hours_inputs(year),
        },
    )


@access.requires(Permission.VIEW_FINANCE)
def agency(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    points = [p for p in figures.agency_points() if engine.financial_year_of(p.month) == year]
    return _page(
        request,
        "agency.html",
        {"year": year, "points": points, "trend": figures.agency_trend(year)},
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_FINANCE)
def record_hours(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    form = ProjectHoursForm(request.POST or None)
    stale: StaleEditError | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        what = f"{data['organisation'].code}'s {data['quarter']} hours"
        try:
            services.record_project_hours(
                year,
                data["quarter"],
                data["organisation"],
                data["commissioned_hours"],
                data["delivered_hours"],
                form.seen(),
            )
        except StaleEditError as error:
            stale = error
            form = _already_saved(ProjectHoursForm, request.POST, error, what)
        else:
            messages.success(request, f"{what} have been saved.")
            return redirect(f"{reverse('finance:income')}?year={year}")
    return _page(request, "record_hours.html", {"year": year, "form": form, "stale": stale})


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_FINANCE)
def record_agency(request: HttpRequest) -> HttpResponse:
    form = AgencyMonthForm(request.POST or None)
    stale: StaleEditError | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        what = f"Agency staffing for {data['month']:%B %Y}"
        try:
            services.record_agency_snapshot(
                data["month"],
                data["roles"],
                data["fte"],
                data["average_day_rate"],
                data["spend"],
                form.seen(),
            )
        except StaleEditError as error:
            stale = error
            form = _already_saved(AgencyMonthForm, request.POST, error, what)
        else:
            messages.success(request, f"{what} has been saved.")
            year = engine.financial_year_of(data["month"])
            return redirect(f"{reverse('finance:agency')}?year={year}")
    return _page(request, "record_agency.html", {"form": form, "stale": stale})


# --- Shared liability ------------------------------------------------------------------------


def _basis(request: HttpRequest) -> AllocationBasis | None:
    code = request.GET.get("basis", "").strip()
    if not code:
        return figures.default_basis()
    return access.get_or_404(AllocationBasis.objects.all(), code=code)


@access.requires(Permission.VIEW_FINANCE)
def liability(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    basis = _basis(request)
    return _page(
        request,
        "liability.html",
        {
            "year": year,
            "basis": basis,
            "bases": AllocationBasis.objects.prefetch_related("weights__organisation"),
            "rows": figures.liability(year, basis),
            "one_off": figures.one_off_allocations(),
        },
    )


# --- Scenarios -------------------------------------------------------------------------------


@access.requires(Permission.VIEW_FINANCE)
def scenarios(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        "scenarios.html",
        {"scenarios": Scenario.objects.select_related("basis", "created_by")},
    )


@access.requires(Permission.VIEW_FINANCE)
def scenario(request: HttpRequest, slug: str) -> HttpResponse:
    record = access.get_or_404(Scenario.objects.select_related("basis"), slug=slug)
    try:
        comparison = figures.compare(record.financial_year, record)
    except figures.NoFiguresError as error:
        comparison = None
        messages.error(request, str(error))
    return _page(request, "scenario.html", {"scenario": record, "comparison": comparison})


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_FINANCE)
def new_scenario(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    form = ScenarioForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = services.create_scenario(
                data["name"],
                year,
                request.user if request.user.is_authenticated else None,
                description=data["description"],
                project_hours=data["project_hours"],
                hourly_rate=data["hourly_rate"],
                agency_fte=data["agency_fte"],
                agency_day_rate=data["agency_day_rate"],
                mitigation_from=data["mitigation_from"],
                savings_delay_years=data["savings_delay_years"] or 0,
                basis=data["basis"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"The scenario {record.name} has been saved.")
            return redirect("finance:scenario", slug=record.slug)
    return _page(request, "new_scenario.html", {"year": year, "form": form})


@require_POST
@access.requires(Permission.MANAGE_FINANCE)
def delete_scenario(request: HttpRequest, slug: str) -> HttpResponse:
    record = access.get_or_404(Scenario.objects.all(), slug=slug)
    services.delete_scenario(record)
    messages.success(request, f"The scenario {record.name} has been deleted.")
    return redirect("finance:scenarios")


# --- Exports ---------------------------------------------------------------------------------


def _sheets(table: str, year: str) -> Sequence[Sheet]:
    if table == "budget":
        rows: list[tuple[Any, ...]] = []
        for review in figures.budget_positions(year):
            rows += [
                (
                    review.review,
                    line.name,
                    line.category,
                    "Income" if line.is_income else "Expenditure",
                    line.budget,
                    line.actual_to_date,
                    line.forecast,
                    line.variance,
                    line.rag,
                )
                for line in review.lines
            ]
        quarterly = [
            (q.quarter, q.budget, q.actual, q.forecast_variance)
            for q in figures.quarterly_net(year)
        ]
        return [
            Sheet(
                f"Budget {year}".replace("/", "-"),
                [
                    "Review",
                    "Line",
                    "Category",
                    "Kind",
                    "Budget",
                    "Actual to date",
                    "Forecast",
                    "Variance",
                    "RAG",
                ],
                rows,
            ),
            Sheet(
                "By quarter",
                ["Quarter", "Net budget", "Net actual", "Forecast variance"],
                quarterly,
            ),
        ]
    if table == "savings":
        trajectory = engine.savings_trajectory(
            figures.savings_targets(), figures.savings_items(), figures.savings_years()
        )
        return [
            Sheet(
                "Savings trajectory",
                [
                    "Council",
                    "Year",
                    "Target",
                    "Planned",
                    "Delivered",
                    "Gap to plans",
                    "Still to deliver",
                ],
                [
                    (r.party, r.year, r.target, r.planned, r.delivered, r.gap, r.still_to_deliver)
                    for r in trajectory
                ],
            ),
            Sheet(
                "Savings",
                ["Council", "Source", "From year", "Annual amount", "Delivered", "Description"],
                [
                    (
                        i.organisation.code,
                        i.get_source_display(),
                        i.from_year,
                        i.annual_amount,
                        "Yes" if i.delivered else "No",
                        i.description,
                    )
                    for i in SavingsItem.objects.select_related("organisation")
                ],
            ),
            Sheet(
                "Cost baseline",
                ["Organisation", "Year", "Cost", "Note"],
                [
                    (b.organisation.code, b.financial_year, b.amount, b.note)
                    for b in CostBaseline.objects.select_related("organisation")
                ],
            ),
        ]
    if table == "income":
        income = figures.income_forecast(year)
        return [
            Sheet(
                f"Project hours {year}".replace("/", "-"),
                ["Quarter", "Council", "Commissioned hours", "Delivered hours"],
                [
                    (h.quarter, h.party, h.commissioned, h.delivered)
                    for h in figures.hours_inputs(year)
                ],
            ),
            Sheet(
                "Income forecast",
                ["Council", "Commissioned", "Delivered", "Forecast hours", "Forecast income"],
                [
                    (p.party, p.commissioned, p.delivered, p.forecast_hours, p.forecast_income)
                    for p in income.by_party
                ]
                if income
                else [],
            ),
        ]
    if table == "agency":
        return [
            Sheet(
                "Agency staffing",
                ["Month", "Roles", "FTE", "Average day rate", "Spend"],
                [
                    (p.month, p.roles, p.fte, p.average_day_rate, p.spend)
                    for p in figures.agency_points()
                ],
            )
        ]
    if table == "liability":
        rows = []
        for basis in AllocationBasis.objects.all():
            for row in figures.liability(year, basis):
                rows += [
                    (basis.name, row.label, s.party, s.weight, s.amount)
                    for s in row.allocation.shares
                ]
        return [
            Sheet("Shared liability", ["Basis", "Cost", "Organisation", "Weight", "Share"], rows)
        ]
    if table == "scenarios":
        rows = []
        for record in Scenario.objects.select_related("basis"):
            try:
                comparison = figures.compare(record.financial_year, record)
            except figures.NoFiguresError:
                continue
            for label, result in (("Base", comparison.base), (record.name, comparison.scenario)):
                rows.append(
                    (
                        record.name,
                        label,
                        result.project_income,
                        result.shortfall,
                        result.agency_fte_reduction_needed,
                        result.agency_day_rate,
                        result.mitigation_from,
                    )
                )
        return [
            Sheet(
                "Scenarios",
                [
                    "Scenario",
                    "Case",
                    "Project income",
                    "Shortfall",
                    "Agency FTE reduction needed",
                    "Agency day rate",
                    "From",
                ],
                rows,
            )
        ]
    raise Http404("There is no such finance table.")


EXPORTS = ("budget", "savings", "income", "agency", "liability", "scenarios")


@access.requires(Permission.VIEW_FINANCE)
def export(request: HttpRequest, table: str) -> HttpResponse:
    year = _year(request)
    sheets = _sheets(table, year)
    return xlsx_response(f"finance-{table}.xlsx", sheets)
