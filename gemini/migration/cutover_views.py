"""The cut-over checklist pages (MANAGE_MIGRATION, scoped to the councils it reaches): each
council's steps with their dates and owners, and a page to set one step. Everyone with
VIEW_MIGRATION sees the checklist on the migration page (views.index)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.models import Organisation
from gemini.core.versioning import StaleEditError, offer_again, saved_values
from gemini.migration import checklist, figures
from gemini.migration import models as m
from gemini.migration.forms import CutoverTaskForm

SECTION = "migration"


def _councils(request: HttpRequest) -> list[Organisation]:
    reach = set(access.organisations_for(request.user, Permission.MANAGE_MIGRATION))
    return [c for c in checklist.councils() if c in reach]


@access.requires(Permission.MANAGE_MIGRATION)
def cutover(request: HttpRequest) -> HttpResponse:
    codes = {c.code for c in _councils(request)}
    return render(
        request,
        "migration/cutover.html",
        {
            "section": SECTION,
            "checklists": [c for c in figures.cutover_checklist() if c.code in codes],
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_MIGRATION)
def cutover_step(request: HttpRequest, code: str, item: str) -> HttpResponse:
    council = next((c for c in _councils(request) if c.code == code), None)
    if council is None or item not in m.CutoverItem.values:
        raise Http404("There is no such step of a council's checklist that you may change.")
    task = m.CutoverTask.objects.filter(organisation=council, item=item).first()
    instance = task or m.CutoverTask(organisation=council, item=item, version=0)
    stale: StaleEditError | None = None
    if request.method == "POST":
        form = CutoverTaskForm(request.POST, instance=instance)
        if form.is_valid():
            changes = {name: form.cleaned_data[name] for name in CutoverTaskForm.Meta.fields}
            try:
                checklist.save_task(council, item, form.cleaned_data["version"], changes)
            except StaleEditError as error:
                stale = error
                form = offer_again(
                    lambda data, saved: CutoverTaskForm(data, instance=saved), request.POST, error
                )
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    for problem in problems:
                        form.add_error(field, problem)
            else:
                messages.success(request, "The step has been saved.")
                return redirect("migration:cutover")
    else:
        form = CutoverTaskForm(instance=instance, initial={"version": instance.version})
    return render(
        request,
        "migration/cutover_step.html",
        {
            "section": SECTION,
            "council": council,
            "label": m.CutoverItem(item).label,
            "form": form,
            "stale": stale,
            "saved": saved_values(form, stale.current) if stale else None,
        },
    )
