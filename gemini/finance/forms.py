"""Forms for finance officers: a quarter's figures, and a scenario's drivers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import slugify

from gemini.core.forms import GeminiForm, GeminiModelForm
from gemini.core.models import Organisation
from gemini.finance.models import AllocationBasis, BudgetLine, Quarter, Scenario

UK_DATES = ["%d/%m/%Y", "%Y-%m-%d"]


class SeenRecordForm(GeminiForm):
    """An entry form that may replace a record already saved, but only one the officer saw:
    the hidden id and version of the record the form showed them (blank when it showed none).
    """

    record_id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def seen(self) -> tuple[int, int] | None:
        record_id, version = self.cleaned_data.get("record_id"), self.cleaned_data.get("version")
        if record_id is None or version is None:
            return None
        return record_id, version


class RecordFiguresForm(SeenRecordForm):
    line = forms.ModelChoiceField(
        queryset=BudgetLine.objects.none(),
        label="Budget line",
        error_messages={"required": "Choose the budget line"},
    )
    quarter = forms.ChoiceField(
        choices=Quarter.choices,
        label="Financial Review",
        error_messages={"required": "Choose the quarter"},
    )
    actual = forms.DecimalField(
        label="Actual in the quarter (£)",
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text="Spend, or income for an income line, in that quarter alone.",
        error_messages={"required": "Enter the actual for the quarter"},
    )
    forecast_outturn = forms.DecimalField(
        label="Forecast outturn for the year (£)",
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text="Leave blank to forecast actuals to date plus the rest of the budget profile.",
    )

    def __init__(self, *args: Any, year: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = BudgetLine.objects.filter(financial_year=year)  # type: ignore[attr-defined]


class EditFiguresForm(GeminiForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    actual = forms.DecimalField(
        label="Actual in the quarter (£)",
        min_value=0,
        max_digits=14,
        decimal_places=2,
        error_messages={"required": "Enter the actual for the quarter"},
    )
    forecast_outturn = forms.DecimalField(
        label="Forecast outturn for the year (£)",
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text="Leave blank to forecast actuals to date plus the rest of the budget profile.",
    )


class ScenarioForm(GeminiModelForm):
    mitigation_from = forms.DateField(
        label="Reduce agency staff from",
        required=False,
        input_formats=UK_DATES,
        help_text="For example, 01/01/2025. Blank: the day after the latest Financial Review.",
    )
    basis = forms.ModelChoiceField(
        queryset=AllocationBasis.objects.all(),
        required=False,
        label="Allocation basis",
        empty_label="The default basis",
    )

    class Meta:
        model = Scenario
        fields = (
            "name",
            "description",
            "project_hours",
            "hourly_rate",
            "agency_fte",
            "agency_day_rate",
            "mitigation_from",
            "savings_delay_years",
            "basis",
        )
        labels = {
            "name": "Scenario name",
            "project_hours": "Project hours delivered in the year",
            "hourly_rate": "Hourly rate (£)",
            "agency_fte": "Agency FTE in post",
            "agency_day_rate": "Agency day rate (£)",
            "savings_delay_years": "Delay to savings not yet delivered (years)",
        }
        help_texts = {
            "project_hours": "Blank: the hours forecast from delivery to date.",
            "hourly_rate": "Blank: the rate the budget assumes.",
            "agency_fte": "Blank: the latest month's agency FTE.",
            "agency_day_rate": "Blank: the latest month's average day rate.",
        }
        error_messages = {"name": {"required": "Enter a name for the scenario"}}

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if not slugify(name):
            raise forms.ValidationError("Use letters or numbers in the scenario's name")
        if slugify(name) == "new":
            raise forms.ValidationError("Choose a name other than ‘New’")
        clash = Scenario.objects.filter(slug=slugify(name)[:100])
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("A scenario with that name already exists")
        return name


class AgencyMonthForm(SeenRecordForm):
    month = forms.DateField(
        label="Month",
        input_formats=UK_DATES,
        help_text="The first day of the month, for example 01/02/2025.",
        error_messages={"required": "Enter the month", "invalid": "Enter a date like 01/02/2025"},
    )
    roles = forms.IntegerField(
        label="Agency roles", min_value=0, error_messages={"required": "Enter the agency roles"}
    )
    fte = forms.DecimalField(
        label="Full-time equivalent",
        min_value=0,
        max_digits=8,
        decimal_places=1,
        error_messages={"required": "Enter the full-time equivalent"},
    )
    average_day_rate = forms.DecimalField(
        label="Average day rate (£)",
        min_value=0,
        max_digits=14,
        decimal_places=2,
        error_messages={"required": "Enter the average day rate"},
    )
    spend = forms.DecimalField(
        label="Spend in the month (£)",
        min_value=0,
        max_digits=14,
        decimal_places=2,
        error_messages={"required": "Enter the spend in the month"},
    )

    def clean_month(self) -> Any:
        month = self.cleaned_data["month"]
        if month.day != 1:
            raise forms.ValidationError("Enter the first day of the month")
        return month


class ProjectHoursForm(SeenRecordForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(kind=Organisation.Kind.COUNCIL),
        label="Commissioning council",
        to_field_name="code",
        error_messages={"required": "Choose the council"},
    )
    quarter = forms.ChoiceField(
        choices=Quarter.choices,
        label="Financial Review",
        error_messages={"required": "Choose the quarter"},
    )
    commissioned_hours = forms.DecimalField(
        label="Hours commissioned",
        min_value=0,
        max_digits=10,
        decimal_places=1,
        error_messages={
            "required": "Enter the hours commissioned",
            "min_value": "Hours cannot be negative",
        },
    )
    delivered_hours = forms.DecimalField(
        label="Hours delivered",
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=1,
        help_text="Leave blank until the quarter is reported.",
        error_messages={"min_value": "Hours cannot be negative"},
    )
