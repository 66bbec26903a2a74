"""GOV.UK form patterns every Gemini form follows (core.forms, core.govuk_forms): the date
input (day, month, year) with the Design System's error messages, conditional reveals, and
errors that name their field."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import pytest
from django import forms

from gemini.core.forms import GeminiForm
from gemini.core.govuk_forms import error_summary, govuk_field, is_revealed, reveals_of


class ReviewForm(GeminiForm):
    review_date = forms.DateField(label="Review date")
    title = forms.CharField(label="Title")


class PartTwoForm(GeminiForm):
    confidentiality = forms.ChoiceField(
        choices=[("", "---------"), ("public", "Public (Part 1)"), ("exempt", "Exempt (Part 2)")]
    )
    exempt_paragraph = forms.TypedChoiceField(
        choices=[("", "---------"), ("3", "3. Financial")], coerce=int, empty_value=None
    )
    public_interest_reason = forms.CharField(required=False)


class OverrideForm(GeminiForm):
    reveals: ClassVar = {"decision": {"overridden": ("outcome",)}}
    decision = forms.ChoiceField(
        choices=[("confirmed", "Confirm"), ("overridden", "Override")], widget=forms.RadioSelect
    )
    outcome = forms.CharField(required=False)


def test_every_date_field_is_drawn_as_the_govuk_date_input():
    kind, params = govuk_field(
        ReviewForm(initial={"review_date": dt.date(2025, 2, 6)})["review_date"]
    )

    assert kind == "date_input"
    assert params["namePrefix"] == "review_date"
    assert [(i["name"], i["value"]) for i in params["items"]] == [
        ("day", "6"),
        ("month", "2"),
        ("year", "2025"),
    ]
    assert params["hint"] == {"text": "For example, 6 2 2025"}


def test_the_three_boxes_are_read_as_one_date():
    form = ReviewForm(
        {"review_date-day": "6", "review_date-month": "2", "review_date-year": "2025", "title": "x"}
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["review_date"] == dt.date(2025, 2, 6)


def test_a_date_sent_whole_is_still_read():
    form = ReviewForm({"review_date": "2025-02-06", "title": "x"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["review_date"] == dt.date(2025, 2, 6)


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter the review date"),
        ("6", "", "2025", "The review date must include a month"),
        ("", "", "2025", "The review date must include a day and month"),
        ("31", "2", "2025", "The review date must be a real date"),
        ("6", "2", "25", "Year must include 4 numbers"),
        ("six", "2", "2025", "The review date must be a real date"),
    ],
)
def test_a_date_that_cannot_be_read_says_what_is_wrong(day, month, year, message):
    form = ReviewForm(
        {"review_date-day": day, "review_date-month": month, "review_date-year": year, "title": "x"}
    )

    assert not form.is_valid()
    summary = error_summary(form)
    assert summary is not None
    assert summary["errorList"] == [{"text": message, "href": "#id_review_date-day"}]


def test_a_required_field_is_named_in_its_error_never_this_field_is_required():
    form = ReviewForm({"review_date": "2025-02-06"})

    assert not form.is_valid()
    summary = error_summary(form)
    assert summary is not None
    assert summary["errorList"] == [{"text": "Enter the title", "href": "#id_title"}]
    assert "This field is required." not in str(summary)


def test_part_2_fields_are_revealed_only_under_exempt():
    form = PartTwoForm()

    kind, params = govuk_field(form["confidentiality"])
    assert kind == "radios"  # the question is asked with radios, not a select
    assert [i["value"] for i in params["items"]] == ["public", "exempt"]
    assert set(reveals_of(form["confidentiality"])) == {"exempt"}
    assert is_revealed(form["exempt_paragraph"])
    assert is_revealed(form["public_interest_reason"])
    assert not is_revealed(form["confidentiality"])


def test_a_hidden_answers_fields_are_ignored():
    form = PartTwoForm(
        {"confidentiality": "public", "exempt_paragraph": "9", "public_interest_reason": "Left"}
    )

    assert form.is_valid(), form.errors  # "9" is no choice, but the box was not shown
    assert form.cleaned_data["exempt_paragraph"] is None
    assert form.cleaned_data["public_interest_reason"] == ""

    exempt = PartTwoForm({"confidentiality": "exempt", "exempt_paragraph": "3"})
    assert exempt.is_valid(), exempt.errors
    assert exempt.cleaned_data["exempt_paragraph"] == 3


def test_override_fields_are_revealed_only_when_overriding():
    form = OverrideForm({"decision": "confirmed", "outcome": "at_risk"})

    assert form.is_valid()
    assert form.cleaned_data["outcome"] == ""
    assert list(reveals_of(form["decision"])) == ["overridden"]


def test_no_select_starts_with_dashes():
    kind, params = govuk_field(PartTwoForm()["exempt_paragraph"])

    assert kind == "select"
    assert params["items"][0]["text"] != "---------"
