"""Schemathesis fuzzes the workforce API as HR at CEC, who may decide, over the demo: each
operation with generated parameters, and again with a real run and person in its path, so that
generated decisions reach a real outcome. No 5xx, and every answer matches the schema.

(gemini/api/tests/test_api_fuzz.py fuzzes every operation as the programme manager and a
member, who may not decide, without demo data.)
"""

from __future__ import annotations

from typing import Any

import pytest

from gemini.api.services import create_token
from gemini.api.tests.test_api_fuzz import settings_override  # noqa: F401 (a fixture)
from gemini.testing.fuzz import fuzz_operations, real_values
from gemini.workforce.models import Decision, PersonOutcome


def _real_path(operation: Any) -> dict[str, Any]:
    item = PersonOutcome.objects.filter(decision=Decision.PENDING).select_related("run", "staff")[0]
    return real_values({"number": item.run.number, "employee_ref": item.staff.employee_ref})(
        operation
    )


@pytest.mark.django_db
def test_no_workforce_operation_fails_or_breaks_its_schema(
    demo_for_module,
    personas,
    settings_override,  # noqa: F811
):
    _, token = create_token(personas["hr"], "Fuzz")

    fuzzed = fuzz_operations("/api/v1/workforce/", token, _real_path)

    assert fuzzed >= 12
