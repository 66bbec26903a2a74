"""The shared Excel export and chart rendering."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from openpyxl import load_workbook

from gemini.core import charts
from gemini.core.exports import Sheet, safe_cell, workbook_bytes


def test_an_export_keeps_types_and_neutralises_formulas():
    data = workbook_bytes(
        [
            Sheet(
                "Risks",
                ["Ref", "Title", "Due", "Cost"],
                [
                    ["R1", "=cmd|' /C calc'!A0", dt.date(2025, 2, 6), Decimal("2550000.00")],
                    ["R2", "+SUM(A1)", None, Decimal("0.10")],
                ],
            )
        ]
    )

    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert [c.value for c in sheet[1]] == ["Ref", "Title", "Due", "Cost"]
    assert sheet["B2"].value == "'=cmd|' /C calc'!A0"
    assert sheet["B3"].value == "'+SUM(A1)"
    assert sheet["C2"].value.date() == dt.date(2025, 2, 6)
    assert sheet["C2"].number_format == "dd/mm/yyyy"
    assert sheet["D2"].value == 2550000
    assert sheet.freeze_panes == "A2"


def test_safe_cell_leaves_ordinary_text_and_numbers_alone():
    assert safe_cell("Cheshire East") == "Cheshire East"
    assert safe_cell(-5) == -5
    assert safe_cell("-5") == "'-5"


def test_a_chart_renders_as_titled_svg_and_as_png():
    fig = charts.figure(4, 2)
    axes = fig.subplots()
    axes.bar(["CEC", "CWAC"], [1.47, 1.2], color=charts.BLUE)
    charts.style_axes(axes)

    svg = charts.to_svg(fig, "Savings <by council>")
    png = charts.to_png(fig)

    assert svg.startswith('<svg role="img" class="gemini-chart"')
    assert "<title>Savings &lt;by council&gt;</title>" in svg
    assert png.startswith(b"\x89PNG")
