"""The programme API's catalogue routes."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Path, Router

from gemini.core import access
from gemini.programme import access as programme_access
from gemini.programme import schemas
from gemini.programme.api_common import programme_of_call
from gemini.programme.catalogue import schemas as catalogue_schemas
from gemini.programme.models import CatalogueService

router = Router(tags=["programme"])


def _service_out(service: CatalogueService) -> catalogue_schemas.ProgrammeService:
    return catalogue_schemas.ProgrammeService(
        id=service.pk,
        slug=service.slug,
        name=service.name,
        description=service.description,
        model=service.model,
        model_label=service.model_label,
        sole_organisation=service.sole_organisation.code if service.sole_organisation else None,
        provider=service.provider,
        cost_allocation=service.cost_allocation,
        current_state=service.current_state,
        target_state=service.target_state,
        change_date=service.change_date,
        owners=[
            catalogue_schemas.ProgrammeServiceOwner(
                organisation=o.organisation.code,
                accountable_owner=o.accountable_owner,
                contact=o.contact,
                provider=o.provider,
            )
            for o in service.owners.all()
        ],
        version=service.version,
    )


@router.get(
    "/catalogue",
    response={200: list[catalogue_schemas.ProgrammeService], **schemas.READ_ERRORS},
    url_name="programme-catalogue",
    summary="The operating-model catalogue: each service's model, provider and owners",
)
def catalogue(request: HttpRequest) -> list[catalogue_schemas.ProgrammeService]:
    rows = programme_access.services_for(request.user).filter(programme=programme_of_call(request))
    return [_service_out(s) for s in rows]


@router.get(
    "/catalogue/{slug}",
    response={200: catalogue_schemas.ProgrammeService, **schemas.INPUT_ERRORS},
    url_name="programme-service",
    summary="One service of the catalogue",
)
def service(request: HttpRequest, slug: Path[schemas.Slug]) -> catalogue_schemas.ProgrammeService:
    return _service_out(
        access.get_or_404(
            programme_access.services_for(request.user).filter(
                programme=programme_of_call(request)
            ),
            slug=slug,
        )
    )
