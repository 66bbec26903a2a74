"""The migration's charts: one function per chart, plain data in, a matplotlib Figure out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from matplotlib.dates import DateFormatter
from matplotlib.figure import Figure

from gemini.core.charts import (
    BLUE,
    GREEN,
    LIGHT_GREY,
    RED,
    SERIES_COLOURS,
    SERIES_LINES,
    SERIES_MARKERS,
    Table,
    figure,
    legend_below,
    style_axes,
    table,
    whole_numbers,
)


def progress_by_wave(
    names: Sequence[str], users: Sequence[int], phase_1: Sequence[int], phase_2: Sequence[int]
) -> Figure:
    """People per wave, with how many have finished phase 1 (data) and phase 2 (account and
    device)."""
    fig = figure(8.0, 4.0)
    axes = fig.add_subplot()
    positions = list(range(len(names)))
    width = 0.28
    axes.bar([p - width for p in positions], users, width, label="People", color=LIGHT_GREY)
    axes.bar(positions, phase_1, width, label="Phase 1 complete (data)", color=BLUE)
    axes.bar(
        [p + width for p in positions],
        phase_2,
        width,
        label="Phase 2 complete (account and device)",
        color=GREEN,
    )
    axes.set_xticks(positions, list(names), rotation=0)
    axes.set_ylabel("People")
    whole_numbers(axes.yaxis)
    legend_below(fig, ncols=2)
    style_axes(axes)
    return fig


def data_by_wave(names: Sequence[str], gb: Sequence[float], limit: float) -> Figure:
    """Data per wave against the limit."""
    fig = figure(8.0, 3.0)
    axes = fig.add_subplot()
    axes.bar(list(names), gb, color=BLUE)
    axes.axhline(limit, color="#d4351c", linewidth=1.5, linestyle="--", label="Limit")
    axes.set_ylabel("GB")
    legend_below(fig, ncols=1)
    style_axes(axes)
    return fig


def workload_trend(
    days: Sequence[dt.date],
    people: int,
    done: Mapping[str, Sequence[int]],
    failing: Sequence[int],
) -> Figure:
    """Progress over time: the share of people who have finished each workload (one line
    each, with its own colour, marker and line style), and below it the people with a failure
    open."""
    fig = figure(8.0, 5.0)
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=[3, 1])
    for index, (label, counts) in enumerate(done.items()):
        top.plot(
            list(days),
            [100 * c / people if people else 0 for c in counts],
            label=label,
            color=SERIES_COLOURS[index % len(SERIES_COLOURS)],
            marker=SERIES_MARKERS[index % len(SERIES_MARKERS)],
            linestyle=SERIES_LINES[index % len(SERIES_LINES)],
            markersize=4,
        )
    top.set_ylabel("Finished (%)")
    top.set_ylim(0, 100)
    legend_below(fig, ncols=2)
    style_axes(top)
    bottom.plot(list(days), list(failing), color=RED, marker="o", markersize=3)
    bottom.set_ylabel("Failures open")
    bottom.set_ylim(bottom=0)
    whole_numbers(bottom.yaxis)
    bottom.xaxis.set_major_formatter(DateFormatter("%b %Y"))  # type: ignore[no-untyped-call]
    bottom.tick_params(axis="x", labelrotation=30)
    style_axes(bottom)
    return fig


def workload_table(
    days: Sequence[dt.date],
    people: int,
    done: Mapping[str, Sequence[int]],
    failing: Sequence[int],
) -> Table:
    """The progress-over-time chart's figures: for each day, the people who have finished each
    workload (and their share) and the people with a failure open."""

    def share(count: int) -> str:
        return f"{count:,} ({100 * count / people:.0f}%)" if people else f"{count:,}"

    return table(
        "Share of people who have finished each workload, and failures open, over time",
        ("Date", *(f"{label} finished" for label in done), "Failures open"),
        [
            (f"{day:%d/%m/%Y}", *(share(counts[index]) for counts in done.values()), failing[index])
            for index, day in enumerate(days)
        ],
        numeric=tuple(range(1, len(done) + 2)),
    )
