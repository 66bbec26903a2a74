"""`python -m bench.load_locust URL USERS_FILE MODE USERS SECONDS`: one locust run, as JSON.

Locust (as a library, headless) with FastHttpUser. Each simulated person takes the next demo
person from the users file (bench/load_prepare.py), then, until the run ends, waits a reader's
pause (THINK_TIME seconds) and asks for one of the dashboards their roles may open (3 in 4) or
one of the API's list routes with their personal token (1 in 4). Mode "baseline" asks for
/healthz/ instead, with the same people, cookies and pauses: the smallest request through the
same server, middleware, session and database.

Before timing, every page and API route is asked for once per person (it also warms each
server worker): a page that does not answer 200 stops the run, an API route the person may not
use (401/403/404) is left out of their share, anything else stops the run. Statistics are reset
once every person is in their stride, so the SECONDS are steady state. Runs in its own process:
locust patches the standard library for gevent when it is imported.
"""

from __future__ import annotations

import json
import random
import sys
import time
import urllib.error
import urllib.request
from itertools import cycle
from pathlib import Path
from typing import Any

import gevent
from locust import FastHttpUser, between, events, task
from locust.env import Environment

# Seconds a person spends reading a page before the next request: dashboards are read, not
# skimmed. Each person also starts after a pause of up to THINK_TIME's longest, so that 50
# people do not all ask at the same instant; statistics start once all are in their stride.
THINK_TIME = (5.0, 15.0)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _status(url: str, headers: dict[str, str]) -> int:
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (a localhost URL)
    try:
        with opener.open(request, timeout=60) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def preflight(host: str, users: dict[str, Any], rounds: int = 3) -> list[dict[str, Any]]:
    """Each person's pages and the API routes they may use; stops on anything unexpected."""
    people = []
    for person in users["people"]:
        api = []
        for path in users["api"]:
            status = _status(host + path, {"Authorization": f"Bearer {person['token']}"})
            if status == 200:
                api.append(path)
            elif status not in (401, 403, 404):
                raise SystemExit(f"{path} answered {status} for {person['email']}")
        for _ in range(rounds):
            for path in person["pages"]:
                status = _status(host + path, {"Cookie": person["cookie"]})
                if status != 200:
                    raise SystemExit(f"{path} answered {status} for {person['email']}")
        people.append({**person, "api": api})
    return people


def _person_class(host: str, people: list[dict[str, Any]], baseline: str | None) -> type[Any]:
    next_person = cycle(people).__next__

    class Person(FastHttpUser):
        wait_time = between(*THINK_TIME)

        def on_start(self) -> None:
            self.person = next_person()
            gevent.sleep(random.uniform(0, THINK_TIME[1]))  # noqa: S311

        def _get(self, path: str, headers: dict[str, str]) -> None:
            with self.client.get(
                path, headers=headers, name=path, allow_redirects=False, catch_response=True
            ) as response:
                if response.status_code != 200:
                    response.failure(f"{path} answered {response.status_code}")

        @task(3)
        def dashboard(self) -> None:
            path = baseline or random.choice(self.person["pages"])  # noqa: S311
            self._get(path, {"Cookie": self.person["cookie"]})

        @task(1)
        def api(self) -> None:
            if baseline or not self.person["api"]:
                self._get(baseline or "/healthz/", {"Cookie": self.person["cookie"]})
                return
            path = random.choice(self.person["api"])  # noqa: S311
            self._get(path, {"Authorization": f"Bearer {self.person['token']}"})

    Person.host = host
    return Person


def run(host: str, users_file: str, mode: str, users: int, seconds: float) -> dict[str, Any]:
    random.seed(users)
    content = json.loads(Path(users_file).read_text())
    people = preflight(host, content)
    baseline = content["baseline"] if mode == "baseline" else None
    environment = Environment(user_classes=[_person_class(host, people, baseline)], events=events)
    runner = environment.create_local_runner()
    runner.start(users, spawn_rate=users)
    while runner.user_count < users:
        gevent.sleep(0.1)
    gevent.sleep(THINK_TIME[1])
    environment.stats.reset_all()
    started = time.monotonic()
    gevent.sleep(seconds)
    elapsed = time.monotonic() - started
    stats = environment.stats
    runner.quit()
    total = stats.total
    return {
        "mode": mode,
        "users": users,
        "think_time_seconds": list(THINK_TIME),
        "seconds": round(elapsed, 1),
        "requests": total.num_requests,
        "errors": total.num_failures,
        "rps": round(total.num_requests / elapsed, 2),
        "p50_ms": total.get_response_time_percentile(0.50),
        "p95_ms": total.get_response_time_percentile(0.95),
        "p99_ms": total.get_response_time_percentile(0.99),
        "endpoints": sorted(
            (
                {
                    "name": entry.name,
                    "requests": entry.num_requests,
                    "errors": entry.num_failures,
                    "p50_ms": entry.get_response_time_percentile(0.50),
                    "p95_ms": entry.get_response_time_percentile(0.95),
                }
                for entry in stats.entries.values()
            ),
            key=lambda entry: -float(entry["p95_ms"] or 0),
        ),
        "error_messages": [
            {"error": str(error.error), "occurrences": error.occurrences}
            for error in stats.errors.values()
        ],
    }


def main(argv: list[str]) -> int:
    host, users_file, mode, users, seconds = argv
    result = run(host, users_file, mode, int(users), float(seconds))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
