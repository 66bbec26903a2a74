"""The finance dashboard's charts: one function per chart, plain data in, a Figure out; and
for each chart its figures as a table (`*_table`), the chart's text alternative on a page.

The charts keep the rules in gemini.core.charts: one scale per panel (the budget's £0–80k
variance has its own panel under £5m of spend), legends below the axes, money on ticks rounded
for reading, counts on whole numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from matplotlib.figure import Figure
from matplotlib.patches import Patch

from gemini.core.charts import (
    BLACK,
    BLUE,
    GREEN,
    GREY,
    LIGHT_GREY,
    ORANGE,
    PALETTE,
    Table,
    figure,
    legend_below,
    money_ticks,
    style_axes,
    table,
    whole_numbers,
)
from gemini.core.reading import pounds_for_reading
from gemini.finance import engine

# The dashboard shows its charts two to a row: drawn at about the width they are shown at, so
# that their text is not shrunk below the page's own small print.
WIDTH = 6.0


def savings_trajectory(rows: Sequence[engine.SavingsYear]) -> Figure:
    """Savings in place each year per council (bars: delivered, then still planned) against
    the council's target (a black tick); the legend below the axes, never over the bars."""
    fig = figure(WIDTH, 4.2)
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
    money_ticks(axes.yaxis)
    axes.set_ylabel("Savings a year")
    legend_below(fig, ncols=2)
    return fig


def savings_table(rows: Sequence[engine.SavingsYear]) -> Table:
    return table(
        "Savings a year against target, by council",
        ("Council and year", "Target", "Planned", "Delivered"),
        [
            (
                f"{row.party} {row.year}",
                pounds_for_reading(row.target),
                pounds_for_reading(row.planned),
                pounds_for_reading(row.delivered),
            )
            for row in rows
        ],
        numeric=(1, 2, 3),
    )


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
    fig = figure(WIDTH, 5.0)
    axes, lower = fig.subplots(2, 1, sharex=True, height_ratios=(3, 2))
    for panel in (axes, lower):
        style_axes(panel)
    xs = range(len(reviews))
    axes.bar(
        [x - 0.2 for x in xs], [float(v) for v in budget], 0.4, color=LIGHT_GREY, label="Budget"
    )
    axes.bar([x + 0.2 for x in xs], [float(v) for v in actual], 0.4, color=BLUE, label="Actual")
    money_ticks(axes.yaxis)
    axes.set_ylabel("Net spend in\nthe quarter")
    lower.plot(
        list(xs), [float(v) for v in variance], color=ORANGE, marker="o", label="Forecast variance"
    )
    lower.axhline(0, color=GREY, linewidth=0.8)
    money_ticks(lower.yaxis)
    lower.set_ylabel("Forecast variance\nfor the year")
    lower.set_xticks(list(xs), list(reviews))
    legend_below(fig)
    return fig


def budget_table(
    reviews: Sequence[str],
    budget: Sequence[Decimal],
    actual: Sequence[Decimal],
    variance: Sequence[Decimal],
) -> Table:
    return table(
        "Net budget and actual by quarter, and the forecast variance",
        ("Quarter", "Net budget", "Net actual", "Forecast variance for the year"),
        [
            (review, pounds_for_reading(b), pounds_for_reading(a), pounds_for_reading(v))
            for review, b, a, v in zip(reviews, budget, actual, variance, strict=True)
        ],
        numeric=(1, 2, 3),
    )


def income_from_hours(
    quarters: Sequence[str], hours: Sequence[engine.HoursInput], planned_per_quarter: Decimal
) -> Figure:
    """Project hours by quarter and council: delivered (solid) or, for quarters not yet
    reported, commissioned (hatched), against the hours the budget assumes each quarter."""
    fig = figure(WIDTH, 4.2)
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
    axes.yaxis.set_major_formatter("{x:,.0f}")
    axes.set_ylabel("Project hours")
    handles, _ = axes.get_legend_handles_labels()
    not_reported = Patch(
        facecolor="white", edgecolor=GREY, hatch="//", label="Commissioned, not yet reported"
    )
    legend_below(fig, ncols=2, handles=[*handles, not_reported])
    return fig


def income_table(
    quarters: Sequence[str], hours: Sequence[engine.HoursInput], planned_per_quarter: Decimal
) -> Table:
    rows = []
    for quarter in quarters:
        for row in sorted((h for h in hours if h.quarter == quarter), key=lambda h: h.party):
            delivered = row.delivered
            rows.append(
                (
                    f"{quarter} {row.party}",
                    engine.hours_text(row.commissioned),
                    engine.hours_text(delivered) if delivered is not None else "Not reported",
                )
            )
    return table(
        f"Project hours by quarter and council (budgeted: "
        f"{engine.hours_text(planned_per_quarter)} a quarter)",
        ("Quarter and council", "Commissioned hours", "Delivered hours"),
        rows,
        numeric=(1, 2),
    )


def agency_trend(points: Sequence[engine.AgencyPoint]) -> Figure:
    """Agency roles by month (a line, above) and agency spend by month (bars, below): two
    panels with one scale each, roles counted in whole numbers."""
    fig = figure(WIDTH, 5.0)
    axes, lower = fig.subplots(2, 1, sharex=True)
    for panel in (axes, lower):
        style_axes(panel)
    labels = [f"{p.month:%b %y}" for p in points]
    xs = range(len(points))
    axes.plot(list(xs), [p.roles for p in points], color=BLUE, marker="o", label="Roles")
    axes.set_ylim(bottom=0)
    whole_numbers(axes.yaxis)
    axes.set_ylabel("Agency roles")
    lower.bar(list(xs), [float(p.spend) for p in points], 0.6, color=LIGHT_GREY, label="Spend")
    money_ticks(lower.yaxis)
    lower.set_ylabel("Agency spend\nin the month")
    lower.set_xticks(list(xs), labels, rotation=45, ha="right")
    legend_below(fig, ncols=2)
    return fig


def agency_table(points: Sequence[engine.AgencyPoint]) -> Table:
    return table(
        "Agency roles and spend by month",
        ("Month", "Roles", "Spend in the month"),
        [(f"{p.month:%B %Y}", p.roles, pounds_for_reading(p.spend)) for p in points],
        numeric=(1, 2),
    )
