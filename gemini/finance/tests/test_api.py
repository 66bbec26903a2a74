"""The finance API: the Part 1 figures for every role, from the same reads as the pages, with
money as strings in pounds and pence (docs/finance.md, "API")."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from gemini.api.services import create_token
from gemini.core.models import User
from gemini.core.tests.test_no_leaks import EXEMPT, PERSONAL, _plant
from gemini.finance import figures
from gemini.finance.models import QuarterFigure, Scenario

pytestmark = pytest.mark.django_db

BASE = "/api/v1/finance"
MONEY = re.compile(r"^-?\d+\.\d{2}$")


def api(user: User) -> Client:
    _, token = create_token(user, "Test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _money_values(value: Any, key: str = "") -> list[tuple[str, Any]]:
    """Every (key, value) in a JSON answer whose key names an amount of money."""
    found: list[tuple[str, Any]] = []
    if isinstance(value, dict):
        for k, v in value.items():
            found += _money_values(v, k)
    elif isinstance(value, list):
        for v in value:
            found += _money_values(v, key)
    elif key in {"amount", "actual", "budget", "forecast", "variance", "spend", "total"}:
        found.append((key, value))
    return found


@pytest.mark.parametrize("role", ["member", "union", "finance", "hr_cwac"])
def test_it_gives_every_role_the_seed_reports_position(role, finance_demo, personas):
    body = api(personas[role]).get(f"{BASE}/position").json()
    expected = figures.position()

    assert body["year"] == expected.year
    assert body["one_off_total"] == f"{expected.one_off_total:.2f}"
    assert body["forecast_variance"] == f"{expected.forecast_variance:.2f}"
    assert body["forecast_rag"] == expected.forecast_rag
    assert body["savings_target_by_council"] == {
        code: f"{amount:.2f}" for code, amount in expected.savings_target_by_council.items()
    }


def test_it_gives_money_as_strings_with_pence_never_floats(finance_demo, personas):
    client = api(personas["member"])

    answers = [
        client.get(BASE + path).json()
        for path in ("/budget", "/savings", "/one-off", "/liability", "/agency", "/income")
    ]

    amounts = [v for answer in answers for _, v in _money_values(answer) if v is not None]
    assert len(amounts) > 10
    assert all(isinstance(v, str) and MONEY.match(v) for v in amounts), amounts


def test_the_budget_shows_each_review_and_each_figure_with_its_version(finance_demo, personas):
    body = api(personas["member"]).get(f"{BASE}/budget?year=2024/25").json()

    assert [r["review"] for r in body["reviews"]] == [
        p.review for p in figures.budget_positions("2024/25")
    ]
    assert {r["rag"] for r in body["reviews"]} <= {"Green", "Amber", "Red"}
    staff = next(f for f in body["figures"] if f["line"] == "Staff" and f["quarter"] == "FR3")
    record = QuarterFigure.objects.get(line__name="Staff", quarter="FR3")
    assert (staff["id"], staff["actual"], staff["version"]) == (
        record.pk,
        f"{record.actual:.2f}",
        record.version,
    )
    line = next(line for line in body["lines"] if line["name"] == "Staff")
    assert sum(Decimal(v) for v in line["profile"].values()) == Decimal(line["annual_budget"])


def test_the_one_off_split_adds_up_to_the_penny(finance_demo, personas):
    for investment in api(personas["union"]).get(f"{BASE}/one-off").json():
        split = investment["split"]
        assert sum(Decimal(s["amount"]) for s in split["shares"]) == Decimal(investment["total"])
        assert split["reasons"]


def test_the_liability_follows_the_chosen_basis_and_refuses_an_unknown_one(finance_demo, personas):
    client = api(personas["member"])
    bases = client.get(f"{BASE}/liability").json()["bases"]

    for basis in bases:
        body = client.get(f"{BASE}/liability?basis={basis['code']}").json()
        assert body["basis"] == basis["code"]
        for row in body["rows"]:
            shares = row["allocation"]["shares"]
            assert sum(Decimal(s["amount"]) for s in shares) == Decimal(row["allocation"]["total"])
    assert client.get(f"{BASE}/liability?basis=no-such-basis").status_code == 404


def test_a_scenario_is_compared_with_the_base_case(finance_demo, personas):
    scenario = Scenario.objects.get(slug="commissioned-hours-fall-to-50000")

    body = api(personas["member"]).get(f"{BASE}/scenarios/{scenario.slug}").json()

    assert body["scenario"]["name"] == scenario.name
    assert body["scenario"]["version"] == scenario.version
    comparison = body["comparison"]
    assert comparison["scenario_drivers"]["project_hours"] == "50000.0"
    assert Decimal(comparison["scenario"]["shortfall"]) > Decimal(comparison["base"]["shortfall"])
    assert comparison["scenario"]["reasons"]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/position?year=2024/26", 404),  # 2024 is followed by 2025
        ("/budget?year=0000/01", 422),  # outside the years the schema allows
        ("/income?year=2099/00", 404),  # outside the years Gemini handles
        ("/agency?year=twenty", 422),
        ("/scenarios/no-such-scenario", 404),
    ],
)
def test_it_refuses_a_year_or_scenario_that_is_not_one_with_a_json_message(
    path, status, finance_demo, personas
):
    response = api(personas["member"]).get(BASE + path)

    assert response.status_code == status
    assert response.json()["detail"]


def test_it_answers_401_without_credentials(finance_demo):
    response = Client().get(f"{BASE}/position")

    assert response.status_code == 401
    assert "personal API token" in response.json()["detail"]


@pytest.mark.parametrize("role", ["member", "union"])
def test_no_route_sends_marked_text_to_a_read_only_role(role, finance_demo, personas):
    _plant()
    client = api(personas[role])
    slugs = list(Scenario.objects.values_list("slug", flat=True))
    paths = [
        f"{BASE}/{name}"
        for name in ("position", "budget", "savings", "one-off", "income", "agency", "liability")
    ]
    paths += [f"{BASE}/scenarios", *(f"{BASE}/scenarios/{slug}" for slug in slugs)]

    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert EXEMPT not in response.text, path
        assert PERSONAL not in response.text, path


@pytest.mark.parametrize(
    "path",
    ["/position", "/budget", "/savings", "/one-off", "/income", "/agency", "/liability",
     "/scenarios", "/scenarios/commissioned-hours-fall-to-50000"],
)  # fmt: skip
def test_each_route_uses_a_bounded_number_of_queries(
    path, finance_demo, personas, django_assert_max_num_queries
):
    client = api(personas["member"])
    with django_assert_max_num_queries(40):
        response = client.get(BASE + path)
    assert response.status_code == 200
