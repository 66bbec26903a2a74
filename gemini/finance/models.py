"""The money of the transition (docs/finance.md).

- `AllocationBasis` and its `AllocationWeight`s: how shared costs divide between councils
  (50:50 by default; or by counts of users, devices or VMs, stored here as data).
- `CostBaseline`: the cost model (2021/22) per organisation.
- `OneOffInvestment` and `OneOffSpend`: the one-off transition investment and spend against it.
- `SavingsTarget` and `SavingsItem`: each council's target by year, and the savings that meet it.
- `BudgetLine` and `QuarterFigure`: the shared service's budget, actuals and forecasts by quarter.
- `IncomePlan` and `ProjectHours`: project income from commissioned hours.
- `AgencySnapshot`: agency roles, FTE, day rate and spend by month.
- `Scenario`: a named, saved set of drivers compared with the base case.

Every figure is Part 1 (public) in the seed report. Money is Decimal, in pounds with pence.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from gemini.core.models import Organisation, Versioned
from gemini.finance import engine
from gemini.programme.models import Programme

NOT_NEGATIVE = [MinValueValidator(Decimal(0))]


def validate_financial_year(value: str) -> None:
    try:
        engine.year_start(value)
    except engine.FinanceError as error:
        raise ValidationError(str(error)) from None


def money_field(label: str = "", **options: object) -> models.DecimalField:  # type: ignore[type-arg]
    return models.DecimalField(label or None, max_digits=14, decimal_places=2, **options)  # type: ignore[arg-type]


def year_field(label: str = "financial year") -> models.CharField:  # type: ignore[type-arg]
    return models.CharField(
        label, max_length=7, validators=[validate_financial_year], help_text="Such as 2024/25."
    )


class Quarter(models.TextChoices):
    FR1 = "FR1", "FR1 (April to June)"
    FR2 = "FR2", "FR2 (July to September)"
    FR3 = "FR3", "FR3 (October to December)"
    OUTTURN = "Outturn", "Outturn (January to March)"


class AllocationBasis(models.Model):
    """A rule for dividing shared costs: weights per organisation (counts or shares)."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    is_default = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-is_default", "name"]
        verbose_name_plural = "allocation bases"

    def __str__(self) -> str:
        return self.name


class AllocationWeight(models.Model):
    basis = models.ForeignKey(AllocationBasis, on_delete=models.CASCADE, related_name="weights")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    weight = models.DecimalField(max_digits=14, decimal_places=4, validators=NOT_NEGATIVE)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["basis", "organisation__code"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["basis", "organisation"], name="finance_weight_unique")
        ]

    def __str__(self) -> str:
        return f"{self.basis}: {self.organisation.code} {self.weight}"


class CostBaseline(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    financial_year = year_field()
    amount = money_field(validators=NOT_NEGATIVE)
    note = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["financial_year", "organisation__code"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organisation", "financial_year"], name="finance_baseline_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation.code} cost baseline {self.financial_year}"


class OneOffInvestment(models.Model):
    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=200, unique=True)
    capital = money_field(validators=NOT_NEGATIVE)
    revenue = money_field(validators=NOT_NEGATIVE)
    basis = models.ForeignKey(AllocationBasis, on_delete=models.PROTECT, related_name="+")
    purpose = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def total(self) -> Decimal:
        return Decimal(self.capital) + Decimal(self.revenue)


