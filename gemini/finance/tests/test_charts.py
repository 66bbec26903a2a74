"""Finance charts keep the chart rules (gemini.core.charts): one scale per panel (no second
y-axis drawn over the first: a £0–80k variance over £0–5m bars read as flat), legends off the
data and as large as the tick labels, money ticks rounded for reading, roles in whole numbers,
and each chart's figures as a table."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from matplotlib.figure import Figure

from gemini.core.charts import LEGEND_SIZE
from gemini.finance import charts, engine
from gemini.testing.charts import every_rule, legend_sizes, second_axes, tick_labels, tick_values

REVIEWS = ["FR1", "FR2", "FR3"]
BUDGET = [Decimal(5_000_000)] * 3
ACTUAL = [Decimal(4_800_000), Decimal(5_100_000), Decimal(4_900_000)]
VARIANCE = [Decimal(0), Decimal(80_000), Decimal(0)]
SAVINGS = (
    engine.SavingsYear(
        "CEC", "2024/25", Decimal(0), Decimal(450_000), Decimal(450_000), Decimal(0)
    ),
    engine.SavingsYear(
        "CEC", "2025/26", Decimal(1_470_000), Decimal(1_470_000), Decimal(450_000), Decimal(0)
    ),
    engine.SavingsYear(
        "CWAC", "2025/26", Decimal(1_200_000), Decimal(1_200_000), Decimal(400_000), Decimal(0)
    ),
)
HOURS = [
    engine.HoursInput("CEC", "FR1", Decimal(7000), Decimal("7312.5")),
    engine.HoursInput("CWAC", "FR1", Decimal(7000), Decimal(6500)),
    engine.HoursInput("CEC", "FR2", Decimal(7000), None),
]
POINTS = [
    engine.AgencyPoint(dt.date(2024, month, 1), roles, Decimal(roles), Decimal(450), spend)
    for month, roles, spend in ((4, 3, Decimal(40_000)), (5, 2, Decimal(31_000)))
]


def _every_chart() -> dict[str, Figure]:
    return {
        "savings": charts.savings_trajectory(SAVINGS),
        "budget": charts.budget_by_quarter(REVIEWS, BUDGET, ACTUAL, VARIANCE),
        "income": charts.income_from_hours(engine.QUARTERS, HOURS, Decimal(14_250)),
        "agency": charts.agency_trend(POINTS),
    }


@pytest.mark.parametrize("name", ["savings", "budget", "income", "agency"])
def test_each_chart_keeps_one_scale_per_panel_and_its_legend_and_labels_off_the_data(name):
    fig = _every_chart()[name]

    assert every_rule(fig) == []
    assert legend_sizes(fig)
    assert min(legend_sizes(fig)) >= LEGEND_SIZE


def test_the_budget_chart_puts_the_variance_on_its_own_panel():
    fig = charts.budget_by_quarter(REVIEWS, BUDGET, ACTUAL, VARIANCE)

    assert len(fig.axes) == 2
    assert second_axes(fig) == []
    spend, variance = fig.axes
    assert max(tick_values(spend, "y")) >= 5_000_000
    assert max(tick_values(variance, "y")) <= 100_000


def test_money_ticks_are_rounded_for_reading():
    spend, variance = charts.budget_by_quarter(REVIEWS, BUDGET, ACTUAL, VARIANCE).axes

    assert "£5m" in tick_labels(spend, "y")
    assert "£80k" in tick_labels(variance, "y")
    assert not any("." in label and "m" not in label for label in tick_labels(variance, "y"))
    savings = charts.savings_trajectory(SAVINGS).axes[0]
    assert "£1.4m" in tick_labels(savings, "y")


def test_the_agency_chart_counts_roles_in_whole_numbers_on_its_own_panel():
    fig = charts.agency_trend(POINTS)

    assert second_axes(fig) == []
    roles_axis = fig.axes[0]
    assert all(value.is_integer() for value in tick_values(roles_axis, "y"))


def test_the_income_chart_says_what_the_hatched_bars_are():
    fig = charts.income_from_hours(engine.QUARTERS, HOURS, Decimal(14_250))

    entries = [text.get_text() for text in fig.legends[0].get_texts()]
    assert "Commissioned, not yet reported" in entries
    assert "Budgeted hours" in entries


def test_each_chart_has_its_figures_as_a_table():
    budget = charts.budget_table(REVIEWS, BUDGET, ACTUAL, VARIANCE)
    assert budget.rows[1] == ("FR2", "£5m", "£5.1m", "£80k")
    savings = charts.savings_table(SAVINGS)
    assert ("CEC 2025/26", "£1.5m", "£1.5m", "£450k") in savings.rows
    income = charts.income_table(engine.QUARTERS, HOURS, Decimal(14_250))
    assert ("FR1 CEC", "7,000", "7,312.5") in income.rows
    assert ("FR2 CEC", "7,000", "Not reported") in income.rows
    agency = charts.agency_table(POINTS)
    assert agency.rows == (("April 2024", "3", "£40k"), ("May 2024", "2", "£31k"))
