"""Importing a status report (`migration-status`): each person's state per workload."""

from __future__ import annotations

import datetime as dt

from gemini.core import importing
from gemini.migration import models as m
from gemini.migration.tests.support import a_person

HEADER = "userPrincipalName,workload,state,problem,note,updated_at"


def run(text: str, dry_run: bool = False):
    return importing.run_import(
        importing.importer_for("migration-status"), text.encode(), "status.csv", dry_run
    )


def test_it_records_each_state_with_its_time_and_keeps_the_history(estate):
    person = a_person()
    upn = person.user_principal_name

    result = run(
        f"{HEADER}\n{upn},OneDrive,Failed,OneDrive already exists,Pre-provisioned,"
        f"2025-03-03T09:15:00\n{upn},teams,in_progress,,,03/03/2025 10:00\n"
    )

    assert result.ok, result.problems
    onedrive = m.WorkloadStatus.objects.get(identity=person, workload=m.Workload.ONEDRIVE)
    assert (onedrive.state, onedrive.problem) == (m.State.FAILED, "onedrive_exists")
    assert onedrive.updated_at.date() == dt.date(2025, 3, 3)
    assert onedrive.history.filter(history_date=onedrive.updated_at, state="failed").exists()
    assert onedrive.history.count() > 1  # the earlier states are kept
    teams = m.WorkloadStatus.objects.get(identity=person, workload=m.Workload.TEAMS)
    assert teams.state == m.State.IN_PROGRESS


def test_it_reports_every_bad_row_and_writes_nothing(estate):
    upn = a_person().user_principal_name
    before = list(m.WorkloadStatus.objects.values_list("pk", "state", "updated_at"))

    result = run(
        f"{HEADER}\n"
        f"{upn},mail,completed,,,\n"
        f"nobody@ourcheshire.example,mail,completed,,,\n"  # row 3: unknown person
        f"{upn},fax,completed,,,\n"  # row 4: unknown workload
        f"{upn},teams,finished,,,\n"  # row 5: unknown state
        f"{upn},sharepoint,completed,,,yesterday\n"  # row 6: not a time
    )

    assert [(p.row, p.column) for p in result.problems] == [
        (3, "userPrincipalName"),  # every problem in one pass (issue 16.4)
        (4, "workload"),
        (5, "state"),
        (6, "updated_at"),
    ]
    assert list(m.WorkloadStatus.objects.values_list("pk", "state", "updated_at")) == before
    again = run(
        f"{HEADER}\n{upn},mail,completed,,,\nnobody@ourcheshire.example,mail,completed,,,\n"
    )
    assert [(p.row, p.column) for p in again.problems] == [(3, "userPrincipalName")]


def test_a_dry_run_writes_nothing_and_a_repeat_changes_nothing(estate):
    upn = a_person().user_principal_name
    # After the demo's own steps (2024), so the row is not older than the state recorded.
    text = f"{HEADER}\n{upn},account,in progress,,Re-enrolling,2025-01-06T08:00:00\n"

    dry = run(text, dry_run=True)
    assert dry.ok
    assert dry.count("updated") == 1
    status = m.WorkloadStatus.objects.get(identity__user_principal_name=upn, workload="account")
    assert status.state == m.State.COMPLETED  # the dry run wrote nothing

    run(text)
    assert run(text).count("unchanged") == 1
