"""The benchmark harness.

Each bench/bench_*.py module defines `BENCHMARKS`, a list of `Benchmark`. A benchmark times its
work and a *baseline* — the simplest thing that does the same job's unavoidable part (e.g.
reading the file with csv.reader) — in the same run, on the same machine, and reports the ratio
work / baseline. A benchmark passes when the ratio is at most its target: a ratio measured in
one run does not depend on how fast the machine is, where a time in seconds would.

Results go to bench/results.json as a list of
{name, n, seconds, baseline_seconds, ratio, target_ratio}.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Benchmark:
    name: str
    n: int  # the size of the work (rows, people, VMs...)
    work: Callable[[], object]
    baseline: Callable[[], object]
    target_ratio: float
    repeats: int = 5


@dataclass(frozen=True)
class Result:
    name: str
    n: int
    seconds: float
    baseline_seconds: float
    ratio: float
    target_ratio: float

    @property
    def passed(self) -> bool:
        return self.ratio <= self.target_ratio

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def best_time(function: Callable[[], object], repeats: int) -> float:
    """The fastest of `repeats` runs: the least disturbed by whatever else the machine does."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def measure(benchmark: Benchmark) -> Result:
    benchmark.work()  # warm up (imports, caches) before timing
    benchmark.baseline()
    seconds = best_time(benchmark.work, benchmark.repeats)
    baseline = best_time(benchmark.baseline, benchmark.repeats)
    return Result(
        name=benchmark.name,
        n=benchmark.n,
        seconds=round(seconds, 6),
        baseline_seconds=round(baseline, 6),
        ratio=round(seconds / baseline, 3) if baseline > 0 else float("inf"),
        target_ratio=benchmark.target_ratio,
    )
