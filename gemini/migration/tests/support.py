"""Helpers for the migration tests: the demo's records, never None."""

from __future__ import annotations

from gemini.migration import models as m
from gemini.migration import services


def the_plan() -> m.Plan:
    plan = services.current_plan()
    assert plan is not None
    return plan


def the_settings() -> m.MigrationSettings:
    record = services.current_settings()
    assert record is not None
    return record


def a_person(council: str = "CWAC") -> m.Identity:
    person = (
        m.Identity.objects.filter(organisation__code=council)
        .exclude(given_name="")
        .order_by("pk")
        .first()
    )
    assert person is not None
    return person
