"""The hosting API: the estate for officers only, each council's own applications and bill,
and a named person's confirmation of a disposition (docs/hosting.md, "API")."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from gemini.api.services import create_token
from gemini.core.models import User
from gemini.core.tests.test_no_leaks import PERSONAL, _plant
from gemini.hosting import assessment
from gemini.hosting.models import Application

BASE = "/api/v1/hosting"
MONEY = re.compile(r"^-?\d+\.\d{2}$")
LISTS = ("/estate", "/vms", "/applications", "/dependencies", "/plan", "/catalogue", "/projects")


def api(user: User) -> Client:
    _, token = create_token(user, "Test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _app(name: str) -> Application:
    return Application.objects.get(name=name)


def _confirm(client: Client, app: Application, body: dict[str, Any]) -> Any:
    url = f"{BASE}/applications/{app.pk}/disposition"
    return client.put(url, body, content_type="application/json")


# --- reads ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["member", "union"])
def test_it_never_gives_the_estate_to_members_or_union_representatives(
    role, demo_for_module, db, personas
):
    client = api(personas[role])
    paths = [*LISTS, f"/applications/{_app('Shared HR and Payroll').pk}"]

    for path in paths:
        response = client.get(BASE + path)
        assert response.status_code == 403, path
        assert "permission" in response.json()["detail"]


def test_each_council_sees_its_own_applications_and_the_shared_ones(demo_for_module, db, personas):
    cwac = {a["name"] for a in api(personas["hr_cwac"]).get(f"{BASE}/applications").json()}
    cec = {a["name"] for a in api(personas["hr"]).get(f"{BASE}/applications").json()}

    assert {"CWAC Revenues and Benefits", "Shared HR and Payroll"} <= cwac
    assert "CEC Revenues and Benefits" not in cwac
    assert "CEC Revenues and Benefits" in cec
    assert "CWAC Revenues and Benefits" not in cec
    missing = api(personas["hr_cwac"]).get(
        f"{BASE}/applications/{_app('CEC Revenues and Benefits').pk}"
    )
    assert missing.status_code == 404


def test_each_council_sees_only_its_own_bill(demo_for_module, db, personas):
    cwac = api(personas["hr_cwac"]).get(f"{BASE}/estate").json()
    tech = api(personas["tech"]).get(f"{BASE}/estate").json()

    assert [b["council"] for b in cwac["bills"]] == ["CWAC"]
    assert sorted(b["council"] for b in tech["bills"]) == ["CEC", "CWAC"]
    assert all(MONEY.match(b[k]) for b in tech["bills"] for k in ("on_premises", "cloud"))
    assert tech["vms"] >= cwac["vms"]


def test_an_application_carries_its_proposal_with_the_rule_and_reasons(
    demo_for_module, db, personas
):
    app = _app("CEC Revenues and Benefits")
    expected = assessment.assess().applications[app.name]

    body = api(personas["tech"]).get(f"{BASE}/applications/{app.pk}").json()

    assert body["proposal"]["disposition"] == expected.proposal.disposition.value
    assert body["proposal"]["rule"] == expected.proposal.rule
    assert body["proposal"]["reasons"] == list(expected.proposal.reasons)
    assert body["version"] == app.version
    assert MONEY.match(body["cost"]["on_premises"])
    assert body["shares"]


def test_vms_carry_their_support_and_sizing_with_the_reasons(demo_for_module, db, personas):
    body = api(personas["tech"]).get(f"{BASE}/vms").json()

    assert body
    assert all(vm["sizing"]["reasons"] for vm in body)
    assert all(vm["support"]["reason"] for vm in body)
    priced = [vm["sizing"]["annual_price"] for vm in body if vm["sizing"]["annual_price"]]
    assert priced
    assert all(MONEY.match(p) for p in priced)


@pytest.mark.parametrize("path", LISTS)
def test_list_routes_use_a_bounded_number_of_queries(
    path, demo_for_module, db, personas, django_assert_max_num_queries
):
    client = api(personas["tech"])
    with django_assert_max_num_queries(30):
        response = client.get(BASE + path)
    assert response.status_code == 200


def test_the_leak_check_would_see_a_business_owners_name_given_to_an_officer(
    demo_for_module, db, personas
):
    _plant()
    app = _app("Shared HR and Payroll")

    body = api(personas["tech"]).get(f"{BASE}/applications/{app.pk}").content.decode()

    assert PERSONAL in body
    for role in ("member", "union"):
        assert PERSONAL not in api(personas[role]).get(f"{BASE}/applications/{app.pk}").text


# --- confirming a disposition --------------------------------------------------------------


def test_it_records_an_override_with_who_and_why(demo_for_module, db, personas):
    app = _app("CEC Revenues and Benefits")

    response = _confirm(
        api(personas["tech"]),
        app,
        {"disposition": "refactor", "reason": "Rewrite planned with the supplier.", "version": 1},
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["disposition"], body["confirmed"], body["version"]) == ("refactor", True, 2)
    assert body["confirmed_by"] == str(personas["tech"])
    app.refresh_from_db()
    assert (app.confirmed_disposition, app.confirmation_note, app.confirmed_by) == (
        "refactor",
        "Rewrite planned with the supplier.",
        personas["tech"],
    )
    assert app.history.count() >= 2


def test_it_refuses_a_confirmation_from_an_out_of_date_version_and_keeps_the_first(
    demo_for_module, db, personas
):
    app = _app("CEC Revenues and Benefits")
    client = api(personas["tech"])
    first = {"disposition": "retain", "reason": "First.", "version": app.version}
    assert _confirm(client, app, first).status_code == 200

    again = _confirm(client, app, {**first, "disposition": "retire", "reason": "Second."})

    assert again.status_code == 409
    assert again.json()["current_version"] == app.version + 1
    app.refresh_from_db()
    assert (app.confirmed_disposition, app.confirmation_note) == ("retain", "First.")


@pytest.mark.parametrize(
    ("role", "status"),
    [("member", 403), ("union", 403), ("finance", 403), ("hr", 403), ("lead", 403)],
)
def test_it_lets_only_the_technical_lead_and_programme_office_confirm(
    role, status, demo_for_module, db, personas
):
    app = _app("Shared HR and Payroll")

    response = _confirm(
        api(personas[role]), app, {"disposition": "rehost", "reason": "Mine.", "version": 1}
    )

    assert response.status_code == status
    app.refresh_from_db()
    assert (app.confirmed_disposition, app.version) == ("", 1)


@pytest.mark.parametrize(
    "body",
    [
        {"disposition": "rehost", "version": 1},  # no reason
        {"disposition": "rehost", "reason": " \n ", "version": 1},  # a blank reason
        {"disposition": "lift-and-shift", "reason": "x", "version": 1},
        {"disposition": "rehost", "reason": "x", "version": 0},
        {"disposition": "rehost", "reason": "x"},  # no version
    ],
)
def test_it_refuses_bad_input_with_422_and_writes_nothing(body, demo_for_module, db, personas):
    app = _app("Shared HR and Payroll")

    response = _confirm(api(personas["tech"]), app, body)

    assert response.status_code == 422
    assert response.json()["detail"]
    app.refresh_from_db()
    assert (app.confirmed_disposition, app.version) == ("", 1)
