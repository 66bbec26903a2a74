"""The report's charts, drawn from its data snapshot by the same chart functions as the pages
(programme, finance and migration `charts.py`), so a chart in an issued report is the chart
of the data it froze.

Each chart also has its alt text (`alt_text`: what the chart shows, in words, from the same
data; the picture's description in Word and the image's alt in the PDF) and a numbered caption
(`caption`: "Figure 2: …", numbered in the order the charts appear in the document).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from matplotlib.figure import Figure

from gemini.core.charts import to_png, to_svg
from gemini.core.reporting import formatting as f
from gemini.core.reporting.blocks import Chart, Document
from gemini.finance import charts as finance_charts
from gemini.finance.engine import SavingsYear
from gemini.migration import charts as migration_charts
from gemini.programme import charts as programme_charts
from gemini.programme.engine import Band, Matrix

CHART_KEYS = ("rag_history", "heat_map", "savings", "migration")


def figure_for(key: str, data: Mapping[str, Any]) -> Figure:
    """The matplotlib figure for a chart block (`document.Chart.key`)."""
    if key == "rag_history":
        series = {
            w["name"]: [(dt.date.fromisoformat(day), rating) for day, rating in w["history"]]
            for w in data["status"]["workstreams"]
            if w["history"]
        }
        return programme_charts.rag_history(series, data["programme"]["scale"])
    if key == "heat_map":
        matrix_data = data["risks"]["matrix"]
        matrix = Matrix(
            matrix_data["levels"],
            tuple(
                Band(name, low, high, colour) for name, low, high, colour in matrix_data["bands"]
            ),
        )
        counts = {(row[0], row[1]): row[2] for row in data["risks"]["counts"]}
        return programme_charts.risk_heat_map(
            counts,
            matrix,
            likelihood_labels=matrix_data["likelihood_labels"],
            impact_labels=matrix_data["impact_labels"],
        )
    if key == "savings":
        rows = [
            SavingsYear(
                party,
                year,
                Decimal(target),
                Decimal(planned),
                Decimal(delivered),
                Decimal(target) - Decimal(planned),
            )
            for party, year, target, planned, delivered in data["finance"]["trajectory"]
        ]
        return finance_charts.savings_trajectory(rows)
    if key == "migration":
        waves = data["migration"]["waves"]
        return migration_charts.progress_by_wave(
            [w[0] for w in waves],
            [w[1] for w in waves],
            [w[2] for w in waves],
            [w[3] for w in waves],
        )
    raise ValueError(f"There is no report chart {key!r}; choose from {', '.join(CHART_KEYS)}.")


# The part of the snapshot each chart is drawn from.
_SOURCES = {
    "rag_history": ("status", "programme"),
    "heat_map": ("risks",),
    "savings": ("finance",),
    "migration": ("migration",),
}


def png(key: str, data: Mapping[str, Any], dpi: int = 150) -> bytes:
    """The chart as PNG; the same chart of the same data is drawn once (Word and PDF share it)."""
    sources = json.dumps({name: data.get(name) for name in _SOURCES.get(key, ())}, sort_keys=True)
    return _png(key, sources, dpi)


@functools.lru_cache(maxsize=16)
def _png(key: str, sources: str, dpi: int) -> bytes:
    return to_png(figure_for(key, json.loads(sources)), dpi=dpi)


def svg(key: str, data: Mapping[str, Any], title: str) -> str:
    return to_svg(figure_for(key, data), title)


def clear_cache() -> None:
    _png.cache_clear()


# ---------------------------------------------------------------- words for the charts


FIGURE = "Figure"


def figure_numbers(document: Document) -> dict[str, int]:
    """Each chart of the document, by key, with its figure number: 1, 2, 3… in the order the
    charts appear (the same in Word, the PDF and the preview)."""
    charts = [block.key for block in document.blocks if isinstance(block, Chart)]
    return {key: number for number, key in enumerate(charts, 1)}


def caption(number: int, title: str) -> str:
    """A chart's caption: "Figure 3: Open risks by likelihood and impact"."""
    return f"{FIGURE} {number}: {title}"


