"""Reading the API in a test as a person would: with their own token."""

from __future__ import annotations

from typing import Any

from django.test import Client

from gemini.api.services import create_token


def api_json(user: Any, path: str) -> Any:
    """GET /api/v1`path` with a new token of `user`'s; the answer must be 200, and its JSON is
    returned."""
    _, token = create_token(user, "Tests")
    response = Client(headers={"Authorization": f"Bearer {token}"}).get(f"/api/v1{path}")
    if response.status_code != 200:
        raise AssertionError(f"{path}: {response.status_code} {response.content!r}")
    return response.json()
