"""Decisions, each made by a governance body, perhaps at a meeting, about risks and issues."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from gemini.core.models import Confidential, Versioned
from gemini.programme.models.risks import Issue, Risk
from gemini.programme.models.structure import GovernanceBody, Meeting, Programme


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
