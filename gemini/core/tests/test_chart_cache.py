"""`chart_svg` draws a chart once for each distinct input and reuses the SVG after that."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from matplotlib.figure import Figure

from gemini.core import charts


def _counting() -> tuple[list[object], Callable[..., Figure]]:
    calls: list[object] = []

    def draw(values: list[Decimal], when: dt.date, small: bool = False) -> Figure:
        calls.append((values, when, small))
        fig = charts.figure(2, 1)
        fig.add_subplot().plot([float(v) for v in values])
        return fig

    return calls, draw


def test_the_same_data_is_drawn_once():
    calls, draw = _counting()

    first = charts.chart_svg(draw, [Decimal("1.50"), Decimal(2)], dt.date(2025, 2, 6), title="A")
    again = charts.chart_svg(draw, [Decimal("1.50"), Decimal(2)], dt.date(2025, 2, 6), title="A")

    assert first == again
    assert len(calls) == 1
    assert "<title>A</title>" in first


def test_other_data_or_another_title_is_drawn_again():
    calls, draw = _counting()

    charts.chart_svg(draw, [Decimal(1)], dt.date(2025, 2, 6), title="B")
    charts.chart_svg(draw, [Decimal(3)], dt.date(2025, 2, 6), title="B")
    charts.chart_svg(draw, [Decimal(1)], dt.date(2025, 2, 7), title="B")
    charts.chart_svg(draw, [Decimal(1)], dt.date(2025, 2, 6), title="C")
    charts.chart_svg(draw, [Decimal(1)], dt.date(2025, 2, 6), small=True, title="B")

    assert len(calls) == 5


def test_a_function_argument_is_refused():
    _, draw = _counting()

    with pytest.raises(TypeError, match="pass data, not a function"):
        charts.chart_svg(draw, lambda: 1, dt.date(2025, 2, 6), title="D")


def test_it_keeps_at_most_the_limit(monkeypatch):
    calls, draw = _counting()
    monkeypatch.setattr(charts, "DRAWN_LIMIT", 2)

    for value in (1, 2, 3):
        charts.chart_svg(draw, [Decimal(value)], dt.date(2025, 1, 1), title="E")
    charts.chart_svg(draw, [Decimal(1)], dt.date(2025, 1, 1), title="E")  # dropped: drawn again

    assert len(calls) == 4
    assert len(charts._DRAWN) <= 2
