"""The finance dashboard's charts: one function per chart, plain data in, a Figure out."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from gemini.core.charts import (
    BLACK,
    BLUE,
    GREEN,
    GREY,
    LIGHT_GREY,
    ORANGE,
    PALETTE,
    figure,
    style_axes,
)
from gemini.finance import engine


def _millions(value: float, _position: object = None) -> str:
    return f"£{value / 1_000_000:,.2f}m"


def _thousands(value: float, _position: object = None) -> str:
    return f"£{value / 1000:,.0f}k"


def savings_trajectory(rows: Sequence[engine.SavingsYear]) -> Figure:
    """Savings in place each year per council (bars: delivered, then still planned) against
    the council's target (a black tick); the legend below the axes, never over the bars."""
    fig = figure(8, 3.6)
    axes = fig.add_subplot()
    style_axes(axes)
    parties = sorted({row.party for row in rows})
    years = sorted({row.year for row in rows})
    width = 0.8 / max(len(parties), 1)
    for index, party in enumerate(parties):
        mine = {row.year: row for row in rows if row.party == party}
        xs = [position + index * width for position in range(len(years))]
        delivered = [float(mine[y].delivered) if y in mine else 0.0 for y in years]
        planned = [float(mine[y].planned - mine[y].delivered) if y in mine else 0.0 for y in years]
        colour = PALETTE[index % len(PALETTE)]
        axes.bar(xs, delivered, width * 0.9, color=colour, label=f"{party} delivered")
        axes.bar(
            xs,
            planned,
            width * 0.9,
            bottom=delivered,
            color="white",
            edgecolor=colour,
            hatch="//",
            label=f"{party} planned",
        )
        targets = [float(mine[y].target) if y in mine else 0.0 for y in years]
        axes.scatter(xs, targets, marker="_", s=600, color=BLACK, zorder=3)
    axes.scatter([], [], marker="_", s=200, color=BLACK, label="Target")
    axes.set_xticks([p + width * (len(parties) - 1) / 2 for p in range(len(years))], years)
    axes.yaxis.set_major_formatter(FuncFormatter(_millions))
    axes.set_ylabel("Savings a year")
    fig.legend(frameon=False, fontsize=8, ncols=3, loc="outside lower center")
    return fig


def budget_by_quarter(
    reviews: Sequence[str],
    budget: Sequence[Decimal],
    actual: Sequence[Decimal],
    variance: Sequence[Decimal],
) -> Figure:
    """Net budget and net actual for each quarter reported (bars, above), and the forecast
    variance for the year at each review (a line, below: above nought is an overspend).

    Two panels, one scale each: a £0–80k variance never shares an axis with £5m of spend.
    """
    fig = figure(8, 4.6)
    axes, lower = fig.subplots(2, 1, sharex=True, height_ratios=(3, 2))
    for panel in (axes, lower):
        style_axes(panel)
    xs = range(len(reviews))
    axes.bar(
        [x - 0.2 for x in xs], [float(v) for v in budget], 0.4, color=LIGHT_GREY, label="Budget"
    )
    axes.bar([x + 0.2 for x in xs], [float(v) for v in actual], 0.4, color=BLUE, label="Actual")
    axes.yaxis.set_major_formatter(FuncFormatter(_millions))
    axes.set_ylabel("Net spend in\nthe quarter")
    lower.plot(
        list(xs), [float(v) for v in variance], color=ORANGE, marker="o", label="Forecast variance"
    )
    lower.axhline(0, color=GREY, linewidth=0.8)
    lower.yaxis.set_major_formatter(FuncFormatter(_thousands))
    lower.set_ylabel("Forecast variance\nfor the year")
    lower.set_xticks(list(xs), list(reviews))
    fig.legend(frameon=False, fontsize=8, loc="outside upper center", ncols=3)
    return fig


def income_from_hours(
    quarters: Sequence[str], hours: Sequence[engine.HoursInput], planned_per_quarter: Decimal
) -> Figure:
    """Project hours by quarter and council: delivered (solid) or, for quarters not yet
    reported, commissioned (hatched), against the hours the budget assumes each quarter."""
    fig = figure(8, 3.6)
    axes = fig.add_subplot()
    style_axes(axes)
    parties = sorted({row.party for row in hours})
    bottoms = [0.0] * len(quarters)
    for index, party in enumerate(parties):
        colour = PALETTE[index % len(PALETTE)]
        for position, quarter in enumerate(quarters):
            row = next((h for h in hours if h.party == party and h.quarter == quarter), None)
            if row is None:
                continue
            reported = row.delivered is not None
            value = float(row.delivered if row.delivered is not None else row.commissioned)
            axes.bar(
                position,
                value,
                0.6,
                bottom=bottoms[position],
                color=colour if reported else "white",
                edgecolor=colour,
                hatch=None if reported else "//",
                label=party if position == 0 else None,
            )
            bottoms[position] += value
    axes.axhline(float(planned_per_quarter), color=GREEN, linestyle="--", label="Budgeted hours")
    axes.set_xticks(range(len(quarters)), list(quarters))
    axes.set_ylabel("Project hours")
    axes.legend(frameon=False, fontsize=8, loc="lower right")
    return fig


def agency_trend(points: Sequence[engine.AgencyPoint]) -> Figure:
    """Agency roles by month (a line, above) and agency spend by month (bars, below): two
    panels with one scale each, roles counted in whole numbers."""
    fig = figure(8, 4.6)
    axes, lower = fig.subplots(2, 1, sharex=True)
    for panel in (axes, lower):
        style_axes(panel)
    labels = [f"{p.month:%b %y}" for p in points]
    xs = range(len(points))
    axes.plot(list(xs), [p.roles for p in points], color=BLUE, marker="o", label="Roles")
    axes.set_ylim(bottom=0)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylabel("Agency roles")
    lower.bar(list(xs), [float(p.spend) for p in points], 0.6, color=LIGHT_GREY, label="Spend")
    lower.yaxis.set_major_formatter(FuncFormatter(_thousands))
    lower.set_ylabel("Agency spend\nin the month")
    lower.set_xticks(list(xs), labels, fontsize=8)
    fig.legend(frameon=False, fontsize=8, loc="outside upper center", ncols=2)
    return fig
