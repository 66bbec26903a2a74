"""Finance charts have one scale per panel: no second y-axis drawn over the first (a £0–80k
variance over £0–5m bars read as flat)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from matplotlib.figure import Figure

from gemini.finance import charts, engine


def _positions(fig: Figure) -> list[tuple[float, ...]]:
    return [tuple(round(v, 3) for v in ax.get_position().bounds) for ax in fig.axes]


def test_the_budget_chart_puts_the_variance_on_its_own_panel():
    fig = charts.budget_by_quarter(
        ["FR1", "FR2"],
        [Decimal(5_000_000)] * 2,
        [Decimal(4_800_000), Decimal(5_100_000)],
        [Decimal(20_000), Decimal(80_000)],
    )
    positions = _positions(fig)
    assert len(positions) == 2
    assert len(set(positions)) == 2  # no twin axes sharing one box


def test_the_agency_chart_counts_roles_in_whole_numbers_on_its_own_panel():
    points = [
        engine.AgencyPoint(
            dt.date(2024, month, 1), roles, Decimal(roles), Decimal(450), Decimal(40_000)
        )
        for month, roles in ((4, 3), (5, 2))
    ]
    fig = charts.agency_trend(points)
    fig.canvas.draw()
    assert len(set(_positions(fig))) == 2
    roles_axis = fig.axes[0]
    assert all(float(tick).is_integer() for tick in roles_axis.get_yticks())
