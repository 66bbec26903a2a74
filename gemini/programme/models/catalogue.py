"""The operating-model catalogue: each ICT service, shared or per council, and who provides it."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from gemini.core.models import Organisation, Versioned
from gemini.programme.models.structure import Programme


class OperatingModel(models.TextChoices):
    SHARED = "shared", "Shared"
    SEPARATE = "separate", "Separate (each council its own)"
    SINGLE = "single", "One council only"


class CostAllocation(models.TextChoices):
    NONE = "", "Not shared"
    EQUAL = "equal", "50:50"
    USERS = "users", "By users"
    DEVICES = "devices", "By devices"
    USAGE = "usage", "By usage"


class CatalogueService(Versioned):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="services")
    name = models.CharField(max_length=200)
    slug = models.SlugField()
    order = models.PositiveSmallIntegerField(default=0)
    description = models.TextField(blank=True)
    model = models.CharField(max_length=10, choices=OperatingModel.choices)
    sole_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sole_services",
        help_text="For a service only one council has: which council.",
    )
    provider = models.CharField(max_length=200, blank=True, help_text="Who delivers it.")
    cost_allocation = models.CharField(
        max_length=10, choices=CostAllocation.choices, blank=True, default=CostAllocation.NONE
    )
    current_state = models.TextField(blank=True)
    target_state = models.TextField(blank=True)
    change_date = models.DateField(null=True, blank=True, help_text="When it changes.")
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["programme", "order", "name"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["programme", "slug"], name="programme_service_slug")
        ]

    @property
    def model_label(self) -> str:
        if self.model == OperatingModel.SINGLE and self.sole_organisation_id:
            return f"{self.sole_organisation.code} only"  # type: ignore[union-attr]
        return str(self.get_model_display())

    def clean(self) -> None:
        super().clean()
        if self.model == OperatingModel.SHARED and not self.cost_allocation:
            raise ValidationError(
                {"cost_allocation": "Choose how the cost of a shared service is split."}
            )
        if self.model != OperatingModel.SHARED and self.cost_allocation:
            raise ValidationError({"cost_allocation": "Only a shared service splits its cost."})
        if (self.model == OperatingModel.SINGLE) != (self.sole_organisation_id is not None):
            raise ValidationError(
                {"sole_organisation": "Name the council for a one-council service, and only then."}
            )

    def __str__(self) -> str:
        return self.name


class ServiceOwner(models.Model):
    """Who to go to for a service in one council: the accountable owner and how to reach them."""

    service = models.ForeignKey(CatalogueService, on_delete=models.CASCADE, related_name="owners")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="service_owners"
    )
    accountable_owner = models.CharField(max_length=200)
    contact = models.CharField(max_length=200, blank=True, help_text="Team, mailbox or portal.")
    provider = models.CharField(
        max_length=200, blank=True, help_text="Who delivers it for this council."
    )
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["service", "organisation"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["service", "organisation"], name="programme_service_owner"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service} ({self.organisation.code}): {self.accountable_owner}"
