"""Programme pages: the overview, a workstream (with its history and edit form), a body."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.history import changes_for
from gemini.core.versioning import StaleEditError
from gemini.programme import access as programme_access
from gemini.programme import services
from gemini.programme.forms import WorkstreamForm
from gemini.programme.models import Meeting, Programme


@access.requires(Permission.VIEW_PROGRAMME)
def overview(request: HttpRequest) -> HttpResponse:
    programme = Programme.objects.first()
    return render(
        request,
        "programme/overview.html",
        {
            "section": "programme",
            "programme": programme,
            "workstreams": programme_access.workstreams_for(request.user),
            "bodies": programme_access.bodies_for(request.user),
        },
    )


@access.requires(Permission.VIEW_PROGRAMME)
def workstream(request: HttpRequest, slug: str) -> HttpResponse:
    record = access.get_or_404(programme_access.workstreams_for(request.user), slug=slug)
    show_history = access.has_permission(request.user, Permission.VIEW_HISTORY)
    return render(
        request,
        "programme/workstream.html",
        {
            "section": "programme",
            "workstream": record,
            "may_edit": programme_access.may_edit_workstream(request.user, record),
            "history": changes_for(record) if show_history else None,
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires(Permission.EDIT_PROGRAMME)
def edit_workstream(request: HttpRequest, slug: str) -> HttpResponse:
    record = access.get_or_404(programme_access.workstreams_for(request.user), slug=slug)
    programme_access.require_edit_workstream(request.user, record)
    stale: StaleEditError | None = None
    if request.method == "POST":
        form = WorkstreamForm(request.POST, instance=record)
        if form.is_valid():
            changes = {name: form.cleaned_data[name] for name in ("name", "purpose", "lead_name")}
            try:
                services.edit_workstream(record, form.cleaned_data["version"], changes)
            except StaleEditError as error:
                stale = error
                # Keep the editor's entries; offer them over the version now saved.
                data = request.POST.copy()
                data["version"] = str(error.current.version)
                form = WorkstreamForm(data, instance=record)
                form.is_valid()
                form.add_error(None, str(error))
            else:
                messages.success(request, f"The {record.name} workstream has been saved.")
                return redirect("programme:workstream", slug=record.slug)
    else:
        form = WorkstreamForm(instance=record, initial={"version": record.version})
    return render(
        request,
        "programme/workstream_edit.html",
        {
            "section": "programme",
            "workstream": record,
            "form": form,
            "stale": stale,
        },
    )


@access.requires(Permission.VIEW_PROGRAMME)
def body(request: HttpRequest, pk: int) -> HttpResponse:
    record = access.get_or_404(programme_access.bodies_for(request.user), pk=pk)
    meetings = Meeting.objects.filter(body=record).order_by("-date")
    papers = programme_access.papers_for(request.user).filter(meeting__body=record)
    by_meeting: dict[int, list[object]] = {}
    for paper in papers:
        by_meeting.setdefault(paper.meeting_id, []).append(paper)
    return render(
        request,
        "programme/body.html",
        {
            "section": "programme",
            "body": record,
            "meetings": [(meeting, by_meeting.get(meeting.pk, [])) for meeting in meetings],
            "history": changes_for(record)
            if access.has_permission(request.user, Permission.VIEW_HISTORY)
            else None,
        },
    )
