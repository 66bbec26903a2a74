"""Fixtures for every app's tests."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client

from gemini.core.models import User
from gemini.testing.personas import make_personas
from gemini.testing.sqlite_file import FileDatabase, sqlite_file
from gemini.testing.template_databases import cloned_schema, replace_with_demo


@pytest.fixture(scope="session")
def django_db_setup(
    request: pytest.FixtureRequest,
    django_test_environment: None,
    django_db_blocker: Any,
    django_db_use_migrations: bool,
    django_db_keepdb: bool,
    django_db_createdb: bool,
    django_db_modify_db_settings: None,
) -> Iterator[None]:
    """pytest-django's set-up of the test database, from a migrated template built once for
    every test process and kept until a migration changes (gemini/testing/schema_template.py).
    `--reuse-db`, `--create-db` and `--no-migrations` keep pytest-django's own behaviour."""
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup

    own_options = django_db_keepdb or django_db_createdb or not django_db_use_migrations
    if not django_db_use_migrations:
        _disable_migrations()
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    verbosity = request.config.option.verbose
    with django_db_blocker.unblock(), contextlib.ExitStack() as stack:
        cloned = False if own_options else stack.enter_context(cloned_schema())
        db_cfg = setup_databases(
            verbosity=verbosity,
            interactive=False,
            aliases=aliases,
            serialized_aliases=serialized_aliases,
            keepdb=cloned or (django_db_keepdb and not django_db_createdb),
        )
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            teardown_databases(db_cfg, verbosity=verbosity)


@pytest.fixture
def personas(db: None) -> dict[str, User]:
    """One user per role (pmo, lead, hr, hr_cwac, finance, tech, member, union)."""
    return make_personas()


_DEMO_PASSWORD = "demo-password-for-tests"  # noqa: S105 (the tests' demo users)
_FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _load_small_demo() -> None:
    from django.test import override_settings

    from gemini.core.demo import DemoContext, load_demo

    # The tests' cheap password hashing (`_fast_password_hashing`), also for the shared demo.
    with override_settings(PASSWORD_HASHERS=_FAST_HASHERS):
        load_demo(DemoContext(password=_DEMO_PASSWORD, report=lambda _: None, small=True))


@pytest.fixture(scope="session")
def _demo_for_session(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The small demo, put in once per test process.

    The test database is replaced by a clone of the demo's template, built once for every
    process and kept until the code changes (gemini/testing/template_databases.py); where there
    is no template (a SQLite test database in a file), the demo is loaded in a transaction
    that is never committed. Either way each test runs in a savepoint (pytest-django's `db`),
    rolled back after the test, so every test sees the demo exactly as loaded. The suite is
    ordered (see `pytest_collection_modifyitems`) so that the tests using it run last in each
    process: a test that expects an empty database never runs after it is put in.
    """
    with django_db_blocker.unblock():
        recipe = f"small|{_DEMO_PASSWORD}|{_FAST_HASHERS}"
        cloned = replace_with_demo(_load_small_demo, recipe=recipe)
    if cloned:
        yield
        return
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
    settings.PASSWORD_HASHERS = _FAST_HASHERS  # type: ignore[attr-defined]
