"""Fixtures for every app's tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from gemini.core.models import User
from gemini.testing.personas import make_personas


@pytest.fixture
def personas(db: None) -> dict[str, User]:
    """One user per role (pmo, lead, hr, hr_cwac, finance, tech, member, union)."""
    return make_personas()


def _load_small_demo() -> None:
    from gemini.core.demo import DemoContext, load_demo

    load_demo(DemoContext(password="demo-password-for-tests", report=lambda _: None, small=True))


@pytest.fixture
def demo(db: None) -> None:
    """The whole demo (its small size), loaded through `gemini demo`'s loaders."""
    _load_small_demo()


@pytest.fixture(scope="module")
def demo_for_module(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The small demo loaded once for a whole test module (for long tables of requests).

    Each test still runs in its own transaction, rolled back after it; the demo is removed
    when the module ends.
    """
    from django.core.management import call_command

    with django_db_blocker.unblock():
        _load_small_demo()
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


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
