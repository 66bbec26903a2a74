"""Catalogue pages: the services, the responsibility view, add and edit a service."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.exports import Sheet, xlsx_response
from gemini.programme import access as programme_access
from gemini.programme.catalogue import services
from gemini.programme.catalogue.forms import CatalogueServiceForm, ResponsibilityForm
from gemini.programme.models import (
    CatalogueService,
    ServiceOwner,
)
from gemini.programme.pages import (
    current_programme,
    edit_page,
    form_version,
    versioned_initial,
    wants_export,
)


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
            service, form_version(form), _service_values(form), form.owner_entries()
        )

    return edit_page(
        request,
        make_form=lambda data, record: CatalogueServiceForm(
            data, instance=record, initial=versioned_initial(record)
        ),
        record=service,
        save=save,
        title=f"Edit {service.name}",
        caption="Operating-model catalogue",
        back=reverse("programme:catalogue"),
        template="programme/service_form.html",
    )
