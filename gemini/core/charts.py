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

import matplotlib

matplotlib.use("Agg")  # no screen: render to files only

from matplotlib.figure import Figure

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
RAG_COLOURS = {
    "Red": RED,
    "Amber/Red": "#e86f27",
    "Amber": ORANGE,
    "Amber/Green": "#a2c12f",
    "Green": GREEN,
}

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
