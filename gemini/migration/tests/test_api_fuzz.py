"""Schemathesis fuzzes the migration API over the migration demo as the technical lead and as a
member: each operation with generated parameters, and again with a real person in the path, so
that generated status updates reach a real identity. No 5xx, and every answer matches the
schema.

(gemini/api/tests/test_api_fuzz.py fuzzes every operation without demo data.)
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from gemini.api.services import create_token
from gemini.api.tests.test_api_fuzz import settings_override  # noqa: F401 (a fixture)
from gemini.migration.tests.support import a_person

EXAMPLES = 10


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["tech", "member"])
def test_no_migration_operation_fails_or_breaks_its_schema(
    persona,
    estate,
    settings_override,  # noqa: F811
):
    from gemini.wsgi import application

    _, token = create_token(estate[persona], "Fuzz")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations = [
        result.ok()  # type: ignore[union-attr]
        for result in schema.get_all_operations()
        if result.ok().path.startswith("/api/v1/migration/")  # type: ignore[union-attr]
    ]
    assert len(operations) >= 8
    person = a_person().pk

    for operation in operations:
        names = {p.name for p in operation.path_parameters}
        strategies = [operation.as_strategy()]
        if "identity_id" in names:
            strategies.append(operation.as_strategy(path_parameters={"identity_id": person}))
        for strategy in strategies:

            @given(case=strategy)
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
            )
            def fuzz(case: schemathesis.Case) -> None:  # type: ignore[type-arg]
                case.call_and_validate(headers={"Authorization": f"Bearer {token}"})

            fuzz()
