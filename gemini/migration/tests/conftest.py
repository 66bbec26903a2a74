"""Fixtures for the migration app's tests."""

from __future__ import annotations

import pytest

from gemini.core.demo import DemoContext
from gemini.migration.demo import load_migration


@pytest.fixture
def estate(personas):
    """The personas plus the small migration demo (without the other apps' demos)."""
    load_migration(DemoContext(password="unused-password-1", report=lambda _: None, small=True))
    return personas
