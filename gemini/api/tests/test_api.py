"""The REST API: tokens, authentication, JSON errors, the same access layer as the pages."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gemini.api.models import ApiToken
from gemini.api.services import create_token, revoke_token


def _bearer(token: str) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.mark.django_db
def test_a_token_acts_as_its_owner_with_their_roles(personas):
    _, token = create_token(personas["hr_cwac"], "Script")

    response = Client().get("/api/v1/me", **_bearer(token))

    assert response.status_code == 200
    body = response.json()
    assert body["email"] == "hr-cwac@gemini.test"
    assert body["memberships"] == [{"role": "hr", "organisation": "CWAC"}]
    assert "core.view_personal_data" in body["permissions"]
    assert "workforce.decide" in body["permissions"]
    assert "programme.manage" not in body["permissions"]


@pytest.mark.django_db
def test_a_token_is_stored_only_as_a_hash_and_shown_once(personas, client_for):
    record, token = create_token(personas["pmo"], "Power BI")

    assert token not in record.key_hash
    assert not ApiToken.objects.filter(key_hash__contains=token[4:20]).exists()
    page = client_for(personas["pmo"]).get(reverse("api_tokens:list")).content.decode()
    assert token not in page
    assert record.prefix in page


@pytest.mark.django_db
def test_a_revoked_or_unknown_token_gets_a_json_401(personas):
    record, token = create_token(personas["pmo"], "Old")
    revoke_token(record)

    for presented in (token, "gem_not-a-token"):
        response = Client().get("/api/v1/me", **_bearer(presented))
        assert response.status_code == 401
        assert response["Content-Type"].startswith("application/json")
        assert "personal API token" in response.json()["detail"]


@pytest.mark.django_db
def test_the_token_page_makes_a_token_once_and_revokes_it(personas, client_for):
    client = client_for(personas["member"])

    page = client.post(reverse("api_tokens:list"), {"name": "My dashboard"}).content.decode()
    token = page.split('<code class="gemini-token">')[1].split("</code>")[0]
    assert token.startswith("gem_")
    assert Client().get("/api/v1/me", **_bearer(token)).status_code == 200

    record = ApiToken.objects.get(user=personas["member"])
    client.post(reverse("api_tokens:revoke", args=[record.pk]))
    assert Client().get("/api/v1/me", **_bearer(token)).status_code == 401


@pytest.mark.django_db
def test_the_token_form_shows_the_error_summary(personas, client_for):
    page = client_for(personas["pmo"]).post(reverse("api_tokens:list"), {"name": ""})

    assert "There is a problem" in page.content.decode()
    assert "Enter what the token is for" in page.content.decode()


@pytest.mark.django_db
def test_someone_elses_token_cannot_be_revoked(personas, client_for):
    record, token = create_token(personas["pmo"], "Mine")

    response = client_for(personas["hr"]).post(reverse("api_tokens:revoke", args=[record.pk]))

    assert response.status_code == 404
    assert Client().get("/api/v1/me", **_bearer(token)).status_code == 200


@pytest.mark.django_db
def test_the_browser_session_works_for_reads(personas, client_for):
    response = client_for(personas["finance"]).get("/api/v1/organisations")

    assert response.status_code == 200
    assert {o["code"] for o in response.json()} == {"CEC", "CWAC", "ICTSS"}


@pytest.mark.django_db
def test_the_openapi_schema_describes_the_routes():
    schema = Client().get("/api/v1/openapi.json").json()

    assert schema["info"]["title"] == "Gemini API"
    assert "/api/v1/me" in schema["paths"]
    assert "/api/v1/organisations" in schema["paths"]


def _repeated_keys(text: str) -> list[str]:
    repeated: list[str] = []

    def check(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [key for key, _ in pairs]
        repeated.extend(sorted({key for key in keys if keys.count(key) > 1}))
        return dict(pairs)

    json.loads(text, object_pairs_hook=check)
    return repeated


def test_the_openapi_document_repeats_no_key():
    """A repeated key (e.g. responses 200 given as a number and as text) is valid to Python
    but not to the API's documentation page, which then shows nothing (YAML refuses it)."""
    from gemini.api.api import api

    document = api.get_openapi_schema()
    text = Client().get("/api/v1/openapi.json").content.decode()

    repeated = {
        f"{method.upper()} {path}": sorted(map(str, operation.get("responses", {})))
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if len({str(code) for code in operation.get("responses", {})})
        != len(operation.get("responses", {}))
    }
    assert not repeated, f"Give each response code once, as a number: {repeated}"
    assert _repeated_keys(text) == []
    assert _repeated_keys('{"a": {"200": 1, "200": 2}}') == ["200"]  # the check works


