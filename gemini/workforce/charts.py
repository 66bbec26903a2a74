"""The workforce charts: one function each, plain data in, a matplotlib Figure out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure

from gemini.core.charts import (
    BLUE,
    GREEN,
    ORANGE,
    RED,
    figure,
    legend_below,
    style_axes,
    whole_numbers,
    wrapped,
)

OUTCOME_COLOURS = {"slot_in": GREEN, "matched": BLUE, "ring_fence": ORANGE, "at_risk": RED}


def structure_chart(
    teams: Sequence[str], staff: Sequence[int], posts_by_council: Mapping[str, Sequence[int]]
) -> Figure:
    """Staff today against posts in each council's new design, by team: counted on whole
    numbers, team names wrapped (never cut), the legend below the axes."""
    fig = figure(8.0, 4.5)
    axes = fig.add_subplot()
    style_axes(axes)
    series = [("Staff today", staff), *((f"{c} posts", v) for c, v in posts_by_council.items())]
    width = 0.8 / max(len(series), 1)
    positions = np.arange(len(teams))
    for number, ((label, values), colour) in enumerate(
        zip(series, ("#505a5f", BLUE, GREEN, ORANGE), strict=False)
    ):
        axes.bar(positions + number * width, values, width, label=label, color=colour)
    axes.set_xticks(
        positions + width * (len(series) - 1) / 2,
        [wrapped(team, 18) for team in teams],
        rotation=30,
        ha="right",
    )
    axes.set_ylabel("People or posts")
    whole_numbers(axes.yaxis)
    legend_below(fig, ncols=len(series))
    return fig


def outcomes_chart(counts: Mapping[str, int], labels: Mapping[str, str]) -> Figure:
    """How many people have each proposed outcome (whole-number ticks, the count at each
    bar's end)."""
    fig = figure(7.0, 3.0)
    axes = fig.add_subplot()
    style_axes(axes)
    names = list(counts)
    axes.barh(
        [labels[n] for n in names],
        [counts[n] for n in names],
        color=[OUTCOME_COLOURS.get(n, BLUE) for n in names],
    )
    axes.invert_yaxis()
    axes.set_xlabel("People")
    whole_numbers(axes.xaxis)
    axes.set_xlim(0, max([*counts.values(), 1]) * 1.12)
    for index, name in enumerate(names):
        axes.text(counts[name], index, f" {counts[name]}", va="center")
    return fig
