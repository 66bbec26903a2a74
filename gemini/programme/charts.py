"""The programme's charts, one function each, from plain data (the reports app reuses them).

Each returns a matplotlib Figure made with `gemini.core.charts.figure()`; pages embed
`to_svg(fig, title)`, documents `to_png(fig)`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from matplotlib.dates import DateFormatter, MonthLocator, date2num
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from gemini.core.charts import (
    BLACK,
    BLUE,
    GREEN,
    GREY,
    LIGHT_GREY,
    RAG_COLOURS,
    RED,
    SERIES_COLOURS,
    SERIES_LINES,
    SERIES_MARKERS,
    figure,
    style_axes,
)
from gemini.programme.engine import Band, Matrix


def _num(days: Sequence[dt.date]) -> Any:
    """Dates as matplotlib's numbers (its own date2num is untyped)."""
    return date2num(list(days))  # type: ignore[no-untyped-call]


def rag_history(
    series: Mapping[str, Sequence[tuple[dt.date, str]]],
    scale: Sequence[str],
    small: bool = False,
) -> Figure:
    """Each workstream's ratings over time, worst at the top; `small` draws a trend sparkline
    (one workstream: a grey line, each point in its rating's colour).

    The full chart gives each workstream its own colour, marker and line style, and lifts or
    lowers each line a little within its rating's band so that workstreams with the same
    rating stay visible side by side; the bands are tinted in their rating's colour and the
    legend sits below the axes, never over the lines."""
    if small:
        return _rag_sparkline(series, scale)
    fig = figure(8.0, 3.8)
    axes = fig.add_subplot()
    levels = {rating: index for index, rating in enumerate(scale)}
    for rating, level in levels.items():
        axes.axhspan(level - 0.5, level + 0.5, color=RAG_COLOURS.get(rating, GREY), alpha=0.08)
    drawn = [(name, sorted(points)) for name, points in series.items() if points]
    spread = 0.3 if len(drawn) > 1 else 0.0
    days: list[dt.date] = []
    for index, (name, ordered) in enumerate(drawn):
        lift = spread * (index / (len(drawn) - 1) - 0.5) if len(drawn) > 1 else 0.0
        dates = _num([day for day, _ in ordered])
        values = [levels[rating] + lift for _, rating in ordered]
        days += [day for day, _ in ordered]
        axes.step(
            dates,
            values,
            where="post",
            color=SERIES_COLOURS[index % len(SERIES_COLOURS)],
            linestyle=SERIES_LINES[index % len(SERIES_LINES)],
            linewidth=1.8,
            marker=SERIES_MARKERS[index % len(SERIES_MARKERS)],
            markersize=7,
            markeredgecolor="white",
            label=name,
        )
    axes.set_ylim(-0.5, len(scale) - 0.5)
    style_axes(axes)
    axes.grid(False)
    axes.set_yticks(range(len(scale)), list(scale))
    if days:
        months = (max(days).year - min(days).year) * 12 + max(days).month - min(days).month
        axes.xaxis.set_major_locator(MonthLocator(interval=max(1, months // 8 + 1)))  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_formatter(DateFormatter("%b %Y"))  # type: ignore[no-untyped-call]
    if len(drawn) > 1:
        fig.legend(loc="outside lower center", ncols=min(len(drawn), 2), frameon=False)
    return fig


def _rag_sparkline(
    series: Mapping[str, Sequence[tuple[dt.date, str]]], scale: Sequence[str]
) -> Figure:
    fig = figure(2.4, 0.7)
    axes = fig.add_subplot()
    levels = {rating: index for index, rating in enumerate(scale)}
    for points in series.values():
        ordered = sorted(points)
        if not ordered:
            continue
        dates = _num([day for day, _ in ordered])
        values = [levels[rating] for _, rating in ordered]
        axes.step(dates, values, where="post", color=GREY, linewidth=1)
        axes.scatter(
            dates,
            values,
            c=[RAG_COLOURS.get(rating, GREY) for _, rating in ordered],
            s=18,
            zorder=3,
        )
    axes.set_ylim(-0.5, len(scale) - 0.5)
    axes.set_axis_off()
    return fig


def risk_heat_map(
    counts: Mapping[tuple[int, int], int],
    matrix: Matrix,
    cell_url: Callable[[int, int], str] | str | None = None,
    likelihood_labels: Sequence[str] = (),
    impact_labels: Sequence[str] = (),
) -> Figure:
    """A levels × levels grid coloured by band, with the number of risks in each cell, and a
    key to the bands (name and scores) beside the grid. Impact labels go on two lines under
    their column ("4" over "Major"), so neighbouring labels never run together.

    `counts` is keyed by (likelihood, impact). With `cell_url`, each cell links to its risks
    (an SVG hyperlink): a function of (likelihood, impact), or a string with `{likelihood}`
    and `{impact}` in it (which `chart_svg` can cache).
    """
    link: Callable[[int, int], str] | None
    if isinstance(cell_url, str):
        template = cell_url

        def link(likelihood: int, impact: int) -> str:
            return template.format(likelihood=likelihood, impact=impact)

    else:
        link = cell_url
    levels = matrix.levels
    fig = figure(6.6, 4.5)
    axes = fig.add_subplot()
    for likelihood in range(1, levels + 1):
        for impact in range(1, levels + 1):
            band = matrix.band(likelihood * impact)
            cell = Rectangle(
                (impact - 0.5, likelihood - 0.5),
                1,
                1,
                facecolor=band.colour,
                edgecolor="white",
                linewidth=2,
            )
            if link is not None:
                cell.set_url(link(likelihood, impact))
            axes.add_patch(cell)
            count = counts.get((likelihood, impact), 0)
            if count:
                text = axes.text(
                    impact,
                    likelihood,
                    str(count),
                    ha="center",
                    va="center",
                    fontsize=14,
                    fontweight="bold",
                    color=BLACK,
                )
                if link is not None:
                    text.set_url(link(likelihood, impact))
    axes.set_xlim(0.5, levels + 0.5)
    axes.set_ylim(0.5, levels + 0.5)
    ticks = range(1, levels + 1)
    axes.set_xticks(ticks, [_label(impact_labels, i, "\n") for i in ticks], fontsize="small")
    axes.set_yticks(ticks, [_label(likelihood_labels, i) for i in ticks])
    axes.tick_params(length=0)
    axes.set_xlabel("Impact")
    axes.set_ylabel("Likelihood")
    axes.set_aspect("equal")
    axes.set_anchor("W")  # square cells; the spare width goes right, so "Likelihood" stays in
    for spine in axes.spines.values():
        spine.set_visible(False)
    key = [
        Patch(facecolor=band.colour, edgecolor=GREY, linewidth=0.5, label=_band_words(band))
        for band in sorted(matrix.bands, key=lambda band: -band.lowest)
    ]
    fig.legend(
        handles=key,
        loc="outside right center",
        title="Score (likelihood × impact)",
        fontsize="small",
        title_fontsize="small",
        frameon=False,
    )
    return fig


def _band_words(band: Band) -> str:
    return (
        f"{band.name} ({band.lowest}–{band.highest})"
        if band.lowest != band.highest
        else f"{band.name} ({band.lowest})"
    )


def _label(labels: Sequence[str], level: int, between: str = " ") -> str:
    return f"{level}{between}{labels[level - 1]}" if len(labels) >= level else str(level)


@dataclass(frozen=True)
class TimelinePoint:
    label: str
    baseline: dt.date | None
    forecast: dt.date | None  # the actual date once achieved
    done: bool
    flagged: bool = False


def milestone_timeline(points: Sequence[TimelinePoint], today: dt.date) -> Figure:
    """Milestones on a timeline: baseline (hollow), forecast or actual (filled), slippage as a
    line between them; red when slipped or flagged, green when achieved."""
    shown = [p for p in points if p.baseline or p.forecast]
    fig = figure(8.0, max(2.0, 0.35 * len(shown) + 0.8))
    axes = fig.add_subplot()
    for row, point in enumerate(reversed(shown)):
        latest = point.forecast or point.baseline
        if latest is None:
            continue
        slipped = bool(point.baseline and latest and latest > point.baseline)
        colour = GREEN if point.done and not slipped else RED if slipped or point.flagged else BLUE
        if point.baseline:
            axes.scatter(
                _num([point.baseline]), [row], marker="o", facecolors="none", edgecolors=GREY
            )
        if point.baseline and latest and latest != point.baseline:
            axes.plot(_num([point.baseline, latest]), [row, row], color=colour, linewidth=1.5)
        axes.scatter(
            _num([latest]), [row], marker="D" if point.done else "o", color=colour, zorder=3
        )
    axes.set_yticks(range(len(shown)), [p.label for p in reversed(shown)], fontsize="small")
    axes.axvline(float(_num([today])[0]), color=LIGHT_GREY, linestyle="--", linewidth=1)
    axes.xaxis.set_major_formatter(DateFormatter("%b %Y"))  # type: ignore[no-untyped-call]
    style_axes(axes)
    return fig


def benefits_realised(items: Sequence[tuple[str, Decimal | None]]) -> Figure:
    """% realised per benefit (a bar to 100%); a benefit not measured shows as "not measured"."""
    fig = figure(8.0, max(2.0, 0.4 * len(items) + 0.8))
    axes = fig.add_subplot()
    labels = [label for label, _ in items]
    rows = range(len(items))
    values = [float(percent) if percent is not None else 0.0 for _, percent in items]
    axes.barh(rows, [100.0] * len(items), color="#f3f2f1")
    axes.barh(rows, values, color=[GREEN if v >= 100 else BLUE for v in values])
    for row, (_, percent) in zip(rows, items, strict=True):
        text = f"{percent}%" if percent is not None else "not measured"
        axes.text(102, row, text, va="center", fontsize="small", color=BLACK)
    axes.set_yticks(rows, labels, fontsize="small")
    axes.invert_yaxis()
    axes.set_xlim(0, 125)
    axes.set_xlabel("% realised")
    axes.axvline(100, color=RED, linewidth=0.8)
    style_axes(axes)
    return fig
