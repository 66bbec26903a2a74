"""Decision pages: the decisions (Part 2 only for those who may see them), a decision with
the risks, issues and meeting it relates to, add and edit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.exports import Sheet, xlsx_response
from gemini.core.history import changes_for
from gemini.programme import access as programme_access
from gemini.programme.governance import services
from gemini.programme.governance.forms import DecisionForm
from gemini.programme.models import Assumption
from gemini.programme.pages import (
    apply_errors,
    current_programme,
    edit_page,
    form_page,
    form_values,
    form_version,
    part_cells,
    versioned_initial,
    wants_export,
)


@access.requires(Permission.VIEW_PROGRAMME)
def decisions(request: HttpRequest) -> HttpResponse:
    programme = current_programme(request)
    rows = list(programme_access.decisions_for(request.user).filter(programme=programme))
    assumptions = list(Assumption.objects.filter(programme=programme).select_related("workstream"))
    if wants_export(request):
        return xlsx_response(
            "programme-decisions.xlsx",
            [
                Sheet(
                    "Decisions",
                    [
                        "reference",
                        "title",
                        "body",
                        "meeting_date",
                        "date",
                        "recommendations",
                        "resolution",
                        "confidentiality",
                        "exempt_paragraph",
                        "public_interest_reason",
                    ],
                    [
                        [
                            d.reference,
                            d.title,
                            d.body.name,
                            d.meeting.date if d.meeting else None,
                            d.date,
                            d.recommendations,
                            d.resolution,
                            *part_cells(d),
                        ]
                        for d in rows
                    ],
                ),
                Sheet(
                    "Assumptions",
                    ["reference", "description", "workstream", "owner", "validated"],
                    [
                        [
                            a.reference,
                            a.description,
                            a.workstream.slug if a.workstream else "",
                            a.owner,
                            "yes" if a.validated else "no",
                        ]
                        for a in assumptions
                    ],
                ),
            ],
        )
    return render(
        request,
        "programme/decisions.html",
        {
            "section": "programme",
            "decisions": rows,
            "assumptions": assumptions,
            "may_manage": access.has_permission(request.user, Permission.MANAGE_PROGRAMME),
        },
    )


@access.requires(Permission.VIEW_PROGRAMME)
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    """One decision: who made it, when and where, what was resolved, and the risks and issues
    it is about (each through the access layer)."""
    record = access.get_or_404(
        programme_access.decisions_for(request.user).select_related("body", "meeting"), pk=pk
    )
    return render(
        request,
        "programme/decision.html",
        {
            "section": "programme",
            "decision": record,
            "risks": list(programme_access.risks_for(request.user).filter(decisions=record)),
            "issues": list(programme_access.issues_for(request.user).filter(decisions=record)),
            "may_manage": access.has_permission(request.user, Permission.MANAGE_PROGRAMME),
            "history": changes_for(record)
            if access.has_permission(request.user, Permission.VIEW_HISTORY)
            else None,
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_PROGRAMME)
def add_decision(request: HttpRequest) -> HttpResponse:
    programme = current_programme(request)
    form = DecisionForm(
        request.POST or None, **programme_access.decision_links(request.user, programme)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        reference = data["reference"]
        values = {name: data[name] for name in services.DECISION_FIELDS}
        if programme.decisions.filter(reference=reference).exists():
            form.add_error("reference", f"There is already a decision {reference}.")
        else:
            try:
                with transaction.atomic():
                    decision, _ = services.save_decision(programme, reference, values)
                    services.link_decision(decision, data["related_risks"], data["related_issues"])
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, f"Decision {reference} has been saved.")
                return redirect("programme:decisions")
    return form_page(
        request, form, "Record a decision", "Decision log", reverse("programme:decisions")
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_PROGRAMME)
def edit_decision(request: HttpRequest, pk: int) -> HttpResponse:
    decision = access.get_or_404(programme_access.decisions_for(request.user), pk=pk)

    links = programme_access.decision_links(request.user, decision.programme)

    def make_form(data: QueryDict | None, record: Any) -> DecisionForm:
        return DecisionForm(data, instance=record, initial=versioned_initial(record), **links)

    def save(form: DecisionForm) -> Any:
        values = form_values(form, services.DECISION_FIELDS)
        with transaction.atomic():
            saved = services.edit_decision(decision, form_version(form), values)
            services.link_decision(
                saved, form.cleaned_data["related_risks"], form.cleaned_data["related_issues"]
            )
        return saved

    return edit_page(
        request,
        make_form=make_form,
        record=decision,
        save=save,
        title=f"Edit {decision.reference}",
        caption="Decision log",
        back=reverse("programme:decisions"),
    )
