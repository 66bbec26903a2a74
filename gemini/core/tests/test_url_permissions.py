"""Every URL × every role, with the status each role must get.

Later apps add rows to ROUTES. `test_every_route_is_in_the_table` walks the URL configuration
and fails when a route has no row, so no page can be added without deciding who may see it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gemini.testing.personas import PERSONA_NAMES

ANON = "anonymous"
ROLES = (*PERSONA_NAMES, ANON)


@dataclass(frozen=True)
class Route:
    name: str
    args: tuple[object, ...] = ()
    method: str = "get"
    default: int = 200  # the status for every signed-in role not listed in `statuses`
    statuses: dict[str, int] = field(default_factory=dict)
    anonymous: int = 302  # signed-out people are sent to sign in

    def expected(self, role: str) -> int:
        if role == ANON:
            return self.anonymous
        return self.statuses.get(role, self.default)


READ_ONLY_403 = {"member": 403, "union": 403}

ROUTES: tuple[Route, ...] = (
    Route("core:dashboard"),
    Route("core:login", default=302, anonymous=200),
    Route("core:logout", method="post", default=302, anonymous=302),
    Route("core:import", statuses={"lead": 403, **READ_ONLY_403}),
    Route("core:section", ("workforce",)),
    Route("core:section", ("finance",)),
    Route("core:section", ("migration",)),
    Route("core:section", ("hosting",)),
    Route("core:section", ("reports",)),
    Route("core:section", ("no-such-section",), default=404),
    Route("programme:overview"),
    Route("programme:workstream", ("technical",)),
    Route("programme:workstream", ("no-such-workstream",), default=404),
    Route(
        "programme:edit_workstream", ("technical",), default=403, statuses={"pmo": 200, "lead": 200}
    ),
    Route("programme:edit_workstream", ("finance",), default=403, statuses={"pmo": 200}),
    Route("programme:body", ("__cpc__",)),
    Route("programme:body", (999_999,), default=404),
    Route("admin:index", default=302),
)

CASES = [
    pytest.param(route, role, id=f"{route.name}{list(route.args)}-{route.method}-{role}")
    for route in ROUTES
    for role in ROLES
]


@pytest.mark.parametrize(("route", "role"), CASES)
def test_each_role_gets_the_expected_status(route, role, demo, personas, client_for):
    from gemini.programme.models import GovernanceBody

    args = tuple(
        GovernanceBody.objects.get(short_name="CPC").pk if arg == "__cpc__" else arg
        for arg in route.args
    )
    client = client_for(personas.get(role))
    response = getattr(client, route.method)(reverse(route.name, args=args))
    assert response.status_code == route.expected(role), response.content[:500]


def _route_names(patterns: list[URLPattern | URLResolver], namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            if inner == "admin":
                continue  # the Django admin is covered by admin:index (staff only)
            prefix = f"{namespace}{inner}:" if inner else namespace
            names |= _route_names(pattern.url_patterns, prefix)
        elif pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_route_is_in_the_table():
    in_table = {route.name for route in ROUTES}
    missing = _route_names(get_resolver().url_patterns) - in_table
    assert not missing, f"Add these routes to ROUTES with each role's status: {sorted(missing)}"
