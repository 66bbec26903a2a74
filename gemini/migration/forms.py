from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms

from gemini.core.forms import GeminiForm, GeminiModelForm
from gemini.migration import models as m
from gemini.migration.engine import addresses
from gemini.migration.engine.planner import WEEKDAYS


class PlanForm(GeminiForm):
    max_users = forms.IntegerField(
        label="Users per wave",
        min_value=1,
        max_value=2000,
        help_text="At most 2,000: Microsoft's cap on mailboxes in one cross-tenant batch.",
    )
    max_gb = forms.DecimalField(
        label="Data per wave (GB)", min_value=Decimal("0.01"), max_digits=12, decimal_places=2
    )
    pilot_users = forms.IntegerField(label="People in the pilot", min_value=0)
    start = forms.DateField(
        label="First submission",
        help_text="For example, 03/06/2024. Cutovers fall on UK working days.",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
    )
    submit_lead_days = forms.IntegerField(
        label="Days between submission and cutover", min_value=0, max_value=60
    )
    wave_interval_working_days = forms.IntegerField(
        label="Working days between cutovers", min_value=1, max_value=60
    )


class SettingsForm(GeminiModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    target_cross_tenant_host_url = forms.URLField(
        label="Target cross-tenant host URL",
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=(
            "What Get-SPOCrossTenantHostUrl prints in the new tenant, such as "
            "https://cheshirewest-my.sharepoint.com/: written into the SharePoint site map."
        ),
    )
    start = forms.DateField(
        label="First submission",
        required=False,
        help_text="For example, 03/06/2024: when the first batch goes in.",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(format="%d/%m/%Y"),
    )

    def clean_target_cross_tenant_host_url(self) -> str:
        value: str = self.cleaned_data["target_cross_tenant_host_url"]
        if value and not value.startswith("https://"):
            raise forms.ValidationError(
                "Enter the https:// address Get-SPOCrossTenantHostUrl prints."
            )
        return value

    class Meta:
        model = m.MigrationSettings
        fields = (
            "source_tenant_name",
            "target_tenant_name",
            "source_tenant_id",
            "target_domain",
            "target_cross_tenant_host_url",
            "max_users",
            "max_gb",
            "pilot_users",
            "start",
            "submit_lead_days",
            "wave_interval_working_days",
            "cutover_weekday",
            "parallel_waves",
            "target_delivery_domain",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        weekday = self.fields["cutover_weekday"]
        weekday.choices = [("", "Any working day"), *enumerate(WEEKDAYS)]  # type: ignore[attr-defined]

    def clean_target_delivery_domain(self) -> str:
        """A domain name as Entra ID accepts one (engine/addresses.py), in lower case."""
        value: str = self.cleaned_data.get("target_delivery_domain", "").strip().lower()
        if value:
            problem = addresses.address_problem(f"mailuser@{value}")
            if problem:
                raise forms.ValidationError(
                    f"{value} is not a domain name: {problem}. For example, "
                    "cheshirewest.onmicrosoft.com."
                )
        return value


class FreezeForm(GeminiForm):
    """One freeze period: days (both inclusive) when no cutover may happen."""

    start = forms.DateField(
        label="First day",
        help_text="For example, 22/12/2025.",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
    )
    end = forms.DateField(
        label="Last day",
        required=False,
        help_text="Leave blank for a single day.",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
    )
    reason = forms.CharField(label="Why", max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "The last day must be the same as or after the first day.")
        return data


class StatusForm(GeminiForm):
    """Set one of a person's workload statuses. The form carries, hidden, the version of each
    status the page showed (0 for one not recorded yet), so that a save over a status someone
    else changed meanwhile is refused (services.update_status)."""

    workload = forms.ChoiceField(choices=m.Workload.choices)
    state = forms.ChoiceField(choices=m.State.choices)
    problem = forms.ChoiceField(choices=m.Problem.choices, required=False)
    note = forms.CharField(max_length=500, required=False)

    def __init__(self, *args: Any, versions: Mapping[str, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for workload in m.Workload:
            self.fields[f"version_{workload.value}"] = forms.IntegerField(
                widget=forms.HiddenInput,
                min_value=0,
                required=False,
                initial=versions.get(workload.value, 0),
            )

    def version_fields(self) -> list[forms.BoundField]:
        return [self[f"version_{workload.value}"] for workload in m.Workload]

    def expected_version(self) -> int:
        """The version of the chosen workload's status that the page showed."""
        seen = self.cleaned_data.get(f"version_{self.cleaned_data['workload']}")
        return seen or 0


class CutoverTaskForm(GeminiModelForm):
    """One step of a council's cut-over checklist (checklist.edit_task)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    due = forms.DateField(
        label="Due date",
        required=False,
        help_text="For example, 03/06/2024.",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(format="%d/%m/%Y"),
    )
    done_on = forms.DateField(
        label="Done on",
        required=False,
        help_text="For example, 17/06/2024. Needed when the state is Done.",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(format="%d/%m/%Y"),
    )

    class Meta:
        model = m.CutoverTask
        fields = ("due", "owner", "state", "done_on", "note")
