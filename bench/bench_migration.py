"""The wave planner at a large tenant's scale: the engine alone, and planned and saved end to end.

The estate (issue 16, item 7): 100,000 identities in 40 departments and 300,000 mailbox
permissions — delegates within teams of about 20, one "archive-style" hub (a service account
with Full Access on every tenth mailbox, on the exclusion list, so it moves last) and a
delegation chain of 3,001 people (each holds Calendar rights on the next), which is one move
group over the 2,000-mailbox limit: the planner must find a cut for it (a minimum vertex cut,
by maximum flow) and say that excluding the most-linked accounts does not help.

- engine: `plan_waves` over that estate (grouping, the too-big group's cut, pilot, department
  packing, VIP wave, hubs last, dates), against the bare `connected_components` call on the
  same graph. Issue target: under 5 s; with the bare call at about 0.02 s on this machine the
  ratio target 250 holds it there.
- end to end: `services.run_plan` — reading the estate from the database, planning, and saving
  the plan with its 100,000 placements and their history — against the engine alone on the
  same input, in the same run (the earlier run's plan is deleted first, inside the timing).
  Issue target: under 30 s, checked as the benchmark's limit. The engine once took 2–3 s here
  and the ratio target was 10; it now takes about 0.3 s on this input, while the bare writes of
  the 100,000 placements and their history take about 1.2 s and reading the estate about 1.4 s
  (cProfile, 4 December 2026), so the ratio is about 15 and its target is 25: a guard against a
  return to a write or a query per person, with the 30 s limit as the issue's own.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from functools import cache

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from bench.harness import Benchmark
from gemini.migration.engine.planner import (
    Limits,
    MailboxPermission,
    Mover,
    PlanInput,
    Right,
    plan_waves,
)

IDENTITIES = 100_000
PERMISSIONS = 300_000
TEAM = 20
CHAIN = 3_001
SERVICE = "svc-archive@source.example"
RIGHTS = (Right.FULL_ACCESS, Right.SEND_AS, Right.SEND_ON_BEHALF, Right.CALENDAR_FOLDER)
LIMITS = Limits(dt.date(2025, 4, 1), max_users=2000, max_gb=Decimal(30_000), pilot_users=50)


def upn(n: int) -> str:
    return f"person{n:06d}@source.example"


def _estate() -> PlanInput:
    rng = random.Random(100_000)  # noqa: S311 (benchmark data)
    people = IDENTITIES - 1  # and the service account
    movers = [
        Mover(
            upn(n),
            f"Department {n % 40:02d}",
            Decimal(rng.randint(10, 3000)) / 100,
            vip=n % 2500 == 0,
        )
        for n in range(people)
    ]
    movers.append(Mover(SERVICE, "ICT"))
    permissions = [
        MailboxPermission(upn(n), SERVICE, Right.FULL_ACCESS) for n in range(0, people, 10)
    ]
    chain_start = people - CHAIN  # the last 3,001 people, outside the teams
    permissions += [
        MailboxPermission(upn(n), upn(n + 1), Right.CALENDAR_FOLDER)
        for n in range(chain_start, people - 1)
    ]
    teams = chain_start // TEAM
    while len(permissions) < PERMISSIONS:
        team = rng.randrange(teams)
        a = team * TEAM + rng.randrange(TEAM)
        b = team * TEAM + rng.randrange(TEAM)
        if rng.random() < 0.15:  # some links carry no right that joins people
            permissions.append(MailboxPermission(upn(a), upn(b), Right.NONE))
        else:
            permissions.append(MailboxPermission(upn(a), upn(b), rng.choice(RIGHTS)))
    return PlanInput(movers, permissions, LIMITS, exclusions=frozenset({SERVICE}))


ESTATE = _estate()


def _graph() -> object:
    index = {m.upn: i for i, m in enumerate(sorted(ESTATE.movers, key=lambda m: m.upn))}
    rows, cols = [], []
    for p in ESTATE.permissions:
        if p.right != Right.NONE and SERVICE not in (p.mailbox, p.user) and p.mailbox != p.user:
            rows.append(index[p.mailbox])
            cols.append(index[p.user])
    size = len(index)
    return coo_matrix(
        (np.ones(len(rows), dtype=np.int8), (np.asarray(rows), np.asarray(cols))),
        shape=(size, size),
    ).tocsr()


GRAPH = _graph()


def _check(plan: object) -> None:
    placements = plan.placements  # type: ignore[attr-defined]
    unplaced = plan.unplaced  # type: ignore[attr-defined]
    assert len(unplaced) == CHAIN
    assert len(placements) == IDENTITIES - CHAIN
    assert plan.waves[-1].name == "Hubs"  # type: ignore[attr-defined]
    (finding,) = (f for f in plan.findings if f.kind == "group-too-big")  # type: ignore[attr-defined]
    assert "does not help" in finding.detail
    assert "through 1 account" in finding.detail


def _engine() -> None:
    _check(plan_waves(ESTATE))


def _baseline() -> None:
    count, _ = connected_components(GRAPH, directed=False)
    assert count > IDENTITIES // TEAM


@cache
def _database() -> object:
    """The estate in the benchmark's database (once; not timed): identities, permissions and
    the exclusion written with raw bulk inserts, the settings through the service."""
    from django.db import connection

    from gemini.core.models import Organisation
    from gemini.migration import models as m
    from gemini.migration import services

    council, _ = Organisation.objects.get_or_create(
        code="BENCH", defaults={"name": "Bench council", "kind": "council"}
    )
    record = services.create_settings(
        council,
        source_tenant_id="6c2b1f9e-4d1a-4b7e-9a55-2f0c8d3e7b41",
        target_domain="target.example",
        max_users=LIMITS.max_users,
        max_gb=LIMITS.max_gb,
        pilot_users=LIMITS.pilot_users,
        start=LIMITS.start,
    )
    m.Identity.objects.bulk_create(
        [
            m.Identity(
                organisation=council,
                user_principal_name=mover.upn,
                mail=mover.upn,
                department=mover.department,
                mailbox_gb=mover.gb,
                vip=mover.vip,
                recipient_type="UserMailbox",
                target_user_principal_name=mover.upn.replace("source", "target"),
                target_mail=mover.upn.replace("source", "target"),
            )
            for mover in ESTATE.movers
        ],
        batch_size=2000,
    )
    ids = dict(m.Identity.objects.values_list("user_principal_name", "pk"))
    seen: set[tuple[int, int, str]] = set()
    for p in ESTATE.permissions:
        seen.add((ids[p.mailbox], ids[p.user], str(p.right)))
    with connection.cursor() as cursor:
        cursor.executemany(
            'INSERT INTO migration_mailboxpermission (mailbox_id, user_id, "right") '
            "VALUES (%s, %s, %s)",
            sorted(seen),
        )
    m.Exclusion.objects.create(user_principal_name=SERVICE)
    limits = services.limits_from(record)
    return services.plan_input(record, limits)


def _end_to_end() -> None:
    from django.db import connection

    from gemini.migration import models as m
    from gemini.migration import services

    _database()
    # Keep one plan at a time. The earlier run's placements go with one statement each (the
    # ORM would delete them one by one, writing history for each); timed too.
    with connection.cursor() as cursor:
        for model in (m.Placement, m.Placement.history.model):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")  # noqa: S608 (a model's table)
    m.Plan.objects.all().delete()
    limits = services.limits_from(services.current_settings())  # type: ignore[arg-type]
    plan = services.run_plan(limits)
    assert plan.unplaced == CHAIN


def _engine_on_the_database_input() -> None:
    plan = plan_waves(_database())  # type: ignore[arg-type]
    assert len(plan.unplaced) == CHAIN


BENCHMARKS = [
    Benchmark(
        "migration: plan 100,000 identities and 300,000 permissions, a 3,001-person chain",
        IDENTITIES,
        _engine,
        _baseline,
        target_ratio=250.0,
        repeats=3,
    ),
    Benchmark(
        "migration: plan and save 100,000 identities end to end, against the engine alone",
        IDENTITIES,
        _end_to_end,
        _engine_on_the_database_input,
        target_ratio=25.0,
        repeats=2,
        max_seconds=30.0,
    ),
]
