"""Risks (scored against the programme's risk matrix), their actions, issues and assumptions."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from gemini.core.models import Confidential, Versioned
from gemini.programme import engine
from gemini.programme.models.structure import GovernanceBody, Programme, Workstream

LEVEL = [MinValueValidator(1), MaxValueValidator(10)]


class RiskMatrix(Versioned):
    """A register's scoring matrix, kept as data: levels, labels, bands (RiskBand), appetite."""

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="risk_matrix"
    )
    levels = models.PositiveSmallIntegerField(default=5, validators=LEVEL)
    likelihood_labels = models.JSONField(default=list, blank=True)
    impact_labels = models.JSONField(default=list, blank=True)
    appetite = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Current scores above this need escalation."
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Risk matrix of {self.programme}"

    def as_engine(self, bands: list[RiskBand] | None = None) -> engine.Matrix:
        rows = bands if bands is not None else list(self.bands.all())
        return engine.Matrix(
            self.levels,
            tuple(engine.Band(b.name, b.lowest, b.highest, b.colour) for b in rows),
        )


class RiskBand(models.Model):
    matrix = models.ForeignKey(RiskMatrix, on_delete=models.CASCADE, related_name="bands")
    name = models.CharField(max_length=40)
    lowest = models.PositiveSmallIntegerField()
    highest = models.PositiveSmallIntegerField()
    colour = models.CharField(max_length=7, help_text="Such as #d4351c.")
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["matrix", "lowest"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["matrix", "name"], name="programme_band_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.lowest}–{self.highest})"


class Response(models.TextChoices):
    """HM Treasury Orange Book, the "4 Ts"."""

    TREAT = "treat", "Treat"
    TOLERATE = "tolerate", "Tolerate"
    TRANSFER = "transfer", "Transfer"
    TERMINATE = "terminate", "Terminate"


class Risk(Confidential, Versioned):
    # The six 1-to-levels scores, inherent, current and target: the one list the model's check,
    # the matrix settings, the importer, the service's fields and the export use.
    LEVEL_FIELDS: ClassVar[tuple[str, ...]] = (
        "inherent_likelihood",
        "inherent_impact",
        "current_likelihood",
        "current_impact",
        "target_likelihood",
        "target_impact",
    )

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        OCCURRED = "occurred", "Occurred (now an issue)"
        CLOSED = "closed", "Closed"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="risks")
    reference = models.CharField(max_length=20)
    title = models.CharField(max_length=300)
    cause = models.TextField(blank=True, help_text="Because of …")
    event = models.TextField(blank=True, help_text="… there is a risk that …")
    effect = models.TextField(blank=True, help_text="… which would lead to …")
    category = models.CharField(max_length=60, blank=True)
    workstream = models.ForeignKey(
        Workstream, null=True, blank=True, on_delete=models.SET_NULL, related_name="risks"
    )
    owner = models.CharField(max_length=200, blank=True)
    inherent_likelihood = models.PositiveSmallIntegerField(validators=LEVEL)
    inherent_impact = models.PositiveSmallIntegerField(validators=LEVEL)
    current_likelihood = models.PositiveSmallIntegerField(validators=LEVEL)
    current_impact = models.PositiveSmallIntegerField(validators=LEVEL)
    target_likelihood = models.PositiveSmallIntegerField(validators=LEVEL)
    target_impact = models.PositiveSmallIntegerField(validators=LEVEL)
    response = models.CharField(max_length=10, choices=Response.choices, default=Response.TREAT)
    review_date = models.DateField(null=True, blank=True)
    proximity = models.DateField(
        null=True, blank=True, help_text="When the risk would happen if it does."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    history = HistoricalRecords()

    class Meta(Confidential.Meta):
        ordering: ClassVar = ["programme", "reference"]
        constraints: ClassVar = [
            *Confidential.Meta.constraints,
            models.UniqueConstraint(
                fields=["programme", "reference"], name="programme_risk_reference"
            ),
        ]

    @property
    def inherent_score(self) -> int:
        return self.inherent_likelihood * self.inherent_impact

    @property
    def current_score(self) -> int:
        return self.current_likelihood * self.current_impact

    @property
    def target_score(self) -> int:
        return self.target_likelihood * self.target_impact

    def clean(self) -> None:
        super().clean()
        # The register's own level count bounds the scores.
        matrix = RiskMatrix.objects.filter(programme_id=self.programme_id).first()
        levels = matrix.levels if matrix else 5
        errors = {}
        for name in self.LEVEL_FIELDS:
            value = getattr(self, name)
            if value is not None and not 1 <= value <= levels:
                errors[name] = f"Enter a number from 1 to {levels}."
        if errors:
            raise ValidationError(errors)

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class RiskAction(Versioned):
    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.CharField(max_length=200, blank=True)
    due_date = models.DateField(null=True, blank=True)
    completed_date = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["risk", "due_date", "pk"]

    def __str__(self) -> str:
        return self.description[:60]


class Issue(Confidential, Versioned):
    class Priority(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"
        CRITICAL = "critical", "Critical"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="issues")
    reference = models.CharField(max_length=20)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    workstream = models.ForeignKey(
        Workstream, null=True, blank=True, on_delete=models.SET_NULL, related_name="issues"
    )
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.MEDIUM)
    owner = models.CharField(max_length=200, blank=True)
    raised_date = models.DateField()
    resolved_date = models.DateField(null=True, blank=True)
    resolution = models.TextField(blank=True)
    escalated_to = models.ForeignKey(
        GovernanceBody, null=True, blank=True, on_delete=models.SET_NULL, related_name="issues"
    )
    risk = models.ForeignKey(
        Risk,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="issues",
        help_text="The risk that happened and became this issue.",
    )
    history = HistoricalRecords()

    class Meta(Confidential.Meta):
        ordering: ClassVar = ["programme", "reference"]
        constraints: ClassVar = [
            *Confidential.Meta.constraints,
            models.UniqueConstraint(
                fields=["programme", "reference"], name="programme_issue_reference"
            ),
        ]

    @property
    def is_open(self) -> bool:
        return self.resolved_date is None

    def clean(self) -> None:
        super().clean()
        if self.resolved_date and self.raised_date and self.resolved_date < self.raised_date:
            raise ValidationError({"resolved_date": "The resolved date must be after raised."})

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class Assumption(Versioned):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="assumptions")
    reference = models.CharField(max_length=20)
    description = models.TextField()
    workstream = models.ForeignKey(
        Workstream, null=True, blank=True, on_delete=models.SET_NULL, related_name="assumptions"
    )
    owner = models.CharField(max_length=200, blank=True)
    validated = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["programme", "reference"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["programme", "reference"], name="programme_assumption_reference"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.description[:60]}"