def alt_text(key: str, data: Mapping[str, Any]) -> str:
    """What the chart shows, in words, from the data it is drawn from: its alt text for a
    reader who cannot see it (Public Sector Bodies Accessibility Regulations 2018; WCAG 2.2
    1.1.1 Non-text Content)."""
    if key == "rag_history":
        return _rag_history_words(data)
    if key == "heat_map":
        return _heat_map_words(data)
    if key == "savings":
        return _savings_words(data)
    if key == "migration":
        return _migration_words(data)
    raise ValueError(f"There is no report chart {key!r}; choose from {', '.join(CHART_KEYS)}.")


def _rag_history_words(data: Mapping[str, Any]) -> str:
    lines = []
    days = []
    for workstream in data["status"]["workstreams"]:
        history = sorted(workstream["history"])
        if not history:
            continue
        days += [day for day, _ in history]
        changes: list[str] = []
        for day, rating in history:
            if not changes or not changes[-1].startswith(f"{rating} "):
                changes.append(f"{rating} from {f.month(day)}")
        if len(changes) == 1:
            changes = [f"{history[0][1]} throughout"]
        lines.append(f"{workstream['name']}: {', then '.join(changes)}")
    if not lines:
        return "Line chart of each workstream's status over time: no status recorded."
    return (
        f"Line chart of each workstream's status ({', '.join(data['programme']['scale'])}) "
        f"from {f.month(min(days))} to {f.month(max(days))}. " + "; ".join(lines) + "."
    )


def _heat_map_words(data: Mapping[str, Any]) -> str:
    matrix = data["risks"]["matrix"]
    levels = matrix["levels"]

    def named(labels: Sequence[str], level: int) -> str:
        return f"{level} ({labels[level - 1]})" if len(labels) >= level else str(level)

    bands = ", ".join(f"{name} {low} to {high}" for name, low, high, _ in matrix["bands"])
    cells = []
    for likelihood, impact, count in sorted(data["risks"]["counts"], reverse=True):
        score = likelihood * impact
        band = next((name for name, low, high, _ in matrix["bands"] if low <= score <= high), "")
        cells.append(
            f"{count} {'risk' if count == 1 else 'risks'} at likelihood "
            f"{named(matrix['likelihood_labels'], likelihood)} and impact "
            f"{named(matrix['impact_labels'], impact)}, score {score} ({band})"
        )
    return (
        f"Heat map of open risks: a {levels} by {levels} grid of likelihood (up) against impact "
        f"(across), each cell coloured by its score's band ({bands}). "
        + ("; ".join(cells) if cells else "No open risks")
        + "."
    )


def _savings_words(data: Mapping[str, Any]) -> str:
    years: dict[str, list[str]] = {}
    for party, year, target, planned, delivered in data["finance"]["trajectory"]:
        years.setdefault(year, []).append(
            f"{party} {f.money(delivered)} delivered and {f.money(planned)} planned "
            f"against a target of {f.money(target)}"
        )
    words = "; ".join(f"{year}: {', '.join(parts)}" for year, parts in sorted(years.items()))
    return (
        "Bar chart of savings a year by council: savings delivered (solid) and still planned "
        "(hatched), with each council's target (a black line). " + (words or "No savings") + "."
    )


def _migration_words(data: Mapping[str, Any]) -> str:
    waves = [
        f"{name}: {f.count(people)} people, {f.count(phase_1)} finished phase 1 and "
        f"{f.count(phase_2)} phase 2"
        for name, people, phase_1, phase_2 in data["migration"]["waves"]
    ]
    return (
        "Bar chart of the people in each migration wave, with how many have finished phase 1 "
        "(data) and phase 2 (account and device). " + ("; ".join(waves) or "No waves") + "."
    )
