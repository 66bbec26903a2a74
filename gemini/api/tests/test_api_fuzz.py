"""Schemathesis fuzzes every API operation from the OpenAPI schema: no 5xx and no response
that breaks the schema, acting as the programme manager and as a member (Part 1 only).

The operations are driven through schemathesis's Python API with hypothesis (a bounded number
of examples each), in-process through the WSGI application.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

from gemini.api.services import create_token

EXAMPLES = 15


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["pmo", "member"])
def test_no_operation_fails_or_breaks_its_schema(persona, personas, settings_override):
    from gemini.wsgi import application

    _, token = create_token(personas[persona], "Fuzz")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert operations

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        )
        def fuzz(case: schemathesis.Case) -> None:  # type: ignore[type-arg]
            case.call_and_validate(headers={"Authorization": f"Bearer {token}"})

        fuzz()


@pytest.fixture
def settings_override(settings: object) -> Iterator[None]:
    """Serve the WSGI application in-process inside the test's transaction.

    Like Django's test client, stop each request from closing the database connection (which
    would end the test's transaction on PostgreSQL), and accept schemathesis's host name.
    """
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]  # type: ignore[attr-defined]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
