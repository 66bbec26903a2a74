"""Committee report pages: the list per meeting, create, edit, preview (Part 1 and Part 2),
download (Word and PDF), issue, and compare a draft with the last issued report.

Every view checks permission through gemini/reports/access.py; Part 2 is refused (404) to
anyone who may not see exempt information.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.history import changes_for
from gemini.core.versioning import StaleEditError, offer_again, saved_values
from gemini.programme.models import Meeting
from gemini.programme.pages import apply_errors
from gemini.reports import access as report_access
from gemini.reports import compare as comparing
from gemini.reports import rendering, services
from gemini.reports.forms import CreateReportForm, ReportForm
from gemini.reports.models import CommitteeReport
from gemini.reports.sections import without_changes

SECTION = "reports"


def _report(request: HttpRequest, pk: int) -> CommitteeReport:
    return access.get_or_404(report_access.reports_for(request.user), pk=pk)


@access.requires(Permission.VIEW_REPORTS)
def index(request: HttpRequest) -> HttpResponse:
    """Reports by meeting, newest first: issued ones for everyone, drafts for officers."""
    reports_query = report_access.reports_for(request.user).order_by("-meeting__date", "-pk")
    meeting = request.GET.get("meeting", "")
    if meeting.isdigit():
        reports_query = reports_query.filter(meeting_id=int(meeting))
    reports = list(reports_query)
    by_meeting: dict[Meeting, list[CommitteeReport]] = {}
    for report in reports:
        by_meeting.setdefault(report.meeting, []).append(report)
    return render(
        request,
        "reports/index.html",
        {
            "section": SECTION,
            "meetings": list(by_meeting.items()),
            "may_manage": report_access.may_manage(request.user),
            "may_see_drafts": report_access.may_see_drafts(request.user),
            "one_meeting": meeting.isdigit(),
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_REPORTS)
def create(request: HttpRequest) -> HttpResponse:
    meetings = Meeting.objects.select_related("body").order_by("-date")
    if request.method == "POST":
        form = CreateReportForm(request.POST, meetings=meetings)
        if form.is_valid():
            meeting = form.cleaned_data["meeting"]
            try:
                report = services.create_report(
                    meeting,
                    request.user,  # type: ignore[arg-type]
                    reference=form.cleaned_data["reference"] or None,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, f"The draft report for {meeting} has been created.")
                return redirect("reports:edit", report.pk)
    else:
        initial = {"meeting": request.GET.get("meeting")} if request.GET.get("meeting") else {}
        form = CreateReportForm(meetings=meetings, initial=initial)
    return render(
        request,
        "reports/create.html",
        {"section": SECTION, "form": form, "title": "Create a committee report"},
    )


def _preview(request: HttpRequest, report: CommitteeReport, part: int) -> HttpResponse:
    report_access.require_part(request.user, part)
    content = services.content_for(report)
    document = services.build(report, part, content)
    files = {f.filename: f for f in report.files.all()} if report.is_issued else {}
    downloads = [
        (p, fmt, reverse("reports:download", args=(report.pk, p, fmt)), files.get(f"part{p}.{fmt}"))
        for p in services.PARTS
        if report_access.may_get_part(request.user, p)
        for fmt in services.FORMATS
    ]
    last_issued = None
    if not report.is_issued and report_access.may_see_drafts(request.user):
        last_issued = services.last_issued_for_body(report)
    return render(
        request,
        "reports/report.html",
        {
            "section": SECTION,
            "title": f"{report.title} ({'Part 2' if part == 2 else 'Part 1'})",
            "report": report,
            "part": part,
            "blocks": rendering.template_blocks(document),
            "charts": rendering.svg_charts(document, content.data),
            "captions": rendering.chart_captions(document),
            "downloads": downloads,
            "may_manage": report_access.may_manage(request.user) and not report.is_issued,
            "may_part_2": report_access.may_get_part(request.user, 2),
            "last_issued": last_issued,
            "history": (
                changes_for(report)
                if access.has_permission(request.user, Permission.VIEW_HISTORY)
                else None
            ),
        },
    )


@access.requires(Permission.VIEW_REPORTS)
def report(request: HttpRequest, pk: int) -> HttpResponse:
    return _preview(request, _report(request, pk), 1)


@access.requires(Permission.VIEW_REPORTS)
def part_2(request: HttpRequest, pk: int) -> HttpResponse:
    return _preview(request, _report(request, pk), 2)


@access.requires(Permission.VIEW_REPORTS)
def download(request: HttpRequest, pk: int, part: int, fmt: str) -> HttpResponse:
    record = _report(request, pk)
    report_access.require_part(request.user, part)
    if fmt not in services.FORMATS:
        raise Http404("There is no such file: use docx or pdf.")
    file = services.file_for(record, part, fmt)
    response = HttpResponse(file.content, content_type=file.content_type)
    stem = (record.reference or f"report-{record.pk}").replace("/", "-")
    state = "" if record.is_issued else "-draft"
    response["Content-Disposition"] = f'attachment; filename="{stem}{state}-{file.filename}"'
    response["X-Content-SHA256"] = file.sha256
    response["Cache-Control"] = "private, no-store"
    return response


def _form(report: CommitteeReport, data: Any = None) -> ReportForm:
    narrative, part2 = services.narrative_of(report) if data is None else ({}, {})
    workstreams = [(w.slug, w.name) for w in report.meeting.body.programme.workstreams.all()]
    initial = {
        "version": report.version,
        "recommendations": "\n".join(r.text for r in report.recommendations.all()),
    }
    return ReportForm(
        data,
        instance=report,
        initial=initial,
        workstreams=workstreams,
        narrative=narrative,
        part2=part2,
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_REPORTS)
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    record = _report(request, pk)
    if record.is_issued:
        messages.info(request, "This report has been issued and cannot change.")
        return redirect("reports:report", record.pk)
    stale: StaleEditError | None = None
    if request.method == "POST":
        form = _form(record, request.POST)
        if form.is_valid():
            try:
                services.edit_report(
                    record,
                    form.cleaned_data["version"],
                    form.header_values(),
                    form.narrative_values(),
                    form.part2_values(),
                    form.recommendation_values(),
                )
            except StaleEditError as error:
                stale = error
                form = offer_again(lambda data, saved: _form(saved, data), request.POST, error)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, "The draft report has been saved.")
                return redirect("reports:report", record.pk)
    else:
        form = _form(record)
    if stale and isinstance(stale.current, CommitteeReport):
        record = stale.current  # as saved now: the refused form wrote its entries on `record`
    return render(
        request,
        "reports/edit.html",
        {
            "section": SECTION,
            "form": form,
            "report": record,
            "stale": stale,
            "saved": saved_values(form, stale.current) if stale else None,
            "title": f"Edit {record.title}",
            "button": "Save over the newer version" if stale else "Save the draft",
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.MANAGE_REPORTS)
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then freeze: the snapshot, the four files and their SHA-256."""
    record = _report(request, pk)
    if record.is_issued:
        messages.info(request, "This report has already been issued.")
        return redirect("reports:report", record.pk)
    problems: list[dict[str, str]] = []
    reason = ""
    if request.method == "POST":
        reason = request.POST.get("override_reason", "").strip()
        try:
            services.issue_report(
                record,
                request.user,  # type: ignore[arg-type]
                override_reason=reason if request.POST.get("override") else "",
            )
        except services.ChecksFailedError as error:
            problems = [{"text": f.message, "href": "#checks"} for f in error.failures]
            if request.POST.get("override") and not reason:
                problems.append(
                    {
                        "text": "Enter your reason for issuing despite the checks",
                        "href": "#override_reason",
                    }
                )
        except ValidationError as error:
            problems = [{"text": message} for message in error.messages]
        else:
            messages.success(
                request,
                "The report has been issued. Its data and files are frozen: later changes to "
                "the programme's records will not change them.",
            )
            return redirect("reports:report", record.pk)
    failures = services.issue_checks(record)
    return render(
        request,
        "reports/issue.html",
        {
            "section": SECTION,
            "report": record,
            "problems": problems,
            "failures": failures,
            "reason": reason,
            "title": ("Error: " if problems else "") + f"Issue {record.title}",
        },
    )


