from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from gemini.core.forms import GeminiForm
from gemini.hosting.assessment import EXIT_DATE
from gemini.hosting.engine.disposition import Disposition
from gemini.hosting.engine.grouping import Basis
from gemini.hosting.models import Criticality


class RvtoolsForm(GeminiForm):
    file = forms.FileField(
        label="Upload an RVTools export",
        help_text="The .xlsx from RVTools (Export all to Excel), or its vInfo tab saved as .csv.",
        error_messages={
            "required": "Select an RVTools export",
            "empty": "The selected file is empty",
        },
    )

    def clean_file(self) -> UploadedFile[bytes]:
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("The selected file must be an .xlsx or a .csv file")
        if (upload.size or 0) > settings.GEMINI_IMPORT_MAX_BYTES:
            limit = settings.GEMINI_IMPORT_MAX_BYTES / (1024 * 1024)
            raise forms.ValidationError(f"The selected file must be smaller than {limit:g}MB")
        return upload


class ConfirmImportForm(GeminiForm):
    """Confirming a previewed import; the box is needed only when too much would disappear."""

    allow_disappear = forms.BooleanField(
        label="Yes, these VMs have gone: mark them disappeared",
        required=False,
    )

    def __init__(self, *args: object, must_allow: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.must_allow = must_allow

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if self.must_allow and not data.get("allow_disappear"):
            self.add_error(
                "allow_disappear",
                "Confirm that these VMs have gone, or cancel and check the export",
            )
        return data


class ConfirmForm(GeminiForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    disposition = forms.ChoiceField(
        label="Disposition",
        choices=[(d.value, d.label) for d in Disposition],
        widget=forms.RadioSelect,
        error_messages={"required": "Select a disposition"},
    )
    note = forms.CharField(
        label="Reason (required when you override the proposal)",
        required=False,
        widget=forms.Textarea,
    )

    def __init__(self, *args: object, proposed: str = "", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.proposed = proposed

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        overridden = data.get("disposition") and data["disposition"] != self.proposed
        if overridden and not str(data.get("note", "")).strip():
            self.add_error("note", "Enter why you override the proposed disposition")
        return data


class PlanForm(GeminiForm):
    start = forms.DateField(
        label="First wave starts",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        help_text="For example, 01/04/2025",
        error_messages={
            "required": "Enter the date the first wave starts",
            "invalid": "Enter a real date, such as 01/04/2025",
        },
    )
    exit_date = forms.DateField(
        label="Data-centre exit date",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        initial=EXIT_DATE,
        error_messages={
            "required": "Enter the exit date",
            "invalid": "Enter a real date, such as 31/03/2027",
        },
    )
    wave_days = forms.IntegerField(
        label="Days in a wave",
        min_value=1,
        max_value=365,
        initial=28,
        error_messages={"required": "Enter how many days a wave lasts"},
    )
    max_vms_per_wave = forms.IntegerField(
        label="Most VMs in a wave",
        min_value=1,
        max_value=100_000,
        initial=40,
        error_messages={"required": "Enter the most VMs a wave can move"},
    )
    max_tb_per_wave = forms.DecimalField(
        label="Most storage in a wave (TB)",
        min_value=Decimal("0.01"),
        max_digits=8,
        decimal_places=2,
        initial=Decimal(20),
        error_messages={"required": "Enter the most storage a wave can move"},
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("exit_date")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end <= start:
            self.add_error("exit_date", "The exit date must be after the first wave starts")
        return data


class GroupingForm(GeminiForm):
    """Accept some of the proposed groups of VMs in no application as applications."""

    basis = forms.ChoiceField(choices=[(b.value, b.label) for b in Basis], widget=forms.HiddenInput)
    groups = forms.MultipleChoiceField(
        label="Groups to accept as applications",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one group to accept"},
    )
    organisation = forms.ChoiceField(
        label="Owner of the new applications",
        help_text="A council, or the shared service for applications both councils use (their "
        "cost is then split between the councils).",
        widget=forms.RadioSelect,
        error_messages={"required": "Select who owns the new applications"},
    )
    criticality = forms.ChoiceField(
        label="Criticality of the new applications",
        choices=Criticality.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how critical the new applications are"},
    )

    def __init__(
        self,
        *args: object,
        groups: list[tuple[str, str]] = (),  # type: ignore[assignment]
        organisations: list[tuple[str, str]] = (),  # type: ignore[assignment]
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["groups"].choices = groups  # type: ignore[attr-defined]
        self.fields["organisation"].choices = organisations  # type: ignore[attr-defined]
