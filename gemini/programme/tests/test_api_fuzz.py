"""Schemathesis fuzzes the programme API over the demo, as the programme manager (who may write
everything) and the workstream lead (who writes only in the Technical workstream): each
operation with generated parameters, and again with real records in its path, so generated
risks, issues, actions, statuses and measurements reach real rows. No 5xx, and every answer
matches its schema.

(gemini/api/tests/test_api_fuzz.py fuzzes every operation as the programme manager and a
member without demo data.)

One built-in check is left out: "schema-valid data is accepted". Some rules are the register's
own and not the schema's — a score on a 5-level matrix, a reference already taken, an exempt
record without its paragraph, a rating off the programme's scale — and are refused with 422
and the reason, by design.
"""

from __future__ import annotations

from typing import Any

import pytest
from schemathesis.checks import positive_data_acceptance

from gemini.api.services import create_token
from gemini.api.tests.test_api_fuzz import settings_override  # noqa: F401 (a fixture)
from gemini.programme.models import (
    Benefit,
    CatalogueService,
    Decision,
    GovernanceBody,
    Issue,
    Meeting,
    Milestone,
    Risk,
    RiskAction,
)
from gemini.testing.fuzz import fuzz_operations

EXAMPLES = 6
PREFIX = "/api/v1/programme/"


def _real_path(operation: Any) -> dict[str, Any]:
    known = {
        "risk_id": Risk.objects.get(reference="R04").pk,
        "issue_id": Issue.objects.get(reference="I02").pk,
        "action_id": RiskAction.objects.filter(completed_date=None).order_by("pk")[0].pk,
        "benefit_id": Benefit.objects.get(reference="B1").pk,
        "milestone_id": Milestone.objects.order_by("pk")[0].pk,
        "decision_id": Decision.objects.order_by("pk")[0].pk,
        "body_id": GovernanceBody.objects.order_by("pk")[0].pk,
        "meeting_id": Meeting.objects.order_by("pk")[0].pk,
        "slug": CatalogueService.objects.order_by("pk")[0].slug
        if "catalogue" in operation.path
        else "technical",
    }
    names = {p.name for p in operation.path_parameters}
    return {name: value for name, value in known.items() if name in names}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["pmo", "lead"])
def test_no_programme_operation_fails_or_breaks_its_schema(
    demo_for_module,
    personas,
    persona,
    settings_override,  # noqa: F811
):
    _, token = create_token(personas[persona], "Fuzz")

    fuzzed = fuzz_operations(
        PREFIX, token, _real_path, EXAMPLES, excluded_checks=[positive_data_acceptance]
    )

    assert fuzzed >= 30
