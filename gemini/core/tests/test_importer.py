"""The importer framework, through the organisations kind (docs/adr/0003-the-importer.md)."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from gemini.core.importing import Problem, importer_for, run_import
from gemini.core.models import Organisation

GOOD = (
    "code,name,kind,hosted_by\n"
    "AAA,Alpha Council,council,\n"
    "BBB,Beta Council,Council,\n"
    "SSS,Shared Service,shared service,AAA\n"
)

THREE_BAD_ROWS = (
    "code,name,kind,hosted_by\n"
    "AAA,Alpha Council,council,\n"
    "bad code,Lower Council,council,\n"  # row 3: code
    "CCC,,council,\n"  # row 4: name
    "DDD,Delta Council,parish,\n"  # row 5: kind
    "EEE,Echo Council,council,\n"
)


def _import(text: str | bytes, filename: str = "organisations.csv", dry_run: bool = False):
    data = text.encode() if isinstance(text, str) else text
    return run_import(importer_for("organisations"), data, filename, dry_run=dry_run)


@pytest.mark.django_db
def test_it_reports_every_bad_row_by_row_and_column_and_writes_nothing():
    result = _import(THREE_BAD_ROWS)

    assert not result.ok
    assert [(p.row, p.column) for p in result.problems] == [(3, "code"), (4, "name"), (5, "kind")]
    assert "capital letters" in result.problems[0].message
    assert "empty" in result.problems[1].message
    assert "'parish' is not one of the allowed values" in result.problems[2].message
    assert Organisation.objects.count() == 0


@pytest.mark.django_db
def test_it_writes_every_row_of_a_good_file():
    result = _import(GOOD)

    assert result.ok
    assert result.written
    assert result.count("created") == 3
    shared = Organisation.objects.get(code="SSS")
    assert shared.kind == Organisation.Kind.SHARED_SERVICE
    assert shared.hosted_by == Organisation.objects.get(code="AAA")


@pytest.mark.django_db
def test_a_dry_run_reports_what_would_change_and_writes_nothing():
    result = _import(GOOD, dry_run=True)

    assert result.ok
    assert not result.written
    assert result.count("created") == 3
    assert Organisation.objects.count() == 0


@pytest.mark.django_db
def test_importing_the_same_file_twice_changes_nothing_the_second_time():
    _import(GOOD)
    again = _import(GOOD)

    assert again.count("unchanged") == 3
    assert Organisation.history.count() == 3


@pytest.mark.django_db
def test_it_reads_an_xlsx_workbook_by_header_name_in_any_column_order():
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.append(["Kind", "Name", "CODE"])
    sheet.append(["council", "Alpha Council", "AAA"])
    buffer = io.BytesIO()
    book.save(buffer)

    result = _import(buffer.getvalue(), "organisations.xlsx")

    assert result.ok, result.problems
    assert Organisation.objects.get(code="AAA").name == "Alpha Council"


@pytest.mark.django_db
def test_it_reads_a_windows_csv_with_semicolons_and_a_bom():
    text = "\ufeffcode;name;kind\r\nAAA;Ålpha Council;council\r\n"
    result = _import(text.encode("utf-8"))
    assert result.ok, result.problems
    assert Organisation.objects.get(code="AAA").name == "Ålpha Council"

    result = _import("code,name,kind\nBBB,Caf\xe9 Council,council\n".encode("cp1252"))
    assert result.ok, result.problems
    assert Organisation.objects.get(code="BBB").name == "Café Council"


@pytest.mark.django_db
def test_it_names_a_missing_column_in_the_header_row():
    result = _import("code,name\nAAA,Alpha\n")

    assert result.problems == [
        Problem(1, "kind", "The column kind is missing from the header row.")
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "empty.csv", "The file is empty."),
        (b"code,name,kind\n", "header.csv", "The file has a header row but no data rows."),
        (b"not a workbook", "broken.xlsx", "broken.xlsx is not an Excel workbook"),
        (b"code\nAAA\n", "notes.txt", "notes.txt is not a CSV or XLSX file"),
    ],
)
def test_it_explains_a_file_it_cannot_use(data, filename, message):
    result = _import(data, filename)

    assert len(result.problems) == 1
    assert result.problems[0].message.startswith(message)


@pytest.mark.django_db
def test_it_finds_duplicates_and_unknown_hosts_across_rows():
    result = _import(
        "code,name,kind,hosted_by\nAAA,Alpha,council,\nAAA,Again,council,\nSSS,Shared,"
        "shared service,ZZZ\n"
    )

    assert [(p.row, p.column) for p in result.problems] == [(3, "code"), (4, "hosted_by")]
    assert "also on row 2" in result.problems[0].message
    assert Organisation.objects.count() == 0


@pytest.mark.django_db
def test_an_unknown_kind_is_refused_with_the_known_kinds():
    with pytest.raises(LookupError, match="organisations"):
        importer_for("spaceships")


@pytest.mark.django_db
def test_row_numbers_are_the_spreadsheets_own_even_after_blank_rows():
    result = _import("\ncode,name,kind\n\nAAA,Alpha,council\n,,\nBBB,,council\n")

    assert [(p.row, p.column) for p in result.problems] == [(6, "name")]


@pytest.mark.django_db
def test_only_a_council_can_host_and_a_file_without_the_column_keeps_the_host():
    _import(GOOD)
    refused = _import(
        "code,name,kind,hosted_by\nOTH,Other,shared service,SSS\nYYY,Why,council,AAA\n"
    )
    assert [(p.row, p.column) for p in refused.problems] == [(2, "hosted_by"), (3, "hosted_by")]
    assert "not a council" in refused.problems[0].message
    assert "A council has no host" in refused.problems[1].message

    renamed = _import("code,name,kind\nSSS,Shared Service Renamed,shared service\n")

    assert renamed.ok
    shared = Organisation.objects.get(code="SSS")
    assert shared.name == "Shared Service Renamed"
    assert shared.hosted_by is not None
    assert shared.hosted_by.code == "AAA"


@pytest.mark.parametrize(
    ("reader", "value", "message"),
    [
        ("decimal", "1E100", "'1E100' is too large: at most 999,999,999,999,999.99."),
        ("decimal", "-1e16", "'-1e16' is too large: at most 999,999,999,999,999.99."),
        ("integer", "99999999999", "99999999999 is more than the largest allowed, 2147483647."),
    ],
)
def test_a_number_too_large_to_store_is_a_problem_not_a_crash(reader, value, message):
    """Found by the hostile-file fuzzing: 1E100 in a budget made pence rounding raise."""
    from gemini.core.importing import Cells

    cells = Cells(2, {"amount": value})

    assert getattr(cells, reader)("amount") is None
    assert [p.message for p in cells.problems] == [message]


def test_large_but_plausible_numbers_are_read():
    from decimal import Decimal

    from gemini.core.importing import Cells

    cells = Cells(2, {"budget": "£2,550,000.00", "people": "1,048,576", "tiny": "-1.5E3"})

    assert cells.decimal("budget") == Decimal("2550000.00")
    assert cells.integer("people") == 1_048_576
    assert cells.decimal("tiny") == Decimal("-1500")
    assert cells.problems == []
