"""The hosting app's charts: one function each, returning a matplotlib Figure, and for each its
figures as a table (`*_table`), the chart's text alternative on a page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from matplotlib.figure import Figure

from gemini.core.charts import (
    BLUE,
    GREEN,
    GREY,
    ORANGE,
    RED,
    Table,
    figure,
    style_axes,
    table,
    whole_numbers,
)

SUPPORT_COLOURS = {
    "Out of support": RED,
    "Support ends before exit": ORANGE,
    "Supported": GREEN,
    "Not known": GREY,
}


def support_chart(counts: Mapping[str, int]) -> Figure:
    """VMs by operating-system support status: a bar each, its count at its end; VMs are
    counted on whole-number ticks, with room beyond the longest bar for its count."""
    fig = figure(8, 2.8)
    axes = fig.subplots()
    labels = list(SUPPORT_COLOURS)
    values = [counts.get(label, 0) for label in labels]
    bars = axes.barh(labels, values, color=[SUPPORT_COLOURS[label] for label in labels])
    axes.bar_label(bars, padding=3)
    axes.invert_yaxis()
    axes.set_xlabel("VMs")
    axes.set_xlim(0, max([*values, 1]) * 1.12)
    whole_numbers(axes.xaxis)
    style_axes(axes)
    axes.grid(axis="y", visible=False)
    axes.grid(axis="x", color="#f3f2f1", linewidth=1)
    return fig


def support_table(counts: Mapping[str, int]) -> Table:
    return table(
        "VMs by operating-system support status",
        ("Support status", "VMs"),
        [(label, counts.get(label, 0)) for label in SUPPORT_COLOURS],
        numeric=(1,),
    )


def _quarters(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first day of each quarter from `first` to `last`."""
    month = (first.month - 1) // 3 * 3 + 1
    day = dt.date(first.year, month, 1)
    out = []
    while day <= last:
        out.append(day)
        month = day.month + 3
        day = dt.date(day.year + (month > 12), (month - 1) % 12 + 1, 1)
    return out


def wave_timeline(waves: Sequence[tuple[str, dt.date, dt.date, int]], exit_date: dt.date) -> Figure:
    """Each wave as a bar from its start to its end (labelled with its VMs), and the exit date."""
    fig = figure(8, max(2.5, 0.35 * len(waves) + 1.2))
    axes = fig.subplots()
    origin = min([w[1] for w in waves] + [exit_date])

    def x(day: dt.date) -> int:
        return (day - origin).days

    for row, (_name, start, end, vms) in enumerate(waves):
        width = x(end) - x(start) + 1
        axes.barh(row, width, left=x(start), color=RED if end > exit_date else BLUE)
        axes.text(x(end) + 3, row, f"{vms} VMs", va="center", fontsize=8)
    axes.axvline(x(exit_date), color=RED, linestyle="--", linewidth=1.5)
    axes.text(x(exit_date), -0.8, " exit", color=RED, fontsize=8)
    axes.set_yticks(range(len(waves)), [w[0] for w in waves])
    axes.invert_yaxis()
    last = max([w[2] for w in waves] + [exit_date])
    ticks = _quarters(origin, last)
    axes.set_xticks([x(t) for t in ticks], [t.strftime("%b %Y") for t in ticks], fontsize=8)
    style_axes(axes)
    return fig
