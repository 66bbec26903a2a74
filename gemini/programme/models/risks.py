"""The programme office's registers: status, milestones, risks, issues, decisions, assumptions
and benefits. The rules they follow are in `engine.py`; docs/programme.md gives the sources.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from gemini.core import rating
from gemini.core.models import Confidential, Organisation, Versioned
from gemini.programme import engine
from gemini.programme.structure import (
    GovernanceBody,
    Meeting,
    Programme,
    Workstream,
)

__all__ = [
    "Assumption",
    "Benefit",
    "BenefitMeasurement",
    "BenefitProfile",
    "Decision",
    "Issue",
    "Milestone",
    "OverallStatus",
    "Risk",
    "RiskAction",
    "RiskBand",
    "RiskMatrix",
    "StatusUpdate",
]

LEVEL = [MinValueValidator(1), MaxValueValidator(10)]


class StatusUpdate(models.Model):
    """A workstream's dated status: its rating, narrative, achievements and next steps."""

    workstream = models.ForeignKey(
        Workstream, on_delete=models.CASCADE, related_name="status_updates"
    )
    date = models.DateField()
    rating = models.CharField(max_length=12, choices=rating.CHOICES)
    narrative = models.TextField(blank=True)
    achievements = models.TextField(blank=True)
    next_steps = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["workstream", "-date"]
        get_latest_by = "date"
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["workstream", "date"], name="programme_status_date")
        ]

    def __str__(self) -> str:
        return f"{self.workstream}: {self.rating} on {self.date:%d/%m/%Y}"


class OverallStatus(models.Model):
    """The programme's overall status: a judgement with its reason, beside the suggestion."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="overall_statuses"
    )
    date = models.DateField()
    rating = models.CharField(max_length=12, choices=rating.CHOICES)
    reason = models.TextField()
    suggested_rating = models.CharField(max_length=12, blank=True)
    suggestion_rule = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["programme", "-date"]
        verbose_name_plural = "overall statuses"
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["programme", "date"], name="programme_overall_date")
        ]

    def __str__(self) -> str:
        return f"{self.programme}: {self.rating} on {self.date:%d/%m/%Y}"

    @property
    def differs(self) -> bool:
        return bool(self.suggested_rating) and self.suggested_rating != self.rating


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


class Milestone(Versioned):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        ON_TRACK = "on_track", "On track"
        AT_RISK = "at_risk", "At risk"
        COMPLETE = "complete", "Complete"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="milestones")
    reference = models.CharField(max_length=20)
    title = models.CharField(max_length=300)
    workstream = models.ForeignKey(
        Workstream, null=True, blank=True, on_delete=models.SET_NULL, related_name="milestones"
    )
    owner = models.CharField(max_length=200, blank=True)
    baseline_date = models.DateField(null=True, blank=True)
    forecast_date = models.DateField(null=True, blank=True)
    actual_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    predecessors = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="successors"
    )
    history = HistoricalRecords(m2m_fields=[])

    class Meta:
        ordering: ClassVar = ["programme", "baseline_date", "reference"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["programme", "reference"], name="programme_milestone_reference"
            )
        ]

    @property
    def slippage_days(self) -> int | None:
        return engine.slippage_days(self.baseline_date, self.forecast_date, self.actual_date)

    def clean(self) -> None:
        super().clean()
        if self.status == self.Status.COMPLETE and self.actual_date is None:
            raise ValidationError({"actual_date": "Enter the date the milestone was achieved."})

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class Response(models.TextChoices):
    """HM Treasury Orange Book, the "4 Ts"."""

    TREAT = "treat", "Treat"
    TOLERATE = "tolerate", "Tolerate"
    TRANSFER = "transfer", "Transfer"
    TERMINATE = "terminate", "Terminate"


class Risk(Confidential, Versioned):
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
        for name in (
            "inherent_likelihood",
            "inherent_impact",
            "current_likelihood",
            "current_impact",
            "target_likelihood",
            "target_impact",
        ):
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


class Decision(Confidential, Versioned):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="decisions")
    reference = models.CharField(max_length=60, help_text="Such as CPC/52/24-25 R2.")
    title = models.CharField(max_length=300)
    body = models.ForeignKey(GovernanceBody, on_delete=models.PROTECT, related_name="decisions")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    date = models.DateField()
    recommendations = models.TextField(blank=True)
    resolution = models.TextField(blank=True)
    risks = models.ManyToManyField(
        Risk, blank=True, related_name="decisions", help_text="The risks the decision is about."
    )
    issues = models.ManyToManyField(
        Issue, blank=True, related_name="decisions", help_text="The issues it is about."
    )
    history = HistoricalRecords()

    class Meta(Confidential.Meta):
        ordering: ClassVar = ["programme", "-date", "reference"]
        constraints: ClassVar = [
            *Confidential.Meta.constraints,
            models.UniqueConstraint(
                fields=["programme", "reference"], name="programme_decision_reference"
            ),
        ]

    def clean(self) -> None:
        super().clean()
        if (
            self.meeting_id is not None
            and self.body_id is not None
            and self.meeting.body_id != self.body_id  # type: ignore[union-attr]
        ):
            raise ValidationError(
                {"meeting": "Choose a meeting of the body that made the decision."}
            )

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
