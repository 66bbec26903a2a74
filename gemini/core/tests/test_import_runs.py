"""Imports from the upload page run in the background (issue 16, item 5): the run's record, its
states, its status page and JSON, who may see it, and the home page's "Imports with problems".

The suite runs tasks at once (GEMINI_TASKS_BACKEND=IMMEDIATE, gemini.testing.environment);
the tests that need a run to wait use the database backend and run its worker in-process.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from gemini.core import access, import_runs
from gemini.core.importers import OrganisationImporter
from gemini.core.models import ImportRun, ImportUpload, Organisation

GOOD = b"code,name,kind\nAAA,Alpha,council\nBBB,Beta,council\n"
BAD = b"code,name,kind\nlower,Alpha,council\nBBB,,council\nCCC,Gamma,parish\n"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _upload(client, content: bytes, name: str = "orgs.csv", **extra: str):
    return client.post(
        reverse("core:import"),
        {"kind": "organisations", "file": SimpleUploadedFile(name, content), **extra},
    )


def _run_worker() -> None:
    """What `gemini db_worker` does, in this process: every waiting task, then stop."""
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)


@pytest.mark.django_db
def test_it_imports_an_upload_in_the_background_and_shows_the_result(personas, client_for):
    client = client_for(personas["pmo"])

    response = _upload(client, GOOD)

    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("core:import_status", args=[run.pk])
    assert run.state == ImportRun.State.FINISHED
    assert (run.kind, run.filename) == ("organisations", "orgs.csv")
    assert run.started_by == personas["pmo"]
    assert (run.rows_read, run.created, run.updated, run.unchanged) == (2, 2, 0, 0)
    assert run.started_at is not None
    assert run.finished_at is not None
    assert run.task_id
    assert not ImportUpload.objects.exists()  # the file is deleted once the run is over
    assert Organisation.objects.filter(code__in=["AAA", "BBB"]).count() == 2
    assert Organisation.history.filter(code="AAA").get().history_user == personas["pmo"]
    page = client.get(response.url).content.decode()
    assert "Import complete" in page
    assert "2 rows: 2 created, 0 updated, 0 unchanged" in page
    assert "Created: Alpha (AAA)" in page
    assert "http-equiv" not in page  # over: the page no longer reloads itself
    assert "import_status.js" not in page
    assert client.get(reverse("core:import_progress", args=[run.pk])).json() == {
        "state": "finished",
        "state_label": "Finished",
        "over": True,
        "stage": "",
        "message": "Import complete.",
        "detail": "",
        "done": None,
        "total": None,
        "percent": None,
        "quiet": False,
    }


@pytest.mark.django_db
def test_it_refuses_a_file_with_problems_listing_every_one_and_writing_nothing(
    personas, client_for
):
    client = client_for(personas["pmo"])

    page = client.get(_upload(client, BAD).url).content.decode()

    run = ImportRun.objects.get()
    assert run.state == ImportRun.State.REFUSED
    assert run.problem_count == 3
    assert [row for row, _, _ in run.problems] == [2, 3, 4]
    assert (run.created, run.updated, run.unchanged) == (0, 0, 0)
    assert not ImportUpload.objects.exists()
    assert not Organisation.objects.filter(code__in=["BBB", "CCC"]).exists()
    assert "Nothing was imported: orgs.csv has 3 problems" in page
    assert page.count('<tr class="govuk-table__row">') == 4  # header + 3 problems
    assert "Refused: the file has problems" in page


@pytest.mark.django_db
def test_a_dry_run_in_the_background_reports_what_would_change_and_writes_nothing(
    personas, client_for
):
    client = client_for(personas["pmo"])

    page = client.get(_upload(client, GOOD, dry_run="on").url).content.decode()

    assert ImportRun.objects.get().state == ImportRun.State.FINISHED
    assert "Dry run: nothing was written" in page
    assert "What would change" in page
    assert not Organisation.objects.filter(code="AAA").exists()


@pytest.mark.django_db
def test_an_error_in_gemini_fails_the_run_and_leaves_nothing_written(
    personas, client_for, monkeypatch
):
    """The error comes after some rows are written: the import's transaction rolls them back."""
    real_save = OrganisationImporter.save

    def save_then_fail(self, rows):
        yield from real_save(self, rows)
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(OrganisationImporter, "save", save_then_fail)
    client = client_for(personas["pmo"])

    page = client.get(_upload(client, GOOD).url).content.decode()

    run = ImportRun.objects.get()
    assert run.state == ImportRun.State.FAILED
    assert run.error == import_runs.FAILED_MESSAGE
    assert not Organisation.objects.filter(code__in=["AAA", "BBB"]).exists()
    assert not ImportUpload.objects.exists()
    assert "Failed: an error in Gemini" in page
    assert "Nothing was written" in page
    assert "Import complete" not in page


