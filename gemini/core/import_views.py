"""The upload page and the status page of each import it starts (gemini.core.import_runs).

The upload page checks the form (kind, file type, size, rows), then hands the file to the
background importer and sends the person to the run's status page. That page shows how far the
run has got — asking `import_progress` for it every second or so with a small script, or
reloading itself without one — and, once the run is over, the same result the `gemini import`
command gives: what appeared, changed and was left as it was, or every problem with nothing
written.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from gemini.core import access, import_runs, importing
from gemini.core.forms import ImportForm
from gemini.core.models import ImportRun

# Seconds between two looks at a run's state: the script's, and the page's own reload when the
# browser runs no script.
POLL_SECONDS = 1.5
RELOAD_SECONDS = 3


@require_http_methods(["GET", "POST"])
def import_file(request: HttpRequest) -> HttpResponse:
    """Upload a CSV or XLSX file of a kind the user may import; it is checked and imported in
    the background, and the person follows it on its status page."""
    allowed = [
        kind for kind in importing.kinds() if access.has_permission(request.user, kind.permission)
    ]
    if not allowed:
        access.require(request.user, access.Permission.IMPORT_DATA)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, importers=allowed)
        if form.is_valid():
            importer = importing.importer_for_request(form.cleaned_data["kind"], request)
            access.require(request.user, importer.permission)
            run = import_runs.start(
                request.user,  # type: ignore[arg-type]
                importer,
                form.cleaned_data["content"],
                form.cleaned_data["file"].name,
                dry_run=form.cleaned_data["dry_run"],
            )
            return redirect("core:import_status", run.pk)
    else:
        form = ImportForm(importers=allowed)
    return render(request, "core/import.html", {"form": form, "importers": allowed})


_RESULTS = (ImportRun.State.FINISHED, ImportRun.State.REFUSED)  # a failed run has only its error


@never_cache
@require_GET
def import_status(request: HttpRequest, pk: int) -> HttpResponse:
    """One import's state; once it is over, its result."""
    run = access.get_or_404(access.import_runs_for(request.user), pk=pk)
    try:
        title = importing.importer_for(run.kind).title
    except LookupError:  # a kind no longer offered
        title = run.kind
    return render(
        request,
        "core/import_status.html",
        {
            "run": run,
            "kind_title": title,
            "progress": import_runs.progress(run),
            "result": import_runs.result_of(run) if run.state in _RESULTS else None,
            "more_changes": import_runs.changes_not_kept(run),
            "progress_url": reverse("core:import_progress", args=[run.pk]),
            "poll_seconds": POLL_SECONDS,
            "reload_seconds": RELOAD_SECONDS,
        },
    )


@never_cache
@require_GET
def import_progress(request: HttpRequest, pk: int) -> JsonResponse:
    """One import's state as JSON, for its status page's script."""
    run = access.get_or_404(
        access.import_runs_for(request.user).defer("changes", "problems"), pk=pk
    )
    return JsonResponse(import_runs.progress(run).as_json())
