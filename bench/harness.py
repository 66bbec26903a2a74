"""The benchmark harness.

Each bench/bench_*.py module defines `BENCHMARKS`, a list of `Benchmark`. A benchmark times its
work and a *baseline* — the simplest thing that does the same job's unavoidable part (e.g.
reading the file with csv.reader) — in the same run, on the same machine, and reports the ratio
work / baseline. A benchmark passes when the ratio is at most its target: a ratio measured in
one run does not depend on how fast the machine is, where a time in seconds would.

Results go to bench/results.json as a list of
{name, n, seconds, baseline_seconds, ratio, target_ratio, measured_at}; a run of some benchmarks
replaces their entries and keeps the others (`merge_results`). The load test
(bench/bench_load.py) writes its own, larger entries through the same `run()` protocol.
"""

from __future__ import annotations

import json
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True)
class Benchmark:
    name: str
    n: int  # the size of the work (rows, people, VMs...)
    work: Callable[[], object]
    baseline: Callable[[], object]
    target_ratio: float
    repeats: int = 5
    # Optional absolute limits (issue 16.6): the work's best time in seconds, and the peak of
    # memory Python allocated during the warm-up run (measured with tracemalloc, which slows
    # that run only), in MB.
    max_seconds: float | None = None
    max_peak_mb: float | None = None

    def run(self) -> Result:
        return measure(self)


class Measured(Protocol):
    """What a benchmark run reports: a name, whether it met its targets, its numbers."""

    @property
    def name(self) -> str: ...

    @property
    def passed(self) -> bool: ...

    def as_dict(self) -> dict[str, object]: ...

    def summary(self) -> str: ...


class Runnable(Protocol):
    """A benchmark: `Benchmark` here, or the load test's `LoadBenchmark`."""

    @property
    def name(self) -> str: ...

    def run(self) -> Measured: ...


@dataclass(frozen=True)
class Result:
    name: str
    n: int
    seconds: float
    baseline_seconds: float
    ratio: float
    target_ratio: float
    max_seconds: float | None = None
    peak_mb: float | None = None
    max_peak_mb: float | None = None

    @property
    def passed(self) -> bool:
        return (
            self.ratio <= self.target_ratio
            and (self.max_seconds is None or self.seconds <= self.max_seconds)
            and (self.max_peak_mb is None or (self.peak_mb or 0) <= self.max_peak_mb)
        )

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    def summary(self) -> str:
        verdict = "ok" if self.passed else "SLOWER THAN TARGET"
        limits = f" (limit {self.max_seconds:g}s)" if self.max_seconds is not None else ""
        memory = ""
        if self.peak_mb is not None:
            memory = f", peak {self.peak_mb:.0f} MB"
            if self.max_peak_mb is not None:
                memory += f" (limit {self.max_peak_mb:g} MB)"
        return (
            f"{self.name}: n={self.n} {self.seconds:.4f}s{limits}, baseline "
            f"{self.baseline_seconds:.4f}s, ratio {self.ratio} "
            f"(target ≤ {self.target_ratio}){memory} {verdict}"
        )


def merge_results(path: Path, results: Sequence[dict[str, object]]) -> list[dict[str, object]]:
    """Write `results` into the list at `path`, replacing entries of the same name and keeping
    the others, so that running one benchmark does not lose the rest."""
    merged: dict[str, dict[str, object]] = {}
    if path.exists():
        try:
            previous = json.loads(path.read_text())
        except json.JSONDecodeError:
            previous = []
        if isinstance(previous, list):
            for entry in previous:
                if isinstance(entry, dict) and isinstance(entry.get("name"), str):
                    merged[entry["name"]] = entry
    for result in results:
        merged[str(result["name"])] = dict(result)
    entries = list(merged.values())
    path.write_text(json.dumps(entries, indent=2) + "\n")
    return entries


def best_time(function: Callable[[], object], repeats: int) -> float:
    """The fastest of `repeats` runs: the least disturbed by whatever else the machine does."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def peak_memory_mb(function: Callable[[], object]) -> float:
    """The most memory Python held at once while `function` ran, in MB (tracemalloc)."""
    tracemalloc.start()
    try:
        function()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return round(peak / 1_000_000, 1)


def measure(benchmark: Benchmark) -> Result:
    # Warm up (imports, caches) before timing; the warm-up run measures memory if asked.
    peak_mb = None
    if benchmark.max_peak_mb is not None:
        peak_mb = peak_memory_mb(benchmark.work)
    else:
        benchmark.work()
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
        max_seconds=benchmark.max_seconds,
        peak_mb=peak_mb,
        max_peak_mb=benchmark.max_peak_mb,
    )
