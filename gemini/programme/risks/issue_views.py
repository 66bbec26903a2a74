"""Issue and assumption pages: the issue register, add and edit; assumptions add and edit."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.exports import Sheet, xlsx_response
from gemini.programme import access as programme_access
from gemini.programme.models import Assumption, Decision
from gemini.programme.pages import (
    current_programme,
    edit_page,
    form_values,
    form_version,
    part_cells,
    record_form,
    versioned_initial,
    wants_export,
)
from gemini.programme.risks import services
from gemini.programme.risks.forms import (
    AssumptionForm,
    IssueForm,
)


@access.requires(Permission.VIEW_PROGRAMME)
def issues(request: HttpRequest) -> HttpResponse:
    programme = current_programme(request)
    rows = list(programme_access.issues_for(request.user).filter(programme=programme))
    # An issue may come from a risk the user may not read (an exempt one): not named then.
    visible_risks = set(
        programme_access.risks_for(request.user)
        .filter(pk__in=[i.risk_id for i in rows if i.risk_id])
        .values_list("pk", flat=True)
    )
    if wants_export(request):
        return xlsx_response(
            "programme-issues.xlsx",
            [
                Sheet(
                    "Issues",
                    ["reference", *services.ISSUE_FIELDS],
                    [
                        [
                            i.reference,
                            i.title,
                            i.description,
                            i.workstream.slug if i.workstream else "",
                            i.get_priority_display(),
                            i.owner,
                            i.raised_date,
                            i.resolved_date,
                            i.resolution,
                            i.escalated_to.name if i.escalated_to else "",
                            i.risk.reference if i.risk and i.risk_id in visible_risks else "",
                            *part_cells(i),
                        ]
                        for i in rows
                    ],
                )
            ],
        )
    # The decisions each issue is about, as the user may see them (no Part 2 one for Part 1).
    decisions: dict[int, list[Decision]] = {}
    for decision in (
        programme_access.decisions_for(request.user)
        .filter(issues__in=rows)
        .distinct()
        .order_by("date", "reference")
        .prefetch_related("issues")
    ):
        for linked in decision.issues.all():
            decisions.setdefault(linked.pk, []).append(decision)
    return render(
        request,
        "programme/issues.html",
        {
            "section": "programme",
            "issues": rows,
            "decisions": decisions,
            "visible_risks": visible_risks,
            "may_manage": access.has_permission(request.user, Permission.MANAGE_PROGRAMME),
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_PROGRAMME)
def add_issue(request: HttpRequest) -> HttpResponse:
    programme = current_programme(request)
    return record_form(
        request,
        form_class=IssueForm,
        instance=None,
        fields=services.ISSUE_FIELDS,
        create=lambda reference, values: services.create_issue(programme, reference, values),
        edit=services.edit_issue,
        done=lambda record, data: None,
        title="Add an issue",
        caption="Issue log",
        back=reverse("programme:issues"),
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_PROGRAMME)
def edit_issue(request: HttpRequest, pk: int) -> HttpResponse:
    record = access.get_or_404(programme_access.issues_for(request.user), pk=pk)
    return record_form(
        request,
        form_class=IssueForm,
        instance=record,
        fields=services.ISSUE_FIELDS,
        create=lambda reference, values: None,
        edit=services.edit_issue,
        done=lambda record, data: None,
        title=f"Edit {record.reference}",
        caption="Issue log",
        back=reverse("programme:issues"),
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_PROGRAMME)
def add_assumption(request: HttpRequest) -> HttpResponse:
    programme = current_programme(request)

    def save(form: AssumptionForm) -> Assumption:
        values = form_values(form, services.ASSUMPTION_FIELDS)
        return services.create_assumption(programme, form.cleaned_data["reference"], values)

    return edit_page(
        request,
        make_form=lambda data, record: AssumptionForm(data),
        record=None,
        save=save,
        title="Add an assumption",
        caption="Assumptions",
        back=reverse("programme:decisions") + "#assumptions",
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_PROGRAMME)
def edit_assumption(request: HttpRequest, pk: int) -> HttpResponse:
    assumption = access.get_or_404(programme_access.assumptions_for(request.user), pk=pk)

    def save(form: AssumptionForm) -> Assumption:
        values = form_values(form, services.ASSUMPTION_FIELDS)
        return services.edit_assumption(assumption, form_version(form), values)

    return edit_page(
        request,
        make_form=lambda data, record: AssumptionForm(
            data, instance=record, initial=versioned_initial(record)
        ),
        record=assumption,
        save=save,
        title=f"Edit {assumption.reference}",
        caption="Assumptions",
        back=reverse("programme:decisions") + "#assumptions",
    )
