"""The committee reports API, at /api/v1/reports/ (docs/reports.md, "API"). Read only.

The same access layer as the pages (gemini/reports/access.py): issued reports for everyone who
may view reports, drafts for officers; a Part 2 file is listed and served only to someone who
may see exempt information, so a member or union representative never learns more than the
Part 1 report's own notice. Files are served exactly as issued (with their SHA-256); a draft's
files are made on request from the live data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema

from gemini.core import access
from gemini.core.access import Permission
from gemini.reports import access as report_access
from gemini.reports import services
from gemini.reports.models import CommitteeReport

router = Router(tags=["reports"])


class ReportsError(Schema):
    detail: str


class ReportsInvalid(Schema):
    detail: str | list[dict[str, Any]]


FileName = Literal["part1.docx", "part1.pdf", "part2.docx", "part2.pdf"]
ERRORS: dict[int, type[Schema]] = {403: ReportsError, 404: ReportsError, 422: ReportsInvalid}


class FileOut(Schema):
    part: int
    format: str
    filename: str
    sha256: str | None  # None for a draft: its files are made on request
    size: int | None
    url: str


class ReportOut(Schema):
    id: int
    title: str
    reference: str
    body: str
    meeting_date: dt.date
    purpose: str
    status: str
    data_as_at: dt.date | None
    figures_as_at: dt.date
    issued_at: dt.datetime | None
    files: list[FileOut]


def _out(request: HttpRequest, report: CommitteeReport) -> ReportOut:
    stored = {(f.part, f.format): f for f in report.files.all()} if report.is_issued else {}
    files = []
    for part in services.PARTS:
        if not report_access.may_get_part(request.user, part):
            continue
        for fmt in services.FORMATS:
            record = stored.get((f"part{part}", fmt))
            files.append(
                FileOut(
                    part=part,
                    format=fmt,
                    filename=services.filename(part, fmt),
                    sha256=record.sha256 if record else None,
                    size=record.size if record else None,
                    url=f"/api/v1/reports/{report.pk}/files/part{part}.{fmt}",
                )
            )
    return ReportOut(
        id=report.pk,
        title=report.title,
        reference=report.reference,
        body=report.meeting.body.name,
        meeting_date=report.meeting.date,
        purpose=report.purpose,
        status=report.status,
        data_as_at=report.data_as_at,
        figures_as_at=report.figures_as_at,
        issued_at=report.issued_at,
        files=files,
    )


@router.get(
    "/",
    response={200: list[ReportOut], **ERRORS},
    url_name="reports_list",
    summary="Committee reports: issued ones, and drafts for officers",
)
def reports_list(request: HttpRequest) -> list[ReportOut]:
    reports = report_access.reports_for(request.user).prefetch_related("files")
    return [_out(request, r) for r in reports.order_by("-meeting__date", "-pk")]


@router.get(
    "/{report_id}",
    response={200: ReportOut, **ERRORS},
    url_name="reports_detail",
    summary="One committee report and its files",
)
def reports_detail(request: HttpRequest, report_id: int) -> ReportOut:
    report = access.get_or_404(report_access.reports_for(request.user), pk=report_id)
    return _out(request, report)


@router.get(
    "/{report_id}/files/{name}",
    response=ERRORS,
    url_name="reports_file",
    summary="A report file (Word or PDF), exactly as issued",
    openapi_extra={
        "responses": {
            200: {
                "description": "The file; its SHA-256 is in the X-Content-SHA256 header.",
                "content": {
                    services.CONTENT_TYPES["docx"]: {
                        "schema": {"type": "string", "format": "binary"}
                    },
                    services.CONTENT_TYPES["pdf"]: {
                        "schema": {"type": "string", "format": "binary"}
                    },
                },
            }
        }
    },
)
def reports_file(request: HttpRequest, report_id: int, name: FileName) -> HttpResponse:
    access.require(request.user, Permission.VIEW_REPORTS)
    report = access.get_or_404(report_access.reports_for(request.user), pk=report_id)
    stem, fmt = name.split(".")
    part = int(stem.removeprefix("part"))
    report_access.require_part(request.user, part)
    file = services.file_for(report, part, fmt)
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    response["X-Content-SHA256"] = file.sha256
    return response
