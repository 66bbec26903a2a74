"""Writes for the operating-model catalogue: services and who owns them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from gemini.core.models import Organisation
from gemini.core.services import Outcome, upsert
from gemini.core.versioning import save_edit
from gemini.programme.models import (
    CatalogueService,
    Programme,
    ServiceOwner,
)
from gemini.programme.records import only_fields


def save_service(
    programme: Programme, slug: str, values: Mapping[str, Any]
) -> tuple[CatalogueService, Outcome]:
    return upsert(CatalogueService, {"programme": programme, "slug": slug}, values)


def save_service_owner(
    service: CatalogueService,
    organisation: Organisation,
    accountable_owner: str,
    contact: str = "",
    provider: str = "",
) -> tuple[ServiceOwner, Outcome]:
    return upsert(
        ServiceOwner,
        {"service": service, "organisation": organisation},
        {"accountable_owner": accountable_owner, "contact": contact, "provider": provider},
    )


CATALOGUE_FIELDS = (
    "name",
    "description",
    "model",
    "sole_organisation",
    "provider",
    "cost_allocation",
    "current_state",
    "target_state",
    "change_date",
)


@dataclass(frozen=True)
class OwnerEntry:
    """Who to go to for a service in one council (blank accountable owner: none recorded)."""

    organisation: Organisation
    accountable_owner: str
    contact: str = ""
    provider: str = ""


def _save_owners(service: CatalogueService, owners: Sequence[OwnerEntry]) -> None:
    problems = {}
    for entry in owners:
        if not entry.accountable_owner.strip() and (entry.contact or entry.provider):
            problems[f"owner_{entry.organisation.pk}"] = (
                f"Enter the accountable owner in {entry.organisation.code}, or clear the contact "
                "and provider."
            )
    if problems:
        raise ValidationError(problems)
    for entry in owners:
        if entry.accountable_owner.strip():
            save_service_owner(
                service, entry.organisation, entry.accountable_owner, entry.contact, entry.provider
            )
        else:
            ServiceOwner.objects.filter(service=service, organisation=entry.organisation).delete()


def create_service(
    programme: Programme, values: Mapping[str, Any], owners: Sequence[OwnerEntry] = ()
) -> CatalogueService:
    """A new service in the operating-model catalogue, with its owners in each council."""
    only_fields(values, CATALOGUE_FIELDS)
    name = str(values.get("name", "")).strip()
    if CatalogueService.objects.filter(programme=programme, name=name).exists():
        raise ValidationError({"name": f"There is already a service called {name}."})
    slug = slugify(name)[:50] or "service"
    base, number = slug, 2
    while CatalogueService.objects.filter(programme=programme, slug=slug).exists():
        slug = f"{base[:45]}-{number}"
        number += 1
    order = (
        CatalogueService.objects.filter(programme=programme).aggregate(Max("order"))["order__max"]
        or 0
    ) + 1
    with transaction.atomic():
        service, _ = save_service(programme, slug, {**values, "order": order})
        _save_owners(service, owners)
    return service


def edit_service(
    service: CatalogueService,
    expected_version: int,
    changes: Mapping[str, Any],
    owners: Sequence[OwnerEntry] = (),
) -> CatalogueService:
    only_fields(changes, CATALOGUE_FIELDS)
    name = str(changes.get("name", service.name)).strip()
    if (
        CatalogueService.objects.filter(programme_id=service.programme_id, name=name)
        .exclude(pk=service.pk)
        .exists()
    ):
        raise ValidationError({"name": f"There is already a service called {name}."})
    with transaction.atomic():
        save_edit(service, expected_version, changes)
        _save_owners(service, owners)
    return service
