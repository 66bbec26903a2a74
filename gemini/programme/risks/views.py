"""Risk pages: the register (Part 2 rows only for those who may see them), a risk with its
actions and history, add and edit, actions, raising an issue, and the risk matrix's settings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.exports import Sheet, xlsx_response
from gemini.core.history import changes_for
from gemini.core.versioning import shown
from gemini.programme import access as programme_access
from gemini.programme import engine, records
from gemini.programme.models import (
    Issue,
    Risk,
    RiskAction,
    RiskMatrix,
)
from gemini.programme.pages import (
    apply_errors,
    current_programme,
    edit_page,
    form_page,
    part_cells,
    record_form,
    today,
    wants_export,
)
from gemini.programme.risks import matrix as matrix_settings
from gemini.programme.risks import services
from gemini.programme.risks.forms import (
    BAND_ROWS_SPARE,
    RaiseIssueForm,
    RiskActionDoneForm,
    RiskActionForm,
    RiskForm,
    RiskMatrixForm,
)


@access.requires(Permission.VIEW_PROGRAMME)
def risks(request: HttpRequest) -> HttpResponse:
    """The risk register; `?likelihood=&impact=` lists one heat-map cell's open risks."""
    programme = current_programme(request)
    rows = list(
        programme_access.risks_for(request.user)
        .filter(programme=programme)
        .prefetch_related("actions")
    )
    matrix = services.matrix_for(programme)
    cell: tuple[int, int] | None = None
    try:
        if "likelihood" in request.GET and "impact" in request.GET:
            cell = (int(request.GET["likelihood"]), int(request.GET["impact"]))
    except ValueError:
        cell = None
    if cell is not None:
        rows = [
            r
            for r in rows
            if r.status == Risk.Status.OPEN and (r.current_likelihood, r.current_impact) == cell
        ]
    appetite = getattr(programme, "risk_matrix", None)
    appetite_score = appetite.appetite if appetite else None
    annotated = [
        (
            r,
            matrix.band(r.current_score),
            engine.risk_flags(r.current_score, r.target_score, appetite_score, r.inherent_score),
        )
        for r in rows
    ]
    if wants_export(request):
        return xlsx_response(
            "programme-risks.xlsx",
            [
                Sheet(
                    "Risks",
                    [
                        "reference",
                        "title",
                        "cause",
                        "event",
                        "effect",
                        "category",
                        "workstream",
                        "owner",
                        *Risk.LEVEL_FIELDS,
                        "current_score",
                        "band",
                        "response",
                        "review_date",
                        "proximity",
                        "status",
                        "confidentiality",
                        "exempt_paragraph",
                        "public_interest_reason",
                        "flags",
                    ],
                    [
                        [
                            r.reference,
                            r.title,
                            r.cause,
                            r.event,
                            r.effect,
                            r.category,
                            r.workstream.slug if r.workstream else "",
                            r.owner,
                            r.inherent_likelihood,
                            r.inherent_impact,
                            r.current_likelihood,
                            r.current_impact,
                            r.target_likelihood,
                            r.target_impact,
                            r.current_score,
                            band.name,
                            r.get_response_display(),
                            r.review_date,
                            r.proximity,
                            r.status,
                            *part_cells(r),
                            " ".join(f.message for f in flags),
                        ]
                        for r, band, flags in annotated
                    ],
                ),
                Sheet(
                    "Actions",
                    ["risk", "description", "owner", "due_date", "completed_date"],
                    [
                        [r.reference, a.description, a.owner, a.due_date, a.completed_date]
                        for r, _, _ in annotated
                        for a in r.actions.all()
                    ],
                ),
            ],
        )
    return render(
        request,
        "programme/risks.html",
        {
            "section": "programme",
            "risks": annotated,
            "cell": cell,
            "bands": matrix.bands,
            "appetite": appetite_score,
            "may_add": programme_access.editable_workstreams(request.user).exists(),
        },
    )


