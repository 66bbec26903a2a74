"""Forms for the programme pages, worded as the GOV.UK Design System words errors."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet

from gemini.core.forms import DATE_FORMATS, DATE_HINT, GeminiForm, GeminiModelForm
from gemini.core.models import Organisation
from gemini.programme import engine
from gemini.programme.models import (
    Assumption,
    Benefit,
    BenefitMeasurement,
    CatalogueService,
    Decision,
    Issue,
    Meeting,
    Milestone,
    OverallStatus,
    Risk,
    RiskAction,
    RiskMatrix,
    StatusUpdate,
    Workstream,
)
from gemini.programme.services import BENEFIT_FIELDS, OwnerEntry, check_financial_year

RISK_FORM_FIELDS = (
    "title",
    "cause",
    "event",
    "effect",
    "category",
    "workstream",
    "owner",
    "inherent_likelihood",
    "inherent_impact",
    "current_likelihood",
    "current_impact",
    "target_likelihood",
    "target_impact",
    "response",
    "review_date",
    "proximity",
    "status",
    "confidentiality",
    "exempt_paragraph",
    "public_interest_reason",
)


class WorkstreamForm(GeminiModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Workstream
        fields = ("name", "purpose", "lead_name")
        error_messages = {"name": {"required": "Enter the workstream's name"}}


class UKDateField(forms.DateField):
    """A date typed as UK readers write it; drawn as the GOV.UK date input (core.forms)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", DATE_FORMATS)
        kwargs.setdefault("help_text", DATE_HINT)
        super().__init__(**kwargs)


def _dates(form: forms.BaseForm, *names: str, required: bool = False) -> None:
    for name in names:
        old = form.fields[name]
        form.fields[name] = UKDateField(label=old.label, required=required or old.required)


def _replace_field(what: str = "the status") -> forms.BooleanField:
    """Hidden until saving would replace a record kept for the same date (a status, a
    measurement); then shown as a checkbox beside the message naming who recorded it
    (`ask_to_replace`)."""
    return forms.BooleanField(
        label=f"Replace {what} already recorded for this date",
        required=False,
        widget=forms.HiddenInput,
    )


def ask_to_replace(form: forms.BaseForm) -> None:
    """Show the replace checkbox (after a WouldReplaceError)."""
    form.fields["replace"].widget = forms.CheckboxInput()


def _reference_field(prefix: str) -> forms.CharField:
    """A new record's reference is made by Gemini, never typed: the next free one in the
    register (R10 after R9; services.next_reference), shown in the message once saved. The
    field is disabled, so whatever a request sends for it is ignored. A council's own
    numbering arrives by import, which keeps the references it is given."""
    return forms.CharField(
        max_length=20,
        required=False,
        disabled=True,
        widget=forms.HiddenInput,
        help_text=f"Made by Gemini: the next free reference ({prefix}1, {prefix}2 …).",
    )


