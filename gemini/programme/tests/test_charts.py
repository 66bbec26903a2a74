"""The programme's charts keep the chart rules (gemini.core.charts): the heat map has words on
both axes and a key to its bands, sparklines show their scale, milestone labels are wrapped and
never cut, legends sit off the data; each chart a page shows has its figures as a table."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from matplotlib.figure import Figure

from gemini.core.rating import RAG
from gemini.programme import charts
from gemini.programme.engine import DEFAULT_MATRIX
from gemini.testing.charts import every_rule, tick_labels

LIKELIHOOD = ("Rare", "Unlikely", "Possible", "Likely", "Almost certain")
IMPACT = ("Negligible", "Minor", "Moderate", "Major", "Severe")
COUNTS = {(3, 4): 3, (3, 5): 1, (2, 3): 1, (2, 4): 2}
M10 = "M10 Exit from the shared data centre and network"
POINTS = [
    charts.TimelinePoint("M01 SSJC recommends the hybrid model", dt.date(2023, 2, 1), None, True),
    charts.TimelinePoint(
        "M08 Formal consultation with trade unions and staff begins",
        dt.date(2024, 9, 1),
        dt.date(2025, 2, 1),
        False,
        flagged=True,
    ),
    charts.TimelinePoint(M10, dt.date(2027, 3, 31), dt.date(2027, 3, 31), False),
]
HISTORY = {
    "Technical": [(dt.date(2024, 4, 1), "Green"), (dt.date(2025, 1, 31), "Green")],
    "Workforce": [(dt.date(2024, 4, 1), "Green"), (dt.date(2024, 9, 1), "Amber")],
}


def _every_chart() -> dict[str, Figure]:
    return {
        "heat map": charts.risk_heat_map(COUNTS, DEFAULT_MATRIX, None, LIKELIHOOD, IMPACT),
        "rag history": charts.rag_history(HISTORY, RAG),
        "sparkline": charts.rag_history({"Workforce": HISTORY["Workforce"]}, RAG, small=True),
        "timeline": charts.milestone_timeline(POINTS, dt.date(2025, 2, 6)),
        "benefits": charts.benefits_realised([("B1", Decimal(100)), ("B2", None)]),
    }


@pytest.mark.parametrize("name", ["heat map", "rag history", "sparkline", "timeline", "benefits"])
def test_each_chart_keeps_one_scale_its_legend_off_the_data_and_its_text_whole(name):
    assert every_rule(_every_chart()[name]) == []


def test_the_heat_map_has_the_matrix_words_on_both_axes():
    axes = charts.risk_heat_map(COUNTS, DEFAULT_MATRIX, None, LIKELIHOOD, IMPACT).axes[0]

    assert tick_labels(axes, "y") == [
        "1 Rare",
        "2 Unlikely",
        "3 Possible",
        "4 Likely",
        "5 Almost certain",
    ]
    assert tick_labels(axes, "x") == [
        "1 Negligible",
        "2 Minor",
        "3 Moderate",
        "4 Major",
        "5 Severe",
    ]
    assert all("\n" in label.get_text() for label in axes.get_xticklabels())  # number above word
    assert axes.get_xlabel() == "Impact"
    assert axes.get_ylabel() == "Likelihood"


def test_a_heat_map_without_words_marks_the_lowest_and_highest_levels():
    axes = charts.risk_heat_map(COUNTS, DEFAULT_MATRIX).axes[0]

    assert tick_labels(axes, "y") == ["1 (lowest)", "2", "3", "4", "5 (highest)"]


def test_the_heat_map_has_a_key_to_its_bands_beside_the_grid():
    fig = charts.risk_heat_map(COUNTS, DEFAULT_MATRIX, None, LIKELIHOOD, IMPACT)

    (key,) = fig.legends
    assert key.get_title().get_text() == "Score (likelihood × impact)"
    assert [text.get_text() for text in key.get_texts()] == [
        "Very high (17–25)",
        "High (11–16)",
        "Medium (5–10)",
        "Low (1–4)",
    ]


def test_the_heat_map_table_gives_each_cell_its_count_and_band():
    table = charts.heat_map_table(COUNTS, DEFAULT_MATRIX, LIKELIHOOD, IMPACT)

    assert table.headers[0] == "Likelihood"
    assert table.headers[5] == "Impact 5 Severe"
    assert table.rows[0][0] == "5 Almost certain"  # the highest likelihood first
    possible = next(row for row in table.rows if row[0] == "3 Possible")
    assert possible[4] == "3 (High)"
    assert possible[1] == "0 (Low)"


def test_a_sparkline_shows_its_scale_and_its_first_and_last_dates():
    fig = charts.rag_history({"Workforce": HISTORY["Workforce"]}, RAG, small=True)
    axes = fig.axes[0]

    assert tick_labels(axes, "y") == ["Green", "Red"]
    assert tick_labels(axes, "x") == ["Apr 2024", "Sep 2024"]
    assert axes.axison


def test_milestone_labels_are_wrapped_whole_never_cut():
    axes = charts.milestone_timeline(POINTS, dt.date(2025, 2, 6)).axes[0]

    labels = tick_labels(axes, "y")
    assert M10 in labels
    assert all(point.label in labels for point in POINTS)
    assert any("\n" in label.get_text() for label in axes.get_yticklabels())


def test_the_timeline_keeps_its_dates_apart():
    axes = charts.milestone_timeline(POINTS, dt.date(2025, 2, 6)).axes[0]

    assert 3 <= len(tick_labels(axes, "x")) <= 7


def test_the_timeline_table_has_every_milestone_in_full():
    table = charts.timeline_table(POINTS)

    assert [row[0] for row in table.rows] == [point.label for point in POINTS]
    assert table.rows[1][1:] == ("01/09/2024", "01/02/2025", "Slipped or at risk")
    assert table.rows[0][2:] == ("Not set", "Achieved")


def test_the_benefits_table_says_not_measured():
    table = charts.benefits_table([("B1", Decimal(100)), ("B2", None)])

    assert table.rows == (("B1", "100%"), ("B2", "Not measured"))


@pytest.mark.django_db
def test_the_dashboard_shows_each_chart_with_its_words_and_its_figures_as_a_table(
    demo, personas, client_for
):
    from django.urls import reverse

    page = client_for(personas["pmo"]).get(reverse("programme:dashboard")).content.decode()

    heat_map = page.split('id="heat-map"', 1)[1].split("</svg>", 1)[0]
    assert "5 Almost" in heat_map
    assert "certain" in heat_map
    assert "Negligible" in heat_map
    assert page.count("the figures as a table</span>") == 3
    assert '<caption class="govuk-table__caption govuk-table__caption--s">Open risks by' in page
    # The milestone's whole title: in the chart (wrapped) and in its table.
    timeline_table = page.split("Milestones: baseline and forecast or actual dates</caption>")[1]
    assert "M10 Exit from the shared data centre and network model</th>" in timeline_table


def test_the_timeline_has_a_key_to_its_marks_below_the_axes():
    fig = charts.milestone_timeline(POINTS, dt.date(2025, 2, 6))

    (key,) = fig.legends
    assert [text.get_text() for text in key.get_texts()] == [
        "Baseline",
        "Forecast, on track",
        "Slipped or at risk",
        "Achieved",
        "Today",
    ]
