"""Schemathesis fuzzes the finance API over the finance demo, as a finance officer and as a
member: each operation with generated years, bases and scenarios, and the scenario route again
with a real scenario. No 5xx, and every answer matches the schema.

(gemini/api/tests/test_api_fuzz.py fuzzes every operation without demo data.)
"""

from __future__ import annotations

import pytest

from gemini.api.services import create_token
from gemini.api.tests.test_api_fuzz import settings_override  # noqa: F401 (a fixture)
from gemini.finance.models import Scenario
from gemini.testing.fuzz import fuzz_operations, real_values


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["finance", "member"])
def test_no_finance_operation_fails_or_breaks_its_schema(
    persona,
    finance_demo,
    personas,
    settings_override,  # noqa: F811
):
    _, token = create_token(personas[persona], "Fuzz")
    slug = Scenario.objects.order_by("pk")[0].slug

    fuzzed = fuzz_operations("/api/v1/finance/", token, real_values({"slug": slug}))

    assert fuzzed >= 9
