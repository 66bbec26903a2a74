"""The planner and the calendar, on plain data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from gemini.migration.engine import calendar
from gemini.migration.engine.planner import (
    MOVE_TOGETHER,
    Limits,
    MailboxPermission,
    Mover,
    Plan,
    PlanInput,
    Right,
    plan_waves,
)

START = dt.date(2025, 4, 1)


def mover(n: int, department: str = "Finance", gb: str = "1", vip: bool = False) -> Mover:
    return Mover(f"user{n:03d}@ourcheshire.test", department, Decimal(gb), vip)


def upn(n: int) -> str:
    return f"user{n:03d}@ourcheshire.test"


def link(a: int, b: int, right: str = Right.FULL_ACCESS) -> MailboxPermission:
    return MailboxPermission(upn(a), upn(b), right)


def wave_of(plan: Plan) -> dict[str, str]:
    return {p.upn: p.wave for p in plan.placements}


def test_delegates_and_their_principals_share_a_move_group_and_a_wave():
    movers = [mover(n, department="Finance" if n < 5 else "Highways") for n in range(10)]
    plan = plan_waves(
        PlanInput(
            movers,
            [link(1, 7, Right.SEND_ON_BEHALF), link(7, 8, Right.CALENDAR_FOLDER)],
            Limits(START, max_users=3, pilot_users=0),
        )
    )
    waves = wave_of(plan)
    assert waves[upn(1)] == waves[upn(7)] == waves[upn(8)]
    group = next(g for g in plan.groups if upn(1) in g.members)
    assert group.members == (upn(1), upn(7), upn(8))
    assert group.links == 2


def test_a_none_right_does_not_join_people():
    plan = plan_waves(
        PlanInput([mover(1), mover(2)], [link(1, 2, Right.NONE)], Limits(START, pilot_users=0))
    )
    assert len(plan.groups) == 2


def test_an_excluded_service_account_does_not_join_everyone():
    movers = [mover(n) for n in range(20)]
    links = [link(0, n) for n in range(1, 20)]
    joined = plan_waves(PlanInput(movers, links, Limits(START, max_users=5, pilot_users=0)))
    assert len(joined.unplaced) == 20
    assert joined.findings[0].kind == "group-too-big"
    assert upn(0) in joined.findings[0].detail
    assert "split it into 19 groups" in joined.findings[0].detail

    excluded = plan_waves(
        PlanInput(
            movers, links, Limits(START, max_users=5, pilot_users=0), exclusions=frozenset({upn(0)})
        )
    )
    assert excluded.unplaced == ()
    assert len(excluded.placements) == 20
    assert any(f.kind == "excluded" for f in excluded.findings)


def test_links_to_people_who_stay_are_a_finding():
    plan = plan_waves(
        PlanInput(
            [mover(1)],
            [MailboxPermission(upn(1), "boss@cheshireeast.test", Right.FULL_ACCESS)],
            Limits(START, pilot_users=0),
            staying=frozenset({"boss@cheshireeast.test"}),
        )
    )
    assert [f.kind for f in plan.findings] == ["delegate-stays"]


def test_the_pilot_goes_first_and_vips_go_together_last():
    movers = [mover(n, department=f"Dept {n % 4}") for n in range(40)]
    movers += [mover(100, vip=True), mover(101, department="Chief Executive's Office")]
    plan = plan_waves(
        PlanInput(movers, [link(100, 101)], Limits(START, max_users=15, pilot_users=4))
    )
    assert plan.waves[0].name == "Pilot"
    assert len(plan.waves[0].users) == 4
    assert {p.upn.split("@")[0] for p in plan.placements if p.wave == "Pilot"} <= {
        m.upn.split("@")[0] for m in movers
    }
    assert plan.waves[-1].name == "VIP"
    assert set(plan.waves[-1].users) == {upn(100), upn(101)}
    assert "VIP" in next(p.reason for p in plan.placements if p.upn == upn(101))


def test_a_department_that_fits_is_kept_together():
    movers = [mover(n, department="Adults" if n < 6 else "Children") for n in range(12)]
    plan = plan_waves(PlanInput(movers, [], Limits(START, max_users=7, pilot_users=0)))
    for wave in plan.waves:
        departments = {"Adults" if int(u[4:7]) < 6 else "Children" for u in wave.users}
        assert len(departments) == 1
    assert "kept together" in plan.placements[0].reason


def test_data_limits_are_kept():
    movers = [mover(n, gb="30") for n in range(10)]
    plan = plan_waves(PlanInput(movers, [], Limits(START, max_gb=Decimal(100), pilot_users=0)))
    assert all(w.gb <= 100 for w in plan.waves)
    assert len(plan.waves) == 4


def test_cutovers_skip_bank_holidays_and_batches_go_in_two_weeks_before():
    # Start 21/04/2025 (Easter Monday); 14 days on is Monday 05/05/2025, the Early May bank
    # holiday, so the first cutover is Tuesday 06/05/2025.
    plan = plan_waves(
        PlanInput(
            [mover(1), mover(2)], [], Limits(dt.date(2025, 4, 21), max_users=1, pilot_users=0)
        )
    )
    first, second = plan.waves
    assert first.cutover == dt.date(2025, 5, 6)
    assert "bank holiday" in first.reason
    assert first.submit_by == dt.date(2025, 4, 22)
    assert second.cutover == dt.date(2025, 5, 13)
    assert calendar.is_working_day(second.submit_by)


def test_working_days_skip_weekends_and_england_and_wales_bank_holidays():
    assert not calendar.is_working_day(dt.date(2025, 12, 25))
    assert not calendar.is_working_day(dt.date(2025, 8, 25))  # Late Summer (not Scotland's)
    assert calendar.is_working_day(dt.date(2025, 8, 4))  # Scotland's summer holiday only
    assert not calendar.is_working_day(dt.date(2025, 3, 1))  # a Saturday
    assert calendar.add_working_days(dt.date(2025, 4, 17), 1)[0] == dt.date(2025, 4, 22)


def test_the_same_input_gives_the_same_plan():
    movers = [mover(n, department=f"D{n % 3}") for n in range(30)]
    links = [link(n, (n * 7) % 30) for n in range(30)]
    first = plan_waves(PlanInput(movers, links, Limits(START, max_users=8)))
    second = plan_waves(PlanInput(list(reversed(movers)), links, Limits(START, max_users=8)))
    assert first == second


@st.composite
def estates(draw):
    size = draw(st.integers(1, 40))
    movers = [
        Mover(
            upn(n),
            draw(st.sampled_from(["A", "B", "C", ""])),
            Decimal(draw(st.integers(0, 50))),
            draw(st.booleans()),
        )
        for n in range(size)
    ]
    links = draw(
        st.lists(
            st.tuples(
                st.integers(0, size - 1),
                st.integers(0, size - 1),
                st.sampled_from(list(Right)),
            ),
            max_size=60,
        )
    )
    permissions = [MailboxPermission(upn(a), upn(b), r) for a, b, r in links]
    limits = Limits(
        START,
        max_users=draw(st.integers(1, 12)),
        max_gb=Decimal(draw(st.integers(40, 300))),
        pilot_users=draw(st.integers(0, 6)),
    )
    return PlanInput(movers, permissions, limits)


@settings(max_examples=150, deadline=None)
@given(estates())
def test_random_graphs_keep_every_rule(request):
    plan = plan_waves(request)
    limits = request.limits
    placed = [p.upn for p in plan.placements]
    # Every identity is placed exactly once or reported.
    assert len(placed) == len(set(placed))
    assert sorted(placed + list(plan.unplaced)) == sorted(m.upn for m in request.movers)
    reported = {u for f in plan.findings if f.kind == "group-too-big" for u in f.users}
    assert set(plan.unplaced) == reported
    # No wave exceeds its limits.
    for wave in plan.waves:
        assert 0 < len(wave.users) <= limits.max_users
        assert wave.gb <= limits.max_gb
        assert wave.submit_by <= wave.cutover - dt.timedelta(days=limits.submit_lead_days)
        assert calendar.is_working_day(wave.cutover)
        assert calendar.is_working_day(wave.submit_by)
    # Every must-move-together pair lands in the same wave.
    waves = wave_of(plan)
    for permission in request.permissions:
        if permission.right in MOVE_TOGETHER and permission.mailbox in waves:
            assert waves[permission.mailbox] == waves.get(permission.user)
    # Every placement says why.
    assert all(p.reason for p in plan.placements)
    cutovers = [w.cutover for w in plan.waves]
    assert cutovers == sorted(cutovers)