@pytest.mark.django_db
def test_carrying_out_a_failing_run_raises_for_the_worker_to_log(personas, monkeypatch):
    def fail(self, rows):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(OrganisationImporter, "save", fail)
    run = ImportRun.objects.create(
        kind="organisations", permission="core.manage_organisations", filename="orgs.csv"
    )
    ImportUpload.objects.create(run=run, content=GOOD)

    with pytest.raises(RuntimeError, match="the disk is full"):
        import_runs.carry_out(run.pk)

    run.refresh_from_db()
    assert run.state == ImportRun.State.FAILED
    assert not ImportUpload.objects.exists()


@pytest.mark.django_db
def test_a_run_that_is_not_waiting_is_not_run_again(personas):
    run = ImportRun.objects.create(
        kind="organisations",
        permission="core.manage_organisations",
        filename="orgs.csv",
        state=ImportRun.State.FINISHED,
    )
    ImportUpload.objects.create(run=run, content=GOOD)

    assert import_runs.carry_out(run.pk) == "finished"

    assert not Organisation.objects.filter(code="AAA").exists()


@pytest.mark.django_db
def test_it_records_how_far_a_run_has_read_for_its_status_page(personas):
    run = ImportRun.objects.create(
        kind="organisations",
        permission="core.manage_organisations",
        filename="orgs.csv",
        state=ImportRun.State.RUNNING,
    )
    watch = import_runs._Watcher(run.pk)

    watch("reading", 1_200, 300_000)
    watch("reading", 1_300, 300_000)  # within PROGRESS_INTERVAL: not saved
    run.refresh_from_db()
    reading = import_runs.progress(run)
    watch("writing", 0, 299_999)
    run.refresh_from_db()
    writing = import_runs.progress(run)

    assert (reading.message, reading.detail) == (
        "Reading and checking each row",
        "Row 1,200 of 300,000",
    )
    assert reading.percent == 0
    assert (reading.done, reading.total) == (1_200, 300_000)
    assert writing.message == "Writing every row, all or nothing"
    assert writing.detail == "299,999 rows in one transaction"
    assert writing.percent is None  # not known from outside the transaction


@pytest.mark.django_db(transaction=True)
def test_a_run_waits_for_the_worker_and_its_page_follows_it_to_the_end(
    personas, client_for, settings
):
    settings.TASKS = DATABASE_TASKS
    client = client_for(personas["pmo"])

    status_url = _upload(client, GOOD).url
    run = ImportRun.objects.get()
    waiting = client.get(status_url).content.decode()
    progress_url = reverse("core:import_progress", args=[run.pk])
    before = client.get(progress_url).json()

    assert before["state"] == "queued"
    assert before["over"] is False
    assert ImportUpload.objects.filter(run=run).exists()
    assert not Organisation.objects.filter(code="AAA").exists()
    assert "Waiting to start" in waiting
    assert '<meta http-equiv="refresh" content="3">' in waiting  # without a script
    assert "import_status.js" in waiting
    assert f'data-import-progress="{progress_url}"' in waiting
    assert "<progress" in waiting

    _run_worker()

    after = client.get(progress_url).json()
    # Run by the worker, outside any request, yet recorded in the history as the uploader's.
    assert Organisation.history.filter(code="AAA").get().history_user == personas["pmo"]
    assert after["state"] == "finished"
    assert after["over"] is True
    assert Organisation.objects.filter(code__in=["AAA", "BBB"]).count() == 2
    assert not ImportUpload.objects.exists()
    assert "Import complete" in client.get(status_url).content.decode()


@pytest.mark.django_db
def test_only_the_starter_and_those_who_may_import_the_kind_in_their_scope_see_a_run(personas):
    staff = ImportRun.objects.create(
        kind="staff",
        permission=str(access.Permission.MANAGE_WORKFORCE),
        filename="staff.csv",
        started_by=personas["hr"],  # HR at CEC
    )

    seen_by = {name for name, user in personas.items() if access.import_runs_for(user).exists()}

    assert seen_by == {"hr", "pmo"}  # not HR at CWAC: another council's staff
    assert access.import_runs_for(personas["hr"]).get() == staff


@pytest.mark.django_db
def test_the_starter_still_sees_their_run_after_losing_the_role(personas, client_for):
    client = client_for(personas["tech"])
    run = ImportRun.objects.create(
        kind="permissions",
        permission=str(access.Permission.MANAGE_MIGRATION),
        filename="permissions.csv",
        started_by=personas["tech"],
    )
    personas["tech"].memberships.all().delete()

    assert client.get(reverse("core:import_status", args=[run.pk])).status_code == 200


