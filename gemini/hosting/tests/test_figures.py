"""gemini/hosting/figures.py is the one read of each hosting figure: the page, the API and the
CLI say the same thing on the same data and date, and nothing recorded after the day is seen."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse

from gemini.core.asat import today
from gemini.core.history import recorded_at
from gemini.core.models import User
from gemini.hosting import figures, services
from gemini.hosting.models import Milestone, Project, VirtualMachine
from gemini.testing.api import api_json

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 2, 6)  # the demo is recorded on 20 January 2025
LATER = dt.datetime(2025, 3, 3, 10, 0, tzinfo=ZoneInfo("Europe/London"))


def _api(user: User, path: str) -> Any:
    return api_json(user, f"/hosting{path}")


def _cli(*args: str) -> Any:
    out = io.StringIO()
    call_command("hosting", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


COUNTS = ("vms", "powered_on", "powered_off", "vcpus", "memory_mib", "provisioned_mib")


def test_the_estate_is_the_same_on_the_page_in_the_api_and_in_the_cli(demo, personas, client_for):
    # The technical lead's scope reaches every organisation, as the CLI (the system) does.
    found = figures.estate(today(), personas["tech"])
    assert found.counts.vms > 0
    assert found.latest_import is not None

    page = client_for(personas["tech"]).get(reverse("hosting:index")).content.decode()
    api = _api(personas["tech"], "/estate")
    cli = _cli("estate")

    expected = {key: getattr(found.counts, key) for key in COUNTS}
    assert {key: api[key] for key in COUNTS} == expected
    assert {key: cli[key] for key in COUNTS} == expected
    assert api["readiness"] == cli["readiness"] == found.readiness
    assert api["support"] == found.support
    assert api["applications"] == found.applications
    assert api["unassigned_vms"] == found.unassigned_vms
    assert api["latest_import"]["findings"] == cli["findings"] == found.latest_import.findings
    counts = found.counts
    assert (
        f"{counts.vms} ({counts.powered_on} powered on, {counts.powered_off} powered off)" in page
    )
    assert f"{counts.vcpus} vCPUs" in page
    assert f"{found.latest_import.findings} findings" in page


def test_costs_are_the_same_on_the_page_and_in_the_api(demo, personas, client_for):
    """figures.costs has no CLI command (the bills are read on the pages and in the API)."""
    found = figures.costs(today(), personas["hr_cwac"])
    assert found is not None
    assert [bill.council for bill in found.bills] == ["CWAC"]

    api = _api(personas["hr_cwac"], "/estate")
    page = client_for(personas["hr_cwac"]).get(reverse("hosting:index")).content.decode()

    assert [b["council"] for b in api["bills"]] == ["CWAC"]
    assert api["dispositions"] == found.dispositions
    bill = found.bills[0]
    assert bill.on_premises is not None
    assert api["bills"][0]["on_premises"] == f"{bill.on_premises:.2f}"
    assert f"£{bill.on_premises:,.2f}" in page


def test_readiness_is_the_same_in_the_api_and_in_the_cli(demo, personas):
    """figures.readiness has no page of its own: the VMs page shows each VM's readiness, and
    the estate's counts (compared above) are the same function's."""
    on = dt.date(2027, 3, 31)
    found = figures.readiness(on, personas["tech"])
    api = _api(personas["tech"], f"/readiness?on={on.isoformat()}")
    cli = _cli("estate", "--on", on.isoformat())

    assert api["counts"] == cli["readiness"] == found.counts
    assert [v["vm"] for v in api["vms"]] == [r.vm for r in found.vms]


def test_the_wave_plan_is_the_same_on_the_page_in_the_api_and_in_the_cli(
    demo, personas, client_for
):
    found = figures.plan(today(), personas["tech"])
    assert found is not None
    assert found.waves

    page = client_for(personas["tech"]).get(reverse("hosting:plan")).content.decode()
    api = _api(personas["tech"], "/plan")
    cli = _cli("waves")

    expected = [(w["name"], w["start"].isoformat(), w["vms"]) for w in found.waves]
    assert [(w["name"], w["start"], w["vms"]) for w in api["waves"]] == expected
    assert [(w["name"], w["start"], w["vms"]) for w in cli["waves"]] == expected
    assert [w["applications"] for w in api["waves"]] == [w["applications"] for w in cli["waves"]]
    assert len(api["findings"]) == len(cli["findings"]) == len(found.findings)
    table = page.split("<tbody", 1)[1]
    for wave in found.waves:
        row = table.split(f">{wave['name']}", 1)[1].split("</tr>", 1)[0]
        assert f'numeric">{wave["vms"]}<' in row


def test_the_projects_are_the_same_on_the_page_and_in_the_api(demo, personas, client_for):
    """figures.projects has no CLI command; the committee report reads it too (the report's
    own tests compare it)."""
    found = figures.projects(today())
    assert found

    api = _api(personas["tech"], "/projects")
    page = client_for(personas["tech"]).get(reverse("hosting:projects")).content.decode()

    assert [(p["name"], len(p["milestones"])) for p in api] == [
        (p.name, len(p.milestones)) for p in found
    ]
    for project in found:
        assert project.name in page
        for milestone in project.milestones:
            assert milestone.name in page


# --- as at a date -----------------------------------------------------------------------------


def test_the_estate_ignores_what_was_recorded_after_the_day(demo):
    before = figures.estate(DAY)
    assert before.counts.vms > 0
    vm = VirtualMachine.objects.filter(present=True).order_by("name").first()
    assert vm is not None
    with recorded_at(LATER):
        vm.cpus += 8
        vm.save()

    then = figures.estate(DAY)
    assert then.counts == before.counts
    assert then.readiness == before.readiness
    assert figures.costs(DAY) is None  # today's assessment is never shown as a past day's
    assert figures.estate(LATER.date()).counts.vcpus == before.counts.vcpus + 8


def test_a_plan_and_a_milestone_recorded_after_the_day_are_not_seen(demo):
    plan_before = figures.plan(DAY)
    projects_before = figures.projects(DAY)
    assert plan_before is not None
    assert projects_before
    project = Project.objects.order_by("order").first()
    assert project is not None
    with recorded_at(LATER):
        services.make_plan(None, LATER.date(), wave_days=14, max_vms_per_wave=5)
        Milestone.objects.create(
            project=project,
            name="Added later",
            due=dt.date(2025, 6, 1),
            status=Milestone.Status.NOT_STARTED,
        )

    plan_then = figures.plan(DAY)
    assert plan_then is not None
    assert plan_then.plan.pk == plan_before.plan.pk
    assert plan_then.waves == plan_before.waves
    assert figures.projects(DAY) == projects_before

    plan_later = figures.plan(LATER.date())
    assert plan_later is not None
    assert plan_later.plan.pk != plan_before.plan.pk
    assert "Added later" in {m.name for p in figures.projects(LATER.date()) for m in p.milestones}
