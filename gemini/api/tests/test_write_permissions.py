"""Every API write refuses a member or union representative (403) before it reads the body:
they learn nothing from what they send, not even what is wrong with it (gemini/core/api_access.py).
The test walks the OpenAPI schema, so a write added later is covered without a new row."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from gemini.api.services import create_token

WRITES = ("post", "put", "patch", "delete")


def _writes(client: Client) -> list[tuple[str, str]]:
    schema = client.get("/api/v1/openapi.json").json()
    return [
        (method, re.sub(r"\{[^}]+\}", "1", path))
        for path, operations in schema["paths"].items()
        for method in operations
        if method in WRITES
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["member", "union"])
def test_every_write_refuses_a_part_1_only_role_whatever_it_sends(personas, role):
    _, token = create_token(personas[role], "test")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    writes = _writes(client)

    answers = {
        (method, path): getattr(client, method)(
            path, "not json at all", content_type="application/json"
        ).status_code
        for method, path in writes
    }

    assert len(writes) >= 10
    assert {key: status for key, status in answers.items() if status != 403} == {}


@pytest.mark.django_db
def test_a_token_holding_the_permission_passes_the_gate_and_acts_as_its_owner(personas):
    from django.core.exceptions import PermissionDenied
    from django.test import RequestFactory

    from gemini.core.access import Permission
    from gemini.core.api_access import TokenWithPermission

    gate = TokenWithPermission(Permission.DECIDE_WORKFORCE)
    _, hr_token = create_token(personas["hr"], "test")
    _, member_token = create_token(personas["member"], "test")

    request = RequestFactory().post("/")
    assert gate.authenticate(request, hr_token) == personas["hr"]
    assert request.user == personas["hr"]
    with pytest.raises(PermissionDenied):
        gate.authenticate(RequestFactory().post("/"), member_token)
    assert gate.authenticate(RequestFactory().post("/"), "not-a-token") is None
