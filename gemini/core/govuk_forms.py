"""Django forms rendered with the GOV.UK Design System macros.

`govuk_field(bound_field)` turns one Django form field into the name of the GOV.UK macro that
draws it and that macro's parameters, so a template writes `{{ field(form.name) }}` and gets
the Design System's markup, hint and error message exactly. `error_summary(form)` gives the
parameters of the GOV.UK error summary, which every invalid form shows at the top of the page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from gemini.core.forms import DATE_PARTS, DateInput, date_parts


def _label(bound: forms.BoundField, is_page_heading: bool) -> dict[str, Any]:
    label: dict[str, Any] = {"text": str(bound.label)}
    if is_page_heading:
        label.update({"isPageHeading": True, "classes": "govuk-label--l"})
    return label


_CHOICE_WIDGETS = (forms.Select, forms.RadioSelect, forms.CheckboxSelectMultiple)
_DJANGO_REQUIRED = "This field is required."


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() or len(text) == 1 else text


def error_text(bound: forms.BoundField, error: object) -> str:
    """An error as GOV.UK words it: Django's "This field is required." names the field
    ("Enter the title", "Choose the workstream"), as the Design System's error messages do."""
    text = str(error)
    if text != _DJANGO_REQUIRED:
        return text
    verb = "Choose" if isinstance(bound.field.widget, _CHOICE_WIDGETS) else "Enter"
    return f"{verb} the {_lower_first(str(bound.label).rstrip(':'))}"


def _errors(bound: forms.BoundField) -> dict[str, str] | None:
    if not bound.errors:
        return None
    return {"text": " ".join(error_text(bound, error) for error in bound.errors)}


def _choices(bound: forms.BoundField) -> list[tuple[str, str]]:
    """The field's choices, with Django's "---------" placeholder worded for people. Grouped
    choices are flattened in order, each option led by its group's name (GOV.UK's select has
    no option groups)."""
    flat: list[tuple[str, str]] = []
    for value, text in bound.field.choices:  # type: ignore[attr-defined]
        if isinstance(text, list | tuple):
            flat.extend((str(v), f"{value}: {t}") for v, t in text)
        elif str(value) == "" and set(str(text)) <= {"-"}:
            flat.append(("", "Choose one"))
        else:
            flat.append((str(value), str(text)))
    return flat


def _value(bound: forms.BoundField) -> Any:
    """The field's value as the person will see and edit it: a saved date as 06/02/2025."""
    value = bound.value()
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y}"
    return "" if value is None else value


