"""Writes and use cases for committee reports: create a draft, edit it, build its content,
issue it (freeze it), and give back its files.

A draft's content is built from the live data each time (`content_for`). Issuing stores the
content — header, narrative, recommendations and the data snapshot — and the four files with
their SHA-256; from then on everything is read from what was stored, so later edits to risks,
figures or text never change what was issued (REFERENCE.md §1).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gemini.core.models import Confidentiality, User
from gemini.core.versioning import save_edit
from gemini.programme.models import Meeting
from gemini.reports import checks, rendering, snapshot
from gemini.reports import compare as comparing
from gemini.reports import document as doc
from gemini.reports import sections as s
from gemini.reports.models import (
    CommitteeReport,
    IssuedFile,
    Recommendation,
    ReportIsIssuedError,
    ReportSection,
)

HEADER_FIELDS = (
    "title",
    "report_of",
    "reference",
    "wards",
    "purpose",
    "data_as_at",
    "contact_name",
    "contact_details",
    "background_papers",
    "part2_title",
    "changes_appendix",
)
PARTS = (1, 2)
FORMATS = ("docx", "pdf")


def last_report_for_body(meeting: Meeting) -> CommitteeReport | None:
    """The latest report for an earlier meeting of the same body (issued ones first)."""
    return (
        CommitteeReport.objects.filter(meeting__body=meeting.body, meeting__date__lt=meeting.date)
        .order_by("-meeting__date", "-status", "-created_at")
        .first()
    )


def _part2_default_title(meeting: Meeting) -> str:
    exempt = meeting.papers.filter(confidentiality=Confidentiality.EXEMPT).order_by("title").first()
    return exempt.title if exempt else "Appendix 1: Part 2 information"


@transaction.atomic
def create_report(meeting: Meeting, by: User | None, **header: Any) -> CommitteeReport:
    """A new draft for `meeting`, its narrative and recommendations pre-filled from the last
    report for the same body; `header` fields override what is copied. With no `data_as_at`
    its figures are as at the day it is issued."""
    previous = last_report_for_body(meeting)
    values: dict[str, Any] = {
        "title": meeting.title or "Programme update",
        "part2_title": _part2_default_title(meeting),
    }
    if previous is not None:
        for name in ("report_of", "wards", "purpose", "contact_name", "contact_details"):
            values[name] = getattr(previous, name)
        values["background_papers"] = previous.background_papers
        values["part2_title"] = previous.part2_title
    values.update({k: v for k, v in header.items() if v is not None})
    unknown = set(values) - set(HEADER_FIELDS)
    if unknown:
        raise ValueError(f"Not a report header field: {', '.join(sorted(unknown))}.")
    report = CommitteeReport(meeting=meeting, created_by=by, **values)
    report.full_clean()
    report.save()
    if previous is not None:
        for section in previous.sections.all():
            ReportSection.objects.create(
                report=report,
                key=section.key,
                text=section.text,
                confidentiality=section.confidentiality,
                exempt_paragraph=section.exempt_paragraph,
                public_interest_reason=section.public_interest_reason,
            )
        for recommendation in previous.recommendations.all():
            Recommendation.objects.create(
                report=report, number=recommendation.number, text=recommendation.text
            )
    return report


def _require_draft(report: CommitteeReport) -> None:
    if report.is_issued:
        raise ReportIsIssuedError(report)


def set_section(
    report: CommitteeReport,
    key: str,
    text: str,
    paragraph: int | None = None,
    reason: str = "",
) -> ReportSection | None:
    """The narrative of one section (an empty text removes it). Part 2 sections are exempt,
    with their Schedule 12A paragraph and public-interest reason."""
    _require_draft(report)
    part2 = s.part_2_section(key)
    text = text.strip()
    existing = report.sections.filter(key=key).first()
    if not text:
        if existing is not None:
            existing.delete()
        return None
    values: dict[str, Any] = {"text": text}
    if part2 is not None:
        values |= {
            "confidentiality": Confidentiality.EXEMPT,
            "exempt_paragraph": paragraph or part2.paragraph or 5,
            "public_interest_reason": reason.strip() or part2.reason,
        }
    else:
        values |= {
            "confidentiality": Confidentiality.PUBLIC,
            "exempt_paragraph": None,
            "public_interest_reason": "",
        }
    record = existing or ReportSection(report=report, key=key)
    changed = existing is None or any(getattr(record, k) != v for k, v in values.items())
    for name, value in values.items():
        setattr(record, name, value)
    if changed:
        record.full_clean()
        record.save()
    return record


def set_recommendations(report: CommitteeReport, texts: Sequence[str]) -> None:
    """Replace the recommendations with `texts`, numbered from 1 in order."""
    _require_draft(report)
    wanted = [t.strip() for t in texts if t.strip()]
    current = {r.number: r for r in report.recommendations.all()}
    for number, text in enumerate(wanted, start=1):
        record = current.pop(number, None)
        if record is None:
            Recommendation.objects.create(report=report, number=number, text=text)
        elif record.text != text:
            record.text = text
            record.save()
    for record in current.values():
        record.delete()


@transaction.atomic
def edit_report(
    report: CommitteeReport,
    expected_version: int,
    header: Mapping[str, Any],
    narrative: Mapping[str, str],
    part2: Mapping[str, Mapping[str, Any]],
    recommendations: Sequence[str],
) -> CommitteeReport:
    """Save the header, every section's narrative and the recommendations together, if nobody
    saved the report since `expected_version` (optimistic locking)."""
    _require_draft(report)
    unknown = set(header) - set(HEADER_FIELDS)
    if unknown:
        raise ValueError(f"Not a report header field: {', '.join(sorted(unknown))}.")
    report = save_edit(report, expected_version, header)
    for key, text in narrative.items():
        set_section(report, key, text)
    for key, values in part2.items():
        set_section(
            report,
            key,
            values.get("text", ""),
            values.get("paragraph"),
            values.get("reason", ""),
        )
    set_recommendations(report, recommendations)
    return report


# ---------------------------------------------------------------- content


def header_of(report: CommitteeReport, as_at: dt.date | None = None) -> dict[str, Any]:
    """The cover's fields; `data_as_at` is the day the figures are as at (`as_at`, else the
    report's own: its chosen date, or the issue day)."""
    body = report.meeting.body
    return {
        "committee": body.name,
        "body_short": body.short_name,
        "date": report.meeting.date.isoformat(),
        "title": report.title,
        "report_of": report.report_of,
        "reference": report.reference,
        "wards": report.wards,
        "purpose": report.get_purpose_display(),
        "data_as_at": (as_at or report.figures_as_at).isoformat(),
        "contact_name": report.contact_name,
        "contact_details": report.contact_details,
        "background_papers": [
            line.strip() for line in report.background_papers.splitlines() if line.strip()
        ],
        "part2_title": report.part2_title,
    }


