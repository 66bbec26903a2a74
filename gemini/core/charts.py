"""Charts: one function per chart in each app's `charts.py`, drawn with matplotlib and
rendered here as SVG for pages or PNG for documents — the same picture on screen and in the
committee report.

A chart function takes plain data and returns a matplotlib `Figure` made with `figure()`;
pages call `to_svg(fig)` and mark the result safe, documents call `to_png(fig)`.
Colours follow the GOV.UK Design System palette; RAG colours are in `RAG_COLOURS`.

The rules every chart keeps (issue 19, item 5; each app's tests/test_charts.py checks them on
the figures its functions return):

- one y scale per set of axes: two measures of different size go in two panels, never on a
  second axis drawn over the first (`twinx`);
- the legend outside the data (`legend_below`), at the size of the tick labels;
- counts on whole-number ticks (`whole_numbers`): never 0.25 of a VM;
- money on ticks rounded for reading (`money_ticks`: £400k, £1.4m; gemini.core.reading);
- labels wrapped between words (`wrapped`), never cut;
- on a page, each chart has its figures as a table beside it (`Table`, rendered by the
  `chart` macro in core/_chart.html), for people who cannot see the picture.
"""

from __future__ import annotations

import io
import re
import textwrap
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no screen: render to files only

from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from gemini.core import rating
from gemini.core.reading import pounds_for_reading

# GOV.UK Design System colours.
BLUE = "#1d70b8"
DARK_BLUE = "#003078"
GREEN = "#00703c"
RED = "#d4351c"
ORANGE = "#f47738"
YELLOW = "#ffdd00"
GREY = "#505a5f"
LIGHT_GREY = "#b1b4b6"
BLACK = "#0b0c0c"
PALETTE = (BLUE, ORANGE, GREEN, RED, DARK_BLUE, GREY)
# Series that share an axis (one line per workstream): Okabe and Ito's colour-blind-safe
# palette, without its yellow (too pale on white), each with its own marker and line style, so
# the series stay apart in greyscale and for readers who cannot tell the colours apart.
SERIES_COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", BLACK)
SERIES_MARKERS = ("o", "s", "^", "D", "v", "P", "X")
SERIES_LINES = ("-", "--", "-.", ":")
RAG_COLOURS = rating.COLOURS

FONT = ["DejaVu Sans", "Liberation Sans", "Arial", "sans-serif"]
# Points: legends as large as the tick labels (matplotlib's "medium"), so that they stay
# readable when a page shrinks the chart into a column.
LEGEND_SIZE = 10
# Characters a line of a wrapped label holds before it breaks (between words).
LABEL_WIDTH = 32


def figure(width: float = 8.0, height: float = 4.0) -> Figure:
    """A new figure in the house style (sizes in inches; pages scale the SVG to fit)."""
    fig = Figure(figsize=(width, height), layout="constrained")
    fig.set_facecolor("white")
    return fig


def style_axes(axes: object) -> None:
    """Plain axes: no top or right spine, light grid, dark text."""
    axes.spines[["top", "right"]].set_visible(False)  # type: ignore[attr-defined]
    axes.grid(axis="y", color="#f3f2f1", linewidth=1)  # type: ignore[attr-defined]
    axes.set_axisbelow(True)  # type: ignore[attr-defined]
    axes.tick_params(colors=BLACK)  # type: ignore[attr-defined]


def legend_below(fig: Figure, ncols: int = 3, **options: Any) -> None:
    """The figure's legend below its axes (outside the data), without a frame, as large as the
    tick labels. `options` go to `Figure.legend` (`handles`, `title`)."""
    fig.legend(
        loc="outside lower center",
        ncols=ncols,
        frameon=False,
        fontsize=LEGEND_SIZE,
        **options,
    )


def whole_numbers(axis: Axis) -> None:
    """Ticks at whole numbers only, for an axis that counts (people, VMs, roles)."""
    axis.set_major_locator(MaxNLocator(integer=True))


def money_ticks(axis: Axis) -> None:
    """Tick labels in pounds rounded for reading (£400k, £1.4m), as the dashboards write
    money (gemini.core.reading.pounds_for_reading)."""

    def label(value: float, _position: object = None) -> str:
        try:
            return pounds_for_reading(Decimal(str(float(value))))
        except (InvalidOperation, ValueError):
            return ""

    axis.set_major_formatter(FuncFormatter(label))


def wrapped(label: str, width: int = LABEL_WIDTH) -> str:
    """`label` on as many lines as it needs, broken between words (a word longer than a line
    keeps its own line whole): never cut, so the whole text is always in the chart."""
    lines = textwrap.wrap(label, width, break_long_words=False, break_on_hyphens=False)
    return "\n".join(lines) if lines else label


@dataclass(frozen=True)
class Table:
    """A chart's figures as a table: its text alternative on a page (shown under the chart,
    inside a GOV.UK details component, by the `chart` macro in core/_chart.html). `numeric`
    says which columns hold numbers (aligned right)."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.headers):
                raise ValueError(f"Row {row!r} does not match the headers {self.headers!r}.")


def table(
    caption: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    numeric: Sequence[int] = (),
) -> Table:
    """A `Table` from any values (each shown with `str`)."""
    return Table(
        caption,
        tuple(headers),
        tuple(tuple(str(cell) for cell in row) for row in rows),
        tuple(numeric),
    )


def to_svg(fig: Figure, title: str) -> str:
    """The figure as inline SVG with a <title> (its accessible name), no XML prologue."""
    with matplotlib.rc_context({"svg.fonttype": "none", "font.family": FONT}):
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    escaped = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    svg = re.sub(r"<svg ", '<svg role="img" class="gemini-chart" ', svg, count=1)
    return svg.replace(">", f"><title>{escaped}</title>", 1)


def to_png(fig: Figure, dpi: int = 200) -> bytes:
    """The figure as PNG bytes, for Word and PDF documents."""
    with matplotlib.rc_context({"font.family": FONT}):
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


_DRAWN: OrderedDict[tuple[str, ...], str] = OrderedDict()
_DRAWN_LOCK = threading.Lock()
DRAWN_LIMIT = 256


def chart_svg(draw: Callable[..., Figure], *args: Any, title: str, **kwargs: Any) -> str:
    """`to_svg(draw(*args, **kwargs), title)`, drawn once for each distinct input.

    Chart functions are pure (plain data in, a figure out), so the same data always gives the
    same picture: a page opened again before its data changes reuses the SVG instead of
    drawing it again (drawing costs 50 to 120 ms a chart). The key is the function, the title
    and the `repr` of the arguments — plain data, dataclasses, dates, Decimals — so every
    argument must show its whole value in its `repr`; a function cannot, and is refused. The
    last `DRAWN_LIMIT` charts are kept per process.
    """
    if any(callable(value) for value in (*args, *kwargs.values())):
        raise TypeError("chart_svg keys on its arguments' repr: pass data, not a function.")
    key = (draw.__module__, draw.__qualname__, title, repr(args), repr(sorted(kwargs.items())))
    with _DRAWN_LOCK:
        if key in _DRAWN:
            _DRAWN.move_to_end(key)
            return _DRAWN[key]
    svg = to_svg(draw(*args, **kwargs), title)
    with _DRAWN_LOCK:
        _DRAWN[key] = svg
        while len(_DRAWN) > DRAWN_LIMIT:
            _DRAWN.popitem(last=False)
    return svg
