"""Form fields drawn with the GOV.UK macros show values as a UK reader types them."""

from __future__ import annotations

import datetime as dt

from django import forms

from gemini.core.govuk_forms import govuk_field


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
