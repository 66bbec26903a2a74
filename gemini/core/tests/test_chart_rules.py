"""The chart rules' shared parts (gemini.core.charts) and the checks each app's chart tests
use (gemini.testing.charts): each check finds the fault it names in a figure that has it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gemini.core import charts
from gemini.testing.charts import (
    legends_on_data,
    second_axes,
    text_outside,
    tick_labels,
    tick_values,
)


def test_the_second_axes_check_finds_a_twin_y_axis():
    fig = charts.figure()
    axes = fig.add_subplot()
    axes.bar([0, 1], [5_000_000, 4_900_000])
    twin = axes.twinx()
    twin.plot([0, 1], [0, 80_000])

    assert len(second_axes(fig)) == 1


def test_the_legend_check_finds_a_legend_inside_the_axes_and_passes_one_below():
    inside = charts.figure()
    axes = inside.add_subplot()
    axes.plot([0, 1], [0, 1], label="Roles")
    axes.legend()
    assert legends_on_data(inside)

    below = charts.figure()
    axes = below.add_subplot()
    axes.plot([0, 1], [0, 1], label="Roles")
    charts.legend_below(below)
    assert legends_on_data(below) == []


@pytest.mark.filterwarnings("ignore:constrained_layout not applied")
def test_the_cut_text_check_finds_a_label_running_off_the_figure():
    fig = charts.figure(3, 2)
    axes = fig.add_subplot()
    axes.set_yticks([0.5], ["M10 Exit from the shared data centre and network"])

    cut = "'M10 Exit from the shared data centre and network' runs off the figure"
    assert cut in text_outside(fig)
    axes.set_yticks([0.5], [charts.wrapped("M10 Exit from the shared data centre and network", 16)])
    assert text_outside(fig) == []


def test_whole_numbers_keeps_a_small_count_off_fractions():
    fig = charts.figure()
    axes = fig.add_subplot()
    axes.barh(["Out of support", "Supported"], [1, 2])
    assert not all(value.is_integer() for value in tick_values(axes, "x"))  # 0.25 of a VM

    charts.whole_numbers(axes.xaxis)
    assert all(value.is_integer() for value in tick_values(axes, "x"))


def test_money_ticks_read_as_the_dashboards_write_money():
    fig = charts.figure()
    axes = fig.add_subplot()
    axes.bar([0, 1], [0, 1_400_000])
    charts.money_ticks(axes.yaxis)

    labels = tick_labels(axes, "y")
    assert labels[0] == "£0"
    assert "£1m" in labels
    assert "£400k" in labels


@pytest.mark.parametrize(
    ("label", "lines"),
    [
        ("M10 Exit from the shared data centre and network", 2),
        ("Short", 1),
        ("Averyveryverylongwordthatcannotbreakatallanywhere here", 2),
    ],
)
def test_wrapped_breaks_between_words_and_never_cuts(label, lines):
    text = charts.wrapped(label)

    assert len(text.split("\n")) == lines
    assert " ".join(text.split()) == label
    assert "…" not in text


def test_a_table_refuses_a_row_that_does_not_match_its_headers():
    table = charts.table("Savings", ("Council", "Target"), [("CEC", Decimal("1.5"))], (1,))
    assert table.rows == (("CEC", "1.5"),)
    with pytest.raises(ValueError, match="does not match the headers"):
        charts.table("Savings", ("Council", "Target"), [("CEC",)])
