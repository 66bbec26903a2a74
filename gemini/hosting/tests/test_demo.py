"""The hosting demo: the Phase 2 estate, loaded repeatably and fast."""

from __future__ import annotations

import pytest

from gemini.core.demo import DemoContext, load_core
from gemini.hosting.demo import load_hosting
from gemini.hosting.models import Application, Dependency, Project, VirtualMachine

pytestmark = pytest.mark.django_db


def _context(small: bool) -> DemoContext:
    return DemoContext(password="demo-password-for-tests", report=lambda _: None, small=small)


def test_the_small_demo_loads_its_estate():
    # Its speed is measured in bench/, not here (a timed test fails on a busy machine).
    load_core(_context(True))
    load_hosting(_context(True))
    assert VirtualMachine.objects.count() == 36
    assert Application.objects.count() == 12


def test_the_full_demo_has_about_400_vms_and_120_applications_with_one_cycle():
    load_core(_context(False))
    load_hosting(_context(False))
    assert VirtualMachine.objects.count() == 400
    assert Application.objects.count() == 120
    assert Application.objects.filter(organisation__code="ICTSS").count() >= 10
    assert Dependency.objects.filter(
        source__name="Shared Integration Hub", target__name="CEC Finance Ledger"
    ).exists()
    assert Project.objects.filter(slug="vpn-replacement").exists()


def test_loading_the_hosting_demo_twice_changes_nothing():
    load_core(_context(True))
    load_hosting(_context(True))
    before = (VirtualMachine.history.count(), Application.history.count())
    context = _context(True)
    load_hosting(context)
    assert (VirtualMachine.history.count(), Application.history.count()) == before
    assert set(context.outcomes) == {"unchanged"}
