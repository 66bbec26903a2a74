"""Milestone pages: the list (with flags for slippage and dependencies), add and edit."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.charts import chart_svg
from gemini.core.exports import Sheet, xlsx_response
from gemini.programme import access as programme_access
from gemini.programme import charts, records
from gemini.programme.models import Milestone
from gemini.programme.pages import (
    current_programme,
    record_form,
    today,
    wants_export,
)
from gemini.programme.status import services
from gemini.programme.status.forms import MilestoneForm


@access.requires(Permission.VIEW_PROGRAMME)
def milestones(request: HttpRequest) -> HttpResponse:
    programme = current_programme(request)
    rows = list(programme_access.milestones_for(request.user).filter(programme=programme))
    flags = services.milestone_flags(rows, today())
    if wants_export(request):
        return xlsx_response(
            "programme-milestones.xlsx",
            [
                Sheet(
                    "Milestones",
                    [
                        "reference",
                        *services.MILESTONE_FIELDS,
                        "slippage_days",
                        "predecessors",
                        "flags",
                    ],
                    [
                        [
                            m.reference,
                            m.title,
                            m.workstream.slug if m.workstream else "",
                            m.owner,
                            m.baseline_date,
                            m.forecast_date,
                            m.actual_date,
                            m.get_status_display(),
                            m.slippage_days,
                            " ".join(p.reference for p in m.predecessors.all()),
                            " ".join(flags.get(m.pk, ())),
                        ]
                        for m in rows
                    ],
                )
            ],
        )
    timeline = chart_svg(
        charts.milestone_timeline,
        [
            charts.TimelinePoint(
                f"{m.reference} {m.title}",
                m.baseline_date,
                m.actual_date or m.forecast_date,
                m.actual_date is not None,
                m.pk in flags,
            )
            for m in rows
        ],
        today(),
        title="Milestones: baseline and forecast or actual dates",
    )
    editable = set(programme_access.editable_workstreams(request.user).values_list("pk", flat=True))
    may_edit_any = access.has_permission(request.user, Permission.EDIT_ANY_WORKSTREAM)
    return render(
        request,
        "programme/milestones.html",
        {
            "section": "programme",
            "milestones": [
                (m, flags.get(m.pk, ()), may_edit_any or m.workstream_id in editable) for m in rows
            ],
            "timeline": timeline,
            "may_add": bool(editable) or may_edit_any,
        },
    )


def _done_milestone(record: Milestone, data: dict[str, Any]) -> None:
    services.set_predecessors(record, list(data.get("predecessors") or []))


@require_http_methods(["GET", "POST"])
@access.requires(Permission.EDIT_PROGRAMME)
def add_milestone(request: HttpRequest) -> HttpResponse:
    programme = current_programme(request)
    workstreams = programme_access.editable_workstreams(request.user)

    def create(reference: str, values: dict[str, Any]) -> Milestone:
        reference = reference.strip() or records.next_reference(Milestone, programme, "M")
        programme_access.require_edit_in(request.user, values.get("workstream"))
        if Milestone.objects.filter(programme=programme, reference=reference).exists():
            raise ValidationError({"reference": f"There is already a milestone {reference}."})
        milestone, _ = services.save_milestone(programme, reference, values)
        return milestone

    return record_form(
        request,
        form_class=MilestoneForm,
        instance=None,
        fields=services.MILESTONE_FIELDS,
        create=create,
        edit=services.edit_milestone,
        done=_done_milestone,
        title="Add a milestone",
        caption="Milestones",
        back=reverse("programme:milestones"),
        form_kwargs={"workstreams": workstreams},
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.EDIT_PROGRAMME)
def edit_milestone(request: HttpRequest, pk: int) -> HttpResponse:
    record = access.get_or_404(programme_access.milestones_for(request.user), pk=pk)
    programme_access.require_edit_in(request.user, record.workstream)

    def edit(milestone: Milestone, version: int, values: dict[str, Any]) -> Milestone:
        programme_access.require_edit_in(request.user, values.get("workstream"))
        return services.edit_milestone(milestone, version, values)

    return record_form(
        request,
        form_class=MilestoneForm,
        instance=record,
        fields=services.MILESTONE_FIELDS,
        create=lambda reference, values: None,
        edit=edit,
        done=_done_milestone,
        title=f"Edit {record.reference}",
        caption="Milestones",
        back=reverse("programme:milestones"),
        form_kwargs={"workstreams": programme_access.editable_workstreams(request.user)},
    )
