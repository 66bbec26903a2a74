from __future__ import annotations

from django import forms

from gemini.programme.models import Workstream


class WorkstreamForm(forms.ModelForm):  # type: ignore[type-arg]
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Workstream
        fields = ("name", "purpose", "lead_name")
        error_messages = {"name": {"required": "Enter the workstream's name"}}
