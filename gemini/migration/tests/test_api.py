"""The migration API: progress figures for everyone, people only for the technical lead and
the programme office, and status updates from the version read (docs/migration.md, "API")."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from gemini.api.services import create_token
from gemini.core.asat import today
from gemini.core.models import Membership, Organisation, Role, User
from gemini.core.tests.test_no_leaks import PERSONAL, _plant
from gemini.migration import figures, services
from gemini.migration import models as m
from gemini.migration.tests.support import a_person, the_plan

pytestmark = pytest.mark.django_db

BASE = "/api/v1/migration"


def api(user: User) -> Client:
    _, token = create_token(user, "Test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _put(client: Client, person: m.Identity, workload: str, body: dict[str, Any]) -> Any:
    url = f"{BASE}/identities/{person.pk}/statuses/{workload}"
    return client.put(url, body, content_type="application/json")


def _version(person: m.Identity, workload: str) -> int:
    found = m.WorkloadStatus.objects.filter(identity=person, workload=workload).first()
    return found.version if found else 0


# --- reads ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["member", "union", "finance"])
def test_it_gives_every_role_the_progress_figures(role, estate):
    body = api(estate[role]).get(f"{BASE}/progress").json()
    found = figures.progress(today())

    assert [w["name"] for w in body["waves"]] == [w.name for w in found.waves]
    assert [w.name for w in found.waves] == list(
        the_plan().waves.order_by("number").values_list("name", flat=True)
    )
    assert body["users"] == found.users > 0
    assert body["phase_1_done"] == found.phase_1
    assert body["phase_2_done"] == found.phase_2


@pytest.mark.parametrize("role", ["member", "union", "finance", "hr", "lead"])
def test_it_refuses_people_and_the_plan_to_everyone_but_the_managers(role, estate):
    client = api(estate[role])
    person = a_person()

    for path in (
        "/settings",
        "/plan",
        "/identities",
        f"/identities/{person.pk}",
        "/statuses",
        "/devices",
    ):
        response = client.get(BASE + path)
        assert response.status_code == 403, path
        assert "permission" in response.json()["detail"]


def test_it_gives_the_technical_lead_a_person_with_every_workload_and_why_their_wave(estate):
    person = a_person()

    body = api(estate["tech"]).get(f"{BASE}/identities/{person.pk}").json()

    assert body["user_principal_name"] == person.user_principal_name
    assert [s["workload"] for s in body["statuses"]] == [w.value for w in m.Workload]
    recorded = {s.workload: s.version for s in person.statuses.all()}
    assert {s["workload"]: s["version"] for s in body["statuses"]} == {
        w.value: recorded.get(w.value, 0) for w in m.Workload
    }
    assert body["placement"]["reason"]


def test_it_pages_and_filters_the_identities(estate):
    client = api(estate["tech"])
    total = m.Identity.objects.count()

    first = client.get(f"{BASE}/identities?limit=5").json()
    second = client.get(f"{BASE}/identities?limit=5&offset=5").json()
    person = a_person()
    found = client.get(f"{BASE}/identities", {"q": person.user_principal_name}).json()
    wave = client.get(f"{BASE}/identities?wave=1&limit=500").json()

    assert first["count"] == second["count"] == total
    assert len(first["items"]) == 5
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    assert [i["id"] for i in found["items"]] == [person.pk]
    assert wave["count"] == the_plan().waves.get(number=1).users
    assert client.get(f"{BASE}/identities?limit=501").status_code == 422


def test_it_scopes_identities_to_the_organisations_a_manager_reaches(estate):
    lead = User.objects.create_user("tech-cwac@gemini.test", "x-password-123")
    Membership.objects.create(
        user=lead, organisation=Organisation.objects.get(code="CWAC"), role=Role.TECHNICAL
    )
    client = api(lead)
    cec = m.Identity.objects.filter(organisation__code="CEC").first()
    assert cec is not None

    listed = client.get(f"{BASE}/identities?limit=500").json()

    assert listed["count"] == m.Identity.objects.filter(organisation__code="CWAC").count()
    assert client.get(f"{BASE}/identities/{cec.pk}").status_code == 404
    body = {"state": "completed", "version": _version(cec, "mail")}
    assert _put(client, cec, "mail", body).status_code == 404


@pytest.mark.parametrize("role", ["member", "union"])
def test_no_route_sends_a_name_or_address_to_a_read_only_role(role, estate):
    _plant()
    client = api(estate[role])
    person = a_person()
    paths = [
        "/progress",
        "/settings",
        "/plan",
        "/identities",
        f"/identities/{person.pk}",
        "/statuses",
        "/devices",
    ]

    for path in paths:
        body = client.get(BASE + path).content.decode()
        assert PERSONAL not in body, path
        assert person.user_principal_name not in body, path


def test_the_leak_check_would_see_addresses_given_to_the_technical_lead(estate):
    _plant()
    person = a_person()

    body = api(estate["tech"]).get(f"{BASE}/identities/{person.pk}").content.decode()

    assert PERSONAL in body


# --- status updates -------------------------------------------------------------------------


def test_it_sets_a_state_from_the_version_read_and_keeps_the_history(estate):
    person = a_person()
    version = _version(person, "onedrive")

    response = _put(
        api(estate["tech"]),
        person,
        "onedrive",
        {
            "state": "failed",
            "problem": "path_too_long",
            "note": "Deep folders.",
            "version": version,
        },
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["state"], body["problem"], body["version"]) == (
        "failed",
        "path_too_long",
        version + 1,
    )
    status = m.WorkloadStatus.objects.get(identity=person, workload="onedrive")
    assert (status.state, status.note) == ("failed", "Deep folders.")
    assert status.history.filter(state="failed").exists()
    assert status.history.count() >= 2


def test_it_records_a_first_status_from_version_0(estate):
    person = a_person()
    m.WorkloadStatus.objects.filter(identity=person, workload="teams").delete()

    response = _put(api(estate["tech"]), person, "teams", {"state": "scheduled", "version": 0})

    assert response.status_code == 200
    assert response.json()["version"] == 1
    assert m.WorkloadStatus.objects.get(identity=person, workload="teams").state == "scheduled"


def test_it_refuses_an_update_from_an_out_of_date_version_and_keeps_the_first(estate):
    person = a_person()
    client = api(estate["tech"])
    version = _version(person, "mail")
    assert _put(client, person, "mail", {"state": "failed", "version": version}).status_code == 200

    again = _put(client, person, "mail", {"state": "in_progress", "version": version})

    assert again.status_code == 409
    assert again.json()["current_version"] == version + 1
    assert m.WorkloadStatus.objects.get(identity=person, workload="mail").state == "failed"


def test_a_status_import_raises_the_version_so_an_older_update_is_refused(estate):
    person = a_person()
    version = _version(person, "account")
    services.set_status(person, "account", "failed", note="From the tools' report.")

    response = _put(
        api(estate["tech"]), person, "account", {"state": "completed", "version": version}
    )

    assert response.status_code == 409
    assert m.WorkloadStatus.objects.get(identity=person, workload="account").state == "failed"


@pytest.mark.parametrize("role", ["member", "union", "hr", "finance"])
def test_it_lets_only_the_managers_set_a_status(role, estate):
    person = a_person()
    before = list(m.WorkloadStatus.objects.filter(identity=person).values_list("state", "version"))

    response = _put(
        api(estate[role]), person, "mail", {"state": "failed", "version": _version(person, "mail")}
    )

    assert response.status_code == 403
    assert (
        list(m.WorkloadStatus.objects.filter(identity=person).values_list("state", "version"))
        == before
    )


@pytest.mark.parametrize(
    ("workload", "body"),
    [
        ("mail", {"state": "finished", "version": 1}),
        ("mail", {"state": "failed"}),  # no version
        ("mail", {"state": "failed", "version": -1}),
        ("mail", {"state": "failed", "problem": "gremlins", "version": 1}),
        ("mail", {"state": "failed", "note": "x" * 501, "version": 1}),
        ("fax", {"state": "failed", "version": 1}),
    ],
)
def test_it_refuses_bad_input_with_422_and_writes_nothing(workload, body, estate):
    person = a_person()
    before = list(m.WorkloadStatus.objects.filter(identity=person).values_list("state", "version"))

    response = _put(api(estate["tech"]), person, workload, body)

    assert response.status_code == 422
    assert response.json()["detail"]
    assert (
        list(m.WorkloadStatus.objects.filter(identity=person).values_list("state", "version"))
        == before
    )


def test_it_gives_sizes_as_decimal_strings_never_floats(estate):
    body = api(estate["tech"]).get(f"{BASE}/plan").json()

    assert all(re.match(r"^\d+(\.\d+)?$", w["gb"]) for w in body["waves"])
    assert re.match(r"^\d+(\.\d+)?$", body["max_gb"])


@pytest.mark.parametrize(
    "path", ["/progress", "/settings", "/plan", "/identities", "/statuses", "/devices"]
)
def test_list_routes_use_a_bounded_number_of_queries(path, estate, django_assert_max_num_queries):
    client = api(estate["tech"])
    with django_assert_max_num_queries(15):
        response = client.get(BASE + path, {"limit": 500})
    assert response.status_code == 200
