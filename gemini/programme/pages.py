"""One way to run an add or edit page: validate the form, save through a service, and, when
someone saved the record in between (StaleEditError), keep the editor's entries beside what is
saved now (docs/adr/0004-optimistic-locking.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.history import changes_for
from gemini.core.versioning import StaleEditError, offer_again, saved_values
from gemini.programme.views import apply_errors

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