@pytest.mark.django_db
def test_the_home_page_lists_my_imports_with_problems_until_put_right(personas, client_for):
    client = client_for(personas["pmo"])
    _upload(client, BAD, name="bad.csv")
    refused = ImportRun.objects.get()

    home = client.get(reverse("core:dashboard")).content.decode()
    others = client_for(personas["tech"]).get(reverse("core:dashboard")).content.decode()

    assert "Imports with problems" in home
    assert "bad.csv" in home
    assert "nothing imported, 3 problems" in home
    assert reverse("core:import_status", args=[refused.pk]) in home
    assert "Imports with problems" not in others  # each person's own

    _upload(client, GOOD, name="good.csv")  # the same kind, put right

    assert "Imports with problems" not in client.get(reverse("core:dashboard")).content.decode()


@pytest.mark.django_db
def test_a_failed_import_is_on_the_home_page_too(personas):
    run = ImportRun.objects.create(
        kind="organisations",
        permission="core.manage_organisations",
        filename="orgs.csv",
        started_by=personas["pmo"],
        state=ImportRun.State.FAILED,
    )
    ImportRun.objects.create(  # a dry run that finished puts nothing right
        kind="organisations",
        permission="core.manage_organisations",
        filename="orgs.csv",
        started_by=personas["pmo"],
        state=ImportRun.State.FINISHED,
        dry_run=True,
    )

    assert import_runs.with_problems(personas["pmo"]) == [run]


@pytest.mark.django_db
def test_a_large_run_lists_its_first_changes_and_counts_them_all(personas, client_for, monkeypatch):
    monkeypatch.setattr(import_runs, "CHANGES_KEPT", 1)
    client = client_for(personas["pmo"])

    page = client.get(_upload(client, GOOD).url).content.decode()

    run = ImportRun.objects.get()
    assert run.changes == [["created", "Alpha (AAA)"]]
    assert run.created == 2
    assert "2 rows: 2 created, 0 updated, 0 unchanged" in page
    assert "Created: Alpha (AAA)" in page
    assert "Beta" not in page
    assert "… and 1 more, counted above." in page


def _a_run(user, state: str, minutes_ago: int) -> ImportRun:
    moment = timezone.now() - dt.timedelta(minutes=minutes_ago)
    return ImportRun.objects.create(
        kind="organisations",
        permission="core.manage_organisations",
        filename=f"{state}-{minutes_ago}.csv",
        started_by=user,
        state=state,
        queued_at=moment,
        started_at=moment if state == ImportRun.State.RUNNING else None,
        heard_at=moment if state == ImportRun.State.RUNNING else None,
    )


@pytest.mark.django_db
def test_a_run_not_heard_from_is_flagged_on_its_page_in_its_json_and_at_home(
    personas, client_for, settings
):
    """A worker killed outright (SIGKILL, the machine losing power) leaves its run "Running";
    one that never started leaves it "Waiting". After GEMINI_IMPORT_QUIET_MINUTES without a
    word the run is flagged, not shown as working (docs/operations.md)."""
    settings.GEMINI_IMPORT_QUIET_MINUTES = 15
    pmo = personas["pmo"]
    client = client_for(pmo)
    stuck = _a_run(pmo, ImportRun.State.RUNNING, 16)
    waiting = _a_run(pmo, ImportRun.State.QUEUED, 20)
    working = _a_run(pmo, ImportRun.State.RUNNING, 14)
    just_queued = _a_run(pmo, ImportRun.State.QUEUED, 1)

    for run, words in ((stuck, "heard nothing"), (waiting, "waited more than 15 minutes")):
        page = client.get(reverse("core:import_status", args=[run.pk])).content.decode()
        assert "not heard from" in page
        assert words in page
        assert 'class="govuk-warning-text"' in page
        answer = client.get(reverse("core:import_progress", args=[run.pk])).json()
        assert answer["quiet"] is True
        assert words in answer["message"]
    for run in (working, just_queued):
        answer = client.get(reverse("core:import_progress", args=[run.pk])).json()
        assert answer["quiet"] is False
        assert (
            "not heard from"
            not in client.get(reverse("core:import_status", args=[run.pk])).content.decode()
        )

    assert set(import_runs.with_problems(pmo)) == {stuck, waiting}
    home = client.get(reverse("core:dashboard")).content.decode()
    assert "running-16.csv" in home
    assert "the background worker may have stopped" in home
    assert "queued-20.csv" in home
    assert "the background worker may not be running" in home
    assert "running-14.csv" not in home


@pytest.mark.django_db
def test_each_report_from_the_worker_is_heard(personas):
    run = _a_run(personas["pmo"], ImportRun.State.RUNNING, 30)
    assert import_runs.is_quiet(run)

    import_runs._Watcher(run.pk)("reading", 10, 100)
    run.refresh_from_db()

    assert not import_runs.is_quiet(run)
    assert run.heard_at is not None
    assert timezone.now() - run.heard_at < dt.timedelta(minutes=1)