@access.requires(Permission.VIEW_REPORT_DRAFTS)
def compare(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft beside the last report issued to the same body: what changed, section by
    section, in Part 1 and (for those who may see it) Part 2."""
    record = _report(request, pk)
    if not report_access.may_see_drafts(request.user):
        raise access.PermissionDenied("Only officers may compare reports.")
    baseline = services.last_issued_for_body(record)
    parts: list[tuple[int, list[Any]]] = []
    if baseline is not None:
        ours = without_changes(services.content_for(record))
        theirs = without_changes(services.content_for(baseline))
        for part in services.PARTS:
            if not report_access.may_get_part(request.user, part):
                continue
            changes = comparing.compare(
                services.build(baseline, part, theirs), services.build(record, part, ours)
            )
            shown = [
                (
                    change.section,
                    [(line, comparing.changed_words(line)) for line in change.lines],
                )
                for change in changes
            ]
            parts.append((part, shown))
    return render(
        request,
        "reports/compare.html",
        {
            "section": SECTION,
            "report": record,
            "baseline": baseline,
            "parts": parts,
            "title": f"What changed: {record.title}",
        },
    )


@require_POST
@access.requires(Permission.MANAGE_REPORTS)
def delete_draft(request: HttpRequest, pk: int) -> HttpResponse:
    record = _report(request, pk)
    try:
        services.delete_draft(record)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reports:report", record.pk)
    messages.success(request, "The draft report has been deleted.")
    return redirect("reports:index")
