"""Azure readiness in the hosting API (issue 15): per VM with the reasons, and the counts keyed
ready, conditionally_ready, not_ready, unknown that add up to the VMs; and the plan against
the exit date."""

from __future__ import annotations

import datetime as dt

from gemini.hosting import access as hosting_access
from gemini.hosting import services
from gemini.hosting.models import VirtualMachine
from gemini.hosting.tests.test_api import BASE, api

KEYS = ["ready", "conditionally_ready", "not_ready", "unknown"]


def test_the_readiness_route_gives_each_vm_and_counts_that_add_up(demo_for_module, db, personas):
    body = api(personas["tech"]).get(f"{BASE}/readiness", {"on": "2027-03-31"}).json()
    assert body["on"] == "2027-03-31"
    assert list(body["counts"]) == KEYS
    assert sum(body["counts"].values()) == len(body["vms"])
    assert len(body["vms"]) == VirtualMachine.objects.filter(present=True).count()
    assert all(vm["reasons"] for vm in body["vms"])
    for key in KEYS:
        assert body["counts"][key] == sum(1 for vm in body["vms"] if vm["category"] == key)


def test_a_council_reader_gets_the_readiness_of_only_the_vms_they_may_see(
    demo_for_module, db, personas
):
    body = api(personas["hr_cwac"]).get(f"{BASE}/readiness").json()
    visible = set(
        hosting_access.vms_for(personas["hr_cwac"])
        .filter(present=True)
        .values_list("name", flat=True)
    )
    assert {vm["vm"] for vm in body["vms"]} == visible
    assert len(visible) < VirtualMachine.objects.filter(present=True).count()


def test_the_estate_counts_and_each_vm_carry_readiness(demo_for_module, db, personas):
    client = api(personas["tech"])
    estate = client.get(f"{BASE}/estate").json()
    assert list(estate["readiness"]) == KEYS
    assert sum(estate["readiness"].values()) == estate["vms"]
    vms = client.get(f"{BASE}/vms").json()
    assert all(vm["readiness"]["category"] in KEYS and vm["readiness"]["reasons"] for vm in vms)


def test_the_plan_says_whether_it_meets_the_exit_date(demo_for_module, db, personas):
    # One VM a wave, and one wave of a year before the exit date: it cannot meet it.
    services.make_plan(None, dt.date(2026, 4, 1), wave_days=365, max_vms_per_wave=1)
    body = api(personas["tech"]).get(f"{BASE}/plan").json()
    assert body["exit"]["exit_date"] == "2027-03-31"
    assert body["exit"]["meets"] is False
    assert body["exit"]["waves_available"] == 1
    assert body["exit"]["vms_per_wave"] >= body["exit"]["vms"]
    assert body["exit"]["reasons"]
    assert body["unassigned"]["vms"] >= 0


def test_a_bad_date_is_refused(demo_for_module, db, personas):
    assert api(personas["tech"]).get(f"{BASE}/readiness", {"on": "31/03/2027"}).status_code == 422
