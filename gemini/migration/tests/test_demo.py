"""The migration demo: the seed's outcome, repeatable and quick."""

from __future__ import annotations

import time

from gemini.core.demo import DemoContext
from gemini.migration import models as m
from gemini.migration import services
from gemini.migration.demo import SERVICE_ACCOUNT, load_migration
from gemini.migration.tests.support import a_person, the_plan, the_settings


def test_both_phases_are_complete_for_every_cwac_user_with_history(estate):
    # Everyone placed in a wave: the leaver and the guest held back from every batch have none.
    moving = m.Identity.objects.filter(
        organisation__code="CWAC", placements__plan=the_plan(), placements__wave__isnull=False
    )
    statuses = m.WorkloadStatus.objects.filter(identity__in=moving)
    assert statuses.exclude(state__in=m.DONE_STATES).count() == 0
    # Not applicable only for the device move of someone with no device (a shared mailbox).
    skipped = statuses.filter(state=m.State.NOT_APPLICABLE)
    assert set(skipped.values_list("workload", flat=True)) == {"device"}
    assert not m.Device.objects.filter(primary_user__statuses__in=skipped).exists()
    assert m.WorkloadStatus.objects.filter(identity__in=moving).count() == moving.count() * 6
    steps = m.WorkloadStatus.history.filter(identity_id=a_person().pk)
    assert {s.state for s in steps} >= {"scheduled", "completed"}
    assert m.WorkloadStatus.history.filter(state="failed").exists()  # resolved exceptions kept


def test_the_service_account_is_excluded_and_would_otherwise_join_many(estate):
    assert m.Exclusion.objects.filter(user_principal_name=SERVICE_ACCOUNT).exists()
    plan = the_plan()
    assert plan.unplaced == 0
    assert plan.findings.filter(kind="excluded").exists()
    m.Exclusion.objects.all().delete()
    record = the_settings()
    joined = services.run_plan(services.limits_from(record))
    assert joined.unplaced > 0
    assert SERVICE_ACCOUNT in joined.findings.get(kind="group-too-big").detail


def test_loading_twice_changes_nothing(estate):
    counts = [
        model.objects.count() for model in (m.Identity, m.Device, m.MailboxPermission, m.Plan)
    ]
    history = m.WorkloadStatus.history.count()
    context = DemoContext(password="unused-password-1", report=lambda _: None, small=True)
    load_migration(context)
    assert [
        model.objects.count() for model in (m.Identity, m.Device, m.MailboxPermission, m.Plan)
    ] == counts
    assert m.WorkloadStatus.history.count() == history
    assert set(context.outcomes) == {"unchanged"}


def test_the_demo_plans_in_under_a_second(estate):
    record = the_settings()
    started = time.perf_counter()
    services.run_plan(services.limits_from(record))
    assert time.perf_counter() - started < 1.0
