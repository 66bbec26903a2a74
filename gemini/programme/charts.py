"""The programme's charts, one function each, from plain data (the reports app reuses them).

Each returns a matplotlib Figure made with `gemini.core.charts.figure()`; pages embed
`to_svg(fig, title)`, documents `to_png(fig)`. Each chart a page shows has its figures as a
table too (`*_table`), its text alternative. The charts keep the rules in gemini.core.charts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from matplotlib.dates import AutoDateLocator, DateFormatter, MonthLocator, date2num
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from gemini.core.charts import (
    BLACK,
    BLUE,
    GREEN,
    GREY,
    LEGEND_SIZE,
    LIGHT_GREY,
    RAG_COLOURS,
    RED,
    SERIES_COLOURS,
    SERIES_LINES,
    SERIES_MARKERS,
    Table,
    figure,
    legend_below,
    style_axes,
    table,
    wrapped,
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
        legend_below(fig, ncols=min(len(drawn), 2))
    return fig


SPARK_FONT = 8  # points; a sparkline is drawn at about the size it is shown


def _rag_sparkline(
    series: Mapping[str, Sequence[tuple[dt.date, str]]], scale: Sequence[str]
) -> Figure:
    """A small trend: a grey step line with each point in its rating's colour, and its scale —
    the best and worst ratings at the bottom and top, the first and last dates under it."""
    fig = figure(2.6, 1.15)
    axes = fig.add_subplot()
    levels = {rating: index for index, rating in enumerate(scale)}
    days: list[dt.date] = []
    for points in series.values():
        ordered = sorted(points)
        if not ordered:
            continue
        days += [day for day, _ in ordered]
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
    ends = sorted({0, len(scale) - 1})
    axes.set_yticks(ends, [scale[level] for level in ends], fontsize=SPARK_FONT)
    if days:
        first, last = min(days), max(days)
        shown = [first] if first == last else [first, last]
        axes.set_xticks(_num(shown), [f"{day:%b %Y}" for day in shown], fontsize=SPARK_FONT)
        if first == last:
            centre = float(_num([first])[0])
            axes.set_xlim(centre - 15, centre + 15)
        else:
            spare = (last - first).days * 0.06 or 1
            axes.set_xlim(float(_num([first])[0]) - spare, float(_num([last])[0]) + spare)
    axes.tick_params(length=2, pad=1, colors=BLACK)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        axes.spines[side].set_color(LIGHT_GREY)
    return fig


def risk_heat_map(
    counts: Mapping[tuple[int, int], int],
    matrix: Matrix,
    cell_url: Callable[[int, int], str] | str | None = None,
    likelihood_labels: Sequence[str] = (),
    impact_labels: Sequence[str] = (),
) -> Figure:
    """A levels × levels grid coloured by band, with the number of risks in each cell, and a
    key to the bands (name and scores) beside the grid. Both axes carry the matrix's own words
    for each level (likelihood "1 Rare" … "5 Almost certain", impact "1 Negligible" …): impact
    labels go on two lines under their column ("4" over "Major"), so neighbouring labels never
    run together; a matrix without words has "(lowest)" and "(highest)" at the ends.

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
    impact_words = level_words(impact_labels, levels)
    likelihood_words = level_words(likelihood_labels, levels)
    axes.set_xticks(
        ticks, [f"{i}\n{wrapped(impact_words[i - 1], 12)}" for i in ticks], fontsize="small"
    )
    axes.set_yticks(ticks, [wrapped(f"{i} {likelihood_words[i - 1]}", 14) for i in ticks])
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
        fontsize=LEGEND_SIZE,
        title_fontsize=LEGEND_SIZE,
        frameon=False,
    )
    return fig


def _band_words(band: Band) -> str:
    return (
        f"{band.name} ({band.lowest}–{band.highest})"
        if band.lowest != band.highest
        else f"{band.name} ({band.lowest})"
    )


def level_words(labels: Sequence[str], levels: int) -> list[str]:
    """The words for each level 1..levels: the matrix's own when it has one for every level,
    otherwise "(lowest)" and "(highest)" at the ends and nothing between."""
    if len(labels) == levels and all(labels):
        return [str(label) for label in labels]
    return ["(lowest)"] + [""] * (levels - 2) + ["(highest)"] if levels > 1 else [""]


