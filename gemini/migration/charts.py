"""The migration's charts: one function per chart, plain data in, a matplotlib Figure out."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from gemini.core.charts import BLUE, GREEN, LIGHT_GREY, figure, style_axes


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
    fig.legend(frameon=False, loc="outside lower center", ncols=3, fontsize="small")
    style_axes(axes)
    return fig


def data_by_wave(names: Sequence[str], gb: Sequence[float], limit: float) -> Figure:
    """Data per wave against the limit."""
    fig = figure(8.0, 3.0)
    axes = fig.add_subplot()
    axes.bar(list(names), gb, color=BLUE)
    axes.axhline(limit, color="#d4351c", linewidth=1.5, linestyle="--", label="Limit")
    axes.set_ylabel("GB")
    axes.legend(frameon=False, fontsize="small")
    style_axes(axes)
    return fig
