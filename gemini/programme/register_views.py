"""The registers' pages: milestones, risks, issues, decisions and assumptions, benefits and the
operating-model catalogue. Every list exports to Excel (`?export=xlsx`), checked like the page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.charts import chart_svg
from gemini.core.exports import Sheet, xlsx_response
from gemini.core.history import changes_for
from gemini.core.versioning import StaleEditError, offer_again, saved_values
from gemini.programme import access as programme_access
from gemini.programme import charts, engine, services
from gemini.programme.forms import (
    DecisionForm,
    IssueForm,
    MeasurementForm,
    MilestoneForm,
    RaiseIssueForm,
    ResponsibilityForm,
    RiskActionForm,
    RiskForm,
    ask_to_replace,
)
from gemini.programme.models import (
    Assumption,
    Issue,
    Milestone,
    Risk,
    RiskMatrix,
    ServiceOwner,
)
from gemini.programme.views import apply_errors, current_programme, form_page, today, wants_export


def _part(record: Any) -> list[Any]:
    """The confidentiality cells, as the importers read them."""
    return [record.confidentiality, record.exempt_paragraph, record.public_interest_reason]


def _record_form(
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
            values = {name: form.cleaned_data[name] for name in fields}
            try:
                if instance is None:
                    record = create(form.cleaned_data["reference"], values)
                else:
                    record = edit(instance, form.cleaned_data["version"] or 0, values)
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
        initial = {"version": getattr(instance, "version", None)} if instance else {}
        form = form_class(instance=instance, initial=initial, **kwargs)
    return form_page(
        request,
        form,
        title,
        caption,
        back,
        stale=stale,
        saved=saved_values(form, stale.current) if stale else None,
    )


# ---------------------------------------------------------------- milestones


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
                        "title",
                        "workstream",
                        "owner",
                        "baseline_date",
                        "forecast_date",
                        "actual_date",
                        "status",
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
        reference = reference.strip() or services.next_reference(Milestone, programme, "M")
        programme_access.require_edit_in(request.user, values.get("workstream"))
        if Milestone.objects.filter(programme=programme, reference=reference).exists():
            raise ValidationError({"reference": f"There is already a milestone {reference}."})
        milestone, _ = services.save_milestone(programme, reference, values)
        return milestone

    return _record_form(
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

    return _record_form(
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


# ---------------------------------------------------------------- risks


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
                        "inherent_likelihood",
                        "inherent_impact",
                        "current_likelihood",
                        "current_impact",
                        "target_likelihood",
                        "target_impact",
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
                            *_part(r),
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

    return _record_form(
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

    return _record_form(
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
        reference = form.cleaned_data["reference"].strip() or services.next_reference(
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


# ---------------------------------------------------------------- issues


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
                    [
                        "reference",
                        "title",
                        "description",
                        "workstream",
                        "priority",
                        "owner",
                        "raised_date",
                        "resolved_date",
                        "resolution",
                        "escalated_to",
                        "risk",
                        "confidentiality",
                        "exempt_paragraph",
                        "public_interest_reason",
                    ],
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
                            *_part(i),
                        ]
                        for i in rows
                    ],
                )
            ],
        )
    return render(
        request,
        "programme/issues.html",
        {
            "section": "programme",
            "issues": rows,
            "visible_risks": visible_risks,
            "may_manage": access.has_permission(request.user, Permission.MANAGE_PROGRAMME),
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_PROGRAMME)
def add_issue(request: HttpRequest) -> HttpResponse:
    programme = current_programme(request)
    return _record_form(
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
    return _record_form(
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


# ---------------------------------------------------------------- decisions and assumptions


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
                            *_part(d),
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


# ---------------------------------------------------------------- benefits


@access.requires(Permission.VIEW_PROGRAMME)
def benefits(request: HttpRequest) -> HttpResponse:
    programme = current_programme(request)
    rows = list(programme_access.benefits_for(request.user).filter(programme=programme))
    realised = [(b, services.realisation(b)) for b in rows]
    savings = services.savings_by_council(programme)
    if wants_export(request):
        return xlsx_response(
            "programme-benefits.xlsx",
            [
                Sheet(
                    "Benefits",
                    ["reference", *services.BENEFIT_FIELDS, "percent_realised"],
                    [
                        [
                            b.reference,
                            b.title,
                            b.description,
                            b.get_kind_display(),
                            b.category,
                            b.financial,
                            b.cash_releasing,
                            b.quantitative,
                            b.owner_organisation.code if b.owner_organisation else "",
                            b.owner,
                            b.measure,
                            b.baseline,
                            b.target,
                            b.full_year_value,
                            r.percent,
                        ]
                        for b, r in realised
                    ],
                ),
                Sheet(
                    "Profile",
                    ["reference", "organisation", "financial_year", "amount"],
                    [
                        [b.reference, p.organisation.code, p.financial_year, p.amount]
                        for b in rows
                        for p in b.profile.all()
                    ],
                ),
            ],
        )
    years = sorted({year for by_year in savings.values() for year in by_year})
    chart = chart_svg(
        charts.benefits_realised,
        [(b.reference, r.percent) for b, r in realised if b.quantitative],
        title="Benefits realised against target",
    )
    return render(
        request,
        "programme/benefits.html",
        {
            "section": "programme",
            "benefits": realised,
            "chart": chart,
            "years": years,
            "savings": sorted(savings.items()),
        },
    )


@access.requires(Permission.VIEW_PROGRAMME)
def benefit(request: HttpRequest, pk: int) -> HttpResponse:
    record = access.get_or_404(programme_access.benefits_for(request.user), pk=pk)
    return render(
        request,
        "programme/benefit.html",
        {
            "section": "programme",
            "benefit": record,
            "realisation": services.realisation(record),
            "measurements": sorted(record.measurements.all(), key=lambda m: m.date),
            "profile": list(record.profile.all()),
            "may_manage": access.has_permission(request.user, Permission.MANAGE_PROGRAMME),
            "history": changes_for(record)
            if access.has_permission(request.user, Permission.VIEW_HISTORY)
            else None,
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_PROGRAMME)
def add_measurement(request: HttpRequest, pk: int) -> HttpResponse:
    record = access.get_or_404(programme_access.benefits_for(request.user), pk=pk)
    form = MeasurementForm(request.POST or None, initial={"date": today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_measurement(
                record, data["date"], data["value"], data["note"], replace=data["replace"]
            )
        except ValidationError as error:
            apply_errors(form, error)
            if isinstance(error, services.WouldReplaceError):
                ask_to_replace(form)
        else:
            messages.success(request, "The measurement has been recorded.")
            return redirect("programme:benefit", pk=record.pk)
    return form_page(
        request,
        form,
        f"Record a measurement of {record.reference}",
        "Benefits register",
        reverse("programme:benefit", args=[record.pk]),
        intro=f"Measure: {record.measure or 'not set'}. Baseline {record.baseline}, "
        f"target {record.target}.",
    )


# ---------------------------------------------------------------- catalogue


@access.requires(Permission.VIEW_PROGRAMME)
def catalogue(request: HttpRequest) -> HttpResponse:
    programme = current_programme(request)
    rows = list(programme_access.services_for(request.user).filter(programme=programme))
    if wants_export(request):
        return xlsx_response(
            "programme-catalogue.xlsx",
            [
                Sheet(
                    "Catalogue",
                    [
                        "service",
                        "model",
                        "provider",
                        "cost_allocation",
                        "current_state",
                        "target_state",
                        "change_date",
                    ],
                    [
                        [
                            s.name,
                            s.model_label,
                            s.provider,
                            s.get_cost_allocation_display(),
                            s.current_state,
                            s.target_state,
                            s.change_date,
                        ]
                        for s in rows
                    ],
                ),
                Sheet(
                    "Owners",
                    ["service", "organisation", "accountable_owner", "contact", "provider"],
                    [
                        [s.name, o.organisation.code, o.accountable_owner, o.contact, o.provider]
                        for s in rows
                        for o in s.owners.all()
                    ],
                ),
            ],
        )
    return render(request, "programme/catalogue.html", {"section": "programme", "services": rows})


@access.requires(Permission.VIEW_PROGRAMME)
def responsibility(request: HttpRequest) -> HttpResponse:
    """Who is responsible for what: for a service and a council, who to go to."""
    form = ResponsibilityForm(request.GET or None)
    answer: ServiceOwner | None = None
    service = None
    if form.is_bound and form.is_valid():
        service = form.cleaned_data["service"]
        answer = (
            ServiceOwner.objects.filter(
                service=service, organisation=form.cleaned_data["organisation"]
            )
            .select_related("organisation")
            .first()
        )
    return render(
        request,
        "programme/responsibility.html",
        {
            "section": "programme",
            "form": form,
            "service": service,
            "organisation": form.cleaned_data.get("organisation")
            if form.is_bound and form.is_valid()
            else None,
            "answer": answer,
        },
    )
