"""The report's charts, drawn from its data snapshot by the same chart functions as the pages
(programme, finance and migration `charts.py`), so a chart in an issued report is the chart
of the data it froze.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from matplotlib.figure import Figure

from gemini.core.charts import to_png, to_svg
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
