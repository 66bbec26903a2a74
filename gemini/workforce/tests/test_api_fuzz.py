"""Schemathesis fuzzes the workforce API as HR at CEC, who may decide, over the demo: each
operation with generated parameters, and again with a real run and person in its path, so that
generated decisions reach a real outcome. No 5xx, and every answer matches the schema.

(gemini/api/tests/test_api_fuzz.py fuzzes every operation as the programme manager and a
member, who may not decide, without demo data.)
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from gemini.api.services import create_token
from gemini.api.tests.test_api_fuzz import settings_override  # noqa: F401 (a fixture)
from gemini.workforce.models import Decision, PersonOutcome

EXAMPLES = 10


def _real_path(operation: Any) -> dict[str, Any]:
    item = PersonOutcome.objects.filter(decision=Decision.PENDING).select_related("run", "staff")[0]
    known = {"number": item.run.number, "employee_ref": item.staff.employee_ref}
    names = {p.name for p in operation.path_parameters}
    return {name: value for name, value in known.items() if name in names}


@pytest.mark.django_db
def test_no_workforce_operation_fails_or_breaks_its_schema(
    demo_for_module,
    personas,
    settings_override,  # noqa: F811
):
    from gemini.wsgi import application

    _, token = create_token(personas["hr"], "Fuzz")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations = [
        result.ok()  # type: ignore[union-attr]
        for result in schema.get_all_operations()
        if result.ok().path.startswith("/api/v1/workforce/")  # type: ignore[union-attr]
    ]
    assert len(operations) >= 12

    for operation in operations:
        fixed = _real_path(operation)
        for strategy in (operation.as_strategy(), operation.as_strategy(path_parameters=fixed)):

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