@access.requires(Permission.VIEW_PROGRAMME)
def risk(request: HttpRequest, pk: int) -> HttpResponse:
    record = access.get_or_404(programme_access.risks_for(request.user), pk=pk)
    matrix = services.matrix_for(record.programme)
    appetite = getattr(record.programme, "risk_matrix", None)
    scores = [
        ("Inherent", engine.score(record.inherent_likelihood, record.inherent_impact, matrix)),
        ("Current", engine.score(record.current_likelihood, record.current_impact, matrix)),
        ("Target", engine.score(record.target_likelihood, record.target_impact, matrix)),
    ]
    return render(
        request,
        "programme/risk.html",
        {
            "section": "programme",
            "risk": record,
            "scores": scores,
            "flags": engine.risk_flags(
                record.current_score,
                record.target_score,
                appetite.appetite if appetite else None,
                record.inherent_score,
            ),
            "actions": list(record.actions.all()),
            "issues": list(programme_access.issues_for(request.user).filter(risk=record)),
            "decisions": list(programme_access.decisions_for(request.user).filter(risks=record)),
            "score_history": services.score_history(record),
            "may_edit": programme_access.may_edit_in(request.user, record.workstream),
            "may_manage": access.has_permission(request.user, Permission.MANAGE_PROGRAMME),
            "history": changes_for(record)
            if access.has_permission(request.user, Permission.VIEW_HISTORY)
            else None,
            "today": today(),
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.EDIT_PROGRAMME)
def add_risk(request: HttpRequest) -> HttpResponse:
    programme = current_programme(request)

    def create(reference: str, values: dict[str, Any]) -> Risk:
        programme_access.require_edit_in(request.user, values.get("workstream"))
        return services.create_risk(programme, reference, values)

    return record_form(
        request,
        form_class=RiskForm,
        instance=None,
        fields=services.RISK_FIELDS,
        create=create,
        edit=services.edit_risk,
        done=lambda record, data: None,
        title="Add a risk",
        caption="Risk register",
        back=reverse("programme:risks"),
        form_kwargs={
            "workstreams": programme_access.editable_workstreams(request.user),
            "matrix": RiskMatrix.objects.filter(programme=programme).first(),
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.EDIT_PROGRAMME)
def edit_risk(request: HttpRequest, pk: int) -> HttpResponse:
    record = access.get_or_404(programme_access.risks_for(request.user), pk=pk)
    programme_access.require_edit_in(request.user, record.workstream)

    def edit(risk: Risk, version: int, values: dict[str, Any]) -> Risk:
        programme_access.require_edit_in(request.user, values.get("workstream"))
        return services.edit_risk(risk, version, values)

    return record_form(
        request,
        form_class=RiskForm,
        instance=record,
        fields=services.RISK_FIELDS,
        create=lambda reference, values: None,
        edit=edit,
        done=lambda record, data: None,
        title=f"Edit {record.reference}",
        caption="Risk register",
        back=reverse("programme:risk", args=[record.pk]),
        form_kwargs={
            "workstreams": programme_access.editable_workstreams(request.user),
            "matrix": RiskMatrix.objects.filter(programme=record.programme).first(),
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.EDIT_PROGRAMME)
def add_risk_action(request: HttpRequest, pk: int) -> HttpResponse:
    record = access.get_or_404(programme_access.risks_for(request.user), pk=pk)
    programme_access.require_edit_in(request.user, record.workstream)
    form = RiskActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_risk_action(
                record,
                data["description"],
                data["owner"],
                data["due_date"],
                data["completed_date"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "The action has been saved.")
            return redirect("programme:risk", pk=record.pk)
    return form_page(
        request,
        form,
        f"Add an action to {record.reference}",
        "Risk register",
        reverse("programme:risk", args=[record.pk]),
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_PROGRAMME)
def raise_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """The risk has happened: record it as an issue linked to the risk."""
    record = access.get_or_404(programme_access.risks_for(request.user), pk=pk)
    form = RaiseIssueForm(request.POST or None, initial={"raised_date": today()})
    if request.method == "POST" and form.is_valid():
        reference = form.cleaned_data["reference"].strip() or records.next_reference(
            Issue, record.programme, "I"
        )
        if Issue.objects.filter(programme=record.programme, reference=reference).exists():
            form.add_error("reference", f"There is already an issue {reference}.")
        else:
            try:
                services.raise_issue_from_risk(record, reference, form.cleaned_data["raised_date"])
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, f"{record.reference} is now issue {reference}.")
                return redirect("programme:issues")
    return form_page(
        request,
        form,
        f"{record.reference} has happened: raise an issue",
        "Risk register",
        reverse("programme:risk", args=[record.pk]),
        button="Raise the issue",
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.EDIT_PROGRAMME)
def complete_risk_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark an action done on a date: it stops being overdue on the dashboard."""
    action = access.get_or_404(
        RiskAction.objects.select_related("risk__workstream").filter(
            risk__in=programme_access.risks_for(request.user)
        ),
        pk=pk,
    )
    programme_access.require_edit_in(request.user, action.risk.workstream)

    def make_form(data: QueryDict | None, record: RiskAction) -> RiskActionDoneForm:
        return RiskActionDoneForm(
            data, initial={"version": record.version, "completed_date": today()}
        )

    due = f" It was due on {action.due_date:%d/%m/%Y}." if action.due_date else ""
    return edit_page(
        request,
        make_form=make_form,
        record=action,
        save=lambda form: services.complete_risk_action(
            action, form.cleaned_data["version"], form.cleaned_data["completed_date"]
        ),
        title="Mark the action as done",
        caption=f"Risk {action.risk.reference}",
        back=reverse("programme:risk", args=[action.risk_id]),
        intro=f"{action.description}{due}",
        button="Mark as done",
        saved=lambda form, current: [("Done on", shown(current.completed_date))],
        message=lambda done: f"The action was marked as done on {done.completed_date:%d/%m/%Y}.",
    )


def _matrix_initial(matrix: RiskMatrix | None) -> dict[str, Any]:
    bands = matrix_settings.bands_of(matrix)
    initial: dict[str, Any] = {
        "version": matrix.version if matrix else None,
        "levels": matrix.levels if matrix else engine.DEFAULT_MATRIX.levels,
        "appetite": matrix.appetite if matrix else None,
        "likelihood_labels": "\n".join(matrix.likelihood_labels) if matrix else "",
        "impact_labels": "\n".join(matrix.impact_labels) if matrix else "",
    }
    for number, band in enumerate(bands, start=1):
        initial.update(
            {
                f"band_name_{number}": band.name,
                f"band_lowest_{number}": band.lowest,
                f"band_highest_{number}": band.highest,
                f"band_colour_{number}": band.colour,
            }
        )
    return initial


def _matrix_saved(form: Any, current: RiskMatrix) -> list[tuple[str, str]]:
    rows = [("Levels", str(current.levels)), ("Appetite", str(current.appetite or "None"))]
    rows.extend(
        (band.name, f"{band.lowest}–{band.highest} ({band.colour})")
        for band in matrix_settings.bands_of(current)
    )
    return rows


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_PROGRAMME)
def edit_risk_matrix(request: HttpRequest) -> HttpResponse:
    """Levels, labels, bands and appetite; every possible score must land in exactly one band."""
    programme = current_programme(request)
    matrix = RiskMatrix.objects.filter(programme=programme).first()
    rows = len(matrix_settings.bands_of(matrix)) + BAND_ROWS_SPARE

    def make_form(data: QueryDict | None, current: RiskMatrix | None) -> RiskMatrixForm:
        return RiskMatrixForm(data, initial=_matrix_initial(current), bands=rows)

    def save(form: RiskMatrixForm) -> RiskMatrix:
        data = form.cleaned_data
        return matrix_settings.edit_risk_matrix(
            programme,
            data["version"],
            data["levels"],
            data["bands"],
            data["appetite"],
            data["likelihood"],
            data["impact"],
        )

    return edit_page(
        request,
        make_form=make_form,
        record=matrix,
        save=save,
        title="Change the risk matrix",
        caption="Risk register",
        back=reverse("programme:risks"),
        template="programme/risk_matrix.html",
        intro="Score = likelihood × impact. Every score the matrix can give (with 5 levels: 1, "
        "2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 20 and 25) must land in exactly one band. "
        "Clear a band's fields to remove it.",
        saved=_matrix_saved,
        message=lambda matrix: "The risk matrix has been saved.",
        context={"possible": engine.possible_scores(matrix.levels if matrix else 5)},
    )
