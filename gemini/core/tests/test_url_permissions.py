"""Every URL × every role, with the status each role must get.

Each app lists its routes in `gemini/<app>/tests/routes.py` (gemini/testing/routes.py says
how). `test_every_route_is_in_the_table` walks the URL configuration and fails when a route
has no row, so no page can be added without deciding who may see it.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gemini.testing.routes import ROLES, all_routes, run_setup

ROUTES = all_routes()
CASES = [
    pytest.param(route, role, id=f"{route.label}-{role}") for route in ROUTES for role in ROLES
]


@pytest.fixture(scope="module")
def routes_ready(demo_for_module, django_db_blocker):
    """The small demo plus what the apps' `SETUP` adds, once for the module."""
    with django_db_blocker.unblock():
        run_setup()


@pytest.mark.parametrize(("route", "role"), CASES)
def test_each_role_gets_the_expected_status(route, role, routes_ready, personas, client_for):
    client = client_for(personas.get(role))
    url = reverse(route.name, args=route.resolved_args())
    response = (
        getattr(client, route.method)(url, route.data)
        if route.data
        else getattr(client, route.method)(url)
    )
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
    assert not missing, (
        f"Add rows for these routes to their app's tests/routes.py: {sorted(missing)}"
    )
