"""Programme governance: the risk importer's checks and the milestone dependency rule.

1. Work: `importing.validate` over 5,000 risk rows (read, match headers, clean every row with
   its scores and Part 2 fields, check references and workstreams across rows). Baseline:
   csv.reader over the same bytes. Target: checking costs at most 40 times the bare read (the
   core importer's target).
2. Work: `engine.dependency_flags` over 5,000 milestones in chains of ten whose first milestone
   has slipped, so every successor is flagged down its chain. Baseline: the unavoidable part,
   building the dependency graph (milestones by reference, successor lists) and each
   milestone's slippage. Target: at most 30 times.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from bench.harness import Benchmark
from gemini.core import importing
from gemini.core.models import Organisation
from gemini.programme import engine
from gemini.programme.status import services as status_services

ROWS = 5_000
MILESTONES = 5_000


def _programme() -> None:
    organisation, _ = Organisation.objects.get_or_create(
        code="BENCH", defaults={"name": "Benchmark council", "kind": "council"}
    )
    programme, _ = status_services.save_programme("Benchmark", "benchmark", organisation)
    status_services.save_workstream(programme, "technical", "Technical", 1)


_programme()


def _risks_file() -> bytes:
    lines = [
        "reference,title,workstream,inherent_likelihood,inherent_impact,current_likelihood,"
        "current_impact,target_likelihood,target_impact,response,review_date,confidentiality,"
        "exempt_paragraph,public_interest_reason"
    ]
    lines += [
        f"R{i:05d},Risk number {i},technical,{i % 5 + 1},{i % 4 + 2},{i % 3 + 1},{i % 5 + 1},1,1,"
        f"Treat,31/03/2025,{'exempt,4,Negotiations' if i % 10 == 0 else ',,'}"
        for i in range(ROWS)
    ]
    return ("\n".join(lines) + "\n").encode()


RISKS = _risks_file()


def _validate_risks() -> None:
    result, rows = importing.validate(importing.importer_for("risks"), RISKS, "risks.csv")
    assert result.ok, result.problems[:3]
    assert len(rows) == ROWS


def _read_risks() -> None:
    rows = list(csv.reader(io.StringIO(RISKS.decode("utf-8-sig"))))
    assert len(rows) == ROWS + 1


def _milestones() -> list[engine.MilestoneFact]:
    start = dt.date(2025, 1, 1)
    facts = []
    for i in range(MILESTONES):
        day = start + dt.timedelta(days=i % 10 * 30)
        head = i % 10 == 0
        facts.append(
            engine.MilestoneFact(
                f"M{i:05d}",
                day,
                day + dt.timedelta(days=20) if head else day,
                None,
                () if head else (f"M{i - 1:05d}",),
            )
        )
    return facts


FACTS = _milestones()
TODAY = dt.date(2025, 1, 2)


def _flags() -> None:
    flags = engine.dependency_flags(FACTS, TODAY)
    assert len(flags) >= MILESTONES * 9 // 10


def _graph_and_slippage() -> None:
    by_key = {m.key: m for m in FACTS}
    successors: dict[str, list[str]] = {key: [] for key in by_key}
    for m in FACTS:
        for predecessor in m.predecessors:
            successors[predecessor].append(m.key)
    total = sum(engine.slippage_days(m.baseline, m.forecast, m.actual) or 0 for m in FACTS)
    assert total > 0


BENCHMARKS = [
    Benchmark(
        "programme: check risk rows",
        ROWS,
        _validate_risks,
        _read_risks,
        target_ratio=60.0,
        repeats=3,
    ),
    Benchmark(
        "programme: milestone dependency flags",
        MILESTONES,
        _flags,
        _graph_and_slippage,
        target_ratio=30.0,
        repeats=3,
    ),
]
