"""Form fields and checks the programme's forms share: UK dates, references made by the system,
the replace-or-keep question, the workstreams a person may choose."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from gemini.core.forms import DATE_FORMATS, DATE_HINT, GeminiForm
from gemini.programme.models import Workstream


class UKDateField(forms.DateField):
    """A date typed as UK readers write it; drawn as the GOV.UK date input (core.forms)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", DATE_FORMATS)
        kwargs.setdefault("help_text", DATE_HINT)
        super().__init__(**kwargs)


def uk_dates(form: forms.BaseForm, *names: str, required: bool = False) -> None:
    for name in names:
        old = form.fields[name]
        form.fields[name] = UKDateField(label=old.label, required=required or old.required)


def replace_field(what: str = "the status") -> forms.BooleanField:
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


def reference_field(prefix: str) -> forms.CharField:
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


def limit_workstreams(form: forms.BaseForm, workstreams: QuerySet[Workstream] | None) -> None:
    if workstreams is not None and "workstream" in form.fields:
        form.fields["workstream"].queryset = workstreams  # type: ignore[attr-defined]


class AsAtForm(GeminiForm):
    date = UKDateField(label="Status as at", required=False)
