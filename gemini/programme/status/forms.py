"""Forms for status: workstreams, status updates, the overall status, milestones, the scale."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet

from gemini.core.forms import GeminiForm, GeminiModelForm
from gemini.programme import engine
from gemini.programme.fields import limit_workstreams, reference_field, replace_field, uk_dates
from gemini.programme.models import (
    Milestone,
    OverallStatus,
    StatusScale,
    StatusUpdate,
    Workstream,
)
from gemini.programme.status.services import MILESTONE_FIELDS


class WorkstreamForm(GeminiModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Workstream
        fields = ("name", "purpose", "lead_name")
        error_messages = {"name": {"required": "Enter the workstream's name"}}


class StatusUpdateForm(GeminiModelForm):
    class Meta:
        model = StatusUpdate
        fields = ("date", "rating", "narrative", "achievements", "next_steps")
        error_messages = {"rating": {"required": "Select the workstream's status"}}

    def __init__(self, *args: Any, scale: Sequence[str] = engine.RAG, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        uk_dates(self, "date", required=True)
        self.fields["rating"] = forms.ChoiceField(
            label="Status",
            choices=[(r, r) for r in scale],
            widget=forms.RadioSelect,
            error_messages={"required": "Select the workstream's status"},
        )
        self.fields["replace"] = replace_field()


class OverallStatusForm(GeminiModelForm):
    class Meta:
        model = OverallStatus
        fields = ("date", "rating", "reason")
        error_messages = {"reason": {"required": "Give the reason for the overall status"}}

    def __init__(self, *args: Any, scale: Sequence[str] = engine.RAG, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        uk_dates(self, "date", required=True)
        self.fields["rating"] = forms.ChoiceField(
            label="Overall status",
            choices=[(r, r) for r in scale],
            widget=forms.RadioSelect,
            error_messages={"required": "Select the overall status"},
        )
        self.fields["replace"] = replace_field()


class MilestoneForm(GeminiModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reference = reference_field("M")
    predecessors = forms.ModelMultipleChoiceField(
        queryset=Milestone.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Milestones that must be achieved first.",
    )

    class Meta:
        model = Milestone
        fields = MILESTONE_FIELDS
        error_messages = {"title": {"required": "Enter the milestone's title"}}

    def __init__(
        self, *args: Any, workstreams: QuerySet[Workstream] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        uk_dates(self, "baseline_date", "forecast_date", "actual_date")
        limit_workstreams(self, workstreams)
        others = Milestone.objects.order_by("baseline_date", "reference")
        if self.instance.pk:
            del self.fields["reference"]
            others = others.exclude(pk=self.instance.pk)
            self.initial.setdefault(
                "predecessors", [m.pk for m in self.instance.predecessors.all()]
            )
        self.fields["predecessors"].queryset = others  # type: ignore[attr-defined]
        self.order_fields(["version", "reference"])


class StatusScaleForm(GeminiForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status_scale = forms.ChoiceField(
        label="Status scale",
        choices=StatusScale.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the status scale"},
    )