def govuk_field(bound: forms.BoundField, **overrides: Any) -> tuple[str, dict[str, Any]]:
    """Return (macro name, parameters) for one bound field.

    The macro name is one of input, textarea, select, radios, checkboxes, file_upload,
    password, hidden, date_input. Keyword arguments override or add parameters (e.g. `classes`).
    """
    widget = bound.field.widget
    is_page_heading = bool(overrides.pop("is_page_heading", False))
    common: dict[str, Any] = {
        "id": bound.auto_id,
        "name": bound.html_name,
        "errorMessage": _errors(bound),
    }
    if bound.help_text:
        common["hint"] = {"text": str(bound.help_text)}
    attributes = {
        key: value
        for key, value in widget.attrs.items()
        if key in {"autocomplete", "spellcheck", "inputmode", "maxlength"}
    }
    if attributes:
        common["attributes"] = attributes

    kind: str
    params: dict[str, Any]
    if isinstance(widget, DateInput):
        kind = "date_input"
        heading: dict[str, Any] = {"text": str(bound.label)}
        if is_page_heading:
            heading.update({"isPageHeading": True, "classes": "govuk-fieldset__legend--l"})
        error = " govuk-input--error" if bound.errors else ""
        params = {
            "id": bound.auto_id,
            "namePrefix": bound.html_name,
            "fieldset": {"legend": heading},
            "hint": common.get("hint"),
            "errorMessage": common["errorMessage"],
            "items": [
                {"name": part, "label": part.capitalize(), "value": value, "classes": width + error}
                for part, value, width in zip(
                    DATE_PARTS,
                    date_parts(bound.value()),
                    ("govuk-input--width-2", "govuk-input--width-2", "govuk-input--width-4"),
                    strict=True,
                )
            ],
        }
    elif isinstance(widget, forms.HiddenInput):
        kind, params = "hidden", {"name": bound.html_name, "value": _value(bound)}
    elif isinstance(widget, forms.CheckboxInput):
        kind = "checkboxes"
        params = {
            "idPrefix": bound.auto_id,
            "name": bound.html_name,
            "errorMessage": common["errorMessage"],
            "items": [
                {
                    "value": "on",
                    "text": str(bound.label),
                    "checked": bool(bound.value()),
                    "hint": common.get("hint"),
                }
            ],
        }
    elif isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        kind = "radios" if isinstance(widget, forms.RadioSelect) else "checkboxes"
        current = bound.value()
        chosen = {str(v) for v in current} if isinstance(current, list | tuple) else {str(current)}
        legend: dict[str, Any] = {"text": str(bound.label)}
        if is_page_heading:
            legend.update({"isPageHeading": True, "classes": "govuk-fieldset__legend--l"})
        params = {
            "idPrefix": bound.auto_id,
            "name": bound.html_name,
            "fieldset": {"legend": legend},
            "hint": common.get("hint"),
            "errorMessage": common["errorMessage"],
            "items": [
                {"value": value, "text": text, "checked": value in chosen}
                for value, text in _choices(bound)
                if value != ""
            ],
        }
    elif isinstance(widget, forms.Select):
        kind = "select"
        current = str(_value(bound))
        params = {
            **common,
            "label": _label(bound, is_page_heading),
            "items": [
                {"value": value, "text": text, "selected": value == current}
                for value, text in _choices(bound)
            ],
        }
    elif isinstance(widget, forms.Textarea):
        kind = "textarea"
        params = {**common, "label": _label(bound, is_page_heading), "value": _value(bound)}
    elif isinstance(widget, forms.FileInput):
        kind = "file_upload"
        params = {**common, "label": _label(bound, is_page_heading)}
    elif isinstance(widget, forms.PasswordInput):
        kind = "password"
        params = {**common, "label": _label(bound, is_page_heading)}
    else:
        kind = "input"
        input_type = getattr(widget, "input_type", "text")
        params = {
            **common,
            "label": _label(bound, is_page_heading),
            "value": _value(bound),
            "type": input_type if input_type in {"email", "number", "tel", "url"} else "text",
        }
        if input_type == "email":
            params["spellcheck"] = False
    params.update(overrides)
    return kind, params


def error_summary(form: forms.BaseForm) -> dict[str, Any] | None:
    """Parameters for the GOV.UK error summary, or None when the form has no errors.

    Each field error links to its field; errors about the whole form come first, unlinked.
    """
    if not form.is_bound or not form.errors:
        return None
    items: list[dict[str, str]] = [{"text": str(error)} for error in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name == "__all__":
            continue
        bound = form[name]
        target = bound.auto_id
        if isinstance(bound.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            target = f"{bound.auto_id}"
        elif isinstance(bound.field.widget, DateInput):
            target = f"{bound.auto_id}-day"  # the first box, as the Design System links it
        items.extend({"text": error_text(bound, error), "href": f"#{target}"} for error in errors)
    return {"titleText": "There is a problem", "errorList": items}


def reveals_of(bound: forms.BoundField) -> dict[str, list[forms.BoundField]]:
    """The fields each answer of this question reveals ({answer: [bound field, ...]}), for a
    form built on core.forms.Reveals; empty for any other field."""
    revealed_by = getattr(bound.form, "revealed_by", None)
    if revealed_by is None:
        return {}
    answers = revealed_by().get(bound.name, {})
    return {answer: [bound.form[name] for name in names] for answer, names in answers.items()}


def is_revealed(bound: forms.BoundField) -> bool:
    """Whether the field is drawn inside an answer of another question (not on its own)."""
    revealed_by = getattr(bound.form, "revealed_by", None)
    if revealed_by is None:
        return False
    return any(
        bound.name in names for answers in revealed_by().values() for names in answers.values()
    )
