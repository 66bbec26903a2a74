"""The workforce charts keep the chart rules (gemini.core.charts): people and posts counted on
whole-number ticks, team names whole, the legend below the bars."""

from __future__ import annotations

from gemini.testing.charts import every_rule, tick_labels, tick_values
from gemini.workforce import charts

TEAMS = ["Service Desk", "Infrastructure and Cloud Platform Engineering", "Security"]


def test_the_structure_chart_counts_whole_people_with_team_names_whole():
    fig = charts.structure_chart(TEAMS, [3, 1, 2], {"CEC": [2, 1, 1], "CWAC": [1, 1, 1]})

    assert every_rule(fig) == []
    axes = fig.axes[0]
    assert all(value.is_integer() for value in tick_values(axes, "y"))
    assert tick_labels(axes, "x") == TEAMS


def test_the_outcomes_chart_counts_whole_people():
    fig = charts.outcomes_chart(
        {"slot_in": 2, "at_risk": 1}, {"slot_in": "Slot-in", "at_risk": "At risk"}
    )

    assert every_rule(fig) == []
    assert all(value.is_integer() for value in tick_values(fig.axes[0], "x"))
