"""Imports from the upload page, run in the background (issue 16, item 5; docs/formats.md).

A file of 300,000 rows takes longer than a web request may last, so the upload page does not
import it: `start` records an `ImportRun` (waiting to start), keeps the file's bytes in an
`ImportUpload` row and hands the run to the task `import_in_background` (django-tasks; the
database backend by default, run by `gemini db_worker`: docs/operations.md). The page then
sends the person to the run's status page, which asks for `progress` every second or so.

The task calls `carry_out`, which runs exactly what `gemini import` runs —
`importing.run_import`: every row checked first, then everything written in one transaction
or nothing at all — telling the run how far it has got on the way, and records the outcome:
finished (with what appeared, changed and was left as it was), refused (with every problem,
nothing written) or failed (an error in Gemini, nothing written). The file is deleted as soon
as the run is over, whatever the outcome.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_tasks import task

from gemini.core import importing
from gemini.core.history import recorded_as
from gemini.core.importing import Change, Importer, ImportResult, Problem
from gemini.core.models import ImportRun, ImportUpload, User

logger = logging.getLogger(__name__)

# Seconds between two saves of how far a run has read: often enough for a page that asks
# every second or so, rarely enough to cost nothing next to the import.
PROGRESS_INTERVAL = 0.5

# The changes a run keeps to list on its status page, as the `gemini import` command prints its
# first ones: a 300,000-row file would make a page of 300,000 lines. The counts cover them all.
CHANGES_KEPT = 1_000

FAILED_MESSAGE = (
    "Gemini could not finish this import because of an error on the server. Nothing was "
    "written. Try again; if it happens again, tell the programme office the file's name and "
    "this time."
)


def start(
    user: User, importer: Importer[Any], content: bytes, filename: str, dry_run: bool
) -> ImportRun:
    """Record a run of `importer` on the uploaded file and hand it to the background worker.
    The caller has checked that `user` may import this kind."""
    with transaction.atomic():
        run = ImportRun.objects.create(
            kind=importer.kind,
            permission=str(importer.permission),
            filename=filename[:255],
            programme=importer.programme or "",
            dry_run=dry_run,
            started_by=user,
        )
        ImportUpload.objects.create(run=run, content=content)
    # After the commit above, so that a worker on another connection finds the run.
    queued = import_in_background.enqueue(run.pk)
    ImportRun.objects.filter(pk=run.pk).update(task_id=str(queued.id))
    run.refresh_from_db()
    return run


@task()
def import_in_background(run_id: int) -> str:
    """The background task: carry out the run; its state is the task's return value."""
    return carry_out(run_id)


def carry_out(run_id: int) -> str:
    """Run the import of a waiting run and record its outcome; return the run's state.

    A run that is not waiting (a task delivered twice) is left as it is. An error in Gemini
    marks the run failed — the import's transaction has rolled back, so nothing was written —
    and is raised again for the worker to log with its traceback."""
    now = timezone.now()
    claimed = ImportRun.objects.filter(pk=run_id, state=ImportRun.State.QUEUED).update(
        state=ImportRun.State.RUNNING, started_at=now, heard_at=now
    )
    if not claimed:
        return str(ImportRun.objects.values_list("state", flat=True).get(pk=run_id))
    run = ImportRun.objects.select_related("started_by").get(pk=run_id)
    try:
        upload = ImportUpload.objects.filter(run=run).values_list("content", flat=True).first()
        if upload is None:
            _finish(run_id, ImportRun.State.FAILED, error="The uploaded file was not kept.")
            return ImportRun.State.FAILED
        importer = importing.importer_for(run.kind, run.programme or None)
        with recorded_as(run.started_by):  # the audit history names who uploaded the file
            result = importing.run_import(
                importer,
                bytes(upload),
                run.filename,
                dry_run=run.dry_run,
                progress=_Watcher(run_id),
            )
    except Exception:
        logger.exception("The import run %s (%s, %s) failed", run_id, run.kind, run.filename)
        _finish(run_id, ImportRun.State.FAILED, error=FAILED_MESSAGE)
        raise
    finally:
        ImportUpload.objects.filter(run_id=run_id).delete()
    counts = Counter(change.outcome for change in result.changes)
    state = ImportRun.State.FINISHED if result.ok else ImportRun.State.REFUSED
    _finish(
        run_id,
        state,
        rows_read=result.rows_read,
        created=counts["created"],
        updated=counts["updated"],
        unchanged=counts["unchanged"],
        problem_count=len(result.problems),
        problems=[[p.row, p.column, p.message] for p in result.problems],
        changes=[[c.outcome, c.description] for c in result.changes[:CHANGES_KEPT]],
        ignored_columns=list(result.ignored_columns),
    )
    return state


def _finish(run_id: int, state: str, **fields: Any) -> None:
    ImportRun.objects.filter(pk=run_id).update(
        state=state, finished_at=timezone.now(), stage="", **fields
    )


class _Watcher:
    """The run's `importing.Progress`: saves the stage whenever it changes and the rows read at
    most every PROGRESS_INTERVAL seconds. Writing is told once, just before the import's
    transaction opens: what happens inside it cannot be seen from outside until it is over."""

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self.stage = ""
        self.saved_at = 0.0

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        now = time.monotonic()
        if stage == self.stage and (stage == "writing" or now - self.saved_at < PROGRESS_INTERVAL):
            return
        self.stage, self.saved_at = stage, now
        ImportRun.objects.filter(pk=self.run_id).update(
            stage=stage, done=done, total=total, heard_at=timezone.now()
        )


