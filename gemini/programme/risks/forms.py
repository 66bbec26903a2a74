"""Forms for risks, actions, issues, assumptions and the risk matrix."""

from __future__ import annotations

import contextlib
from typing import Any

from django import forms
from django.db.models import QuerySet

from gemini.core.forms import GeminiForm, GeminiModelForm
from gemini.programme import engine
from gemini.programme.fields import UKDateField, limit_workstreams, reference_field, uk_dates
from gemini.programme.models import (
    Assumption,
    Issue,
    Risk,
    RiskAction,
    RiskMatrix,
    Workstream,
)
from gemini.programme.risks.services import ISSUE_FIELDS, RISK_FIELDS

# The fields a person edits are the ones the service saves (one list: risks.services).
RISK_FORM_FIELDS = RISK_FIELDS


def _level_labels(matrix: RiskMatrix | None, axis: str) -> list[tuple[int, str]]:
    """The matrix's own words for each level ("1 Rare" … "5 Almost certain"); numbers with
    "lowest" and "highest" where the matrix has no words."""
    levels = matrix.levels if matrix is not None else 5
    words = list(getattr(matrix, f"{axis}_labels", None) or [])
    if len(words) != levels:
        words = ["(lowest)"] + [""] * (levels - 2) + ["(highest)"]
    return [(level, str(words[level - 1])) for level in range(1, levels + 1)]


class RiskForm(GeminiModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reference = reference_field("R")

    class Meta:
        model = Risk
        fields = RISK_FORM_FIELDS
        error_messages = {"title": {"required": "Enter the risk's title"}}

    def __init__(
        self,
        *args: Any,
        workstreams: QuerySet[Workstream] | None = None,
        matrix: RiskMatrix | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        uk_dates(self, "review_date", "proximity")
        limit_workstreams(self, workstreams)
        for name in RISK_FORM_FIELDS[7:13]:  # the six likelihood and impact levels
            labels = _level_labels(matrix, "likelihood" if "likelihood" in name else "impact")
            field = self.fields[name]
            self.fields[name] = forms.TypedChoiceField(
                label=field.label,
                coerce=int,
                choices=[(level, f"{level} {label}".strip()) for level, label in labels],
                widget=forms.RadioSelect,
                required=field.required,
                error_messages={"required": f"Choose the {str(field.label).lower()}"},
            )
        if self.instance.pk:
            del self.fields["reference"]
        self.order_fields(["version", "reference"])


class RiskActionForm(GeminiModelForm):
    class Meta:
        model = RiskAction
        fields = ("description", "owner", "due_date", "completed_date")
        error_messages = {"description": {"required": "Describe the action"}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        uk_dates(self, "due_date", "completed_date")


class RaiseIssueForm(GeminiForm):
    reference = reference_field("I")
    raised_date = UKDateField(label="Raised on")


class IssueForm(GeminiModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reference = reference_field("I")

    class Meta:
        model = Issue
        fields = ISSUE_FIELDS
        error_messages = {"title": {"required": "Enter the issue's title"}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        uk_dates(self, "raised_date", required=True)
        uk_dates(self, "resolved_date")
        if self.instance.pk:
            del self.fields["reference"]
        self.order_fields(["version", "reference"])


class RiskActionDoneForm(GeminiForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    completed_date = UKDateField(
        label="Date it was done",
        error_messages={"required": "Enter the date the action was done"},
    )


class AssumptionForm(GeminiModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reference = reference_field("A")

    class Meta:
        model = Assumption
        fields = ("description", "workstream", "owner", "validated")
        labels = {"description": "Assumption", "validated": "The assumption has been validated"}
        error_messages = {"description": {"required": "Describe the assumption"}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["workstream"].empty_label = "The whole programme"  # type: ignore[attr-defined]
        if self.instance.pk:
            del self.fields["reference"]
        self.order_fields(["version", "reference"])


BAND_ROWS_SPARE = 2


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class RiskMatrixForm(GeminiForm):
    """Levels, labels, appetite and bands (name, lowest and highest score, colour)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    bands_count = forms.IntegerField(widget=forms.HiddenInput)
    levels = forms.IntegerField(
        label="Levels of likelihood and impact",
        help_text="5 gives scores 1 to 25.",
        min_value=2,
        max_value=10,
        error_messages={
            "required": "Enter the number of levels",
            "invalid": "Enter the number of levels as a whole number, such as 5",
            "min_value": "Enter a number of levels from 2 to 10",
            "max_value": "Enter a number of levels from 2 to 10",
        },
    )
    likelihood_labels = forms.CharField(
        label="Likelihood labels",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="One a line, lowest first, one per level (or none).",
    )
    impact_labels = forms.CharField(
        label="Impact labels",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="One a line, lowest first, one per level (or none).",
    )
    appetite = forms.IntegerField(
        label="Risk appetite",
        required=False,
        min_value=1,
        help_text="Current scores above this need escalation. Leave blank for none.",
        error_messages={
            "invalid": "Enter the appetite as a whole number, such as 12",
            "min_value": "Enter an appetite of 1 or more",
        },
    )

    def __init__(self, *args: Any, bands: int = 4, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound:
            with contextlib.suppress(TypeError, ValueError):
                bands = int(self.data.get("bands_count", bands))
        self.band_count = max(1, min(bands, 12))
        self.initial.setdefault("bands_count", self.band_count)
        for number in range(1, self.band_count + 1):
            self.fields[f"band_name_{number}"] = forms.CharField(
                label=f"Band {number}: name", required=False, max_length=40
            )
            self.fields[f"band_lowest_{number}"] = forms.IntegerField(
                label=f"Band {number}: lowest score",
                required=False,
                min_value=1,
                error_messages={"invalid": f"Band {number}: enter the lowest score as a number"},
            )
            self.fields[f"band_highest_{number}"] = forms.IntegerField(
                label=f"Band {number}: highest score",
                required=False,
                min_value=1,
                error_messages={"invalid": f"Band {number}: enter the highest score as a number"},
            )
            self.fields[f"band_colour_{number}"] = forms.CharField(
                label=f"Band {number}: colour",
                required=False,
                max_length=7,
                help_text="Such as #d4351c",
            )

    def band_fields(self) -> list[tuple[forms.BoundField, ...]]:
        return [
            tuple(self[f"band_{part}_{n}"] for part in ("name", "lowest", "highest", "colour"))
            for n in range(1, self.band_count + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        bands = []
        for number in range(1, self.band_count + 1):
            name = (data.get(f"band_name_{number}") or "").strip()
            lowest = data.get(f"band_lowest_{number}")
            highest = data.get(f"band_highest_{number}")
            colour = (data.get(f"band_colour_{number}") or "").strip()
            if not (name or lowest or highest or colour):
                continue
            missing = [
                label
                for label, value in (
                    ("name", name),
                    ("lowest score", lowest),
                    ("highest score", highest),
                    ("colour", colour),
                )
                if not value
            ]
            if missing:
                self.add_error(
                    f"band_name_{number}", f"Band {number}: enter its {' and '.join(missing)}"
                )
                continue
            bands.append(engine.Band(name, int(lowest), int(highest), colour))  # type: ignore[arg-type]
        data["bands"] = bands
        data["likelihood"] = _lines(data.get("likelihood_labels") or "")
        data["impact"] = _lines(data.get("impact_labels") or "")
        return data
