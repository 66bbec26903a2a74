"""Move groups and waves: dependencies, cycles, capacity and deadlines (hypothesis too)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from gemini.hosting.engine.waves import (
    Plan,
    PlanApplication,
    PlanDependency,
    PlanSettings,
    plan_waves,
)

START = dt.date(2025, 4, 1)


def _plan(apps: list[PlanApplication], deps: list[PlanDependency], **kwargs: Any) -> Plan:
    storage = {vm: 1024 for app in apps for vm in app.vms}
    return plan_waves(apps, deps, storage, PlanSettings(START, **kwargs))


def test_a_dependency_moves_no_later_than_what_needs_it():
    apps = [PlanApplication("Finance", ("f1",)), PlanApplication("Payments", ("p1",))]
    plan = _plan(apps, [PlanDependency("Payments", "Finance")], max_vms_per_wave=1)
    assert plan.wave_of["Finance"] < plan.wave_of["Payments"]


def test_applications_in_a_cycle_form_one_move_group_in_one_wave():
    apps = [PlanApplication(n, (f"{n}-vm",)) for n in ("A", "B", "C", "D")]
    deps = [PlanDependency("A", "B"), PlanDependency("B", "C"), PlanDependency("C", "A")]
    plan = _plan(apps, deps, max_vms_per_wave=3)
    assert [g.applications for g in plan.move_groups] == [("A", "B", "C")]
    assert plan.wave_of["A"] == plan.wave_of["B"] == plan.wave_of["C"]


def test_waves_respect_the_vm_capacity_and_follow_each_other():
    apps = [PlanApplication(f"App{i}", (f"vm{i}a", f"vm{i}b")) for i in range(5)]
    plan = _plan(apps, [], max_vms_per_wave=4, wave_days=14)
    assert [len(w.vms) for w in plan.waves] == [4, 4, 2]
    assert plan.waves[1].start == START + dt.timedelta(days=14)
    assert plan.waves[0].end == START + dt.timedelta(days=13)


def test_a_group_too_big_for_a_wave_gets_its_own_and_a_finding():
    plan = _plan(
        [PlanApplication("Huge", tuple(f"v{i}" for i in range(5)))], [], max_vms_per_wave=2
    )
    assert plan.wave_of["Huge"] == 1
    assert plan.findings[0].rule == "over capacity"


def test_a_contract_end_before_the_wave_ends_is_a_finding_with_the_dates():
    apps = [
        PlanApplication("First", ("a",)),
        PlanApplication("Late", ("b",), contract_end=START + dt.timedelta(days=10)),
    ]
    plan = _plan([apps[0], apps[1]], [PlanDependency("Late", "First")], max_vms_per_wave=1)
    missed = [f for f in plan.findings if f.rule == "deadline missed"]
    assert [f.application for f in missed] == ["Late"]
    assert "its contract end date 11/04/2025" in missed[0].message


def test_the_earliest_deadline_goes_first_among_ready_applications():
    apps = [
        PlanApplication("Aardvark", ("a",)),
        PlanApplication("Zebra", ("z",), contract_end=dt.date(2025, 6, 1)),
    ]
    plan = _plan(apps, [], max_vms_per_wave=1)
    assert plan.wave_of["Zebra"] == 1


def test_what_an_urgent_application_needs_moves_first():
    apps = [
        PlanApplication("Aardvark", ("a",)),
        PlanApplication("Base", ("b",)),
        PlanApplication("Urgent", ("u",), contract_end=dt.date(2025, 6, 1)),
    ]
    plan = _plan(apps, [PlanDependency("Urgent", "Base")], max_vms_per_wave=1)
    assert (plan.wave_of["Base"], plan.wave_of["Urgent"], plan.wave_of["Aardvark"]) == (1, 2, 3)


def test_a_deadline_before_the_first_wave_ends_says_so():
    apps = [PlanApplication("VPN", ("v",), contract_end=START + dt.timedelta(days=5))]
    plan = _plan(apps, [])
    assert "even the first wave ends after it" in plan.findings[0].message


def test_waves_after_the_exit_date_are_findings():
    apps = [PlanApplication(f"App{i}", (f"v{i}",)) for i in range(3)]
    plan = _plan(apps, [], max_vms_per_wave=1, wave_days=120, exit_date=dt.date(2025, 12, 31))
    assert {f.application for f in plan.findings} == {"App2"}


def test_a_dependency_on_an_application_not_moving_is_a_finding():
    plan = _plan([PlanApplication("A", ("a",))], [PlanDependency("A", "Gone")])
    assert plan.findings[0].rule == "dependency not planned"


def test_the_same_input_gives_the_same_plan():
    apps = [PlanApplication(f"App{i}", (f"v{i}",)) for i in range(20)]
    deps = [PlanDependency(f"App{i}", f"App{(i * 7) % 20}") for i in range(20)]
    a, b = (
        _plan(apps, deps, max_vms_per_wave=3),
        _plan(list(reversed(apps)), deps, max_vms_per_wave=3),
    )
    assert a.wave_of == b.wave_of


@st.composite
def graphs(draw):
    n = draw(st.integers(1, 25))
    names = [f"App{i:02d}" for i in range(n)]
    apps = [
        PlanApplication(name, tuple(f"{name}-{k}" for k in range(draw(st.integers(0, 3)))))
        for name in names
    ]
    edges = draw(
        st.lists(st.tuples(st.sampled_from(names), st.sampled_from(names)), max_size=3 * n)
    )
    deps = [PlanDependency(a, b) for a, b in edges if a != b]
    return apps, deps, draw(st.integers(1, 6))


@settings(max_examples=150, deadline=None)
@given(graphs())
def test_on_random_graphs_every_dependency_is_respected_and_each_application_is_in_one_wave(case):
    apps, deps, capacity = case
    plan = _plan(apps, deps, max_vms_per_wave=capacity, max_tb_per_wave=Decimal(1000))
    placed = [a for w in plan.waves for a in w.applications]
    assert sorted(placed) == sorted(a.name for a in apps)
    for dep in deps:
        assert plan.wave_of[dep.target] <= plan.wave_of[dep.source]
    for group in plan.move_groups:
        assert len({plan.wave_of[a] for a in group.applications}) == 1
    for wave in plan.waves:
        if len(wave.vms) > capacity:
            # Over capacity only when what it holds cannot be split: one application, or
            # one move group that is itself over capacity; and it is reported.
            groups = {
                index
                for index, group in enumerate(plan.move_groups)
                if set(group.applications) & set(wave.applications)
            }
            assert len(wave.applications) == 1 or len(groups) == 1, wave
            assert any(f.rule == "over capacity" for f in plan.findings)


def _first_fit_by_scan(plan_settings: PlanSettings, apps, deps, storage):
    """The placement rule written as the plain scan it replaced, to check the tree against."""
    from gemini.hosting.engine.waves import MIB_PER_TB, _order

    ordered = _order(apps, deps, storage, plan_settings.exit_date)
    max_mib = int(plan_settings.max_tb_per_wave * MIB_PER_TB)
    used: list[list[int]] = []  # per wave: VMs, MiB, applications
    numbers: list[int] = []
    for unit in ordered.units:
        number = max((numbers[p] for p in unit.predecessors), default=1)
        too_big = len(unit.vms) > plan_settings.max_vms_per_wave or unit.mib > max_mib
        while True:
            while len(used) < number:
                used.append([0, 0, 0])
            vms, mib, count = used[number - 1]
            if too_big and count == 0:
                break
            if (
                not too_big
                and vms + len(unit.vms) <= plan_settings.max_vms_per_wave
                and mib + unit.mib <= max_mib
            ):
                break
            number += 1
        used[number - 1][0] += len(unit.vms)
        used[number - 1][1] += unit.mib
        used[number - 1][2] += 1
        numbers.append(number)
    return {name: n for unit, n in zip(ordered.units, numbers, strict=True) for name in unit.names}


@settings(max_examples=150, deadline=None)
@given(graphs(), st.integers(1, 8))
def test_the_tree_finds_the_same_waves_as_a_scan_of_every_wave(case, tb):
    apps, deps, capacity = case
    storage = {vm: 400_000 * (len(vm) % 3) for app in apps for vm in app.vms}
    plan_settings = PlanSettings(START, max_vms_per_wave=capacity, max_tb_per_wave=Decimal(tb))
    plan = plan_waves(apps, deps, storage, plan_settings)
    assert plan.wave_of == _first_fit_by_scan(plan_settings, apps, deps, storage)


def test_a_plan_that_meets_the_exit_date_says_so_with_the_waves_to_spare():
    apps = [PlanApplication(f"App{i}", (f"v{i}",)) for i in range(3)]
    exit_date = START + dt.timedelta(days=364)
    plan = _plan(apps, [], max_vms_per_wave=2, wave_days=30, exit_date=exit_date)
    assert plan.exit.meets
    assert (plan.exit.waves_needed, plan.exit.waves_available) == (2, 12)
    assert plan.exit.vms_per_wave is None
    assert "room for 10 more waves" in plan.exit.reasons[0]


def test_a_plan_past_the_exit_date_gives_a_capacity_that_meets_it_when_planned_with():
    # The shape, smaller: 600 applications of 5 VMs of about 1 TB each, 300
    # dependencies, waves of 40 VMs and 20 TB: storage binds, and the plan runs for decades.
    import random

    rng = random.Random(3)  # noqa: S311 (test data)
    apps = [
        PlanApplication(f"App{i:03d}", tuple(f"VM{v:04d}" for v in range(i * 5, i * 5 + 5)))
        for i in range(600)
    ]
    deps = [
        PlanDependency(f"App{rng.randrange(600):03d}", f"App{rng.randrange(600):03d}")
        for _ in range(300)
    ]
    storage = {f"VM{v:04d}": rng.randint(100, 2000) * 1024 for v in range(3000)}
    plan_settings = PlanSettings(START, exit_date=dt.date(2026, 3, 31))
    plan = plan_waves(apps, deps, storage, plan_settings)
    capacity = plan.exit
    assert not capacity.meets
    assert plan.waves[-1].end.year > 2030
    assert capacity.waves_needed == len(plan.waves)
    assert capacity.waves_available == 13  # 365 days of 28-day waves
    assert capacity.vms == 3000
    assert capacity.vms_per_wave is not None
    assert capacity.tb_per_wave is not None
    # The capacity given is checked: planned with it, the last wave ends by the exit date.
    again = plan_waves(
        apps,
        deps,
        storage,
        PlanSettings(
            START,
            exit_date=dt.date(2026, 3, 31),
            max_vms_per_wave=capacity.vms_per_wave,
            max_tb_per_wave=capacity.tb_per_wave,
        ),
    )
    assert again.exit.meets
    assert again.waves[-1].end <= dt.date(2026, 3, 31)
    # And it is no more than 1% above the least that could: every VM and TB in 13 waves.
    assert capacity.vms_per_wave <= max(40, -(-3000 // 13)) * 1.02 + 1
    assert "a plan made with that capacity ends by the exit date" in capacity.reasons[1]


def test_when_even_the_first_wave_ends_after_the_exit_date_it_says_to_start_sooner():
    plan = _plan([PlanApplication("A", ("a",))], [], exit_date=START + dt.timedelta(days=10))
    assert not plan.exit.meets
    assert plan.exit.waves_available == 0
    assert plan.exit.vms_per_wave is None
    assert "start sooner" in plan.exit.reasons[0]
