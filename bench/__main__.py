"""`python -m bench [NAME...]`: run the benchmarks (all, or those whose module name matches)."""

from __future__ import annotations

import datetime as dt
import importlib
import os
import sys
from pathlib import Path

from bench.harness import Measured, Runnable, merge_results

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
    results: list[Measured] = []
    entries: list[dict[str, object]] = []
    for module_name in modules:
        module = importlib.import_module(f"bench.{module_name}")
        benchmarks: list[Runnable] = module.BENCHMARKS
        for benchmark in benchmarks:
            result = benchmark.run()
            results.append(result)
            entries.append({**result.as_dict(), "measured_at": _now()})
            print(result.summary(), flush=True)
    merged = merge_results(HERE / "results.json", entries)
    print(
        f"{len(results)} benchmark(s) run; bench/results.json holds {len(merged)} "
        "(others kept from earlier runs)"
    )
    return 0 if all(result.passed for result in results) else 1


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
