"""The workforce API: anonymised figures for everyone, people only for HR in scope, and HR's
decision on an outcome (docs/workforce.md, "API")."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from gemini.api.services import create_token
from gemini.core.models import User
from gemini.core.tests.test_no_leaks import EXEMPT, PERSONAL, _plant
from gemini.workforce.models import (
    Decision,
    MatchingRun,
    OrganisedGrouping,
    Outcome,
    PersonOutcome,
    Post,
    Staff,
)

BASE = "/api/v1/workforce"
MONEY = re.compile(r"^-?\d+\.\d{2}$")


def api(user: User) -> Client:
    _, token = create_token(user, "Test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _run() -> MatchingRun:
    return MatchingRun.objects.order_by("number")[0]


def _pending(**filters: Any) -> PersonOutcome:
    return (
        PersonOutcome.objects.filter(run=_run(), decision=Decision.PENDING, **filters)
        .select_related("staff")
        .order_by("staff__employee_ref")[0]
    )


def _decide(client: Client, item: PersonOutcome, body: dict[str, Any]) -> Any:
    url = f"{BASE}/runs/{item.run.number}/outcomes/{item.staff.employee_ref}/decision"
    return client.put(url, body, content_type="application/json")


# --- reads ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["member", "union"])
def test_it_gives_members_and_union_representatives_the_anonymised_figures(
    role, demo_for_module, db, personas
):
    client = api(personas[role])
    run = _run()

    structure = client.get(f"{BASE}/structure").json()
    summary = client.get(f"{BASE}/runs/{run.number}").json()
    grouping = client.get(f"{BASE}/groupings").json()[0]

    assert structure["places"] == sum(d["places"] for d in structure["designs"]) > 0
    assert structure["staff"] == Staff.objects.count()
    assert summary["run"]["number"] == run.number
    assert sum(summary["counts"].values()) == run.staff_count
    assert set(summary["counts"]) == {"slot_in", "matched", "ring_fence", "at_risk"}
    members = OrganisedGrouping.objects.get(pk=grouping["id"]).members.count()
    assert grouping["people"] == members > 0
    detail = client.get(f"{BASE}/groupings/{grouping['id']}").json()
    assert detail["members"] is None


@pytest.mark.parametrize("role", ["member", "union", "finance", "tech", "lead"])
def test_it_refuses_anything_about_a_person_without_the_right(role, demo_for_module, db, personas):
    client = api(personas[role])
    run, ref = _run().number, Staff.objects.order_by("employee_ref")[0].employee_ref

    for path in (
        "/staff",
        f"/staff/{ref}",
        f"/runs/{run}/outcomes",
        f"/runs/{run}/outcomes/{ref}",
        f"/runs/{run}/redundancy",
    ):
        response = client.get(BASE + path)
        assert response.status_code == 403, path
        assert "permission" in response.json()["detail"]


def test_it_scopes_people_to_the_organisations_hr_serves(demo_for_module, db, personas):
    run = _run().number
    coming = set(
        PersonOutcome.objects.filter(
            run__number=run, proposed_post__council__code="CWAC"
        ).values_list("staff__employee_ref", flat=True)
    )
    ref = (
        Staff.objects.filter(employer__code__in=["CEC", "ICTSS"])
        .exclude(employee_ref__in=coming)[0]
        .employee_ref
    )

    cec = api(personas["hr"])
    cwac = api(personas["hr_cwac"])

    assert {s["employee_ref"] for s in cec.get(f"{BASE}/staff").json()} == set(
        Staff.objects.filter(employer__code__in=["CEC", "ICTSS"]).values_list(
            "employee_ref", flat=True
        )
    )
    # HR at CWaC sees only the people coming to CWaC (issue 14, item 12).
    assert {s["employee_ref"] for s in cwac.get(f"{BASE}/staff").json()} == coming
    assert cwac.get(f"{BASE}/staff/{ref}").status_code == 404
    assert {o["employee_ref"] for o in cwac.get(f"{BASE}/runs/{run}/outcomes").json()} == coming
    assert cwac.get(f"{BASE}/runs/{run}/outcomes/{ref}").status_code == 404


def test_it_gives_hr_names_pay_and_the_engines_reasons(demo_for_module, db, personas):
    client = api(personas["hr"])
    person = Staff.objects.order_by("employee_ref")[0]
    run = _run()

    staff = client.get(f"{BASE}/staff/{person.employee_ref}").json()
    outcome = client.get(f"{BASE}/runs/{run.number}/outcomes/{person.employee_ref}").json()
    costs = client.get(f"{BASE}/runs/{run.number}/redundancy").json()

    assert staff["name"] == person.name
    assert staff["weekly_pay"] == f"{person.weekly_pay:.2f}"
    assert MONEY.match(staff["annual_salary"])
    assert staff["current_jd"] == person.current_jd
    assert outcome["name"] == person.name
    assert outcome["reasons"]
    assert outcome["version"] >= 1
    at_risk = PersonOutcome.objects.filter(run=run, proposed=Outcome.AT_RISK, decision="pending")
    assert len(costs) >= at_risk.count()
    assert all(MONEY.match(c["statutory"]) and MONEY.match(c["discretionary"]) for c in costs)


def test_it_hides_cost_totals_below_the_minimum_from_those_who_may_not_see_pay(
    demo_for_module, db, personas
):
    run = _run()
    run.policy = {**run.policy, "equality_minimum": 10_000}
    MatchingRun.objects.filter(pk=run.pk).update(policy=run.policy)

    member = api(personas["member"]).get(f"{BASE}/runs/{run.number}").json()["costs"]
    hr = api(personas["hr"]).get(f"{BASE}/runs/{run.number}").json()["costs"]

    assert (member["shown"], member["statutory"], member["discretionary"]) == (False, None, None)
    assert member["protective_award_exposure"] is None
    assert hr["shown"] is True
    assert MONEY.match(hr["statutory"])


# --- no leaks through detail routes -----------------------------------------------------------


def _detail_paths() -> list[str]:
    """Every workforce GET path in the schema, with its parameters filled from the demo."""
    from gemini.api.api import api as ninja_api

    run = _run()
    values = {
        "number": str(run.number),
        "employee_ref": Staff.objects.order_by("employee_ref")[0].employee_ref,
        "grouping_id": str(_grouping_id()),
    }
    paths = []
    for path, operations in ninja_api.get_openapi_schema(path_prefix="/api/v1")["paths"].items():
        if not path.startswith(BASE) or "get" not in operations:
            continue
        for name in re.findall(r"{(\w+)}", path):
            assert name in values, f"Give the leak test a value for {{{name}}} in {path}"
            path = path.replace(f"{{{name}}}", values[name])
        paths.append(path)
    return paths


def _grouping_id() -> int:
    from gemini.workforce.models import OrganisedGrouping

    return OrganisedGrouping.objects.order_by("pk")[0].pk


@pytest.mark.parametrize("role", ["member", "union"])
def test_it_never_sends_a_name_pay_or_marked_text_through_any_route(
    role, demo_for_module, db, personas
):
    _plant()
    client = api(personas[role])
    paths = _detail_paths()

    bodies = {path: client.get(path).content.decode() for path in paths}

    assert any("{" in p for p in _raw_paths()), "the check must reach detail routes"
    pay = {f'"{p:.2f}"' for p in Staff.objects.values_list("weekly_pay", flat=True)}
    for path, body in bodies.items():
        assert PERSONAL not in body, path
        assert EXEMPT not in body, path
        assert not any(amount in body for amount in pay), path


def test_the_leak_check_would_see_names_given_to_hr(demo_for_module, db, personas):
    _plant()
    client = api(personas["hr"])

    bodies = [client.get(path).content.decode() for path in _detail_paths()]

    assert sum(PERSONAL in body for body in bodies) >= 4  # staff, a person, outcomes, costs


def _raw_paths() -> list[str]:
    from gemini.api.api import api as ninja_api

    schema = ninja_api.get_openapi_schema(path_prefix="/api/v1")
    return [p for p, ops in schema["paths"].items() if p.startswith(BASE) and "get" in ops]


# --- HR's decision -------------------------------------------------------------------------


def test_it_records_hrs_confirmation_with_who_and_why(demo_for_module, db, personas):
    item = _pending()

    response = _decide(
        api(personas["hr"]),
        item,
        {"decision": "confirmed", "reason": "Agreed at panel.", "version": item.version},
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["decision"], body["outcome"]) == ("confirmed", item.proposed)
    assert body["decided_by"] == str(personas["hr"])
    assert body["version"] == item.version + 1
    item.refresh_from_db()
    assert (item.decision, item.decided_by, item.decision_reason) == (
        Decision.CONFIRMED,
        personas["hr"],
        "Agreed at panel.",
    )
    assert item.history.count() == 2


def test_it_records_an_override_to_a_post_beside_the_proposal(demo_for_module, db, personas):
    item = _pending(proposed=Outcome.AT_RISK)
    post = Post.objects.order_by("post_ref")[0]

    response = _decide(
        api(personas["hr"]),
        item,
        {
            "decision": "overridden",
            "outcome": "matched",
            "post_ref": post.post_ref,
            "reason": "Matched after moderation.",
            "version": item.version,
            # An at-risk person has no duty match at the ring-fence threshold: the override
            # departs from the policy, which HR has read (test_decisions.py).
            "accept_policy_breaches": True,
        },
    )

    assert response.status_code == 200, response.content
    assert response.json()["policy_breaches"]
    item.refresh_from_db()
    assert (item.proposed, item.decided_outcome, item.decided_post) == (
        Outcome.AT_RISK,
        Outcome.MATCHED,
        post,
    )
    assert response.json()["post"] == post.post_ref


def test_it_refuses_a_decision_from_an_out_of_date_version_and_keeps_the_first(
    demo_for_module, db, personas
):
    item = _pending()
    client = api(personas["hr"])
    first = {"decision": "confirmed", "reason": "First.", "version": item.version}
    assert _decide(client, item, first).status_code == 200

    again = _decide(client, item, {**first, "reason": "Second."})

    assert again.status_code == 409
    assert again.json()["current_version"] == item.version + 1
    assert "changed by someone else" in again.json()["detail"]
    item.refresh_from_db()
    assert item.decision_reason == "First."


@pytest.mark.parametrize(("role", "status"), [("member", 403), ("pmo", 403), ("hr_cwac", 404)])
def test_it_lets_only_hr_in_scope_decide(role, status, demo_for_module, db, personas):
    item = _pending()

    response = _decide(
        api(personas[role]),
        item,
        {"decision": "confirmed", "reason": "Not mine to decide.", "version": item.version},
    )

    assert response.status_code == status
    item.refresh_from_db()
    assert item.decision == Decision.PENDING


@pytest.mark.parametrize(
    "body",
    [
        {"decision": "confirmed", "version": 1},  # no reason
        {"decision": "confirmed", "reason": "   ", "version": 1},  # a blank reason
        {"decision": "overridden", "outcome": "slot_in", "reason": "x", "version": 1},  # no post
        {"decision": "overridden", "reason": "x", "version": 1},  # no outcome
        {"decision": "maybe", "reason": "x", "version": 1},
        {"decision": "confirmed", "reason": "x", "version": "one"},
    ],
)
def test_it_refuses_bad_input_with_422_and_writes_nothing(body, demo_for_module, db, personas):
    item = _pending()

    response = _decide(api(personas["hr"]), item, body)

    assert response.status_code == 422
    assert response.json()["detail"]
    item.refresh_from_db()
    assert (item.decision, item.version) == (Decision.PENDING, 1)


def test_it_answers_404_for_a_post_that_does_not_exist_and_writes_nothing(
    demo_for_module, db, personas
):
    item = _pending()

    response = _decide(
        api(personas["hr"]),
        item,
        {
            "decision": "overridden",
            "outcome": "matched",
            "post_ref": "NO-SUCH-POST",
            "reason": "x",
            "version": item.version,
        },
    )

    assert response.status_code == 404
    item.refresh_from_db()
    assert item.decision == Decision.PENDING


@pytest.mark.parametrize(
    "path",
    ["/structure", "/posts", "/runs", "/groupings", "/staff", "/runs/{run}/outcomes",
     "/runs/{run}/redundancy", "/runs/{run}"],
)  # fmt: skip
def test_list_routes_use_a_bounded_number_of_queries(
    path, demo_for_module, db, personas, django_assert_max_num_queries
):
    client = api(personas["hr"])
    url = BASE + path.format(run=_run().number)
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200
