"""The load test: 50 people browsing the demo's dashboards and API for 60 seconds, on SQLite and
on PostgreSQL. Not a timed test: it runs in `make bench`, not in the suite.

For each database it makes a fresh one (a SQLite file in a temporary folder; the PostgreSQL
database GEMINI_BENCH_POSTGRES_URL names, dropped before and after), migrates it, loads the full
demo with `gemini demo`, writes a users file (bench/load_prepare.py) and serves Gemini with
Gunicorn — the production way, `gemini.wsgi` with GEMINI_DEBUG=False — on a free port of
127.0.0.1. Locust (bench/load_locust.py) then runs twice with the same people and pauses:

- baseline: /healthz/ for BASELINE_SECONDS, the smallest request through the same stack;
- work: the dashboards (3 in 4 requests) and the API's list routes (1 in 4) for SECONDS.

It reports requests per second, p50/p95/p99 latency and errors, and the work's p95 as a ratio
to the baseline's p95. Targets: no errors and p95 under 300 ms (the issue's), and a ratio of
at most TARGET_RATIO. PostgreSQL is skipped, saying so, when no server answers at the URL.
Sizes may be changed for a quick look with GEMINI_BENCH_LOAD_USERS and
GEMINI_BENCH_LOAD_SECONDS (docs/configuration.md); the committed numbers use the defaults.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
USERS = int(os.environ.get("GEMINI_BENCH_LOAD_USERS", "50"))
SECONDS = float(os.environ.get("GEMINI_BENCH_LOAD_SECONDS", "60"))
BASELINE_SECONDS = min(SECONDS, 15.0)
DATABASES = os.environ.get("GEMINI_BENCH_LOAD_DATABASES", "sqlite,postgresql").split(",")
POSTGRES_URL = os.environ.get(
    "GEMINI_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/gemini_load"
)
TARGET_P95_MS = 300.0
TARGET_RATIO = 60.0
# Gunicorn: threaded workers, two processes for the two cores this is measured on.
SERVER = ["--workers", "2", "--worker-class", "gthread", "--threads", "4", "--timeout", "120"]
SECRET = "load-test-only-secret-key-long-enough-for-django-0123456789abcdef"


@dataclass(frozen=True)
class LoadResult:
    name: str
    database: str
    users: int
    think_time_seconds: tuple[float, float]
    seconds: float
    requests: int
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    baseline_path: str
    baseline_rps: float
    baseline_p95_ms: float
    ratio: float
    target_ratio: float
    target_p95_ms: float
    server: str
    load_average: float = 0.0  # the machine's 1-minute load average as the work began
    slowest: list[dict[str, Any]] = field(default_factory=list)
    error_messages: list[dict[str, Any]] = field(default_factory=list)
    skipped: str = ""

    @property
    def passed(self) -> bool:
        if self.skipped:
            return True
        return (
            self.errors == 0
            and self.p95_ms <= self.target_p95_ms
            and self.ratio <= self.target_ratio
        )

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    def summary(self) -> str:
        if self.skipped:
            return f"{self.name}: skipped — {self.skipped}"
        verdict = "ok" if self.passed else "MISSES ITS TARGET"
        slowest = ", ".join(f"{e['name']} p95 {e['p95_ms']} ms" for e in self.slowest[:3])
        return (
            f"{self.name}: {self.users} people for {self.seconds:.0f} s, {self.requests} "
            f"requests, {self.rps} req/s, p50 {self.p50_ms:.0f} ms, p95 {self.p95_ms:.0f} ms, "
            f"p99 {self.p99_ms:.0f} ms, {self.errors} errors; baseline {self.baseline_path} "
            f"p95 {self.baseline_p95_ms:.0f} ms at {self.baseline_rps} req/s, ratio "
            f"{self.ratio} (targets: no errors, p95 ≤ {self.target_p95_ms:.0f} ms, ratio ≤ "
            f"{self.target_ratio}) {verdict}\n    slowest: {slowest}; the machine's load "
            f"average was {self.load_average} as the work began"
        )


def _environment(database_url: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("GEMINI_", "DJANGO_"))}
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "gemini.settings",
        "DATABASE_URL": database_url,
        "GEMINI_DEBUG": "False",
        "GEMINI_HTTPS": "False",
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "GEMINI_LOG_LEVEL": "WARNING",
        "GEMINI_DEMO_PASSWORD": secrets.token_urlsafe(16),
    }


def _step(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return done.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_healthy(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"Gunicorn stopped:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url + "/healthz/", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise RuntimeError(f"Gunicorn did not answer within a minute:\n{log.read_text()[-2000:]}")


def _postgres(url: str, create: bool) -> str | None:
    """Drop (and with `create`, make again) the load test's own database; None if no server."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    try:
        connection = psycopg.connect(
            dbname="postgres",
            user=config.get("USER") or None,
            password=config.get("PASSWORD") or None,
            host=config.get("HOST") or None,
            port=config.get("PORT") or None,
            autocommit=True,
            connect_timeout=5,
        )
    except psycopg.OperationalError as error:
        return f"no PostgreSQL server answers at {url} ({str(error).strip()[:120]})"
    name = sql.Identifier(str(config["NAME"]))
    with connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        if create:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(name))
    return None


