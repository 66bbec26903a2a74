"""The importer's checking of a large file against merely reading it.

Work: `importing.validate` over 20,000 organisation rows (read, match headers, clean every row,
check duplicates across rows). Baseline: csv.reader over the same bytes. Target: checking costs
at most 40 times the bare read.
"""

from __future__ import annotations

import csv
import io

from bench.harness import Benchmark
from gemini.core import importing

ROWS = 20_000


def _file() -> bytes:
    lines = ["code,name,kind,hosted_by"]
    lines += [f"ORG{i:05d},Organisation number {i},council," for i in range(ROWS)]
    return ("\n".join(lines) + "\n").encode()


DATA = _file()


def _work() -> None:
    result, rows = importing.validate(
        importing.importer_for("organisations"), DATA, "organisations.csv"
    )
    assert result.ok, result.problems[:3]
    assert len(rows) == ROWS


def _baseline() -> None:
    rows = list(csv.reader(io.StringIO(DATA.decode("utf-8-sig"))))
    assert len(rows) == ROWS + 1


BENCHMARKS = [
    Benchmark(
        "importer: check organisation rows", ROWS, _work, _baseline, target_ratio=40.0, repeats=3
    ),
]
