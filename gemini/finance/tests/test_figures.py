"""finance.figures.position is the one read of the finance headline: the page, the API and the
CLI say the same thing on the same data.

`position(year, as_at, reader)` reads every finance record as it stood at the end of the day
(gemini/finance/figures.py): the three are compared for today and for a past day
(`?as_at=`, `--as-at`), and a review recorded after the day is not seen. The other finance
figures (budget, savings, income, agency, liability, scenarios) are compared here through the
headline they make up."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse

from gemini.core.history import recorded_at
from gemini.core.models import User
from gemini.core.reading import pounds_for_reading
from gemini.finance import figures
from gemini.finance.models import BudgetLine, QuarterFigure, SavingsItem
from gemini.testing.api import api_json

pytestmark = pytest.mark.django_db


def _finance_officer() -> User:
    return User.objects.get(email="finance@gemini.test")


def _api(user: User, path: str) -> Any:
    return api_json(user, f"/finance{path}")


def test_the_position_is_the_same_on_the_page_in_the_api_and_in_the_cli(finance_demo, client):
    found = figures.position()
    assert found.one_off_total > 0

    user = _finance_officer()
    api = _api(user, "/position")
    out = io.StringIO()
    call_command("finance", "position", "--json", stdout=out)
    cli = json.loads(out.getvalue())
    client.force_login(user)
    page = client.get(reverse("finance:index")).content.decode()

    expected = found.as_json()
    for key in (
        "one_off_total",
        "one_off_by_council",
        "savings_target_by_council",
        "savings_delivered_by_council",
        "forecast_variance",
        "project_income_budget",
        "project_income_forecast",
        "agency_reduction_percent",
    ):
        assert cli[key] == api[key] == expected[key], key
    assert api["forecast_rag"] == found.forecast_rag
    # the dashboard rounds money for reading (core.reading.pounds_for_reading): £5.1m, £450k
    assert pounds_for_reading(found.one_off_total) in page
    for code, amount in found.one_off_by_council.items():
        assert f"{code} {pounds_for_reading(amount)}" in page
    assert f"forecast {pounds_for_reading(found.project_income_forecast)}" in page
    assert f"down {found.agency_reduction_percent}%" in page


# --- as at a date -----------------------------------------------------------------------------

DAY = dt.date(2025, 2, 6)  # the demo below is recorded on 20 January 2025
LATER = dt.datetime(2025, 4, 20, 10, 0, tzinfo=ZoneInfo("Europe/London"))
KEYS = (
    "as_of",
    "one_off_total",
    "one_off_by_council",
    "savings_target_by_council",
    "savings_delivered_by_council",
    "forecast_variance",
    "project_income_budget",
    "project_income_forecast",
    "agency_reduction_percent",
)


@pytest.fixture
def dated_finance(db: None) -> None:
    from gemini.core.demo import DEMO_RECORDED_AT, DemoContext, load_core
    from gemini.finance.demo import load_finance

    context = DemoContext(password="demo-password-for-tests", report=lambda _: None, small=True)
    with recorded_at(DEMO_RECORDED_AT):
        load_core(context)
        load_finance(context)


def _cli(*args: str) -> Any:
    out = io.StringIO()
    call_command("finance", "position", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def test_a_review_recorded_after_the_day_is_not_seen(dated_finance):
    before = figures.position(as_at=DAY)
    assert before.review == "FR3"
    assert before.as_at == DAY
    line = BudgetLine.objects.filter(financial_year=before.year, is_income=False).first()
    assert line is not None
    item = SavingsItem.objects.filter(delivered=False).first()
    assert item is not None
    with recorded_at(LATER):
        QuarterFigure.objects.create(
            line=line,
            quarter="Outturn",
            actual=Decimal("1000.00"),
            forecast_outturn=line.annual_budget + Decimal("250000.00"),
        )
        item.delivered = True
        item.save()

    then = figures.position(as_at=DAY)
    assert then == before
    user = _finance_officer()
    api = _api(user, f"/position?as_at={DAY.isoformat()}")
    cli = _cli("--as-at", DAY.isoformat())
    for key in KEYS:
        assert cli[key] == api[key] == before.as_json()[key], key

    after = figures.position(as_at=LATER.date())
    assert after.review == "Outturn"
    assert after.forecast_variance != before.forecast_variance
    assert (
        sum(after.savings_delivered_by_council.values())
        == sum(before.savings_delivered_by_council.values()) + item.annual_amount
    )
    assert figures.position().as_json() == after.as_json()  # today sees it too


def test_the_position_needs_finance_access(finance_demo):
    from django.contrib.auth.models import AnonymousUser

    from gemini.core.access import PermissionDenied

    with pytest.raises(PermissionDenied):
        figures.position(reader=AnonymousUser())
    assert figures.position(reader=_finance_officer()) == figures.position()
