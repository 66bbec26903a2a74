from __future__ import annotations

from decimal import Decimal

from django import forms

from gemini.migration import models as m


class PlanForm(forms.Form):
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


class SettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    version = forms.IntegerField(widget=forms.HiddenInput)
    start = forms.DateField(
        label="First submission",
        required=False,
        help_text="For example, 03/06/2024: when the first batch goes in.",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(format="%d/%m/%Y"),
    )

    class Meta:
        model = m.MigrationSettings
        fields = (
            "source_tenant_name",
            "target_tenant_name",
            "source_tenant_id",
            "target_domain",
            "max_users",
            "max_gb",
            "pilot_users",
            "start",
            "submit_lead_days",
            "wave_interval_working_days",
        )


class StatusForm(forms.Form):
    workload = forms.ChoiceField(choices=m.Workload.choices)
    state = forms.ChoiceField(choices=m.State.choices)
    problem = forms.ChoiceField(choices=m.Problem.choices, required=False)
    note = forms.CharField(max_length=500, required=False)
