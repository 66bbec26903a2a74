"""Schemathesis fuzzes the migration API over the migration demo as the technical lead and as a
member: each operation with generated parameters, and again with a real person in the path, so
that generated status updates reach a real identity. No 5xx, and every answer matches the
schema.

(gemini/api/tests/test_api_fuzz.py fuzzes every operation without demo data.)

One built-in check is left out, as in the programme's fuzzing: "schema-valid data is accepted".
Some rules are the tracker's own and not the schema's (the device move of someone who has a
device cannot be "Not applicable"; a time in the future; a row older than the recorded state)
and are refused with 422 and the reason, by design.
"""

from __future__ import annotations

import pytest
from schemathesis.checks import positive_data_acceptance

from gemini.api.services import create_token
from gemini.api.tests.test_api_fuzz import settings_override  # noqa: F401 (a fixture)
from gemini.migration.tests.support import a_person
from gemini.testing.fuzz import fuzz_operations, real_values


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["tech", "member"])
def test_no_migration_operation_fails_or_breaks_its_schema(
    persona,
    estate,
    settings_override,  # noqa: F811
):
    _, token = create_token(estate[persona], "Fuzz")

    fuzzed = fuzz_operations(
        "/api/v1/migration/",
        token,
        real_values({"identity_id": a_person().pk}),
        excluded_checks=[positive_data_acceptance],
    )

    assert fuzzed >= 8
