"""Charts: one function per chart in each app's `charts.py`, drawn with matplotlib and
rendered here as SVG for pages or PNG for documents — the same picture on screen and in the
committee report.

A chart function takes plain data and returns a matplotlib `Figure` made with `figure()`;
pages call `to_svg(fig)` and mark the result safe, documents call `to_png(fig)`.
Colours follow the GOV.UK Design System palette; RAG colours are in `RAG_COLOURS`.
"""

from __future__ import annotations

import io
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no screen: render to files only

from matplotlib.figure import Figure

from gemini.core import rating

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
