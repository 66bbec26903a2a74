"""Status pages: the status of every workstream, the overall status, a workstream and its
updates, and the status scale."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.charts import chart_svg
from gemini.core.exports import Sheet, xlsx_response
from gemini.core.history import changes_for
from gemini.core.versioning import StaleEditError, WouldReplaceError, offer_again
from gemini.programme import access as programme_access
from gemini.programme import charts, engine, figures
from gemini.programme.fields import AsAtForm, ask_to_replace
from gemini.programme.models import Programme
from gemini.programme.pages import (
    apply_errors,
    current_programme,
    edit_page,
    form_page,
    form_values,
    today,
    wants_export,
)
from gemini.programme.status import services
from gemini.programme.status.forms import (
    OverallStatusForm,
    StatusScaleForm,
    StatusUpdateForm,
    WorkstreamForm,
)


@access.requires(Permission.VIEW_PROGRAMME)
def status(request: HttpRequest) -> HttpResponse:
    """Status history, and the status as it stood on any date ("as at")."""
    programme = current_programme(request)
    form = AsAtForm(request.GET or None)
    when = today()
    if form.is_bound and form.is_valid() and form.cleaned_data["date"]:
        when = form.cleaned_data["date"]
    snapshot = figures.status_as_at(programme, when, request.user)
    recorded = (
        snapshot if when == today() else figures.status_as_at(programme, today(), request.user)
    )
    updates = sorted(
        ((ws, u) for ws in recorded.workstreams for u in ws.history),
        key=lambda pair: (-pair[1].date.toordinal(), pair[0].order),
    )
    overall_rows = recorded.judgements
    if wants_export(request):
        return xlsx_response(
            "programme-status.xlsx",
            [
                Sheet(
                    "Workstream status",
                    ["Workstream", "Date", "Status", "Narrative", "Achievements", "Next steps"],
                    [
                        [ws.name, u.date, u.rating, u.narrative, u.achievements, u.next_steps]
                        for ws, u in updates
                    ],
                ),
                Sheet(
                    "Overall status",
                    ["Date", "Status", "Reason", "Suggested", "Rule"],
                    [
                        [o.date, o.rating, o.reason, o.suggested_rating, o.suggestion_rule]
                        for o in overall_rows
                    ],
                ),
            ],
        )
    series = {ws.name: [(u.date, u.rating) for u in ws.history] for ws in recorded.workstreams}
    chart = chart_svg(
        charts.rag_history, series, snapshot.scale, title="Workstream status over time"
    )
    return render(
        request,
        "programme/status.html",
        {
            "section": "programme",
            "programme": programme,
            "form": form,
            "when": when,
            "as_at": [(ws, ws.latest) for ws in snapshot.workstreams],
            "overall": snapshot.overall,
            "suggestion": snapshot.suggestion,
            "overall_rows": overall_rows,
            "updates": updates,
            "chart": chart,
            "may_manage": access.has_permission(request.user, Permission.MANAGE_PROGRAMME),
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_PROGRAMME)
def record_overall_status(request: HttpRequest) -> HttpResponse:
    programme = current_programme(request)
    scale = services.scale_of(programme)
    suggestion = services.suggest_overall(programme, today())
    if request.method == "POST":
        form = OverallStatusForm(request.POST, scale=scale)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.record_overall_status(
                    programme, data["date"], data["rating"], data["reason"], replace=data["replace"]
                )
            except ValidationError as error:
                apply_errors(form, error)
                if isinstance(error, WouldReplaceError):
                    ask_to_replace(form)
            else:
                messages.success(request, "The overall status has been recorded.")
                return redirect("programme:status")
    else:
        form = OverallStatusForm(
            scale=scale, initial={"date": today(), "rating": suggestion.rating}
        )
    intro = (
        f"Suggested: {suggestion.rating or 'none'}. {suggestion.rule} "
        + " ".join(suggestion.reasons)
        + " If your judgement differs, the difference is recorded with your reason."
    )
    return form_page(
        request,
        form,
        "Record the overall status",
        programme.name,
        reverse("programme:status"),
        intro=intro,
    )


@access.requires(Permission.VIEW_PROGRAMME)
def workstream(request: HttpRequest, slug: str) -> HttpResponse:
    record = access.get_or_404(programme_access.workstreams_for(request.user), slug=slug)
    show_history = access.has_permission(request.user, Permission.VIEW_HISTORY)
    return render(
        request,
        "programme/workstream.html",
        {
            "section": "programme",
            "workstream": record,
            "may_edit": programme_access.may_edit_workstream(request.user, record),
            "updates": list(record.status_updates.order_by("-date")),
            "risks": list(
                programme_access.risks_for(request.user).filter(workstream=record, status="open")
            ),
            "milestones": list(
                programme_access.milestones_for(request.user).filter(workstream=record)
            ),
            "history": changes_for(record) if show_history else None,
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.EDIT_PROGRAMME)
def add_status_update(request: HttpRequest, slug: str) -> HttpResponse:
    record = access.get_or_404(programme_access.workstreams_for(request.user), slug=slug)
    programme_access.require_edit_workstream(request.user, record)
    scale = services.scale_of(record.programme)
    if request.method == "POST":
        form = StatusUpdateForm(request.POST, scale=scale)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.save_status_update(
                    record,
                    data["date"],
                    data["rating"],
                    data["narrative"],
                    data["achievements"],
                    data["next_steps"],
                    replace=data["replace"],
                )
            except ValidationError as error:
                apply_errors(form, error)
                if isinstance(error, WouldReplaceError):
                    ask_to_replace(form)
            else:
                messages.success(request, f"The {record.name} status has been saved.")
                return redirect("programme:workstream", slug=record.slug)
    else:
        form = StatusUpdateForm(scale=scale, initial={"date": today()})
    return form_page(
        request,
        form,
        f"Update the {record.name} status",
        "Workstream status",
        reverse("programme:workstream", args=[record.slug]),
        intro="One status per workstream per date: if one is already recorded for the date, "
        "Gemini says who recorded it and asks before replacing it.",
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.EDIT_PROGRAMME)
def edit_workstream(request: HttpRequest, slug: str) -> HttpResponse:
    record = access.get_or_404(programme_access.workstreams_for(request.user), slug=slug)
    programme_access.require_edit_workstream(request.user, record)
    stale: StaleEditError | None = None
    if request.method == "POST":
        form = WorkstreamForm(request.POST, instance=record)
        if form.is_valid():
            changes = form_values(form, ("name", "purpose", "lead_name"))
            try:
                services.edit_workstream(record, form.cleaned_data["version"], changes)
            except StaleEditError as error:
                stale = error
                form = offer_again(
                    lambda data, saved: WorkstreamForm(data, instance=saved), request.POST, error
                )
            else:
                messages.success(request, f"The {record.name} workstream has been saved.")
                return redirect("programme:workstream", slug=record.slug)
    else:
        form = WorkstreamForm(instance=record, initial={"version": record.version})
    return render(
        request,
        "programme/workstream_edit.html",
        {
            "section": "programme",
            "workstream": record,
            "form": form,
            "stale": stale,
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_PROGRAMME)
def edit_status_scale(request: HttpRequest) -> HttpResponse:
    """RAG or the five-point DCA; refused while a rating already given is not on the new scale."""
    programme = current_programme(request)
    changes = [services.scale_change(programme, scale) for scale in sorted(engine.SCALES)]

    def make_form(data: QueryDict | None, current: Programme) -> StatusScaleForm:
        return StatusScaleForm(
            data, initial={"version": current.version, "status_scale": current.status_scale}
        )

    def save(form: StatusScaleForm) -> Programme:
        return services.change_status_scale(
            programme, form.cleaned_data["version"], form.cleaned_data["status_scale"]
        )

    return edit_page(
        request,
        make_form=make_form,
        record=programme,
        save=save,
        title="Change the status scale",
        caption=programme.name,
        back=reverse("programme:status"),
        template="programme/status_scale.html",
        context={"changes": changes, "programme": programme},
        saved=lambda form, current: [("Status scale", current.get_status_scale_display())],
        message=lambda programme: (
            f"The programme now uses the {programme.get_status_scale_display()} scale."
        ),
    )
