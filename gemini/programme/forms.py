"""Forms for the programme pages, worded as the GOV.UK Design System words errors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet

from gemini.core.models import Organisation
from gemini.programme import engine
from gemini.programme.models import (
    BenefitMeasurement,
    CatalogueService,
    Decision,
    Issue,
    Milestone,
    OverallStatus,
    Risk,
    RiskAction,
    StatusUpdate,
    Workstream,
)

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


class WorkstreamForm(forms.ModelForm):  # type: ignore[type-arg]
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Workstream
        fields = ("name", "purpose", "lead_name")
        error_messages = {"name": {"required": "Enter the workstream's name"}}


DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_HINT = "For example, 06/02/2025"


class UKDateField(forms.DateField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", DATE_FORMATS)
        kwargs.setdefault("help_text", DATE_HINT)
        kwargs.setdefault("error_messages", {"invalid": "Enter a real date, such as 06/02/2025"})
        super().__init__(**kwargs)


def _dates(form: forms.BaseForm, *names: str, required: bool = False) -> None:
    for name in names:
        old = form.fields[name]
        form.fields[name] = UKDateField(label=old.label, required=required or old.required)


class StatusUpdateForm(forms.ModelForm):  # type: ignore[type-arg]
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


class OverallStatusForm(forms.ModelForm):  # type: ignore[type-arg]
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


def _limit_workstreams(form: forms.BaseForm, workstreams: QuerySet[Workstream] | None) -> None:
    if workstreams is not None and "workstream" in form.fields:
        form.fields["workstream"].queryset = workstreams  # type: ignore[attr-defined]


class MilestoneForm(forms.ModelForm):  # type: ignore[type-arg]
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reference = forms.CharField(max_length=20, help_text="Such as M10.")
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


class RiskForm(forms.ModelForm):  # type: ignore[type-arg]
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reference = forms.CharField(max_length=20, help_text="Such as R10.")

    class Meta:
        model = Risk
        fields = RISK_FORM_FIELDS
        error_messages = {"title": {"required": "Enter the risk's title"}}

    def __init__(
        self, *args: Any, workstreams: QuerySet[Workstream] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _dates(self, "review_date", "proximity")
        _limit_workstreams(self, workstreams)
        for name in RISK_FORM_FIELDS[7:13]:  # the six likelihood and impact levels
            self.fields[name].help_text = "1 (lowest) to 5 (highest) on the register's matrix"
        if self.instance.pk:
            del self.fields["reference"]
        self.order_fields(["version", "reference"])


class RiskActionForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = RiskAction
        fields = ("description", "owner", "due_date", "completed_date")
        error_messages = {"description": {"required": "Describe the action"}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _dates(self, "due_date", "completed_date")


class RaiseIssueForm(forms.Form):
    reference = forms.CharField(max_length=20, help_text="The new issue's reference, such as I10.")
    raised_date = UKDateField(label="Raised on")


class IssueForm(forms.ModelForm):  # type: ignore[type-arg]
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reference = forms.CharField(max_length=20, help_text="Such as I10.")

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


class DecisionForm(forms.ModelForm):  # type: ignore[type-arg]
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
        error_messages = {"title": {"required": "Enter the decision's title"}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _dates(self, "date", required=True)
        self.order_fields(["reference"])


class MeasurementForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = BenefitMeasurement
        fields = ("date", "value", "note")
        error_messages = {"value": {"required": "Enter the measured value"}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _dates(self, "date", required=True)


class ResponsibilityForm(forms.Form):
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


class AsAtForm(forms.Form):
    date = UKDateField(label="Status as at", required=False)
