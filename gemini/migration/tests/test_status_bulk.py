"""A status report saved in bulk (services.set_statuses; docs/adr/0005-bulk-saving.md): each
row decided as `set_status` decides it, each history row dated by its row's own time, each
changed status's version raised once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gemini.core import importing
from gemini.migration import models as m
from gemini.migration import services
from gemini.testing.personas import make_organisations

HEADER = "userPrincipalName,workload,state,problem,note,updated_at"
JAN_6 = dt.datetime(2025, 1, 6, 8, 0, tzinfo=dt.UTC)
FEB_3 = dt.datetime(2025, 2, 3, 17, 30, tzinfo=dt.UTC)
MAR_1 = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC)


def _people(*names: str) -> list[m.Identity]:
    council = make_organisations()["CWAC"]
    return [
        m.Identity.objects.create(organisation=council, user_principal_name=f"{n}@cwac.example")
        for n in names
    ]


def _status(person: m.Identity, state: str, when: dt.datetime) -> m.WorkloadStatus:
    services.set_status(person, m.Workload.MAIL, state, when=when)
    return m.WorkloadStatus.objects.get(identity=person, workload=m.Workload.MAIL)


def _run(text: str) -> importing.ImportResult:
    return importing.run_import(
        importing.importer_for("migration-status"), text.encode(), "status.csv", False
    )


@pytest.mark.django_db
def test_each_history_row_is_dated_by_its_rows_own_time_not_the_imports():
    ann, bob = _people("ann", "bob")
    _status(bob, m.State.SCHEDULED, JAN_6)

    result = _run(
        f"{HEADER}\n"
        f"ann@cwac.example,mail,in progress,,,{FEB_3.isoformat()}\n"
        f"bob@cwac.example,mail,completed,,,{MAR_1.isoformat()}\n"
    )

    assert result.ok, result.problems
    assert [c.outcome for c in result.changes] == ["created", "updated"]
    history = {
        (entry.identity_id, entry.history_type): (entry.history_date, entry.state)
        for entry in m.WorkloadStatus.history.all()
    }
    assert history == {
        (ann.pk, "+"): (FEB_3, m.State.IN_PROGRESS),
        (bob.pk, "+"): (JAN_6, m.State.SCHEDULED),
        (bob.pk, "~"): (MAR_1, m.State.COMPLETED),
    }


@pytest.mark.django_db
def test_an_older_row_is_skipped_and_a_newer_one_applied_in_the_same_batch():
    ann, bob = _people("ann", "bob")
    _status(ann, m.State.IN_PROGRESS, FEB_3)
    _status(bob, m.State.IN_PROGRESS, FEB_3)

    result = _run(
        f"{HEADER}\n"
        f"ann@cwac.example,mail,scheduled,,,{JAN_6.isoformat()}\n"  # older than recorded
        f"bob@cwac.example,mail,completed,,,{MAR_1.isoformat()}\n"
    )

    assert result.ok, result.problems
    assert [c.outcome for c in result.changes] == ["skipped", "updated"]
    assert "is older than the In progress recorded at 03/02/2025 17:30" in (
        result.changes[0].description
    )
    statuses = {s.identity_id: s for s in m.WorkloadStatus.objects.all()}
    assert (statuses[ann.pk].state, statuses[ann.pk].updated_at) == (m.State.IN_PROGRESS, FEB_3)
    assert (statuses[bob.pk].state, statuses[bob.pk].updated_at) == (m.State.COMPLETED, MAR_1)
    assert statuses[ann.pk].history.count() == 1  # the skipped row wrote nothing


@pytest.mark.django_db
def test_each_changed_status_has_its_version_raised_once_and_no_other():
    ann, bob, cat, dan = _people("ann", "bob", "cat", "dan")
    for person in (ann, bob, cat):
        _status(person, m.State.SCHEDULED, JAN_6)
    services.set_status(bob, m.Workload.MAIL, m.State.IN_PROGRESS, when=FEB_3)  # version 2
    before = dict(m.WorkloadStatus.objects.values_list("identity_id", "version"))
    assert before == {ann.pk: 1, bob.pk: 2, cat.pk: 1}

    outcomes = services.set_statuses(
        [
            services.StatusChange(ann.pk, m.Workload.MAIL, m.State.COMPLETED, "", "", MAR_1),
            services.StatusChange(bob.pk, m.Workload.MAIL, m.State.COMPLETED, "", "", MAR_1),
            services.StatusChange(cat.pk, m.Workload.MAIL, m.State.SCHEDULED, "", "", MAR_1),
            services.StatusChange(dan.pk, m.Workload.MAIL, m.State.SCHEDULED, "", "", MAR_1),
        ]
    )

    assert [o.outcome for o in outcomes] == ["updated", "updated", "unchanged", "created"]
    after = dict(m.WorkloadStatus.objects.values_list("identity_id", "version"))
    assert after == {ann.pk: 2, bob.pk: 3, cat.pk: 1, dan.pk: 1}


@pytest.mark.django_db
def test_it_reads_and_writes_in_the_same_number_of_queries_for_a_few_rows_or_many():
    people = _people(*(f"p{i}" for i in range(40)))

    def queries(group: list[m.Identity]) -> int:
        with CaptureQueriesContext(connection) as captured:
            services.set_statuses(
                [
                    services.StatusChange(p.pk, m.Workload.TEAMS, m.State.SCHEDULED, "", "", JAN_6)
                    for p in group
                ]
            )
        return len(captured)

    assert queries(people[:2]) == queries(people[2:])


@pytest.mark.django_db
def test_it_refuses_two_rows_for_the_same_person_and_workload():
    (ann,) = _people("ann")
    row = services.StatusChange(ann.pk, m.Workload.MAIL, m.State.SCHEDULED, "", "", JAN_6)
    with pytest.raises(ValueError, match="same person and workload"):
        services.set_statuses([row, row])
    assert not m.WorkloadStatus.objects.exists()
