"""SQLite under several writers: they wait their turn, and a lock that outlasts the busy timeout
answers 503 "try again", never 500 (issue 13, item 2).

These tests need a real SQLite file (the suite's own SQLite database is in memory): the
`sqlite_file` fixture copies the empty test database to one, and each thread points its
connection at it.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from gemini.core.models import Organisation, User
from gemini.programme.models import Programme, Workstream
from gemini.testing.personas import PASSWORD, make_personas
from gemini.testing.sqlite_file import FileDatabase

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's locking; PostgreSQL has row locks"
)

DAY = dt.date(2025, 2, 3)
WRITERS = 8
WRITES_EACH = 5


def _programme_with_a_workstream() -> Workstream:
    make_personas()
    programme = Programme.objects.create(
        name="Programme",
        slug="programme",
        sponsor=Organisation.objects.get(code="ICTSS"),
        status_scale="rag",
    )
    return Workstream.objects.create(programme=programme, name="Service desk", slug="desk", order=1)


def _status_update(client: Client, day: dt.date) -> Any:
    return client.post(
        "/api/v1/programme/status/updates",
        {"workstream": "desk", "date": day.isoformat(), "rating": "Green", "narrative": "On track"},
        content_type="application/json",
    )


def test_concurrent_writers_on_a_sqlite_file_wait_their_turn_and_never_get_a_500(sqlite_file):
    _programme_with_a_workstream()
    statuses: list[int] = []
    failures: list[BaseException] = []
    start = threading.Barrier(WRITERS)

    def writer(number: int) -> None:
        sqlite_file.use()
        try:
            client = Client()
            start.wait()
            signed_in = client.post(
                reverse("core:login"), {"username": "pmo@gemini.test", "password": PASSWORD}
            )
            statuses.append(signed_in.status_code)
            for write in range(WRITES_EACH):
                day = DAY + dt.timedelta(days=number * WRITES_EACH + write)
                statuses.append(_status_update(client, day).status_code)
            token = client.post(reverse("api_tokens:list"), {"name": f"writer {number}"})
            statuses.append(token.status_code)
        except BaseException as error:  # reported by the main thread
            failures.append(error)
        finally:
            connections["default"].close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not failures
    assert len(statuses) == WRITERS * (WRITES_EACH + 2)
    assert sorted(set(statuses)) == [200, 201, 302]
    writes = sqlite3.connect(sqlite_file.path)
    saved = writes.execute("SELECT count(*) FROM programme_statusupdate").fetchone()[0]
    journal = writes.execute("PRAGMA journal_mode").fetchone()[0]
    writes.close()
    assert saved == WRITERS * WRITES_EACH
    assert journal == "wal"


@pytest.fixture
def held_lock(sqlite_file: FileDatabase) -> Iterator[Client]:
    """A client signed in as the programme manager; then, with a tiny busy timeout, another
    connection holds the write lock (as a long import does) until the test ends."""
    _programme_with_a_workstream()
    client = Client()
    client.force_login(User.objects.get(email="pmo@gemini.test"))
    FileDatabase(sqlite_file.path, timeout=0.1).use()
    blocker = sqlite3.connect(sqlite_file.path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    yield client
    blocker.rollback()
    blocker.close()
    connections["default"].close()


def test_an_api_write_that_meets_a_held_lock_answers_503_try_again_in_json(held_lock):
    response = _status_update(held_lock, DAY)

    assert response.status_code == 503
    assert "try again" in response.json()["detail"]
    assert response["Retry-After"] == "5"


def test_a_page_write_and_signing_in_that_meet_a_held_lock_answer_503_try_again(held_lock):
    made = held_lock.post(reverse("api_tokens:list"), {"name": "during the import"})
    signed_in = Client().post(
        reverse("core:login"), {"username": "lead@gemini.test", "password": PASSWORD}
    )

    for response in (made, signed_in):
        page = response.content.decode()
        assert response.status_code == 503
        assert "Sorry, the service is busy" in page
        assert "try again" in page
        assert response["Retry-After"] == "5"
