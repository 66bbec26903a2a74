"""Writes for the finance app: one function per action, atomic, audited.

Views, the importers, the command and the demo loader all call these, the same way. Each
`save_*` finds its record by its natural key and changes only what differs (`upsert`), so
loading the same figures twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.text import slugify

from gemini.core.models import Organisation, User, Versioned
from gemini.core.services import Outcome, upsert
from gemini.core.versioning import StaleEditError, save_edit
from gemini.finance.models import (
    AgencySnapshot,
    AllocationBasis,
    AllocationWeight,
    BudgetLine,
    CostBaseline,
    IncomePlan,
    OneOffInvestment,
    OneOffSpend,
    ProjectHours,
    QuarterFigure,
    SavingsItem,
    SavingsTarget,
    Scenario,
)
from gemini.programme.models import Programme

V = TypeVar("V", bound=Versioned)


def _record(
    model: type[V],
    key: Mapping[str, Any],
    values: Mapping[str, Any],
    seen: tuple[int, int] | None,
) -> V:
    """Create the record at `key`, or change it only over what the officer saw.

    `seen` is the (id, version) of the record at `key` that the officer's form showed them,
    or None when it showed none. If a record exists there that they did not see (someone
    recorded it before or meanwhile), or a newer version of the one they saw, raise
    StaleEditError and write nothing: an entry form never silently replaces figures.
    """
    with transaction.atomic():
        existing = model._default_manager.filter(**key).first()
        if existing is None:
            record = model(**key, **values)
            record.full_clean(validate_unique=False)
            try:
                with transaction.atomic():
                    record.save()
            except IntegrityError:  # someone created it after we looked
                raise StaleEditError(model._default_manager.get(**key), 0) from None
            return record
        if seen is None or seen[0] != existing.pk:
            raise StaleEditError(existing, 0)
        return save_edit(existing, seen[1], values)


def save_basis(
    code: str,
    name: str,
    weights: Mapping[Organisation, Decimal],
    description: str = "",
    is_default: bool = False,
) -> tuple[AllocationBasis, Outcome]:
    """An allocation basis and its weights; making it the default unmarks any other."""
    with transaction.atomic():
        basis, outcome = upsert(
            AllocationBasis,
            {"code": code},
            {"name": name, "description": description, "is_default": is_default},
        )
        if is_default:
            for other in AllocationBasis.objects.filter(is_default=True).exclude(pk=basis.pk):
                other.is_default = False
                other.save()
        for organisation, weight in weights.items():
            _, changed = upsert(
                AllocationWeight, {"basis": basis, "organisation": organisation}, {"weight": weight}
            )
            if changed != "unchanged" and outcome == "unchanged":
                outcome = "updated"
    return basis, outcome


def save_baseline(
    organisation: Organisation, financial_year: str, amount: Decimal, note: str = ""
) -> tuple[CostBaseline, Outcome]:
    return upsert(
        CostBaseline,
        {"organisation": organisation, "financial_year": financial_year},
        {"amount": amount, "note": note},
    )


def save_investment(
    name: str,
    capital: Decimal,
    revenue: Decimal,
    basis: AllocationBasis,
    programme: Programme | None = None,
    purpose: str = "",
) -> tuple[OneOffInvestment, Outcome]:
    return upsert(
        OneOffInvestment,
        {"name": name},
        {
            "capital": capital,
            "revenue": revenue,
            "basis": basis,
            "programme": programme,
            "purpose": purpose,
        },
    )


def save_one_off_spend(
    investment: OneOffInvestment, financial_year: str, quarter: str, amount: Decimal
) -> tuple[OneOffSpend, Outcome]:
    return upsert(
        OneOffSpend,
        {"investment": investment, "financial_year": financial_year, "quarter": quarter},
        {"amount": amount},
    )


def save_savings_target(
    organisation: Organisation, financial_year: str, amount: Decimal
) -> tuple[SavingsTarget, Outcome]:
    return upsert(
        SavingsTarget,
        {"organisation": organisation, "financial_year": financial_year},
        {"amount": amount},
    )


def save_savings_item(
    organisation: Organisation,
    source: str,
    from_year: str,
    annual_amount: Decimal,
    delivered: bool,
    description: str = "",
) -> tuple[SavingsItem, Outcome]:
    return upsert(
        SavingsItem,
        {"organisation": organisation, "source": source, "from_year": from_year},
        {"annual_amount": annual_amount, "delivered": delivered, "description": description},
    )


def save_budget_line(
    financial_year: str,
    name: str,
    category: str,
    annual_budget: Decimal,
    profile: tuple[Decimal, Decimal, Decimal, Decimal],
    is_income: bool = False,
) -> tuple[BudgetLine, Outcome]:
    """A budget line; its quarterly profile must add up to the annual budget."""
    fr1, fr2, fr3, outturn = profile
    return upsert(
        BudgetLine,
        {"financial_year": financial_year, "name": name},
        {
            "category": category,
            "is_income": is_income,
            "annual_budget": annual_budget,
            "budget_fr1": fr1,
            "budget_fr2": fr2,
            "budget_fr3": fr3,
            "budget_outturn": outturn,
        },
    )


def save_quarter_figure(
    line: BudgetLine, quarter: str, actual: Decimal, forecast_outturn: Decimal | None
) -> tuple[QuarterFigure, Outcome]:
    return upsert(
        QuarterFigure,
        {"line": line, "quarter": quarter},
        {"actual": actual, "forecast_outturn": forecast_outturn},
    )


def record_quarter_figure(
    line: BudgetLine,
    quarter: str,
    actual: Decimal,
    forecast_outturn: Decimal | None,
    seen: tuple[int, int] | None = None,
) -> QuarterFigure:
    """A finance officer records a quarter's figures for a line (the "Record figures" form).

    If the quarter is already recorded, its figures are replaced only when the officer saw
    them (`seen`, the record's id and version); otherwise StaleEditError, nothing written.
    """
    return _record(
        QuarterFigure,
        {"line": line, "quarter": quarter},
        {"actual": actual, "forecast_outturn": forecast_outturn},
        seen,
    )


def edit_quarter_figure(
    figure: QuarterFigure, expected_version: int, changes: Mapping[str, Any]
) -> QuarterFigure:
    """A finance officer's correction of a quarter's figures, refused (StaleEditError) if
    someone saved in between."""
    unknown = set(changes) - {"actual", "forecast_outturn"}
    if unknown:
        raise ValueError(f"These fields cannot be edited here: {sorted(unknown)}")
    return save_edit(figure, expected_version, changes)


def save_income_plan(
    financial_year: str, budget_income: Decimal, planned_hours: Decimal
) -> tuple[IncomePlan, Outcome]:
    return upsert(
        IncomePlan,
        {"financial_year": financial_year},
        {"budget_income": budget_income, "planned_hours": planned_hours},
    )


def save_project_hours(
    financial_year: str,
    quarter: str,
    organisation: Organisation,
    commissioned_hours: Decimal,
    delivered_hours: Decimal | None,
) -> tuple[ProjectHours, Outcome]:
    return upsert(
        ProjectHours,
        {"financial_year": financial_year, "quarter": quarter, "organisation": organisation},
        {"commissioned_hours": commissioned_hours, "delivered_hours": delivered_hours},
    )


def record_project_hours(
    financial_year: str,
    quarter: str,
    organisation: Organisation,
    commissioned_hours: Decimal,
    delivered_hours: Decimal | None,
    seen: tuple[int, int] | None = None,
) -> ProjectHours:
    """A finance officer records a council's hours for a quarter; hours already recorded are
    replaced only when the officer saw them (as `record_quarter_figure`)."""
    return _record(
        ProjectHours,
        {"financial_year": financial_year, "quarter": quarter, "organisation": organisation},
        {"commissioned_hours": commissioned_hours, "delivered_hours": delivered_hours},
        seen,
    )


def record_agency_snapshot(
    month: dt.date,
    roles: int,
    fte: Decimal,
    average_day_rate: Decimal,
    spend: Decimal,
    seen: tuple[int, int] | None = None,
) -> AgencySnapshot:
    """A finance officer records a month's agency staffing; a month already recorded is
    replaced only when the officer saw it (as `record_quarter_figure`)."""
    return _record(
        AgencySnapshot,
        {"month": month},
        {"roles": roles, "fte": fte, "average_day_rate": average_day_rate, "spend": spend},
        seen,
    )


def save_agency_snapshot(
    month: dt.date, roles: int, fte: Decimal, average_day_rate: Decimal, spend: Decimal
) -> tuple[AgencySnapshot, Outcome]:
    return upsert(
        AgencySnapshot,
        {"month": month},
        {"roles": roles, "fte": fte, "average_day_rate": average_day_rate, "spend": spend},
    )


def save_scenario(
    name: str,
    financial_year: str,
    created_by: User | None = None,
    description: str = "",
    project_hours: Decimal | None = None,
    hourly_rate: Decimal | None = None,
    agency_fte: Decimal | None = None,
    agency_day_rate: Decimal | None = None,
    mitigation_from: dt.date | None = None,
    savings_delay_years: int = 0,
    basis: AllocationBasis | None = None,
) -> tuple[Scenario, Outcome]:
    """A named scenario (found by name); blank drivers keep the base case's values."""
    values: dict[str, Any] = {
        "slug": slugify(name)[:100] or "scenario",
        "description": description,
        "financial_year": financial_year,
        "project_hours": project_hours,
        "hourly_rate": hourly_rate,
        "agency_fte": agency_fte,
        "agency_day_rate": agency_day_rate,
        "mitigation_from": mitigation_from,
        "savings_delay_years": savings_delay_years,
        "basis": basis,
    }
    if not Scenario.objects.filter(name=name).exists():
        values["created_by"] = created_by
    return upsert(Scenario, {"name": name}, values)


def create_scenario(
    name: str, financial_year: str, created_by: User | None = None, **drivers: Any
) -> Scenario:
    """A new scenario (the "New scenario" form). Raises ValidationError, writing nothing, if a
    scenario of that name exists, even one saved a moment ago by someone else: the form never
    replaces another officer's scenario. `drivers` are `save_scenario`'s keyword arguments."""
    taken = ValidationError({"name": "A scenario with that name already exists"})
    with transaction.atomic():
        slug = slugify(name)[:100] or "scenario"
        if Scenario.objects.filter(Q(name=name) | Q(slug=slug)).exists():
            raise taken
        try:
            with transaction.atomic():
                record, _ = save_scenario(name, financial_year, created_by, **drivers)
        except (IntegrityError, ValidationError):  # created meanwhile
            raise taken from None
    return record


def delete_scenario(scenario: Scenario) -> None:
    with transaction.atomic():
        scenario.delete()
