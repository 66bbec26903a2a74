"""What every programme page shares: the programme it is about, today, the form pages (add and edit,
with the stale-edit check and the record's history), exports and the Part 1 / Part 2 cells."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.history import changes_for
from gemini.core.versioning import StaleEditError, offer_again, saved_values
from gemini.programme import chosen
from gemini.programme.models import Programme


def today() -> dt.date:
    return timezone.localdate()


def current_programme(request: HttpRequest) -> Programme:
    """The programme the request is about (programme.chosen: named, or the only one)."""
    return chosen.programme_for(request)


def wants_export(request: HttpRequest) -> bool:
    return request.GET.get("export") == "xlsx"


def form_page(
    request: HttpRequest,
    form: Any,
    title: str,
    caption: str,
    back: str,
    stale: StaleEditError | None = None,
    intro: str = "",
    button: str = "Save",
    saved: list[tuple[str, str]] | None = None,
) -> HttpResponse:
    """One form page for every programme record: the fields drawn in order, GOV.UK style.

    After a refused save, `saved` lists the record's values as saved now, beside the form.
    """
    return render(
        request,
        "programme/form.html",
        {
            "section": "programme",
            "form": form,
            "title": title,
            "caption": caption,
            "back": back,
            "stale": stale,
            "saved": saved,
            "intro": intro,
            "button": "Save over the newer version" if stale else button,
        },
    )


def apply_errors(form: Any, error: ValidationError) -> None:
    """A service's ValidationError shown on the form's fields (or the whole form)."""
    if hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


MakeForm = Callable[[QueryDict | None, Any], forms.BaseForm]


def history_for(request: HttpRequest, record: Model | None) -> list[Any] | None:
    """The record's audit history, for people who may see it."""
    if record is None or not access.has_permission(request.user, Permission.VIEW_HISTORY):
        return None
    return changes_for(record)


def edit_page(
    request: HttpRequest,
    *,
    make_form: MakeForm,
    record: Model | None,
    save: Callable[[Any], Any],
    title: str,
    caption: str,
    back: str,
    done: Callable[[Any], str] | None = None,
    template: str = "programme/form.html",
    intro: str = "",
    button: str = "Save",
    context: dict[str, Any] | None = None,
    saved: Callable[[forms.BaseForm, Any], list[tuple[str, str]]] = saved_values,
    message: Callable[[Any], str] | None = None,
) -> HttpResponse:
    """Show `make_form(None, record)`; on POST validate `make_form(request.POST, record)` and
    call `save(form)`, which writes through a service and returns what it saved; then say so
    (`message`, or "<record> has been saved.") and go to `done(saved)` or `back`.

    A service's ValidationError is shown on the form (nothing was written). A StaleEditError
    shows what is saved now, keeps the editor's entries and offers them over the new version.
    """
    stale: StaleEditError | None = None
    if request.method == "POST":
        form = make_form(request.POST, record)
        if form.is_valid():
            try:
                result = save(form)
            except StaleEditError as error:
                stale = error
                form = offer_again(make_form, request.POST, error)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request, message(result) if message else f"{result} has been saved."
                )
                return redirect(done(result) if done else back)
    else:
        form = make_form(None, record)
    return render(
        request,
        template,
        {
            "section": "programme",
            "form": form,
            "title": title,
            "caption": caption,
            "back": back,
            "stale": stale,
            "saved": saved(form, stale.current) if stale else None,
            "intro": intro,
            "button": "Save over the newer version" if stale else button,
            "history": history_for(request, record),
            **(context or {}),
        },
    )


def part_cells(record: Any) -> list[Any]:
    """The confidentiality cells, as the importers read them."""
    return [record.confidentiality, record.exempt_paragraph, record.public_interest_reason]


def record_form(
    request: HttpRequest,
    *,
    form_class: Any,
    instance: Model | None,
    fields: Sequence[str],
    create: Callable[[str, dict[str, Any]], Any],
    edit: Callable[[Any, int, dict[str, Any]], Any],
    done: Callable[[Any, dict[str, Any]], None],
    title: str,
    caption: str,
    back: str,
    form_kwargs: dict[str, Any] | None = None,
) -> HttpResponse:
    """Add or edit a versioned record: validate, call the service, handle a stale edit."""
    kwargs = form_kwargs or {}
    stale: StaleEditError | None = None
    if request.method == "POST":
        form = form_class(request.POST, instance=instance, **kwargs)
        if form.is_valid():
            values = form_values(form, fields)
            try:
                if instance is None:
                    record = create(form.cleaned_data["reference"], values)
                else:
                    record = edit(instance, form_version(form), values)
                done(record, form.cleaned_data)
            except StaleEditError as error:
                stale = error
                form = offer_again(
                    lambda data, saved: form_class(data, instance=saved, **kwargs),
                    request.POST,
                    error,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, f"{record} has been saved.")
                return redirect(back)
    else:
        form = form_class(instance=instance, initial=versioned_initial(instance), **kwargs)
    return form_page(
        request,
        form,
        title,
        caption,
        back,
        stale=stale,
        saved=saved_values(form, stale.current) if stale else None,
    )


def form_values(form: Any, names: Iterable[str]) -> dict[str, Any]:
    """The cleaned values of the named fields: what a service's add or edit takes."""
    return {name: form.cleaned_data[name] for name in names}


def form_version(form: Any) -> int:
    """The version the editor read (0 for a record never saved)."""
    return int(form.cleaned_data.get("version") or 0)


def versioned_initial(record: Model | None) -> dict[str, Any]:
    return {"version": getattr(record, "version", None)} if record is not None else {}
