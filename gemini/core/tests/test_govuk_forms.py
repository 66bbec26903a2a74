"""Form fields drawn with the GOV.UK macros show values as a UK reader types them."""

from __future__ import annotations

import datetime as dt

from django import forms

from gemini.core.govuk_forms import error_summary, govuk_field


class _Form(forms.Form):
    due = forms.DateField(input_formats=["%d/%m/%Y"])
    note = forms.CharField(required=False)


def test_a_saved_date_is_shown_as_dd_mm_yyyy():
    form = _Form(initial={"due": dt.date(2025, 2, 6), "note": None})

    kind, params = govuk_field(form["due"])

    assert kind == "input"
    assert params["value"] == "06/02/2025"
    assert govuk_field(form["note"])[1]["value"] == ""


def test_what_the_person_typed_is_shown_back_as_typed():
    form = _Form(data={"due": "31/02/2025"})
    form.is_valid()

    assert govuk_field(form["due"])[1]["value"] == "31/02/2025"


class _RiskLikeForm(forms.Form):
    title = forms.CharField(label="Title")
    workstream = forms.ChoiceField(label="Workstream", choices=[("", "---------"), ("t", "T")])
    owner = forms.ChoiceField(
        label="Owner", widget=forms.RadioSelect, choices=[("", "---------"), ("a", "A")]
    )


def test_it_names_the_field_in_a_required_error_rather_than_this_field_is_required():
    form = _RiskLikeForm(data={})
    assert not form.is_valid()

    summary = error_summary(form)
    texts = [item["text"] for item in summary["errorList"]]  # type: ignore[index]
    assert texts == ["Enter the title", "Choose the workstream", "Choose the owner"]
    assert "This field is required." not in str(govuk_field(form["title"]))


def test_a_select_never_starts_with_dashes_and_radios_have_no_empty_choice():
    form = _RiskLikeForm()
    _, select = govuk_field(form["workstream"])
    _, radios = govuk_field(form["owner"])

    assert select["items"][0]["text"] == "Choose one"
    assert [item["value"] for item in radios["items"]] == ["a"]
