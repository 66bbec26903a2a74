"""`python -m bench [NAME...]`: run the benchmarks (all, or those whose module name matches)."""

from __future__ import annotations

import importlib
import json
import os
import sys
from pathlib import Path

from bench.harness import Benchmark, Result, measure

HERE = Path(__file__).resolve().parent


def _setup_django() -> None:
    """Benchmarks that touch models get an in-memory SQLite database, migrated once."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gemini.settings")
    os.environ["DATABASE_URL"] = "sqlite:///:memory:"
    os.environ.setdefault(
        "SECRET_KEY", "benchmark-only-secret-key-long-enough-for-django-0123456789"
    )
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def main(argv: list[str]) -> int:
    _setup_django()
    modules = sorted(path.stem for path in HERE.glob("bench_*.py"))
    if argv:
        modules = [name for name in modules if any(arg in name for arg in argv)]
    results: list[Result] = []
    for module_name in modules:
        module = importlib.import_module(f"bench.{module_name}")
        benchmarks: list[Benchmark] = module.BENCHMARKS
        for benchmark in benchmarks:
            result = measure(benchmark)
            results.append(result)
            verdict = "ok" if result.passed else "SLOWER THAN TARGET"
            print(
                f"{result.name}: n={result.n} {result.seconds:.4f}s, baseline "
                f"{result.baseline_seconds:.4f}s, ratio {result.ratio} "
                f"(target ≤ {result.target_ratio}) {verdict}"
            )
    (HERE / "results.json").write_text(
        json.dumps([result.as_dict() for result in results], indent=2) + "\n"
    )
    print(f"{len(results)} benchmark(s) written to bench/results.json")
    return 0 if all(result.passed for result in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
