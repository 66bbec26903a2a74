"""Schemathesis fuzzes the hosting API over the demo as the technical lead and as HR at CWaC
(who reaches one council's estate): each operation with generated parameters, and again with a
real application in the path, so that generated confirmations reach a real record. No 5xx, and
every answer matches the schema.

(gemini/api/tests/test_api_fuzz.py fuzzes every operation without demo data.)
"""

from __future__ import annotations

import pytest

from gemini.api.services import create_token
from gemini.api.tests.test_api_fuzz import settings_override  # noqa: F401 (a fixture)
from gemini.hosting.models import Application
from gemini.testing.fuzz import fuzz_operations, real_values


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["tech", "hr_cwac"])
def test_no_hosting_operation_fails_or_breaks_its_schema(
    persona,
    demo_for_module,
    personas,
    settings_override,  # noqa: F811
):
    _, token = create_token(personas[persona], "Fuzz")
    shared = Application.objects.get(name="Shared HR and Payroll").pk

    fuzzed = fuzz_operations("/api/v1/hosting/", token, real_values({"application_id": shared}))

    assert fuzzed >= 9