def narrative_of(report: CommitteeReport) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    """The report's Part 1 narrative by section, and its Part 2 sections with their Schedule
    12A paragraph and reason (from the report's own rows: no other app is read)."""
    narrative: dict[str, str] = {}
    part2: dict[str, dict[str, Any]] = {}
    for section in report.sections.all():
        if s.part_2_section(section.key) is not None:
            part2[section.key] = {
                "text": section.text,
                "paragraph": section.exempt_paragraph,
                "reason": section.public_interest_reason,
            }
        else:
            narrative[section.key] = section.text
    return narrative, part2


def live_content(report: CommitteeReport, as_at: dt.date | None = None) -> doc.Content:
    """A draft's content from the data as it stood at the end of `as_at` (by default the
    report's figures date: its chosen data-as-at date, or today for a draft)."""
    as_at = as_at or report.figures_as_at
    narrative, part2 = narrative_of(report)
    content = doc.Content(
        header_of(report, as_at),
        narrative,
        part2,
        tuple(r.text for r in report.recommendations.all()),
        snapshot.take(report.meeting, as_at),
    )
    if report.changes_appendix:
        content = replace(content, changes=changes_since_last(report, content))
    return content


def changes_since_last(report: CommitteeReport, content: doc.Content) -> dict[str, Any]:
    """What changed in Part 1 since the last report issued to the same body (issue 18, item
    8): its sections' lines added, removed or changed (reports.compare), each report built
    without its own appendix of changes. Part 2 is never compared here: the appendix is in
    the public report."""
    baseline = last_issued_for_body(report)
    if baseline is None:
        return {"report": None}
    theirs = s.without_changes(content_for(baseline))
    changes = comparing.compare(doc.build(theirs, 1), doc.build(s.without_changes(content), 1))
    return {
        "report": baseline.reference or baseline.title,
        "meeting": baseline.meeting.date.isoformat(),
        "issued": timezone.localdate(baseline.issued_at).isoformat()
        if baseline.issued_at
        else baseline.meeting.date.isoformat(),
        "sections": [
            [change.section, [[line.change, line.before, line.after] for line in change.lines]]
            for change in changes
            if change.section != "Header"
        ],
    }


def content_for(report: CommitteeReport) -> doc.Content:
    """What the report shows: frozen when issued, live while a draft."""
    if report.is_issued and report.snapshot:
        return doc.Content.from_json(report.snapshot)
    return live_content(report)


def build(report: CommitteeReport, part: int, content: doc.Content | None = None) -> doc.Document:
    return doc.build(content or content_for(report), part)


@dataclass(frozen=True)
class ReportFile:
    filename: str
    content_type: str
    content: bytes
    sha256: str


CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def filename(part: int, fmt: str) -> str:
    return f"part{part}.{fmt}"


