"""Schemathesis fuzzes the hosting API over the demo as the technical lead and as HR at CWaC
(who reaches one council's estate): each operation with generated parameters, and again with a
real application in the path, so that generated confirmations reach a real record. No 5xx, and
every answer matches the schema.

(gemini/api/tests/test_api_fuzz.py fuzzes every operation without demo data.)
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from gemini.api.services import create_token
from gemini.api.tests.test_api_fuzz import settings_override  # noqa: F401 (a fixture)
from gemini.hosting.models import Application

EXAMPLES = 10


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["tech", "hr_cwac"])
def test_no_hosting_operation_fails_or_breaks_its_schema(
    persona,
    demo_for_module,
    personas,
    settings_override,  # noqa: F811
):
    from gemini.wsgi import application

    _, token = create_token(personas[persona], "Fuzz")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations = [
        result.ok()  # type: ignore[union-attr]
        for result in schema.get_all_operations()
        if result.ok().path.startswith("/api/v1/hosting/")  # type: ignore[union-attr]
    ]
    assert len(operations) >= 9
    shared = Application.objects.get(name="Shared HR and Payroll").pk

    for operation in operations:
        names = {p.name for p in operation.path_parameters}
        strategies = [operation.as_strategy()]
        if "application_id" in names:
            strategies.append(operation.as_strategy(path_parameters={"application_id": shared}))
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