def changes_not_kept(run: ImportRun) -> int:
    """How many of the run's changes are counted but not listed (beyond CHANGES_KEPT)."""
    return max(0, run.created + run.updated + run.unchanged - len(run.changes))


def result_of(run: ImportRun) -> ImportResult:
    """The run's outcome in the form the `gemini import` command and the pages show (its
    changes: the first CHANGES_KEPT)."""
    return ImportResult(
        kind=run.kind,
        filename=run.filename,
        dry_run=run.dry_run,
        rows_read=run.rows_read,
        problems=[Problem(row, column, message) for row, column, message in run.problems],
        changes=[Change(outcome, description) for outcome, description in run.changes],
        ignored_columns=list(run.ignored_columns),
    )


QUIET_WAITING = (
    "This import has waited more than {minutes} minutes to start: the background worker may "
    "not be running. The file is kept and is imported when the worker runs. Ask whoever runs "
    'Gemini\'s server to check the worker (docs/operations.md, "The background worker").'
)
QUIET_RUNNING = (
    "Gemini has heard nothing from this import for more than {minutes} minutes: the "
    "background worker may have stopped (the server restarted, say). An import writes every "
    "row or none, so nothing from this file is saved unless it finishes. Ask whoever runs "
    'Gemini\'s server to check the worker (docs/operations.md, "The background worker"); if '
    "it stopped, upload the file again."
)


def quiet_since() -> dt.datetime:
    """Runs not heard from since this moment are flagged (GEMINI_IMPORT_QUIET_MINUTES ago)."""
    return timezone.now() - dt.timedelta(minutes=settings.GEMINI_IMPORT_QUIET_MINUTES)


_NOT_OVER = (ImportRun.State.QUEUED, ImportRun.State.RUNNING)


def is_quiet(run: ImportRun) -> bool:
    """True when a run that is not over has not been heard from for too long: waiting since it
    was uploaded, or running with no report since the worker's last (its start, at least)."""
    return run.state in _NOT_OVER and (run.heard_at or run.queued_at) < quiet_since()


STAGES = {
    "reading": "Reading and checking each row",
    "checking": "Checking across rows",
    "writing": "Writing every row, all or nothing",
}


@dataclass(frozen=True)
class Progress:
    """How far a run has got, for its status page and the page's JSON."""

    state: str
    state_label: str
    over: bool
    stage: str  # "" before it starts and once it is over
    message: str  # the state or stage in words
    detail: str  # the rows read so far, while that can be known: "Row 1,200 of 300,000"
    done: int | None  # rows read so far, while that can be known
    total: int | None
    quiet: bool = False  # not over and not heard from for GEMINI_IMPORT_QUIET_MINUTES

    @property
    def percent(self) -> int | None:
        if self.done is None or not self.total:
            return None
        return min(100, self.done * 100 // self.total)

    def as_json(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "state_label": self.state_label,
            "over": self.over,
            "stage": self.stage,
            "message": self.message,
            "detail": self.detail,
            "done": self.done,
            "total": self.total,
            "percent": self.percent,
            "quiet": self.quiet,
        }


def progress(run: ImportRun) -> Progress:
    """The run's state in words, with the rows read so far while it is reading."""
    label = ImportRun.State(run.state).label
    done: int | None = None
    total: int | None = None
    detail = ""
    if run.state == ImportRun.State.QUEUED:
        message = "Waiting for the importer to start. Imports run one after another."
    elif run.state == ImportRun.State.RUNNING:
        message = STAGES.get(run.stage, "Starting")
        if run.stage == "reading" and run.total:
            done, total = min(run.done, run.total), run.total
            detail = f"Row {done:,} of {total:,}"
        elif run.stage == "writing" and run.total is not None:
            detail = f"{run.total:,} rows in one transaction"
    elif run.state == ImportRun.State.FINISHED:
        message = "Dry run finished: nothing was written." if run.dry_run else "Import complete."
    elif run.state == ImportRun.State.REFUSED:
        message = f"Nothing was imported: the file has {_problems(run.problem_count)}."
    else:
        message = run.error or FAILED_MESSAGE
    quiet = is_quiet(run)
    if quiet:
        template = QUIET_WAITING if run.state == ImportRun.State.QUEUED else QUIET_RUNNING
        message = template.format(minutes=settings.GEMINI_IMPORT_QUIET_MINUTES)
    return Progress(
        state=run.state,
        state_label=label,
        over=run.over,
        stage="" if run.over else run.stage,
        message=message,
        detail=detail,
        done=done,
        total=total,
        quiet=quiet,
    )


def _problems(count: int) -> str:
    return f"{count:,} problem" + ("" if count == 1 else "s")


def with_problems(user: User, limit: int = 5) -> list[ImportRun]:
    """The person's own runs that were refused or failed and have not been put right since (no
    later import of the same kind by them has finished), and those not heard from for too long
    (`is_quiet`), newest first: the home page's "Imports with problems"."""
    put_right = ImportRun.objects.filter(
        started_by=user,
        kind=OuterRef("kind"),
        state=ImportRun.State.FINISHED,
        dry_run=False,
        queued_at__gt=OuterRef("queued_at"),
    )
    return list(
        ImportRun.objects.filter(started_by=user)
        .annotate(last_heard=Coalesce("heard_at", "queued_at"))
        .filter(
            Q(state__in=[ImportRun.State.REFUSED, ImportRun.State.FAILED])
            | Q(state__in=_NOT_OVER, last_heard__lt=quiet_since())
        )
        .exclude(Exists(put_right))
        .defer("changes", "problems")
        .order_by("-queued_at", "-pk")[:limit]
    )