def heat_map_table(
    counts: Mapping[tuple[int, int], int],
    matrix: Matrix,
    likelihood_labels: Sequence[str] = (),
    impact_labels: Sequence[str] = (),
) -> Table:
    """The heat map as a table: a row per likelihood (the highest first), a column per impact,
    each cell the number of risks and the cell's band."""
    levels = matrix.levels
    likelihood_words = level_words(likelihood_labels, levels)
    impact_words = level_words(impact_labels, levels)
    return table(
        "Open risks by current likelihood and impact",
        (
            "Likelihood",
            *(f"Impact {i} {impact_words[i - 1]}".rstrip() for i in range(1, levels + 1)),
        ),
        [
            (
                f"{likelihood} {likelihood_words[likelihood - 1]}".rstrip(),
                *(
                    f"{counts.get((likelihood, impact), 0)} "
                    f"({matrix.band(likelihood * impact).name})"
                    for impact in range(1, levels + 1)
                ),
            )
            for likelihood in range(levels, 0, -1)
        ],
        numeric=tuple(range(1, levels + 1)),
    )


@dataclass(frozen=True)
class TimelinePoint:
    label: str
    baseline: dt.date | None
    forecast: dt.date | None  # the actual date once achieved
    done: bool
    flagged: bool = False


def milestone_timeline(points: Sequence[TimelinePoint], today: dt.date) -> Figure:
    """Milestones on a timeline: baseline (hollow), forecast or actual (filled), slippage as a
    line between them; red when slipped or flagged, green when achieved; a key to the marks
    below the axes. Labels are wrapped between words, never cut."""
    shown = [p for p in points if p.baseline or p.forecast]
    labels = [wrapped(p.label) for p in reversed(shown)]
    lines = sum(label.count("\n") + 1 for label in labels)
    fig = figure(8.0, max(2.0, 0.2 * lines + 0.15 * len(shown) + 0.8))
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
    axes.set_yticks(range(len(shown)), labels, fontsize="small")
    axes.axvline(float(_num([today])[0]), color=LIGHT_GREY, linestyle="--", linewidth=1)
    axes.xaxis.set_major_locator(AutoDateLocator(minticks=3, maxticks=6))  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_formatter(DateFormatter("%b %Y"))  # type: ignore[no-untyped-call]
    style_axes(axes)
    if shown:
        legend_below(fig, ncols=3, handles=_timeline_key())
    return fig


def _timeline_key() -> list[Line2D]:
    """What each mark on the milestone timeline means."""

    def mark(label: str, marker: str, colour: str, hollow: bool = False) -> Line2D:
        return Line2D(
            [],
            [],
            linestyle="none",
            marker=marker,
            markerfacecolor="none" if hollow else colour,
            markeredgecolor=colour,
            label=label,
        )

    return [
        mark("Baseline", "o", GREY, hollow=True),
        mark("Forecast, on track", "o", BLUE),
        mark("Slipped or at risk", "o", RED),
        mark("Achieved", "D", GREEN),
        Line2D([], [], color=LIGHT_GREY, linestyle="--", label="Today"),
    ]


def timeline_table(points: Sequence[TimelinePoint]) -> Table:
    """The milestones on the timeline as a table: each one's baseline and its forecast or
    actual date, in UK dates."""

    def day(value: dt.date | None) -> str:
        return f"{value:%d/%m/%Y}" if value else "Not set"

    return table(
        "Milestones: baseline and forecast or actual dates",
        ("Milestone", "Baseline", "Forecast or actual", "State"),
        [
            (
                point.label,
                day(point.baseline),
                day(point.forecast),
                "Achieved"
                if point.done
                else "Slipped or at risk"
                if point.flagged
                or (point.baseline and point.forecast and point.forecast > point.baseline)
                else "On track",
            )
            for point in points
            if point.baseline or point.forecast
        ],
    )


def benefits_realised(items: Sequence[tuple[str, Decimal | None]]) -> Figure:
    """% realised per benefit (a bar to 100%); a benefit not measured shows as "not measured"."""
    fig = figure(8.0, max(2.0, 0.4 * len(items) + 0.8))
    axes = fig.add_subplot()
    labels = [wrapped(label) for label, _ in items]
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


def benefits_table(items: Sequence[tuple[str, Decimal | None]]) -> Table:
    return table(
        "Benefits realised against target",
        ("Benefit", "Realised"),
        [
            (label, f"{percent}%" if percent is not None else "Not measured")
            for label, percent in items
        ],
        numeric=(1,),
    )
