"""Fixtures for the reports app's tests."""

from __future__ import annotations

import pytest

from gemini.reports.demo import demo_meeting


@pytest.fixture
def meeting(demo_for_module, db):
    """The Corporate Policy Committee of 6 February 2025, with its demo report (a draft in the
    small demo). The demo is loaded once per module; each test's changes are rolled back."""
    return demo_meeting()


@pytest.fixture
def draft(meeting):
    return meeting.reports.get()
