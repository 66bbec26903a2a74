"""The URL × role permission table: each app lists its routes in `tests/routes.py` as ROUTES.

gemini/core/tests/test_url_permissions.py collects every installed app's ROUTES, requests each
route as each persona (and signed out), and compares the status with the row. It also walks the
URL configuration and fails if a named route has no row.

Arguments that depend on the demo data (a primary key, say) are given as a callable that
receives nothing and returns the argument, called once the demo is loaded.

An app's routes module may also define `SETUP`: callables run once after the small demo is
loaded (before the rows are requested), for records the rows need that the small demo leaves
out because they are slow to make (an issued committee report, say). Use `run_setup()`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from gemini.testing.personas import PERSONA_NAMES

ANONYMOUS = "anonymous"
ROLES = (*PERSONA_NAMES, ANONYMOUS)


class Json(dict[str, Any]):
    """A JSON request body for an API write in the table (a PUT, PATCH or POST to /api/v1/):
    the test client sends `str(data)` as the body. A callable value is called when the body is
    sent, so it can read the demo (a record's current `version`, say)."""

    def __str__(self) -> str:
        return json.dumps({key: v() if callable(v) else v for key, v in self.items()})


# Shorthands for common rows.
READ_ONLY = ("member", "union")


@dataclass(frozen=True)
class Route:
    name: str
    args: tuple[Any, ...] = ()
    method: str = "get"
    default: int = 200  # the status for every signed-in persona not listed in `statuses`
    statuses: dict[str, int] = field(default_factory=dict)
    anonymous: int = 302  # signed-out people are sent to sign in
    data: dict[str, Any] = field(default_factory=dict)  # form data for a POST

    def expected(self, role: str) -> int:
        if role == ANONYMOUS:
            return self.anonymous
        return self.statuses.get(role, self.default)

    def resolved_args(self) -> tuple[Any, ...]:
        return tuple(arg() if callable(arg) else arg for arg in self.args)

    @property
    def label(self) -> str:
        shown = [getattr(arg, "__name__", arg) for arg in self.args]
        return f"{self.name}{shown}-{self.method}"


def all_routes() -> list[Route]:
    """Every installed app's ROUTES from its tests/routes.py."""
    import importlib

    from django.apps import apps

    routes: list[Route] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("gemini."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.routes")
        except ModuleNotFoundError:
            continue
        routes.extend(module.ROUTES)
    return routes


def setup_callables() -> list[Callable[[], None]]:
    """Every installed app's `SETUP` from its tests/routes.py."""
    import importlib

    from django.apps import apps

    found: list[Callable[[], None]] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("gemini."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.routes")
        except ModuleNotFoundError:
            continue
        found.extend(getattr(module, "SETUP", ()))
    return found


def run_setup() -> None:
    for prepare in setup_callables():
        prepare()


def only(status: int, *names: str) -> dict[str, int]:
    """`statuses` giving `status` to the named personas, e.g. only(200, "pmo", "hr")."""
    return dict.fromkeys(names, status)


Lazy = Callable[[], Any]
