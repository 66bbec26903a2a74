"""The hosting charts keep the chart rules (gemini.core.charts): VMs counted on whole-number
ticks (never 0.25 of a VM), every count shown whole inside the figure, and the figures as a
table."""

from __future__ import annotations

import datetime as dt

from gemini.hosting import charts
from gemini.testing.charts import every_rule, tick_values

FEW = {"Out of support": 1, "Supported": 2}


def test_the_support_chart_counts_vms_in_whole_numbers():
    axes = charts.support_chart(FEW).axes[0]

    ticks = tick_values(axes, "x")
    assert ticks
    assert all(value.is_integer() for value in ticks)


def test_the_support_chart_keeps_its_counts_and_labels_inside_the_figure():
    assert every_rule(charts.support_chart(FEW)) == []
    assert every_rule(charts.support_chart({"Supported": 292, "Out of support": 71})) == []


def test_the_wave_timeline_keeps_the_rules():
    waves = [
        ("Wave 1", dt.date(2025, 4, 1), dt.date(2025, 6, 30), 40),
        ("Wave 2", dt.date(2025, 7, 1), dt.date(2025, 9, 30), 55),
    ]
    assert every_rule(charts.wave_timeline(waves, dt.date(2026, 3, 31))) == []


def test_the_support_table_lists_every_status_with_its_count():
    table = charts.support_table(FEW)

    assert table.rows == (
        ("Out of support", "1"),
        ("Support ends before exit", "0"),
        ("Supported", "2"),
        ("Not known", "0"),
    )


def test_the_hosting_page_gives_the_support_chart_its_figures_as_a_table(
    demo, personas, client_for
):
    from django.urls import reverse

    page = client_for(personas["tech"]).get(reverse("hosting:index")).content.decode()

    assert "VMs by operating-system support status: the figures as a table" in page
    assert '<th scope="row" class="govuk-table__header">Out of support</th>' in page