class StatusUpdateForm(GeminiModelForm):
    class Meta:
        model = StatusUpdate
        fields = ("date", "rating", "narrative", "achievements", "next_steps")
        error_messages = {"rating": {"required": "Select the workstream's status"}}

    def __init__(self, *args: Any, scale: Sequence[str] = engine.RAG, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _dates(self, "date", required=True)
        self.fields["rating"] = forms.ChoiceField(
            label="Status",
            choices=[(r, r) for r in scale],
            widget=forms.RadioSelect,
            error_messages={"required": "Select the workstream's status"},
        )
        self.fields["replace"] = _replace_field()


class OverallStatusForm(GeminiModelForm):
    class Meta:
        model = OverallStatus
        fields = ("date", "rating", "reason")
        error_messages = {"reason": {"required": "Give the reason for the overall status"}}

    def __init__(self, *args: Any, scale: Sequence[str] = engine.RAG, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _dates(self, "date", required=True)
        self.fields["rating"] = forms.ChoiceField(
            label="Overall status",
            choices=[(r, r) for r in scale],
            widget=forms.RadioSelect,
            error_messages={"required": "Select the overall status"},
        )
        self.fields["replace"] = _replace_field()


def _limit_workstreams(form: forms.BaseForm, workstreams: QuerySet[Workstream] | None) -> None:
    if workstreams is not None and "workstream" in form.fields:
        form.fields["workstream"].queryset = workstreams  # type: ignore[attr-defined]


class MilestoneForm(GeminiModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reference = _reference_field("M")
    predecessors = forms.ModelMultipleChoiceField(
        queryset=Milestone.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Milestones that must be achieved first.",
    )

    class Meta:
        model = Milestone
        fields = (
            "title",
            "workstream",
            "owner",
            "baseline_date",
            "forecast_date",
            "actual_date",
            "status",
        )
        error_messages = {"title": {"required": "Enter the milestone's title"}}

    def __init__(
        self, *args: Any, workstreams: QuerySet[Workstream] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _dates(self, "baseline_date", "forecast_date", "actual_date")
        _limit_workstreams(self, workstreams)
        others = Milestone.objects.order_by("baseline_date", "reference")
        if self.instance.pk:
            del self.fields["reference"]
            others = others.exclude(pk=self.instance.pk)
            self.initial.setdefault(
                "predecessors", [m.pk for m in self.instance.predecessors.all()]
            )
        self.fields["predecessors"].queryset = others  # type: ignore[attr-defined]
        self.order_fields(["version", "reference"])


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
    reference = _reference_field("R")

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
        _dates(self, "review_date", "proximity")
        _limit_workstreams(self, workstreams)
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
        _dates(self, "due_date", "completed_date")


class RaiseIssueForm(GeminiForm):
    reference = _reference_field("I")
    raised_date = UKDateField(label="Raised on")


class IssueForm(GeminiModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reference = _reference_field("I")

    class Meta:
        model = Issue
        fields = (
            "title",
            "description",
            "workstream",
            "priority",
            "owner",
            "raised_date",
            "resolved_date",
            "resolution",
            "escalated_to",
            "risk",
            "confidentiality",
            "exempt_paragraph",
            "public_interest_reason",
        )
        error_messages = {"title": {"required": "Enter the issue's title"}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _dates(self, "raised_date", required=True)
        _dates(self, "resolved_date")
        if self.instance.pk:
            del self.fields["reference"]
        self.order_fields(["version", "reference"])


class DecisionForm(GeminiModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reference = forms.CharField(max_length=60, help_text="Such as CPC/52/24-25 R2.")

    class Meta:
        model = Decision
        fields = (
            "title",
            "body",
            "meeting",
            "date",
            "recommendations",
            "resolution",
            "confidentiality",
            "exempt_paragraph",
            "public_interest_reason",
        )
        error_messages = {
            "title": {"required": "Enter the decision's title"},
            "body": {"required": "Choose the body that made the decision"},
        }

    def __init__(
        self,
        *args: Any,
        risks: QuerySet[Risk] | None = None,
        issues: QuerySet[Issue] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _dates(self, "date", required=True)
        self.fields["date"].label = "Date of the decision"
        self.fields["meeting"].queryset = Meeting.objects.select_related("body").order_by(  # type: ignore[attr-defined]
            "-date"
        )
        self.fields["meeting"].help_text = "The meeting of that body where it was decided."
        self.fields["related_risks"] = forms.ModelMultipleChoiceField(
            queryset=risks if risks is not None else Risk.objects.none(),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label="Risks it is about",
            initial=[r.pk for r in self.instance.risks.all()] if self.instance.pk else [],
        )
        self.fields["related_issues"] = forms.ModelMultipleChoiceField(
            queryset=issues if issues is not None else Issue.objects.none(),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label="Issues it is about",
            initial=[i.pk for i in self.instance.issues.all()] if self.instance.pk else [],
        )
        if self.instance.pk:
            del self.fields["reference"]
        self.order_fields(["version", "reference"])


class MeasurementForm(GeminiModelForm):
    class Meta:
        model = BenefitMeasurement
        fields = ("date", "value", "note")
        error_messages = {"value": {"required": "Enter the measured value"}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _dates(self, "date", required=True)
        self.fields["replace"] = _replace_field("the measurement")


class ResponsibilityForm(GeminiForm):
    service = forms.ModelChoiceField(
        queryset=CatalogueService.objects.none(),
        empty_label="Choose a service",
        error_messages={"required": "Choose a service"},
    )
    organisation = forms.ModelChoiceField(
        label="Council",
        queryset=Organisation.objects.none(),
        empty_label="Choose a council",
        error_messages={"required": "Choose a council"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = CatalogueService.objects.all()  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            kind=Organisation.Kind.COUNCIL
        )


class AsAtForm(GeminiForm):
    date = UKDateField(label="Status as at", required=False)


class RiskActionDoneForm(GeminiForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    completed_date = UKDateField(
        label="Date it was done",
        error_messages={"required": "Enter the date the action was done"},
    )


class AssumptionForm(GeminiModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reference = _reference_field("A")

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


class BenefitForm(GeminiModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reference = _reference_field("B")

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


CONTACT_HINT = "Team, mailbox or portal."
PROVIDER_HINT = "Who delivers it there."


class CatalogueServiceForm(GeminiModelForm):
    """A service in the operating-model catalogue with its accountable owner in each council.

    `model` combines the model and the council: shared, separate, or "<council> only".
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    model = forms.ChoiceField(
        label="Operating model",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the operating model"},
    )

    class Meta:
        model = CatalogueService
        fields = (
            "name",
            "description",
            "provider",
            "cost_allocation",
            "current_state",
            "target_state",
            "change_date",
        )
        labels = {
            "name": "Service or capability",
            "cost_allocation": "Cost-allocation basis",
            "current_state": "Current state",
            "target_state": "Target state",
            "change_date": "Date it changes",
        }
        error_messages = {"name": {"required": "Enter the service's name"}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _dates(self, "change_date")
        self.fields["change_date"].label = "Date it changes"
        self.fields["cost_allocation"].help_text = "Only for a shared service."
        self.councils = list(
            Organisation.objects.filter(kind=Organisation.Kind.COUNCIL).order_by("code")
        )
        self.fields["model"].choices = [  # type: ignore[attr-defined]
            ("shared", "Shared"),
            ("separate", "Separate (each council its own)"),
            *((f"single:{c.pk}", f"{c.code} only ({c.name})") for c in self.councils),
        ]
        service = self.instance
        owners = {o.organisation_id: o for o in service.owners.all()} if service.pk else {}
        if service.pk:
            self.initial.setdefault(
                "model",
                f"single:{service.sole_organisation_id}"
                if service.model == "single"
                else service.model,
            )
        for council in self.councils:
            owner = owners.get(council.pk)
            for name, label, value, hint in (
                ("owner", "Accountable owner", owner.accountable_owner if owner else "", ""),
                ("contact", "Where to go", owner.contact if owner else "", CONTACT_HINT),
                ("provider", "Provider", owner.provider if owner else "", PROVIDER_HINT),
            ):
                key = f"{name}_{council.pk}"
                self.fields[key] = forms.CharField(
                    label=label, required=False, max_length=200, help_text=hint
                )
                self.initial.setdefault(key, value)
        self.order_fields(["version", "name", "description", "model"])

    def council_fields(self) -> list[tuple[Organisation, list[forms.BoundField]]]:
        """Each council with its accountable owner, where to go and provider fields."""
        return [
            (c, [self[f"{name}_{c.pk}"] for name in ("owner", "contact", "provider")])
            for c in self.councils
        ]

    def model_and_council(self) -> tuple[str, Organisation | None]:
        chosen = self.cleaned_data["model"]
        if chosen.startswith("single:"):
            pk = int(chosen.split(":", 1)[1])
            return "single", next(c for c in self.councils if c.pk == pk)
        return chosen, None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("model"):
            # The model's own rules (a shared service splits its cost, …) see the choice.
            self.instance.model, self.instance.sole_organisation = self.model_and_council()
        return data

    def owner_entries(self) -> list[OwnerEntry]:
        return [
            OwnerEntry(
                council,
                self.cleaned_data[f"owner_{council.pk}"],
                self.cleaned_data[f"contact_{council.pk}"],
                self.cleaned_data[f"provider_{council.pk}"],
            )
            for council in self.councils
        ]
