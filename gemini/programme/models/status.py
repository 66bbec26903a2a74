"""Status: each workstream's dated status updates, the programme's overall status, and the
milestones."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from gemini.core import rating
from gemini.core.models import Versioned
from gemini.programme import engine
from gemini.programme.models.structure import Programme, Workstream


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