def _locust(url: str, users_file: Path, mode: str, seconds: float) -> dict[str, Any]:
    output = _step(
        _environment("sqlite:///:memory:"),
        "-m",
        "bench.load_locust",
        url,
        str(users_file),
        mode,
        str(USERS),
        str(seconds),
    )
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return result


@dataclass(frozen=True)
class LoadBenchmark:
    name: str
    database: str  # "sqlite" or "postgresql"

    def run(self) -> LoadResult:
        print(f"{self.name}: preparing the demo database…", flush=True)
        with tempfile.TemporaryDirectory(prefix="gemini-load-") as folder:
            if self.database == "sqlite":
                database_url = f"sqlite:///{folder}/gemini.sqlite3"
            else:
                database_url = POSTGRES_URL
                missing = _postgres(database_url, create=True)
                if missing:
                    return self._skipped(missing)
            try:
                return self._measure(database_url, Path(folder))
            finally:
                if self.database != "sqlite":
                    _postgres(database_url, create=False)

    def _measure(self, database_url: str, folder: Path) -> LoadResult:
        env = _environment(database_url)
        _step(env, "-m", "gemini", "migrate", "--no-input", "-v0")
        _step(env, "-m", "gemini", "demo")
        users_file = folder / "users.json"
        _step(env, "-m", "bench.load_prepare", str(users_file))
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        log = folder / "gunicorn.log"
        with log.open("wb") as output:
            server = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "gemini.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    *SERVER,
                ],
                env=env,
                cwd=ROOT,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
            try:
                _wait_until_healthy(url, server, log)
                print(f"{self.name}: baseline for {BASELINE_SECONDS:.0f} s…", flush=True)
                baseline = _locust(url, users_file, "baseline", BASELINE_SECONDS)
                print(f"{self.name}: {USERS} people for {SECONDS:.0f} s…", flush=True)
                load_average = os.getloadavg()[0]
                work = _locust(url, users_file, "browse", SECONDS)
            finally:
                server.terminate()
                server.wait(timeout=60)
        return LoadResult(
            name=self.name,
            database=self.database,
            users=work["users"],
            think_time_seconds=tuple(work["think_time_seconds"]),
            seconds=work["seconds"],
            requests=work["requests"],
            rps=work["rps"],
            p50_ms=work["p50_ms"],
            p95_ms=work["p95_ms"],
            p99_ms=work["p99_ms"],
            errors=work["errors"],
            baseline_path="/healthz/",
            baseline_rps=baseline["rps"],
            baseline_p95_ms=baseline["p95_ms"],
            ratio=round(work["p95_ms"] / max(baseline["p95_ms"], 1), 2),
            target_ratio=TARGET_RATIO,
            target_p95_ms=TARGET_P95_MS,
            server="gunicorn " + " ".join(SERVER),
            load_average=round(load_average, 2),
            slowest=work["endpoints"][:5],
            error_messages=work["error_messages"] + baseline["error_messages"],
        )

    def _skipped(self, reason: str) -> LoadResult:
        return LoadResult(
            name=self.name,
            database=self.database,
            users=USERS,
            think_time_seconds=(0.0, 0.0),
            seconds=0.0,
            requests=0,
            rps=0.0,
            p50_ms=0.0,
            p95_ms=0.0,
            p99_ms=0.0,
            errors=0,
            baseline_path="/healthz/",
            baseline_rps=0.0,
            baseline_p95_ms=0.0,
            ratio=0.0,
            target_ratio=TARGET_RATIO,
            target_p95_ms=TARGET_P95_MS,
            server="",
            skipped=reason,
        )


BENCHMARKS = [
    LoadBenchmark(f"load: dashboards and API, {label}", database)
    for database, label in (("sqlite", "SQLite"), ("postgresql", "PostgreSQL"))
    if database in DATABASES
]
