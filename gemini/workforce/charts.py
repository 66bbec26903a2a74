"""The workforce charts: one function each, plain data in, a matplotlib Figure out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure

from gemini.core.charts import BLUE, GREEN, ORANGE, RED, figure, style_axes

OUTCOME_COLOURS = {"slot_in": GREEN, "matched": BLUE, "ring_fence": ORANGE, "at_risk": RED}


def structure_chart(
    teams: Sequence[str], staff: Sequence[int], posts_by_council: Mapping[str, Sequence[int]]
) -> Figure:
    """Staff today against posts in each council's new design, by team."""
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
    axes.set_xticks(positions + width * (len(series) - 1) / 2, teams, rotation=30, ha="right")
    axes.set_ylabel("People or posts")
    axes.legend(frameon=False)
    return fig


def outcomes_chart(counts: Mapping[str, int], labels: Mapping[str, str]) -> Figure:
    """How many people have each proposed outcome."""
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
    for index, name in enumerate(names):
        axes.text(counts[name], index, f" {counts[name]}", va="center")
    return fig
