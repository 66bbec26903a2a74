"""Committee reports: a report for a meeting, its narrative by section, its recommendations,
and — once issued — the frozen data snapshot and the files with their SHA-256.

A draft is built from the live data every time it is looked at. Issuing a report freezes it:
the snapshot of the data it showed and the four files (Part 1 and Part 2, Word and PDF) are
stored, and nothing about an issued report can change afterwards (REFERENCE.md §1: "Status
reports are snapshots").
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from gemini.core.models import Confidential, Versioned
from gemini.programme.models import Meeting


class ReportIsIssuedError(ValidationError):
    """An issued report, its sections and its files never change."""

    def __init__(self, report: CommitteeReport) -> None:
        super().__init__(
            f"{report} was issued on {report.issued_at:%d/%m/%Y} and cannot change. "
            "Create a new draft for the next meeting instead."
        )


class CommitteeReport(Versioned):
    class Purpose(models.TextChoices):
        DECISION = "decision", "Decision"
        SCRUTINY = "scrutiny", "Scrutiny"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ISSUED = "issued", "Issued"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="reports")
    title = models.CharField(max_length=300)
    report_of = models.CharField(
        "report of",
        max_length=300,
        blank=True,
        help_text="The officer the report is from, with their title.",
    )
    reference = models.CharField(
        "report reference", max_length=60, blank=True, help_text="Such as CPC/52/24-25."
    )
    wards = models.CharField("wards affected", max_length=300, default="All")
    purpose = models.CharField(
        "for decision or scrutiny", max_length=10, choices=Purpose.choices, default=Purpose.DECISION
    )
    data_as_at = models.DateField(
        "data as at",
        null=True,
        blank=True,
        help_text="A chosen date the status and figures are reported as at, no later than the "
        "day the report is issued. Blank: as at the day it is issued.",
    )
    contact_name = models.CharField("contact officer", max_length=200, blank=True)
    contact_details = models.CharField(
        "contact officer's email or telephone", max_length=300, blank=True
    )
    background_papers = models.TextField(
        blank=True, help_text="One background paper per line (s100D: kept for 4 years)."
    )
    part2_title = models.CharField(
        "Part 2 appendix title",
        max_length=300,
        default="Appendix 1: Part 2 information",
        help_text="How the Part 1 report names the exempt appendix (by title only).",
    )
    changes_appendix = models.BooleanField(
        "add an appendix of what changed since the last report to this committee",
        default=False,
        help_text="Part 1 then ends with the changes, section by section, since the last "
        "report issued to the same committee.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    snapshot = models.JSONField(
        null=True,
        blank=True,
        editable=False,
        help_text="The data the issued report showed, frozen when it was issued.",
    )
    check_override = models.JSONField(
        null=True,
        blank=True,
        editable=False,
        help_text="The checks that failed at issue and who issued it anyway, with their reason "
        "({failures, by, reason, at}); null when every check passed.",
    )
    history = HistoricalRecords(excluded_fields=["snapshot"])

    class Meta:
        ordering: ClassVar = ["-meeting__date", "-created_at"]

    def __str__(self) -> str:
        name = self.reference or self.title
        body = self.meeting.body.short_name or self.meeting.body.name
        return f"{name} ({body} {self.meeting.date:%d/%m/%Y})"

    @property
    def figures_as_at(self) -> dt.date:
        """The day the report's figures are as at: the chosen data-as-at date, else the day it
        was issued (today, for a draft). Never the meeting date unless chosen (issue 18)."""
        if self.data_as_at is not None:
            return self.data_as_at
        if self.issued_at is not None:
            return timezone.localdate(self.issued_at)
        return timezone.localdate()

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            stored = type(self)._default_manager.filter(pk=self.pk).values("status").first()
            if stored and stored["status"] == self.Status.ISSUED:
                raise ReportIsIssuedError(self)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self.is_issued:
            raise ReportIsIssuedError(self)
        return super().delete(*args, **kwargs)


class PartOfReport(models.Model):
    """A section or recommendation: it changes with its report's draft, never once issued."""

    report: models.ForeignKey[CommitteeReport, CommitteeReport]

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.report.is_issued:
            raise ReportIsIssuedError(self.report)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self.report.is_issued:
            raise ReportIsIssuedError(self.report)
        return super().delete(*args, **kwargs)


class ReportSection(PartOfReport, Confidential):
    """The officer's narrative for one section; Part 2 sections are exempt (Schedule 12A)."""

    report = models.ForeignKey(CommitteeReport, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=60)
    text = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta(Confidential.Meta):
        ordering: ClassVar = ["report", "key"]
        constraints: ClassVar = [
            *Confidential.Meta.constraints,
            models.UniqueConstraint(fields=["report", "key"], name="reports_section_key"),
        ]

    def __str__(self) -> str:
        return f"{self.report}: {self.key}"


class Recommendation(PartOfReport):
    report = models.ForeignKey(
        CommitteeReport, on_delete=models.CASCADE, related_name="recommendations"
    )
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["report", "number"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["report", "number"], name="reports_recommendation_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"


class IssuedFile(models.Model):
    """One file of an issued report, stored as issued, with its SHA-256. Never updated."""

    class Part(models.TextChoices):
        PART_1 = "part1", "Part 1 (public)"
        PART_2 = "part2", "Part 2 (exempt)"

    class Format(models.TextChoices):
        DOCX = "docx", "Word"
        PDF = "pdf", "PDF"

    report = models.ForeignKey(CommitteeReport, on_delete=models.PROTECT, related_name="files")
    part = models.CharField(max_length=5, choices=Part.choices)
    format = models.CharField(max_length=4, choices=Format.choices)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()

    class Meta:
        ordering: ClassVar = ["report", "part", "format"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["report", "part", "format"], name="reports_file")
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.part}.{self.format}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValidationError("An issued file is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValidationError("An issued file is never deleted.")

    @property
    def filename(self) -> str:
        return f"{self.part}.{self.format}"
