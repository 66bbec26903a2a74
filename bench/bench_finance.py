"""The finance engine against bare Decimal arithmetic.

1. Allocation: `engine.allocate` of 20,000 sums between two councils by 50:50 (exact
   largest-remainder division with reasons) against dividing each sum by two and rounding it.
   Target: at most 40 times the bare division.
2. Forecast: `engine.review_position` over 5,000 budget lines at FR3 against summing the same
   lines' actuals and profiles. Target: at most 40 times the bare sums.

The issue sets no ratio; these targets leave room for the engine's reasons and exactness.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from bench.harness import Benchmark
from gemini.finance import engine

SUMS = [Decimal(n * 7919 % 10_000_000) / 100 for n in range(20_000)]
WEIGHTS = {"CEC": Decimal(1), "CWAC": Decimal(1)}
PENNY = Decimal("0.01")


def _allocate() -> None:
    for total in SUMS:
        engine.allocate(total, WEIGHTS, "50:50")


def _divide() -> None:
    for total in SUMS:
        half = (total / 2).quantize(PENNY, rounding=ROUND_HALF_UP)
        _ = total - half


LINES = [
    engine.BudgetLineInput(
        f"Line {n}",
        "staff",
        n % 5 == 0,
        Decimal(400_000 + n),
        (Decimal(100_000), Decimal(100_000), Decimal(100_000), Decimal(100_000 + n)),
        {"FR1": Decimal(99_000 + n), "FR2": Decimal(101_000), "FR3": Decimal(100_500)},
        {"FR3": Decimal(401_000)} if n % 3 == 0 else {},
    )
    for n in range(5_000)
]


def _forecast() -> None:
    engine.review_position(LINES, "FR3")


def _sums() -> None:
    total = Decimal(0)
    for line in LINES:
        total += sum(line.actuals.values()) + line.profile[3] - line.annual_budget


BENCHMARKS = [
    Benchmark("finance: allocate 50:50", len(SUMS), _allocate, _divide, target_ratio=40.0),
    Benchmark("finance: forecast at FR3", len(LINES), _forecast, _sums, target_ratio=40.0),
]
