"""Programme pages: the overview and dashboard, status, workstreams and governance.

The registers (milestones, risks, issues, decisions, benefits, catalogue) are in
`register_views.py`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.charts import chart_svg
from gemini.core.exports import Sheet, xlsx_response
from gemini.core.history import changes_for
from gemini.core.versioning import StaleEditError, offer_again
from gemini.programme import access as programme_access
from gemini.programme import charts, chosen, figures, services
from gemini.programme.forms import (
    AsAtForm,
    OverallStatusForm,
    StatusUpdateForm,
    WorkstreamForm,
    ask_to_replace,
)
from gemini.programme.models import (
    AgendaItem,
    Meeting,
    Programme,
    RiskAction,
    RiskMatrix,
)


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


@access.requires(Permission.VIEW_PROGRAMME)
def overview(request: HttpRequest) -> HttpResponse:
    """The programme's home: overall status, each workstream's latest status, governance."""
    programme = chosen.programme_or_none(request)
    context: dict[str, Any] = {"section": "programme", "programme": programme}
    if programme is not None:
        snapshot = figures.status_as_at(programme, today(), request.user)
        context.update(
            {
                "overall": snapshot.overall,
                "workstreams": [(ws, ws.latest) for ws in snapshot.workstreams],
                "bodies": programme_access.bodies_for(request.user),
            }
        )
    return render(request, "programme/overview.html", context)


@access.requires(Permission.VIEW_PROGRAMME)
def dashboard(request: HttpRequest) -> HttpResponse:
    """Everything a programme manager checks: status, risks, actions, milestones, benefits."""
    programme = current_programme(request)
    form = AsAtForm(request.GET or None)
    when = today()
    if form.is_bound and form.is_valid() and form.cleaned_data["date"]:
        when = form.cleaned_data["date"]
    snapshot = figures.status_as_at(programme, when, request.user)
    scale = snapshot.scale
    workstreams = []
    for ws in snapshot.workstreams:
        trend = None
        if ws.history:
            points = [(u.date, u.rating) for u in ws.history[-6:]]
            trend = chart_svg(
                charts.rag_history,
                {ws.name: points},
                scale,
                small=True,
                title=f"{ws.name}: " + ", ".join(f"{d:%d/%m/%Y} {r}" for d, r in points),
            )
        workstreams.append((ws, ws.latest, trend))
    risks = list(
        programme_access.risks_for(request.user).filter(programme=programme, status="open")
    )
    matrix = services.matrix_for(programme)
    counts: dict[tuple[int, int], int] = {}
    for risk in risks:
        key = (risk.current_likelihood, risk.current_impact)
        counts[key] = counts.get(key, 0) + 1
    risks_url = reverse("programme:risks")
    stored_matrix = RiskMatrix.objects.filter(programme=programme).first()
    words = {
        "likelihood_labels": tuple(stored_matrix.likelihood_labels if stored_matrix else ()),
        "impact_labels": tuple(stored_matrix.impact_labels if stored_matrix else ()),
    }
    heat_map = chart_svg(
        charts.risk_heat_map,
        dict(sorted(counts.items())),
        matrix,
        f"{risks_url}?likelihood={{likelihood}}&impact={{impact}}",
        **words,
        title="Risk heat map: open risks by current likelihood and impact",
    ).replace(' target="_blank"', "")  # a cell's risks open in the same tab
    top_risks = sorted(risks, key=lambda r: (-r.current_score, r.reference))[:5]
    overdue_actions = list(
        RiskAction.objects.filter(
            risk__in=[r.pk for r in risks], completed_date__isnull=True, due_date__lt=when
        ).select_related("risk")
    )
    overdue_reviews = [r for r in risks if r.review_date and r.review_date < when]
    milestones = list(programme_access.milestones_for(request.user).filter(programme=programme))
    flags = services.milestone_flags(milestones, when)
    timeline_points = [
        charts.TimelinePoint(
            f"{m.reference} {m.title}",
            m.baseline_date,
            m.actual_date or m.forecast_date,
            m.actual_date is not None,
            m.pk in flags,
        )
        for m in milestones
    ]
    timeline = chart_svg(
        charts.milestone_timeline,
        timeline_points,
        when,
        title="Milestones: baseline and forecast or actual dates",
    )
    benefits = list(programme_access.benefits_for(request.user).filter(programme=programme))
    realised = [(b, services.realisation(b)) for b in benefits if b.quantitative]
    benefit_points = [(b.reference, r.percent) for b, r in realised]
    benefits_chart = chart_svg(
        charts.benefits_realised, benefit_points, title="Benefits realised against target"
    )
    meetings = (
        Meeting.objects.filter(body__programme=programme, date__gte=when)
        .select_related("body")
        .order_by("date")[:5]
    )
    return render(
        request,
        "programme/dashboard.html",
        {
            "section": "programme",
            "programme": programme,
            "form": form,
            "today": when,
            "overall": snapshot.overall,
            "suggestion": snapshot.suggestion,
            "workstreams": workstreams,
            "heat_map": heat_map,
            "heat_map_table": charts.heat_map_table(counts, matrix, **words),
            "timeline_table": charts.timeline_table(timeline_points),
            "benefits_table": charts.benefits_table(benefit_points),
            "top_risks": [(r, matrix.band(r.current_score)) for r in top_risks],
            "overdue_actions": overdue_actions,
            "overdue_reviews": overdue_reviews,
            "timeline": timeline,
            "slipped": [m for m in milestones if (m.slippage_days or 0) > 0 or m.pk in flags],
            "flags": flags,
            "benefits_chart": benefits_chart,
            "realised": realised,
            "meetings": meetings,
        },
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
                if isinstance(error, services.WouldReplaceError):
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
                if isinstance(error, services.WouldReplaceError):
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
            changes = {name: form.cleaned_data[name] for name in ("name", "purpose", "lead_name")}
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


@access.requires(Permission.VIEW_PROGRAMME)
def body(request: HttpRequest, pk: int) -> HttpResponse:
    record = access.get_or_404(programme_access.bodies_for(request.user), pk=pk)
    meetings = Meeting.objects.filter(body=record).order_by("-date")
    papers = programme_access.papers_for(request.user).filter(meeting__body=record)
    by_meeting: dict[int, list[object]] = {}
    for paper in papers:
        by_meeting.setdefault(paper.meeting_id, []).append(paper)
    visible_papers = {paper.pk for paper in papers}
    agenda: dict[int, list[AgendaItem]] = {}
    for item in AgendaItem.objects.filter(meeting__body=record).order_by("order"):
        if item.paper_id is None or item.paper_id in visible_papers:
            agenda.setdefault(item.meeting_id, []).append(item)
    decisions: dict[int, list[object]] = {}
    for decision in programme_access.decisions_for(request.user).filter(body=record):
        decisions.setdefault(decision.meeting_id or 0, []).append(decision)
    return render(
        request,
        "programme/body.html",
        {
            "section": "programme",
            "body": record,
            "meetings": [
                (
                    meeting,
                    by_meeting.get(meeting.pk, []),
                    agenda.get(meeting.pk, []),
                    decisions.get(meeting.pk, []),
                )
                for meeting in meetings
            ],
            "history": changes_for(record)
            if access.has_permission(request.user, Permission.VIEW_HISTORY)
            else None,
        },
    )


@access.requires(Permission.VIEW_PROGRAMME)
def forward_plan(request: HttpRequest) -> HttpResponse:
    """Meetings to come (and, below, those held), with their agenda items."""
    programme = current_programme(request)
    when = today()
    bodies = programme_access.bodies_for(request.user).filter(programme=programme)
    meetings = list(Meeting.objects.filter(body__in=bodies).select_related("body").order_by("date"))
    visible_papers = set(programme_access.papers_for(request.user).values_list("pk", flat=True))
    agenda: dict[int, list[AgendaItem]] = {}
    for item in AgendaItem.objects.filter(meeting__in=meetings).order_by("order"):
        if item.paper_id is None or item.paper_id in visible_papers:
            agenda.setdefault(item.meeting_id, []).append(item)
    if wants_export(request):
        return xlsx_response(
            "programme-meetings.xlsx",
            [
                Sheet(
                    "Meetings",
                    ["Date", "Body", "Title", "Agenda"],
                    [
                        [
                            m.date,
                            m.body.name,
                            m.title,
                            "; ".join(i.title for i in agenda.get(m.pk, [])),
                        ]
                        for m in meetings
                    ],
                )
            ],
        )
    return render(
        request,
        "programme/forward_plan.html",
        {
            "section": "programme",
            "upcoming": [(m, agenda.get(m.pk, [])) for m in meetings if m.date >= when],
            "held": [(m, agenda.get(m.pk, [])) for m in reversed(meetings) if m.date < when],
        },
    )
