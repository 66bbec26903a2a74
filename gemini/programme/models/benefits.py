"""The benefits register: benefits, their profiles by financial year, and measurements."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.db import models
from simple_history.models import HistoricalRecords

from gemini.core.models import Organisation, Versioned
from gemini.programme.models.structure import Programme


class Benefit(Versioned):
    """A benefits register entry (HM Treasury Green Book fields, REFERENCE.md §1)."""

    class Kind(models.TextChoices):
        BENEFIT = "benefit", "Benefit"
        DIS_BENEFIT = "dis_benefit", "Dis-benefit"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="benefits")
    reference = models.CharField(max_length=20)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True, help_text="The expected benefit outcome.")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.BENEFIT)
    category = models.CharField(max_length=60, blank=True)
    financial = models.BooleanField(default=False, help_text="Measured in pounds.")
    cash_releasing = models.BooleanField(default=False)
    quantitative = models.BooleanField(default=True)
    owner_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="benefits"
    )
    owner = models.CharField(max_length=200, blank=True, help_text="The accountable officer.")
    measure = models.CharField(max_length=300, blank=True)
    baseline = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    target = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    full_year_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["programme", "reference"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["programme", "reference"], name="programme_benefit_reference"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class BenefitProfile(models.Model):
    """The planned value of a benefit in one financial year, for one council."""

    benefit = models.ForeignKey(Benefit, on_delete=models.CASCADE, related_name="profile")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="benefit_profiles"
    )
    financial_year = models.CharField(max_length=7, help_text="Such as 2025/26.")
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["benefit", "financial_year", "organisation"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["benefit", "organisation", "financial_year"],
                name="programme_benefit_profile_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.benefit.reference} {self.organisation.code} {self.financial_year}"


class BenefitMeasurement(models.Model):
    benefit = models.ForeignKey(Benefit, on_delete=models.CASCADE, related_name="measurements")
    date = models.DateField()
    value = models.DecimalField(max_digits=14, decimal_places=2)
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["benefit", "date"]
        get_latest_by = "date"
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["benefit", "date"], name="programme_measurement_date")
        ]

    def __str__(self) -> str:
        return f"{self.benefit.reference} {self.value} on {self.date:%d/%m/%Y}"
