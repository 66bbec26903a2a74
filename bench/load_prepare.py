"""`python -m bench.load_prepare USERS_FILE`: the load test's users file, from a demo database.

Run with DATABASE_URL pointing at a database that `gemini demo` has loaded. For each demo person
it opens a signed-in session and makes a personal API token, as the person would by signing in
(without the password hashing, which is not what the load test measures), and lists the
dashboards their roles may open. The file holds live credentials for a throwaway database:
bench/bench_load.py deletes it with the database.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any


def _people() -> list[dict[str, Any]]:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.urls import reverse

    from gemini.api.services import create_token
    from gemini.core import access
    from gemini.core.access import Permission
    from gemini.core.models import User

    dashboards = [
        ("core:dashboard", None),
        ("programme:dashboard", Permission.VIEW_PROGRAMME),
        ("workforce:index", Permission.VIEW_WORKFORCE),
        ("finance:index", Permission.VIEW_FINANCE),
        ("migration:index", Permission.VIEW_MIGRATION),
        ("hosting:index", Permission.VIEW_HOSTING),
    ]
    people = []
    for user in User.objects.filter(email__endswith="@gemini.test", is_active=True):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        _, token = create_token(user, "Load test")
        people.append(
            {
                "email": user.email,
                "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
                "token": token,
                "pages": [
                    reverse(name)
                    for name, permission in dashboards
                    if permission is None or access.has_permission(user, permission)
                ],
            }
        )
    return people


def _api_paths() -> list[str]:
    """Every GET operation of the API that needs no identifier: the lists and summaries."""
    from gemini.api.api import api

    schema = api.get_openapi_schema()
    return sorted(
        path
        for path, operations in schema["paths"].items()
        if "get" in operations and "{" not in path
    )


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gemini.settings")
    import django

    django.setup()
    people = _people()
    if not people:
        print("No demo people in this database: run `gemini demo` first.", file=sys.stderr)
        return 1
    content = {"people": people, "api": _api_paths(), "baseline": "/healthz/"}
    Path(argv[0]).write_text(json.dumps(content, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
