"""Checks on the figures that chart functions return (the rules in gemini.core.charts), for
each app's tests/test_charts.py. Each check draws the figure and returns what breaks a rule,
as sentences (an empty list when the figure keeps it), so a failing test says what is wrong.
"""

from __future__ import annotations

from collections.abc import Iterable

from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Text
from matplotlib.transforms import Bbox


def drawn(fig: Figure) -> Figure:
    """The figure after a draw (on the Agg canvas the pages' SVG and the documents' PNG are
    laid out like), so that layout, ticks and text extents are final."""
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    fig.canvas.draw()
    return fig


def _renderer(fig: Figure) -> RendererBase:
    canvas = drawn(fig).canvas
    if not isinstance(canvas, FigureCanvasAgg):
        raise TypeError("The figure is not on the Agg canvas.")
    renderer: RendererBase = canvas.get_renderer()  # type: ignore[no-untyped-call]
    return renderer


def second_axes(fig: Figure) -> list[str]:
    """Axes drawn over other axes (`twinx`, `twiny`: a second scale on one chart)."""
    seen: dict[tuple[float, ...], Axes] = {}
    problems = []
    for axes in drawn(fig).axes:
        box = tuple(round(value, 4) for value in axes.get_position().bounds)
        if box in seen:
            problems.append(f"{axes.get_ylabel()!r} is drawn over {seen[box].get_ylabel()!r}")
        seen[box] = axes
    return problems


def _legends(fig: Figure) -> Iterable[tuple[str, Legend]]:
    for legend in fig.legends:
        yield "figure legend", legend
    for axes in fig.axes:
        inside = axes.get_legend()
        if inside is not None:
            yield f"legend inside {axes.get_ylabel() or axes.get_xlabel()!r}", inside


def legends_on_data(fig: Figure) -> list[str]:
    """Legends drawn inside a set of axes, or overlapping one (over the data)."""
    renderer = _renderer(fig)
    problems = []
    for where, legend in _legends(fig):
        if where != "figure legend":
            problems.append(where)
            continue
        box = legend.get_window_extent(renderer)
        problems.extend(
            f"the legend overlaps the axes {axes.get_ylabel()!r}"
            for axes in fig.axes
            if box.overlaps(axes.get_window_extent(renderer))
        )
    return problems


def legend_sizes(fig: Figure) -> list[float]:
    """The font size, in points, of every legend entry."""
    return [
        float(text.get_fontsize()) for _, legend in _legends(fig) for text in legend.get_texts()
    ]


def _shown_tick_labels(axis: Axis) -> Iterable[Text]:
    """The labels of the ticks within the axis's view (matplotlib keeps labels for ticks just
    outside it, which it does not draw)."""
    low, high = sorted(axis.get_view_interval())
    span = (high - low) * 1e-9
    for tick in axis.get_major_ticks():
        if low - span <= tick.get_loc() <= high + span:
            yield tick.label1


def _texts(fig: Figure) -> Iterable[Text]:
    for axes in fig.axes:
        yield from _shown_tick_labels(axes.xaxis)
        yield from _shown_tick_labels(axes.yaxis)
        yield axes.xaxis.label
        yield axes.yaxis.label
        yield from axes.texts
    for _, legend in _legends(fig):
        yield from legend.get_texts()


def text_outside(fig: Figure) -> list[str]:
    """Text (tick labels, axis labels, legend entries) that runs off the figure: cut."""
    renderer = _renderer(fig)
    whole = Bbox.from_extents(-1, -1, fig.bbox.width + 1, fig.bbox.height + 1)
    problems = []
    for text in _texts(fig):
        if not text.get_visible() or not text.get_text():
            continue
        box = text.get_window_extent(renderer)
        inside = (
            box.x0 >= whole.x0 and box.y0 >= whole.y0 and box.x1 <= whole.x1 and box.y1 <= whole.y1
        )
        if not inside:
            problems.append(f"{text.get_text()!r} runs off the figure")
    return problems


def tick_values(axes: Axes, axis: str) -> list[float]:
    """The ticks shown within the axis's limits, after a draw."""
    drawn(axes.get_figure())  # type: ignore[arg-type]
    ticks = axes.get_yticks() if axis == "y" else axes.get_xticks()
    low, high = sorted(axes.get_ylim() if axis == "y" else axes.get_xlim())
    return [float(tick) for tick in ticks if low <= tick <= high]


def tick_labels(axes: Axes, axis: str) -> list[str]:
    """The tick labels' text, after a draw, each label's lines joined with spaces."""
    drawn(axes.get_figure())  # type: ignore[arg-type]
    labels = axes.get_yticklabels() if axis == "y" else axes.get_xticklabels()
    return [" ".join(label.get_text().split()) for label in labels if label.get_text()]


def every_rule(fig: Figure) -> list[str]:
    """What breaks the rules every chart keeps: one scale per axes, legends off the data,
    no text cut at the figure's edge."""
    return second_axes(fig) + legends_on_data(fig) + text_outside(fig)