def file_for(report: CommitteeReport, part: int, fmt: str) -> ReportFile:
    """One of the four files: as stored for an issued report, made now for a draft."""
    if part not in PARTS or fmt not in FORMATS:
        raise ValueError(f"There is no part{part}.{fmt}: use part1 or part2, docx or pdf.")
    if report.is_issued:
        stored = report.files.get(part=f"part{part}", format=fmt)
        return ReportFile(
            filename(part, fmt), CONTENT_TYPES[fmt], bytes(stored.content), stored.sha256
        )
    content = content_for(report)
    data = rendering.render(doc.build(content, part), content.data, fmt)
    return ReportFile(
        filename(part, fmt), CONTENT_TYPES[fmt], data, hashlib.sha256(data).hexdigest()
    )


class ChecksFailedError(ValidationError):
    """Checks before issue failed and no one has overridden them (nothing written)."""

    def __init__(self, failures: Sequence[checks.Failure]) -> None:
        super().__init__([f.message for f in failures])
        self.failures = list(failures)


def issue_checks(report: CommitteeReport, as_at: dt.date | None = None) -> list[checks.Failure]:
    """The consistency checks (reports.checks) on the report as it would be issued."""
    content = live_content(report, as_at or report.data_as_at or timezone.localdate())
    return checks.run_checks(
        content,
        [doc.build(content, part) for part in PARTS],
        settings.GEMINI_REPORTS_MILESTONE_TOLERANCE_DAYS,
    )


@transaction.atomic
def issue_report(
    report: CommitteeReport,
    by: User | None,
    now: dt.datetime | None = None,
    override_reason: str = "",
) -> CommitteeReport:
    """Freeze the report: its content and data snapshot, and the four files with their
    SHA-256. Refused for a report already issued, or one with no reference or recommendations
    when it is for decision, or a chosen data-as-at date after the issue day.

    The figures are as at the issue day (or the chosen data-as-at date): nothing recorded
    after it is shown, whatever the meeting date (issue 18, item 1).

    The checks before issue (reports.checks, issue 18, item 2) must pass, or a named person
    (`by`) overrides them with `override_reason`, kept with the report; else ChecksFailedError."""
    locked = CommitteeReport.objects.select_for_update().get(pk=report.pk)
    _require_draft(locked)
    now = now or timezone.now()
    issue_day = timezone.localdate(now)
    problems = []
    if locked.data_as_at is not None and locked.data_as_at > issue_day:
        problems.append(
            f"The data-as-at date ({locked.data_as_at:%d/%m/%Y}) is after the issue date "
            f"({issue_day:%d/%m/%Y}): leave it blank to report as at the issue date, or give "
            "an earlier date."
        )
    if not locked.reference.strip():
        problems.append("Give the report its reference (such as CPC/52/24-25) before issuing it.")
    if not locked.report_of.strip():
        problems.append("Say who the report is from (Report of) before issuing it.")
    if locked.purpose == CommitteeReport.Purpose.DECISION and not locked.recommendations.exists():
        problems.append("A report for decision needs at least one recommendation.")
    if problems:
        raise ValidationError(problems)
    content = live_content(locked, locked.data_as_at or issue_day)
    documents = {part: doc.build(content, part) for part in PARTS}
    failures = checks.run_checks(
        content, list(documents.values()), settings.GEMINI_REPORTS_MILESTONE_TOLERANCE_DAYS
    )
    if failures and (not override_reason.strip() or by is None):
        raise ChecksFailedError(failures)
    locked.check_override = (
        {
            "failures": [f.as_json() for f in failures],
            "by": str(by),
            "reason": override_reason.strip(),
            "at": now.isoformat(),
        }
        if failures
        else None
    )
    for part, document in documents.items():
        for fmt in FORMATS:
            data = rendering.render(document, content.data, fmt, created=now)
            IssuedFile.objects.create(
                report=locked,
                part=f"part{part}",
                format=fmt,
                content=data,
                sha256=hashlib.sha256(data).hexdigest(),
                size=len(data),
            )
    locked.status = CommitteeReport.Status.ISSUED
    locked.issued_at = now
    locked.issued_by = by
    locked.snapshot = content.as_json()
    locked.version += 1
    locked._change_reason = "Issued"  # type: ignore[attr-defined]
    locked.save()
    return locked


def last_issued_for_body(report: CommitteeReport) -> CommitteeReport | None:
    """The latest issued report for the same body, other than this one, to a meeting no later
    than this report's."""
    return (
        CommitteeReport.objects.filter(
            meeting__body=report.meeting.body,
            status=CommitteeReport.Status.ISSUED,
            meeting__date__lte=report.meeting.date,
        )
        .exclude(pk=report.pk)
        .order_by("-meeting__date", "-issued_at")
        .first()
    )


@transaction.atomic
def delete_draft(report: CommitteeReport) -> None:
    """A draft can be thrown away; an issued report is kept for good (s100C)."""
    _require_draft(report)
    report.delete()
