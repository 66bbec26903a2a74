"""Part 2 (exempt) content and personal data never reach a member or union representative.

The test plants a marker in every exempt record's text and in every field a model declares as
personal data (`PERSONAL_DATA_FIELDS` on the model class), then requests every GET route in the
URL × role table and every API GET operation as each read-only role, and searches every
response for the markers. As a control, the programme manager must meet the exempt marker
somewhere, so the test cannot pass by seeing nothing.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse

from gemini.core.models import Confidential, Confidentiality
from gemini.core.tests.test_url_permissions import ROUTES
from gemini.testing.routes import run_setup

EXEMPT = "EXEMPTMARKER"
PERSONAL = "PERSONMARKER"


def _text_fields(model: type[models.Model], names: tuple[str, ...] | None = None) -> list[str]:
    fields = []
    for field in model._meta.concrete_fields:
        if names is not None and field.name not in names:
            continue
        if isinstance(field, models.CharField | models.TextField) and not field.choices:
            fields.append(field.name)
    return fields


def _length(model: type[models.Model], name: str) -> int:
    return getattr(model._meta.get_field(name), "max_length", None) or 10_000


def _plant() -> None:
    for model in apps.get_models():
        if issubclass(model, Confidential):
            for record in model._base_manager.filter(confidentiality=Confidentiality.EXEMPT):
                changes = {}
                for name in _text_fields(model):
                    if name == "public_interest_reason":
                        continue
                    changes[name] = (f"{EXEMPT} " + getattr(record, name))[: _length(model, name)]
                model._base_manager.filter(pk=record.pk).update(**changes)
        personal = getattr(model, "PERSONAL_DATA_FIELDS", None)
        if personal:
            for person in model._base_manager.all():
                changes = {}
                for name in _text_fields(model, tuple(personal)):
                    marked = f"{PERSONAL}{person.pk} " + getattr(person, name)
                    changes[name] = marked[: _length(model, name)]
                model._base_manager.filter(pk=person.pk).update(**changes)


def _responses(client: Client, role: str) -> dict[str, str]:
    seen: dict[str, str] = {}
    for route in ROUTES:
        if route.method != "get" or route.expected(role) != 200:
            continue
        url = reverse(route.name, args=route.resolved_args())
        response = client.get(url)
        seen[url] = response.content.decode("utf-8", errors="replace")
    schema = client.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        if "get" in operations and "{" not in path:
            seen[path] = client.get(path).content.decode("utf-8", errors="replace")
    return seen


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["member", "union"])
def test_read_only_roles_never_receive_exempt_text_or_personal_data(
    demo, personas, client_for, role
):
    run_setup()
    _plant()

    responses = _responses(client_for(personas[role]), role)

    leaks = {
        url: marker
        for url, body in responses.items()
        for marker in (EXEMPT, PERSONAL)
        if marker in body
    }
    assert responses
    assert not leaks, leaks


@pytest.mark.django_db
def test_the_markers_are_visible_to_the_programme_manager(demo, personas, client_for):
    run_setup()
    _plant()

    responses = _responses(client_for(personas["pmo"]), "pmo")

    assert any(EXEMPT in body for body in responses.values())
    if any(getattr(model, "PERSONAL_DATA_FIELDS", None) for model in apps.get_models()):
        assert any(PERSONAL in body for body in responses.values())
