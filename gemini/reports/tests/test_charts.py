"""The report's charts (issue 18, item 7): series told apart, legends off the data, the heat
map's labels apart with a key to its bands, captions numbered, and alt text that says what each
chart shows."""

from __future__ import annotations

import copy
import itertools
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from gemini.reports import charts
from gemini.reports import document as d
from gemini.reports.tests.test_document import content, data

SAME_HISTORY = [["2024-04-30", "Green"], ["2024-07-31", "Amber"], ["2024-10-31", "Amber"]]


def _status(*names: str) -> dict[str, Any]:
    snapshot = data()
    workstream = snapshot["status"]["workstreams"][0]
    snapshot["status"]["workstreams"] = [
        {**copy.deepcopy(workstream), "name": name, "history": SAME_HISTORY} for name in names
    ]
    return snapshot


def _snapshot() -> dict[str, Any]:
    snapshot = _status("Technical", "Workforce")
    snapshot["risks"]["matrix"]["likelihood_labels"] = [
        "Rare",
        "Unlikely",
        "Possible",
        "Likely",
        "Almost certain",
    ]
    snapshot["risks"]["matrix"]["impact_labels"] = [
        "Negligible",
        "Minor",
        "Moderate",
        "Major",
        "Severe",
    ]
    snapshot["risks"]["counts"] = [[3, 4, 3], [2, 3, 1]]
    snapshot["finance"] = {
        "trajectory": [
            ["CEC", "2025/26", "1470000.00", "1470000.00", "450000.00"],
            ["CWAC", "2025/26", "1200000.00", "1200000.00", "400000.00"],
        ]
    }
    snapshot["migration"] = {"waves": [["Pilot", 25, 25, 20], ["Wave 1", 490, 480, 400]]}
    return snapshot


def _drawn(figure: Figure) -> Any:
    canvas = FigureCanvasAgg(figure)
    canvas.draw()  # type: ignore[no-untyped-call]
    return canvas.get_renderer()  # type: ignore[no-untyped-call]


def test_each_workstream_in_the_status_history_has_its_own_colour_marker_and_line():
    figure = charts.figure_for("rag_history", _status("A", "B", "C", "D"))

    lines = [line for line in figure.axes[0].get_lines() if str(line.get_label()) in "ABCD"]

    assert len(lines) == 4
    assert len({line.get_color() for line in lines}) == 4
    assert len({line.get_marker() for line in lines}) == 4
    assert len({line.get_linestyle() for line in lines}) == 4
    # Workstreams with the same history are drawn apart, not on top of each other.
    assert len({str(line.get_ydata()) for line in lines}) == 4
    labels = [text.get_text() for legend in figure.legends for text in legend.get_texts()]
    assert labels == ["A", "B", "C", "D"]


def test_no_legend_sits_over_the_data():
    snapshot = _snapshot()
    for key in ("rag_history", "savings", "migration", "heat_map"):
        figure = charts.figure_for(key, snapshot)
        renderer = _drawn(figure)

        assert all(axes.get_legend() is None for axes in figure.axes), key
        assert figure.legends, key
        for legend in figure.legends:
            box = legend.get_window_extent(renderer)
            for axes in figure.axes:
                assert not box.overlaps(axes.get_window_extent(renderer)), key


def test_the_heat_maps_impact_labels_never_touch_and_it_has_a_key_to_its_bands():
    snapshot = _snapshot()
    figure = charts.figure_for("heat_map", snapshot)
    renderer = _drawn(figure)

    labels = [label for label in figure.axes[0].get_xticklabels() if label.get_text()]
    boxes = [label.get_window_extent(renderer) for label in labels]
    for left, right in itertools.pairwise(boxes):
        assert left.x1 < right.x0
    key = [text.get_text() for legend in figure.legends for text in legend.get_texts()]
    assert key == ["High (5–25)", "Low (1–4)"]
    # "Likelihood" is inside the picture.
    assert figure.axes[0].yaxis.label.get_window_extent(renderer).x0 >= 0


def test_captions_number_the_charts_in_the_order_they_appear():
    built = d.build(content(), 1)
    shown = [b for b in built.blocks if isinstance(b, d.Chart)]

    numbers = charts.figure_numbers(built)

    assert [numbers[b.key] for b in shown] == list(range(1, len(shown) + 1))
    assert charts.caption(3, "Open risks by likelihood and impact") == (
        "Figure 3: Open risks by likelihood and impact"
    )


def test_the_alt_text_says_what_each_chart_shows():
    snapshot = _snapshot()

    history = charts.alt_text("rag_history", snapshot)
    heat_map = charts.alt_text("heat_map", snapshot)
    savings = charts.alt_text("savings", snapshot)
    migration = charts.alt_text("migration", snapshot)

    assert "Technical: Green from April 2024, then Amber from July 2024" in history
    assert "3 risks at likelihood 3 (Possible) and impact 4 (Major), score 12 (High)" in heat_map
    assert "1 risk at likelihood 2 (Unlikely) and impact 3 (Moderate), score 6 (High)" in heat_map
    assert "CEC £0.45m delivered and £1.47m planned against a target of £1.47m" in savings
    assert "Wave 1: 490 people, 480 finished phase 1 and 400 phase 2" in migration
