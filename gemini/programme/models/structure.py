"""The programme, its workstreams and its governance (bodies, meetings, papers and agenda)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from gemini.core.models import Confidential, Organisation, Versioned


class StatusScale(models.TextChoices):
    RAG = "rag", "RAG (Red, Amber, Green)"
    DCA = "dca", "Delivery Confidence Assessment (five points)"


class Programme(Versioned):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(unique=True)
    description = models.TextField(blank=True)
    sponsor = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="programmes",
        help_text="The organisation that runs the programme.",
    )
    status_scale = models.CharField(
        max_length=3,
        choices=StatusScale.choices,
        default=StatusScale.RAG,
        help_text="Three-point RAG or the five-point IPA Delivery Confidence Assessment.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name


class Workstream(Versioned):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="workstreams")
    name = models.CharField(max_length=200)
    slug = models.SlugField()
    order = models.PositiveSmallIntegerField(default=0)
    purpose = models.TextField(blank=True, help_text="What the workstream is for.")
    lead_name = models.CharField(
        "lead", max_length=200, blank=True, help_text="The officer who leads the workstream."
    )
    leads = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="led_workstreams",
        help_text="Gemini users who may update this workstream as its lead.",
    )
    history = HistoricalRecords(m2m_fields=[])

    class Meta:
        ordering: ClassVar = ["programme", "order", "name"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["programme", "slug"], name="programme_workstream_slug")
        ]

    def __str__(self) -> str:
        return self.name


class GovernanceBody(Versioned):
    class Kind(models.TextChoices):
        BOARD = "board", "Programme board"
        DESIGN_AUTHORITY = "design_authority", "Design authority"
        JOINT_COMMITTEE = "joint_committee", "Joint committee"
        SCRUTINY = "scrutiny", "Scrutiny"
        COMMITTEE = "committee", "Council committee"
        CABINET = "cabinet", "Cabinet"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="bodies")
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bodies",
        help_text="The council the body belongs to; blank for a joint body.",
    )
    role = models.TextField(blank=True, help_text="What the body does for the programme.")
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["programme", "order", "name"]
        verbose_name_plural = "governance bodies"
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["programme", "name"], name="programme_body_name")
        ]

    def __str__(self) -> str:
        return self.name


class Meeting(Versioned):
    body = models.ForeignKey(GovernanceBody, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField()
    title = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-date"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["body", "date"], name="programme_meeting_body_date")
        ]

    def __str__(self) -> str:
        return f"{self.body} on {self.date:%d/%m/%Y}"


class Paper(Confidential, Versioned):
    """A report or appendix put to a meeting: Part 1 (public) or Part 2 (exempt)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=300)
    reference = models.CharField(max_length=60, blank=True, help_text="Such as CPC/52/24-25.")
    summary = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta(Confidential.Meta):
        ordering: ClassVar = ["meeting", "-confidentiality", "title"]
        constraints: ClassVar = [
            *Confidential.Meta.constraints,
            models.UniqueConstraint(fields=["meeting", "title"], name="programme_paper_title"),
        ]

    def __str__(self) -> str:
        return self.title


class AgendaItem(Versioned):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=300)
    paper = models.ForeignKey(
        Paper, null=True, blank=True, on_delete=models.SET_NULL, related_name="agenda_items"
    )
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["meeting", "order"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["meeting", "title"], name="programme_agenda_title")
        ]

    def clean(self) -> None:
        super().clean()
        if (
            self.paper_id is not None
            and self.meeting_id is not None
            and self.paper.meeting_id != self.meeting_id  # type: ignore[union-attr]
        ):
            raise ValidationError({"paper": "Choose a paper put to this meeting."})

    def __str__(self) -> str:
        return self.title
