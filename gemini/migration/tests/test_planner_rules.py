"""Issue 20, items 2 and 5, in the engine: who goes in a batch, hubs last, oversize groups cut,
the freeze calendar, the cutover weekday and waves in parallel. Plain data, no database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gemini.migration.engine import calendar, mailboxes
from gemini.migration.engine.planner import (
    FreezePeriod,
    Limits,
    MailboxPermission,
    Mover,
    PlanInput,
    Right,
    plan_waves,
)

START = dt.date(2025, 4, 1)
DOMAIN = "ourcheshire.test"


def person(name: str, department: str = "Finance", **values: object) -> Mover:
    return Mover(f"{name}@{DOMAIN}", department, Decimal(1), **values)  # type: ignore[arg-type]


def address(name: str) -> str:
    return f"{name}@{DOMAIN}"


def waves_of(plan: object) -> dict[str, str]:
    return {p.upn: p.wave for p in plan.placements}  # type: ignore[attr-defined]


# Item 2: who goes in a mailbox batch.


def test_a_disabled_account_and_an_ext_guest_are_held_back_with_the_reason():
    movers = [
        person("ann"),
        person("leaver", enabled=False),
        Mover(f"sam_partner.example#EXT#@{DOMAIN}", "Finance", user_type="Guest"),
        person("finance.enquiries", recipient_type="SharedMailbox", enabled=False),
        person("council-chamber", recipient_type="RoomMailbox", enabled=False),
        person("projector", recipient_type="EquipmentMailbox", enabled=False),
        person("contractor", recipient_type="MailUser"),
        person("no-mailbox", recipient_type="None"),
        person("unknown", recipient_type=""),
    ]
    plan = plan_waves(PlanInput(movers, [], Limits(START, pilot_users=0)))
    placed = set(waves_of(plan))
    assert placed == {
        address(n) for n in ("ann", "finance.enquiries", "council-chamber", "projector")
    }
    reasons = {h.upn.split("@")[0]: h.reason for h in plan.held_back}
    assert set(reasons) == {
        "leaver",
        "sam_partner.example#EXT#",
        "contractor",
        "no-mailbox",
        "unknown",
    }
    assert "disabled account" in reasons["leaver"]
    assert "guest" in reasons["sam_partner.example#EXT#"]
    assert "no mailbox" in reasons["contractor"]
    assert "not known" in reasons["unknown"]
    (finding,) = (f for f in plan.findings if f.kind == "held-back")
    assert "5 identities are in no mailbox batch" in finding.detail


def test_an_ext_address_is_a_guest_whatever_its_recipient_type():
    assert mailboxes.batch_problem(f"jo_nhs.uk#EXT#@{DOMAIN}", "UserMailbox", True)
    assert mailboxes.batch_problem("jo@x.test", "UserMailbox", True, user_type="Guest")
    assert mailboxes.batch_problem("jo@x.test", "UserMailbox", True) == ""


def test_a_link_to_someone_held_back_is_its_own_finding():
    movers = [person("manager"), person("leaver", enabled=False)]
    links = [MailboxPermission(address("leaver"), address("manager"), Right.FULL_ACCESS)]
    plan = plan_waves(PlanInput(movers, links, Limits(START, pilot_users=0)))
    assert [f.kind for f in plan.findings if f.kind.startswith("delegate")] == [
        "delegate-held-back"
    ]


# Item 5: excluded hubs move last, never in the pilot.


def test_an_excluded_hub_is_never_in_the_pilot_and_moves_last():
    # The demo's case: svc-mailarchive alone in its department was drawn into the pilot.
    movers = [person(f"p{n:02d}", department=f"Dept {n % 3}") for n in range(12)]
    movers.append(person("svc-mailarchive", department="ICT Client"))
    movers.append(person("director", department="Chief Executive's Office", vip=True))
    links = [
        MailboxPermission(address(f"p{n:02d}"), address("svc-mailarchive"), Right.FULL_ACCESS)
        for n in range(12)
    ]
    plan = plan_waves(
        PlanInput(
            movers,
            links,
            Limits(START, max_users=5, pilot_users=4),
            exclusions=frozenset({address("svc-mailarchive")}),
        )
    )
    waves = waves_of(plan)
    assert waves[address("svc-mailarchive")] == "Hubs"
    assert plan.waves[0].name == "Pilot"
    assert address("svc-mailarchive") not in plan.waves[0].users
    assert plan.waves[-1].name == "Hubs"
    assert plan.waves[-1].users == (address("svc-mailarchive"),)
    assert plan.waves[-1].cutover > plan.waves[-2].cutover
    reason = next(p.reason for p in plan.placements if p.upn == address("svc-mailarchive"))
    assert "12 links" in reason
    assert "never in the pilot" in reason


# Item 5: oversize groups.


def chain(length: int) -> tuple[list[Mover], list[MailboxPermission]]:
    movers = [person(f"c{n:04d}") for n in range(length)]
    links = [
        MailboxPermission(address(f"c{n:04d}"), address(f"c{n + 1:04d}"), Right.CALENDAR_FOLDER)
        for n in range(length - 1)
    ]
    return movers, links


def test_a_3001_person_chain_says_excluding_hubs_does_not_help_and_finds_the_cut():
    # The case: "would split it into 2 groups, the largest 2,997 people … plan again",
    # suggesting the exclusion of real people as if they were hubs.
    movers, links = chain(3001)
    plan = plan_waves(PlanInput(movers, links, Limits(START, max_users=2000, pilot_users=0)))
    (finding,) = (f for f in plan.findings if f.kind == "group-too-big")
    detail = finding.detail
    assert "Excluding its most-linked accounts does not help" in detail
    assert "the largest piece would still have 2,997 people" in detail
    assert "The smallest cut found (a minimum vertex cut) is through 1 account" in detail
    assert "splits it into 2 groups, the largest 2,000 people" in detail
    assert "c2000@ourcheshire.test (a person, not a service account, 2 links)" in detail
    assert "c2000@ourcheshire.test is a person, not a service account: excluding them" in detail
    assert len(plan.unplaced) == 3001


def test_the_cut_suggested_does_split_the_group_within_the_limits():
    movers, links = chain(61)
    plan = plan_waves(PlanInput(movers, links, Limits(START, max_users=20, pilot_users=0)))
    (finding,) = (f for f in plan.findings if f.kind == "group-too-big")
    suggested = finding.detail.split("Suggested: add ")[1].split(" to the exclusions")[0]
    names = frozenset(n.strip() for n in suggested.replace(" and ", ", ").split(","))
    again = plan_waves(
        PlanInput(movers, links, Limits(START, max_users=20, pilot_users=0), exclusions=names)
    )
    assert again.unplaced == ()
    assert len(names) <= 3  # 61 people in pieces of at most 20 need at least 2 cuts


def test_a_service_account_hub_is_suggested_without_a_warning_about_people():
    movers = [person(f"p{n:02d}") for n in range(20)] + [person("svc-scan")]
    links = [
        MailboxPermission(address(f"p{n:02d}"), address("svc-scan"), Right.FULL_ACCESS)
        for n in range(20)
    ]
    plan = plan_waves(PlanInput(movers, links, Limits(START, max_users=5, pilot_users=0)))
    (finding,) = (f for f in plan.findings if f.kind == "group-too-big")
    assert "svc-scan@ourcheshire.test (a service account, by its name, 20 links)" in finding.detail
    assert "would split it into 20 groups, the largest 1 person" in finding.detail
    assert f"Suggested: add {address('svc-scan')} to the exclusions" in finding.detail
    assert "is a person" not in finding.detail


# Item 5: the freeze calendar, the cutover weekday, waves in parallel.


def test_no_cutover_falls_in_a_freeze_and_the_reason_says_so():
    movers = [person(f"p{n:02d}", department=f"Dept {n}") for n in range(4)]
    freeze = FreezePeriod(dt.date(2025, 4, 14), dt.date(2025, 4, 25), "Easter change freeze")
    plan = plan_waves(
        PlanInput(movers, [], Limits(START, max_users=1, pilot_users=0, freeze=(freeze,)))
    )
    for wave in plan.waves:
        assert not freeze.start <= wave.cutover <= freeze.end
    first = plan.waves[0]
    assert first.cutover == dt.date(2025, 4, 28)  # 15/04 would have been the first
    assert "the change freeze of 14/04/2025 to 25/04/2025 (Easter change freeze)" in first.reason


def test_cutovers_fall_on_the_weekday_set():
    movers = [person(f"p{n:02d}", department=f"Dept {n}") for n in range(5)]
    plan = plan_waves(
        PlanInput(movers, [], Limits(START, max_users=1, pilot_users=0, cutover_weekday=1))
    )
    assert {wave.cutover.weekday() for wave in plan.waves} == {1}
    cutovers = [wave.cutover for wave in plan.waves]
    assert cutovers == sorted(set(cutovers))  # one a week, at least 5 working days apart
    assert "on a Tuesday (the cutover day)" in plan.waves[0].reason


def test_waves_run_in_parallel_up_to_the_setting_but_the_pilot_and_hubs_go_alone():
    movers = [person(f"p{n:02d}", department=f"Dept {n % 5}") for n in range(25)]
    movers.append(person("svc-archive", department="ICT"))
    plan = plan_waves(
        PlanInput(
            movers,
            [],
            Limits(START, max_users=4, pilot_users=2, parallel_waves=3),
            exclusions=frozenset({address("svc-archive")}),
        )
    )
    by_day: dict[dt.date, list[str]] = {}
    for wave in plan.waves:
        by_day.setdefault(wave.cutover, []).append(wave.name)
    days = list(by_day.values())
    assert days[0] == ["Pilot"]
    assert days[-1] == ["Hubs"]
    assert max(len(names) for names in days) == 3
    assert all(len(names) <= 3 for names in days)
    assert "cuts over on the same day as 2 other waves" in plan.waves[1].reason


def test_the_calendar_moves_past_freezes_and_refuses_when_no_day_is_free():
    moved, skipped = calendar.next_allowed(dt.date(2025, 6, 2), [], 3)
    assert moved == dt.date(2025, 6, 5)  # the Thursday after
    assert skipped == []
    long_freeze = [(dt.date(2025, 1, 1), dt.date(2029, 12, 31), "the freeze of 2025 to 2029")]
    day, skipped = calendar.next_allowed(dt.date(2025, 6, 2), long_freeze, None)
    assert day == dt.date(2030, 1, 2)  # 01/01/2030 is New Year's Day
    assert skipped[0] == "the freeze of 2025 to 2029: no cutover then"
    every_day = [
        (dt.date(2025, 1, 1) + dt.timedelta(n), dt.date(2025, 1, 1) + dt.timedelta(n), str(n))
        for n in range(2000)
    ]
    with pytest.raises(ValueError, match="No day from 01/01/2025 for three years"):
        calendar.next_allowed(dt.date(2025, 1, 1), every_day, None)


def test_a_weekend_cutover_day_is_refused():
    with pytest.raises(ValueError, match="Monday to Friday"):
        Limits(START, cutover_weekday=5)
    with pytest.raises(ValueError, match="At least one wave"):
        Limits(START, parallel_waves=0)
