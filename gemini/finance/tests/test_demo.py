"""The finance demo gives back the seed report's figures, and loading it twice changes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gemini.core.demo import DemoContext
from gemini.finance import figures
from gemini.finance.demo import load_finance
from gemini.finance.models import BudgetLine, OneOffInvestment, ProjectHours, SavingsItem

pytestmark = pytest.mark.django_db


def test_the_seed_figures_add_up(finance_demo):
    investment = OneOffInvestment.objects.get()
    assert investment.total == Decimal("5100000.00")
    assert sum(
        i.annual_amount for i in SavingsItem.objects.filter(source="contract_costs")
    ) == Decimal("500000.00")
    hours = ProjectHours.objects.filter(financial_year="2024/25")
    assert sum(h.delivered_hours or h.commissioned_hours for h in hours) == Decimal(57000)
    for line in BudgetLine.objects.all():
        assert sum(line.profile) == line.annual_budget
    fr3 = figures.budget_positions("2024/25")[-1]
    assert fr3.review == "FR3"
    assert fr3.variance == Decimal("0.00")
    agency_line = next(line for line in fr3.lines if line.category == "agency")
    agency_spend = figures.agency_trend("2024/25").spend_to_date
    # Agency spend by month (April to January) matches the agency line's actuals to FR3
    # plus January.
    assert agency_spend - agency_line.actual_to_date == Decimal("160650.00")
    assert figures.agency_trend("2024/25").reduction_percent > 25


def test_loading_the_demo_twice_changes_nothing(finance_demo):
    context = DemoContext(password="demo-password-for-tests", report=lambda _: None, small=True)
    load_finance(context)
    assert set(context.outcomes) == {"unchanged"}
