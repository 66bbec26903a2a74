"""Add and edit pages for the registers: risk actions done, decisions, assumptions, benefits
and their profile, and the operating-model catalogue. Each writes through a service and
refuses an edit over a newer version (form_pages.edit_page).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.versioning import shown
from gemini.programme import access as programme_access
from gemini.programme import services
from gemini.programme.form_pages import edit_page
from gemini.programme.forms import (
    AssumptionForm,
    BenefitForm,
    BenefitProfileForm,
    CatalogueServiceForm,
    DecisionForm,
    RiskActionDoneForm,
)
from gemini.programme.models import Assumption, Benefit, CatalogueService, RiskAction
from gemini.programme.views import current_programme, today


def _versioned(record: Model | None) -> dict[str, Any]:
    return {"version": getattr(record, "version", None)} if record is not None else {}


# ---------------------------------------------------------------- risk actions


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


# ---------------------------------------------------------------- decisions and assumptions


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_PROGRAMME)
def edit_decision(request: HttpRequest, pk: int) -> HttpResponse:
    decision = access.get_or_404(programme_access.decisions_for(request.user), pk=pk)

    links = programme_access.decision_links(request.user, decision.programme)

    def make_form(data: QueryDict | None, record: Any) -> DecisionForm:
        return DecisionForm(data, instance=record, initial=_versioned(record), **links)

    def save(form: DecisionForm) -> Any:
        values = {name: form.cleaned_data[name] for name in services.DECISION_FIELDS}
        with transaction.atomic():
            saved = services.edit_decision(decision, form.cleaned_data["version"] or 0, values)
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


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_PROGRAMME)
def add_assumption(request: HttpRequest) -> HttpResponse:
    programme = current_programme(request)

    def save(form: AssumptionForm) -> Assumption:
        values = {name: form.cleaned_data[name] for name in services.ASSUMPTION_FIELDS}
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
        values = {name: form.cleaned_data[name] for name in services.ASSUMPTION_FIELDS}
        return services.edit_assumption(assumption, form.cleaned_data["version"] or 0, values)

    return edit_page(
        request,
        make_form=lambda data, record: AssumptionForm(
            data, instance=record, initial=_versioned(record)
        ),
        record=assumption,
        save=save,
        title=f"Edit {assumption.reference}",
        caption="Assumptions",
        back=reverse("programme:decisions") + "#assumptions",
    )


# ---------------------------------------------------------------- benefits


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_PROGRAMME)
def add_benefit(request: HttpRequest) -> HttpResponse:
    programme = current_programme(request)

    def save(form: BenefitForm) -> Benefit:
        values = {name: form.cleaned_data[name] for name in services.BENEFIT_FIELDS}
        return services.create_benefit(programme, form.cleaned_data["reference"], values)

    return edit_page(
        request,
        make_form=lambda data, record: BenefitForm(data),
        record=None,
        save=save,
        title="Add a benefit",
        caption="Benefits register",
        back=reverse("programme:benefits"),
        done=lambda benefit: reverse("programme:benefit", args=[benefit.pk]),
        intro="HM Treasury Green Book fields. Record a dis-benefit here too.",
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_PROGRAMME)
def edit_benefit(request: HttpRequest, pk: int) -> HttpResponse:
    benefit = access.get_or_404(programme_access.benefits_for(request.user), pk=pk)

    def save(form: BenefitForm) -> Benefit:
        values = {name: form.cleaned_data[name] for name in services.BENEFIT_FIELDS}
        return services.edit_benefit(benefit, form.cleaned_data["version"] or 0, values)

    return edit_page(
        request,
        make_form=lambda data, record: BenefitForm(
            data, instance=record, initial=_versioned(record)
        ),
        record=benefit,
        save=save,
        title=f"Edit {benefit.reference}",
        caption="Benefits register",
        back=reverse("programme:benefit", args=[benefit.pk]),
    )


def _profile_rows(form: Any, current: Benefit) -> list[tuple[str, str]]:
    return [
        (f"{row.organisation.code} {row.financial_year}", f"£{row.amount:,.2f}")
        for row in current.profile.select_related("organisation")
    ] or [("Profile", "No rows")]


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_PROGRAMME)
def edit_benefit_profile(request: HttpRequest, pk: int) -> HttpResponse:
    """The benefit's planned value by council and financial year, as rows."""
    benefit = access.get_or_404(programme_access.benefits_for(request.user), pk=pk)
    existing = sorted(benefit.profile.all(), key=lambda r: (r.financial_year, r.organisation.code))

    def make_form(data: QueryDict | None, record: Benefit) -> BenefitProfileForm:
        initial: dict[str, Any] = {"version": record.version}
        for number, row in enumerate(existing, start=1):
            initial.update(
                {
                    f"organisation_{number}": row.organisation_id,
                    f"year_{number}": row.financial_year,
                    f"amount_{number}": row.amount,
                }
            )
        return BenefitProfileForm(data, initial=initial, rows=len(existing) + 3)

    def save(form: BenefitProfileForm) -> Benefit:
        return services.edit_benefit_profile(
            benefit, form.cleaned_data["version"], form.cleaned_data["entries"]
        )

    return edit_page(
        request,
        make_form=make_form,
        record=benefit,
        save=save,
        title=f"Profile of {benefit.reference} by financial year",
        caption="Benefits register",
        back=reverse("programme:benefit", args=[benefit.pk]),
        template="programme/benefit_profile.html",
        message=lambda saved: f"The profile of {saved.reference} has been saved.",
        intro="The planned value in each financial year (April to March), for each council. "
        "Clear a row's council, year and amount to remove it; three blank rows are for new "
        "years.",
        saved=_profile_rows,
    )


# ---------------------------------------------------------------- operating-model catalogue


def _service_values(form: CatalogueServiceForm) -> dict[str, Any]:
    model, council = form.model_and_council()
    values = {
        name: form.cleaned_data[name]
        for name in services.CATALOGUE_FIELDS
        if name not in {"model", "sole_organisation"}
    }
    values.update({"model": model, "sole_organisation": council})
    return values


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_PROGRAMME)
def add_service(request: HttpRequest) -> HttpResponse:
    programme = current_programme(request)

    def save(form: CatalogueServiceForm) -> CatalogueService:
        return services.create_service(programme, _service_values(form), form.owner_entries())

    return edit_page(
        request,
        make_form=lambda data, record: CatalogueServiceForm(data),
        record=None,
        save=save,
        title="Add a service to the catalogue",
        caption="Operating-model catalogue",
        back=reverse("programme:catalogue"),
        template="programme/service_form.html",
        intro="Each ICT service or capability: shared between the councils, separate in each, "
        "or one council's only; who provides it; and who is accountable in each council.",
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_PROGRAMME)
def edit_service(request: HttpRequest, pk: int) -> HttpResponse:
    service = access.get_or_404(programme_access.services_for(request.user), pk=pk)

    def save(form: CatalogueServiceForm) -> CatalogueService:
        return services.edit_service(
            service, form.cleaned_data["version"] or 0, _service_values(form), form.owner_entries()
        )

    return edit_page(
        request,
        make_form=lambda data, record: CatalogueServiceForm(
            data, instance=record, initial=_versioned(record)
        ),
        record=service,
        save=save,
        title=f"Edit {service.name}",
        caption="Operating-model catalogue",
        back=reverse("programme:catalogue"),
        template="programme/service_form.html",
    )