class OneOffSpend(models.Model):
    investment = models.ForeignKey(OneOffInvestment, on_delete=models.CASCADE, related_name="spend")
    financial_year = year_field()
    quarter = models.CharField(max_length=7, choices=Quarter.choices)
    amount = money_field(validators=NOT_NEGATIVE)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["financial_year", "quarter"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["investment", "financial_year", "quarter"], name="finance_spend_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.investment} spend {self.financial_year} {self.quarter}"


class SavingsTarget(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    financial_year = year_field()
    amount = money_field(validators=NOT_NEGATIVE)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["financial_year", "organisation__code"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organisation", "financial_year"], name="finance_target_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation.code} savings target {self.financial_year}"


class SavingsSource(models.TextChoices):
    WORKFORCE = "workforce", "Workforce changes"
    CONTRACTORS = "contractors", "Fewer contractors"
    VACANT_POSTS = "vacant_posts", "Vacant posts removed"
    CONTRACT_COSTS = "contract_costs", "Contract costs"


class SavingsItem(models.Model):
    """A full-year saving for one council, counted from its year onward."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=20, choices=SavingsSource.choices)
    from_year = year_field("from financial year")
    annual_amount = money_field(validators=NOT_NEGATIVE)
    delivered = models.BooleanField(default=False)
    description = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["organisation__code", "from_year", "source"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organisation", "source", "from_year"], name="finance_saving_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation.code} {self.get_source_display()} from {self.from_year}"


class BudgetCategory(models.TextChoices):
    STAFF = "staff", "Staff"
    AGENCY = "agency", "Agency"
    THIRD_PARTY = "third_party", "Third-party contracts"
    PROJECT_INCOME = "project_income", "Project income"
    OTHER = "other", "Other"


class BudgetLine(models.Model):
    """One line of the shared service's budget for a year, with its quarterly profile."""

    financial_year = year_field()
    name = models.CharField(max_length=100)
    category = models.CharField(max_length=20, choices=BudgetCategory.choices)
    is_income = models.BooleanField(default=False)
    annual_budget = money_field(validators=NOT_NEGATIVE)
    budget_fr1 = money_field("FR1 budget", validators=NOT_NEGATIVE)
    budget_fr2 = money_field("FR2 budget", validators=NOT_NEGATIVE)
    budget_fr3 = money_field("FR3 budget", validators=NOT_NEGATIVE)
    budget_outturn = money_field("Outturn budget", validators=NOT_NEGATIVE)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["financial_year", "is_income", "category", "name"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["financial_year", "name"], name="finance_line_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.financial_year})"

    @property
    def profile(self) -> tuple[Decimal, Decimal, Decimal, Decimal]:
        return (self.budget_fr1, self.budget_fr2, self.budget_fr3, self.budget_outturn)

    def clean(self) -> None:
        super().clean()
        if None not in (*self.profile, self.annual_budget) and sum(self.profile) != (
            self.annual_budget
        ):
            raise ValidationError(
                f"The quarterly budgets add up to £{sum(self.profile):,.2f}, not the annual "
                f"budget of £{self.annual_budget:,.2f}."
            )


class QuarterFigure(Versioned):
    """A line's actual spend (or income) in a quarter and the year's forecast at that review."""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="figures")
    quarter = models.CharField(max_length=7, choices=Quarter.choices)
    actual = money_field(validators=NOT_NEGATIVE)
    forecast_outturn = money_field(
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
        help_text="The year's forecast at this review; blank to use actuals plus the profile.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["line", "quarter"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["line", "quarter"], name="finance_figure_unique")
        ]

    def __str__(self) -> str:
        return f"{self.line} {self.quarter}"


class IncomePlan(models.Model):
    financial_year = year_field()
    budget_income = money_field(validators=NOT_NEGATIVE)
    planned_hours = models.DecimalField(
        max_digits=10, decimal_places=1, validators=[MinValueValidator(Decimal("0.1"))]
    )
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["financial_year"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["financial_year"], name="finance_income_plan_unique")
        ]

    def __str__(self) -> str:
        return f"Project income plan {self.financial_year}"


class ProjectHours(Versioned):
    financial_year = year_field()
    quarter = models.CharField(max_length=7, choices=Quarter.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    commissioned_hours = models.DecimalField(
        max_digits=10, decimal_places=1, validators=NOT_NEGATIVE
    )
    delivered_hours = models.DecimalField(
        max_digits=10, decimal_places=1, null=True, blank=True, validators=NOT_NEGATIVE
    )
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["financial_year", "quarter", "organisation__code"]
        verbose_name_plural = "project hours"
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["financial_year", "quarter", "organisation"], name="finance_hours_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation.code} project hours {self.financial_year} {self.quarter}"


class AgencySnapshot(Versioned):
    month = models.DateField(unique=True, help_text="The first day of the month.")
    roles = models.PositiveIntegerField()
    fte = models.DecimalField(max_digits=8, decimal_places=1, validators=NOT_NEGATIVE)
    average_day_rate = money_field(validators=NOT_NEGATIVE)
    spend = money_field(validators=NOT_NEGATIVE)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["month"]

    def __str__(self) -> str:
        return f"Agency staffing {self.month:%B %Y}"

    def clean(self) -> None:
        super().clean()
        if self.month is not None and self.month.day != 1:
            raise ValidationError({"month": "Give the first day of the month."})


class Scenario(Versioned):
    """A named set of drivers; blank drivers keep the base case's value."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    financial_year = year_field()
    project_hours = models.DecimalField(
        max_digits=10, decimal_places=1, null=True, blank=True, validators=NOT_NEGATIVE
    )
    hourly_rate = money_field(null=True, blank=True, validators=NOT_NEGATIVE)
    agency_fte = models.DecimalField(
        max_digits=8, decimal_places=1, null=True, blank=True, validators=NOT_NEGATIVE
    )
    agency_day_rate = money_field(null=True, blank=True, validators=NOT_NEGATIVE)
    mitigation_from = models.DateField(null=True, blank=True)
    savings_delay_years = models.PositiveSmallIntegerField(default=0)
    basis = models.ForeignKey(
        AllocationBasis, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name
