"""Forms for benefits, their profiles and measurements."""

from __future__ import annotations

import contextlib
from typing import Any

from django import forms

from gemini.core.forms import GeminiForm, GeminiModelForm
from gemini.core.models import Organisation
from gemini.programme.benefits.services import BENEFIT_FIELDS, check_financial_year
from gemini.programme.fields import reference_field, replace_field, uk_dates
from gemini.programme.models import (
    Benefit,
    BenefitMeasurement,
)


class MeasurementForm(GeminiModelForm):
    class Meta:
        model = BenefitMeasurement
        fields = ("date", "value", "note")
        error_messages = {"value": {"required": "Enter the measured value"}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        uk_dates(self, "date", required=True)
        self.fields["replace"] = replace_field("the measurement")


class BenefitForm(GeminiModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reference = reference_field("B")

    class Meta:
        model = Benefit
        fields = BENEFIT_FIELDS
        labels = {
            "description": "Expected benefit outcome",
            "financial": "Financial (measured in pounds)",
            "cash_releasing": "Cash-releasing",
            "quantitative": "Quantitative (measured as a number)",
            "owner_organisation": "Owner organisation",
            "owner": "Accountable officer",
            "full_year_value": "Full-year value (£)",
        }
        error_messages = {
            "title": {"required": "Enter the benefit's title"},
            "baseline": {"required": "Enter the baseline, or 0"},
            "target": {"required": "Enter the target"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget = forms.RadioSelect(choices=self.fields["kind"].choices)  # type: ignore[attr-defined]
        self.fields["owner_organisation"].empty_label = "Both councils"  # type: ignore[attr-defined]
        if self.instance.pk:
            del self.fields["reference"]
        self.order_fields(["version", "reference"])


PROFILE_ROWS_MAX = 60


class BenefitProfileForm(GeminiForm):
    """A benefit's profile as rows of council, financial year and amount; a blank row is none."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    rows = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, rows: int = 3, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound:
            with contextlib.suppress(TypeError, ValueError):
                rows = int(self.data.get("rows", rows))
        self.row_count = max(1, min(rows, PROFILE_ROWS_MAX))
        self.initial.setdefault("rows", self.row_count)
        councils = Organisation.objects.filter(kind=Organisation.Kind.COUNCIL).order_by("code")
        for number in range(1, self.row_count + 1):
            self.fields[f"organisation_{number}"] = forms.ModelChoiceField(
                label=f"Row {number}: council",
                queryset=councils,
                required=False,
                empty_label="Choose a council",
            )
            self.fields[f"year_{number}"] = forms.CharField(
                label=f"Row {number}: financial year",
                required=False,
                max_length=7,
                help_text="Such as 2025/26",
            )
            self.fields[f"amount_{number}"] = forms.DecimalField(
                label=f"Row {number}: amount (£)",
                required=False,
                max_digits=14,
                decimal_places=2,
                error_messages={"invalid": "Enter the amount in pounds, such as 1470000.00"},
            )

    def row_fields(self) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (self[f"organisation_{n}"], self[f"year_{n}"], self[f"amount_{n}"])
            for n in range(1, self.row_count + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        entries = []
        for number in range(1, self.row_count + 1):
            organisation = data.get(f"organisation_{number}")
            year = (data.get(f"year_{number}") or "").strip()
            amount = data.get(f"amount_{number}")
            if f"amount_{number}" in self.errors:
                continue
            if organisation is None and not year and amount is None:
                continue
            if organisation is None:
                self.add_error(f"organisation_{number}", f"Row {number}: choose the council")
            if not year:
                self.add_error(f"year_{number}", f"Row {number}: enter the financial year")
            elif problem := check_financial_year(year):
                self.add_error(f"year_{number}", f"Row {number}: {problem}")
            if amount is None:
                self.add_error(f"amount_{number}", f"Row {number}: enter the amount")
            entries.append((organisation, year, amount))
        data["entries"] = entries
        return data
