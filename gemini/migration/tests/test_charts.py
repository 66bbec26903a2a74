"""The migration charts keep the chart rules (gemini.core.charts): people counted on
whole-number ticks, legends below the axes (never over the lines), one scale per panel."""

from __future__ import annotations

import datetime as dt

from gemini.migration import charts
from gemini.testing.charts import every_rule, tick_values


def test_progress_by_wave_counts_people_in_whole_numbers_with_its_legend_off_the_bars():
    fig = charts.progress_by_wave(["Pilot", "Wave 1"], [3, 2], [2, 1], [1, 0])

    assert every_rule(fig) == []
    assert all(value.is_integer() for value in tick_values(fig.axes[0], "y"))


def test_data_by_wave_has_its_legend_off_the_bars():
    assert every_rule(charts.data_by_wave(["Pilot", "Wave 1"], [120.0, 300.0], 250.0)) == []


def test_the_workload_trend_keeps_its_legend_off_the_lines_and_failures_whole():
    days = [dt.date(2024, 10, 1) + dt.timedelta(days=7 * n) for n in range(4)]
    fig = charts.workload_trend(
        days, 10, {"Mailbox": [0, 3, 7, 10], "OneDrive": [0, 2, 6, 10]}, [0, 1, 2, 0]
    )

    assert every_rule(fig) == []
    assert all(value.is_integer() for value in tick_values(fig.axes[1], "y"))


def test_the_workload_trend_has_its_figures_as_a_table():
    days = [dt.date(2024, 10, 1), dt.date(2024, 10, 8)]
    table = charts.workload_table(days, 10, {"Mailbox": [0, 5], "OneDrive": [1, 10]}, [2, 0])

    assert table.headers == ("Date", "Mailbox finished", "OneDrive finished", "Failures open")
    assert table.rows == (
        ("01/10/2024", "0 (0%)", "1 (10%)", "2"),
        ("08/10/2024", "5 (50%)", "10 (100%)", "0"),
    )
