"""Fixtures for every app's tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client

from gemini.core.models import User
from gemini.testing.personas import make_personas
from gemini.testing.sqlite_file import FileDatabase, sqlite_file


@pytest.fixture
def personas(db: None) -> dict[str, User]:
    """One user per role (pmo, lead, hr, hr_cwac, finance, tech, member, union)."""
    return make_personas()


def _load_small_demo() -> None:
    from gemini.core.demo import DemoContext, load_demo

    load_demo(DemoContext(password="demo-password-for-tests", report=lambda _: None, small=True))


@pytest.fixture(scope="session")
def _demo_for_session(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The small demo, loaded once per test process inside a transaction that is never committed.

    Each test runs in a savepoint inside it (pytest-django's `db`), rolled back after the test,
    so every test sees the demo exactly as loaded. The suite is ordered (see
    `pytest_collection_modifyitems`) so that the tests using it run last in each process: a test
    that expects an empty database never runs while it is open.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        _load_small_demo()
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def demo(_demo_for_session: None, db: None) -> None:
    """The whole demo (its small size), loaded through `gemini demo`'s loaders, once per test
    process and shared: each test's changes are rolled back. A test that runs outside a
    transaction (`transaction=True`, a live server) uses `demo_committed` instead."""


@pytest.fixture
def demo_committed(transactional_db: None) -> None:
    """The small demo loaded and committed for one test, flushed after it (for tests that run
    outside a transaction: a live server, a backup of the database file)."""
    _load_small_demo()


@pytest.fixture(scope="module")
def demo_for_module(_demo_for_session: None, django_db_blocker: Any) -> Iterator[None]:
    """The shared demo for a whole test module, with what the module adds to it at module scope
    (say a fixture's extra records) kept in a savepoint that is rolled back when the module ends.

    Each test still runs in its own savepoint, rolled back after it.
    """
    with django_db_blocker.unblock():
        savepoint = transaction.atomic()
        savepoint.__enter__()
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        savepoint.__exit__(None, None, None)


_SHARED_DEMO = {"demo", "demo_for_module", "_demo_for_session"}


def _run_order(item: pytest.Item) -> int:
    """Tests that commit (a full demo of their own, a live server, `transaction=True`) run
    before the tests that share the demo's open transaction; plain tests run first."""
    names = set(getattr(item, "fixturenames", ()))
    marker = item.get_closest_marker("django_db")
    transactional = bool(
        {"transactional_db", "live_server", "demo_committed"} & names
        or (marker is not None and marker.kwargs.get("transaction"))
    )
    if transactional:
        return 2
    if "full_demo" in names:
        return 1
    if _SHARED_DEMO & names:
        return 3
    return 0


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Order the suite so the shared demo's transaction is opened only after every test that
    needs a clean or committed database has run (pytest-xdist hands each process its tests in
    this order)."""
    items.sort(key=_run_order)


@pytest.fixture(name="sqlite_file")
def _sqlite_file(transactional_db: None, tmp_path: Path) -> Iterator[FileDatabase]:
    """The empty test database as a real SQLite file, this thread's connection pointed at it
    (gemini/testing/sqlite_file.py); for tests of SQLite's locking. SQLite runs only."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's file locking")
    with sqlite_file(tmp_path) as database:
        yield database


@pytest.fixture
def client_for(db: None) -> object:
    """`client_for(user)`: a test client signed in as that user (or anonymous for None)."""

    def make(user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: object) -> None:
    """Hash passwords cheaply in tests (production keeps Django's default, PBKDF2)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]
