"""The programme's overview and dashboard: pages that read every subject."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.charts import chart_svg
from gemini.programme import access as programme_access
from gemini.programme import charts, chosen, figures
from gemini.programme.benefits import services as benefits_services
from gemini.programme.fields import AsAtForm
from gemini.programme.models import Meeting, RiskAction, RiskMatrix
from gemini.programme.pages import current_programme, today
from gemini.programme.risks import services as risks_services
from gemini.programme.status import services as status_services


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
    matrix = risks_services.matrix_for(programme)
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
    flags = status_services.milestone_flags(milestones, when)
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
    realised = [(b, benefits_services.realisation(b)) for b in benefits if b.quantitative]
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