@pytest.mark.django_db
def test_a_token_records_when_it_was_last_used_writing_at_most_once_a_minute(personas):
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    record, token = create_token(personas["pmo"], "Dashboard")
    Client().get("/api/v1/me", **_bearer(token))
    record.refresh_from_db()
    first = record.last_used_at
    assert first is not None

    with CaptureQueriesContext(connection) as queries:
        Client().get("/api/v1/me", **_bearer(token))
    assert not any(q["sql"].startswith("UPDATE") for q in queries.captured_queries)

    ApiToken.objects.filter(pk=record.pk).update(last_used_at=first - dt.timedelta(minutes=2))
    Client().get("/api/v1/me", **_bearer(token))
    record.refresh_from_db()
    assert record.last_used_at is not None
    assert record.last_used_at > first


@pytest.mark.django_db
def test_an_administrator_can_revoke_tokens_but_never_sees_one(personas):
    from gemini.core.models import User

    record, token = create_token(personas["hr"], "Script")
    admin = User.objects.create_superuser("admin@gemini.test", "admin-password-123")
    client = Client()
    client.force_login(admin)

    page = client.get(reverse("admin:api_apitoken_change", args=[record.pk])).content.decode()
    assert token not in page
    assert record.key_hash not in page
    client.post(
        reverse("admin:api_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [record.pk]},
    )

    assert Client().get("/api/v1/me", **_bearer(token)).status_code == 401


@pytest.mark.django_db
def test_an_address_that_is_no_route_answers_in_json(client):
    response = client.get("/api/v1/no/such/route")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "There is no API route /api/v1/no/such/route: see /api/v1/docs."
    }


def test_operation_ids_name_the_app_not_the_module_inside_it():
    """Clients generated from the schema name their methods by operationId: the programme's
    routes moved into sub-packages (gemini.programme.risks.api) and keep their ids."""
    from gemini.api.api import api

    schema = api.get_openapi_schema()
    ids = [op["operationId"] for path in schema["paths"].values() for op in path.values()]
    assert len(ids) == len(set(ids))
    assert "gemini_programme_api_risks" in ids
    assert "gemini_programme_api_decisions" in ids
    assert all(i.split("_api_")[0].count("_") == 1 for i in ids), ids


def _dated_reads(schema: dict[str, Any]) -> list[tuple[str, str]]:
    """Every GET route that takes a day in its query, with the name of that parameter."""
    found = []
    for path, operations in schema["paths"].items():
        for parameter in operations.get("get", {}).get("parameters", []):
            kind = parameter.get("schema", {})
            formats = {kind.get("format")} | {k.get("format") for k in kind.get("anyOf", [])}
            if parameter.get("in") == "query" and "date" in formats:
                found.append((path, parameter["name"]))
    return found


@pytest.mark.django_db
def test_every_read_as_at_a_day_answers_for_the_first_and_last_days_a_date_can_hold(demo, personas):
    """A reader may type any day: 31/12/9999 ("as at the end of time") is today's picture and
    01/01/0001 is before anything was recorded. Neither is a server error (a day's end past
    9999 once overflowed; gemini.core.asat.end_of_day)."""
    _, token = create_token(personas["pmo"], "Probe")
    client = Client(headers={"Authorization": f"Bearer {token}"})
    reads = _dated_reads(client.get("/api/v1/openapi.json").json())
    assert {"/api/v1/workforce/runs/{number}", "/api/v1/finance/position"} <= {p for p, _ in reads}
    for path, name in reads:
        url = path.replace("{number}", "1")
        assert "{" not in url, f"give {path} a value for its path"
        for day in ("9999-12-31", "0001-01-01"):
            response = client.get(url, {name: day})
            assert response.status_code in (200, 404), (url, day, response.content)
            assert response["Content-Type"].startswith("application/json")
            if response.status_code == 404:
                assert day == "0001-01-01", (url, response.content)
