"""Optimistic locking: an edit saves only over the version the editor started from.

An edit form carries the record's `version`. `save_edit` raises `StaleEditError` when someone else
saved a newer version in between, and changes nothing; the view shows the editor what is now
saved beside their own unsaved entries, so nothing is lost, and `offer_again` gives the editor
the form back over the version now saved.

The check is a conditional UPDATE (`WHERE version = expected`), so two concurrent saves from
the same version cannot both succeed on SQLite or PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import F, Model
from django.http import QueryDict

from gemini.core.models import Versioned

V = TypeVar("V", bound=Versioned)
AnyForm = TypeVar("AnyForm", bound=forms.BaseForm)


def _as_saved(record: V) -> V:
    """The record as the database holds it now (an unsaved record is kept as it is)."""
    if record.pk is None:
        return record
    return type(record)._default_manager.get(pk=record.pk)


class WouldReplaceError(ValidationError):
    """Saving would replace a record someone keyed by the same date (a status, a measurement):
    the person must confirm. A page shows the box to tick; the API answers 409 with the same
    messages (gemini/api/api.py), nothing written."""


class StaleEditError(Exception):
    """Someone saved the record after the editor opened it.

    `current` is the record as saved now, read again from the database here: never the
    instance an editor's form has filled with their entries.
    """

    def __init__(self, current: Versioned, expected_version: int) -> None:
        current = _as_saved(current)
        self.current = current
        self.expected_version = expected_version
        name = current._meta.verbose_name
        super().__init__(
            f"This {name} was changed by someone else after you opened it "
            f"(you started from version {expected_version}; it is now version "
            f"{current.version}). Your changes have not been saved. Check the saved version "
            "below, then save again if your changes are still needed."
        )


def save_edit(instance: V, expected_version: int, changes: Mapping[str, Any]) -> V:
    """Apply `changes` to `instance` if it is still at `expected_version`; bump the version.

    Raises StaleEditError (nothing written) when the stored version is not the expected one.
    The save goes through `Model.save`, so the audit history records it.
    """
    model = type(instance)
    with transaction.atomic():
        claimed = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
            version=F("version") + 1
        )
        if not claimed:
            raise StaleEditError(instance, expected_version)
        for field, value in changes.items():
            setattr(instance, field, value)
        instance.version = expected_version + 1
        instance.full_clean()
        instance.save()
    return instance


def offer_again(
    make_form: Callable[[QueryDict, Any], AnyForm],
    submitted: QueryDict,
    error: StaleEditError,
    *,
    version_field: str = "version",
    message: str | None = None,
) -> AnyForm:
    """The editor's form again after a refused save, so they can save deliberately.

    The form is bound to what the editor submitted (nothing they typed is lost) with
    `version_field` set to the version now saved, and carries the refusal as its error.
    `make_form(data, record)` is given its own copy of the record, read from the database: a
    model form's validation writes the entries onto its instance, so a form must never be
    bound to `error.current`, which the page shows as what is saved now.
    """
    data = submitted.copy()
    data[version_field] = str(error.current.version)
    form = make_form(data, _as_saved(error.current))
    form.is_valid()
    form.add_error(None, message or str(error))
    return form


def shown(value: Any) -> str:
    """A saved value as a page shows it: UK dates, pounds and pence, Yes/No."""
    if value is None or value == "":
        return "Not recorded"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "Not recorded"
    return str(value)


def saved_values(form: forms.BaseForm, record: Model) -> list[tuple[str, str]]:
    """The record's saved values of the form's fields, labelled as the form labels them."""
    rows = []
    for name, field in form.fields.items():
        if isinstance(field.widget, forms.HiddenInput):
            continue
        try:
            model_field = record._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if getattr(model_field, "choices", None):
            value: Any = getattr(record, f"get_{name}_display")()
        else:
            value = getattr(record, name)
        rows.append((str(field.label or name), shown(value)))
    return rows
