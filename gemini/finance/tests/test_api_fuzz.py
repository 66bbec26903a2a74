"""Schemathesis fuzzes the finance API over the finance demo, as a finance officer and as a
member: each operation with generated years, bases and scenarios, and the scenario route again
with a real scenario. No 5xx, and every answer matches the schema.

(gemini/api/tests/test_api_fuzz.py fuzzes every operation without demo data.)
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from gemini.api.services import create_token
from gemini.api.tests.test_api_fuzz import settings_override  # noqa: F401 (a fixture)
from gemini.finance.models import Scenario

EXAMPLES = 10


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["finance", "member"])
def test_no_finance_operation_fails_or_breaks_its_schema(
    persona,
    finance_demo,
    personas,
    settings_override,  # noqa: F811
):
    from gemini.wsgi import application

    _, token = create_token(personas[persona], "Fuzz")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations = [
        result.ok()  # type: ignore[union-attr]
        for result in schema.get_all_operations()
        if result.ok().path.startswith("/api/v1/finance/")  # type: ignore[union-attr]
    ]
    assert len(operations) >= 9
    slug = Scenario.objects.order_by("pk")[0].slug

    for operation in operations:
        names = {p.name for p in operation.path_parameters}
        strategies = [operation.as_strategy()]
        if "slug" in names:
            strategies.append(operation.as_strategy(path_parameters={"slug": slug}))
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
