"""The importer at scale: every row read whatever a workbook declares, the row cap as a setting,
every problem in one pass (issues 13.3, 16.3, 16.4; docs/adr/0003-the-importer.md)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from openpyxl import Workbook

from gemini import settings as gemini_settings
from gemini.core.importing import importer_for, run_import
from gemini.core.models import Organisation


def _declare_dimension(workbook: bytes, reference: str) -> bytes:
    """The workbook with its first sheet's <dimension ref> rewritten, everything else as it was."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            content = source.read(member.filename)
            if member.filename == "xl/worksheets/sheet1.xml":
                content, replaced = re.subn(
                    rb'<dimension ref="[^"]*"', f'<dimension ref="{reference}"'.encode(), content
                )
                assert replaced == 1
            target.writestr(member, content)
    return out.getvalue()


def _organisations_workbook(rows: int) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["code", "name", "kind", "hosted_by"])
    for number in range(rows):
        sheet.append([f"ORG{number}", f"Council {number}", "council", None])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db
def test_it_reads_every_row_of_a_workbook_whose_dimension_declares_fewer():
    """Issue 13.3: three data rows declaring A1:D2 imported one (openpyxl trusted the
    declaration); every row the sheet holds is read."""
    data = _declare_dimension(_organisations_workbook(3), "A1:D2")

    result = run_import(importer_for("organisations"), data, "organisations.xlsx")

    assert result.problems == []
    assert result.rows_read == 3
    assert sorted(Organisation.objects.values_list("code", flat=True)) == [
        "ORG0",
        "ORG1",
        "ORG2",
    ]


@pytest.mark.django_db
def test_it_keeps_the_spreadsheets_row_numbers_when_the_sheet_starts_lower_down():
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["B3"], sheet["C3"], sheet["D3"] = "code", "name", "kind"
    sheet["B4"], sheet["C4"], sheet["D4"] = "bad code", "Council", "council"
    buffer = io.BytesIO()
    book.save(buffer)

    result = run_import(importer_for("organisations"), buffer.getvalue(), "late.xlsx")

    assert [(problem.row, problem.column) for problem in result.problems] == [(4, "code")]


def test_the_row_cap_defaults_to_a_million():
    assert gemini_settings.GEMINI_IMPORT_MAX_ROWS == 1_000_000


@pytest.mark.django_db
@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_the_row_cap_is_the_setting_and_is_refused_in_plain_words(form, settings):
    """Issue 16.3: the cap was a constant of 200,000 rows; it is GEMINI_IMPORT_MAX_ROWS."""
    settings.GEMINI_IMPORT_MAX_ROWS = 4
    lines = ["code,name,kind"] + [f"ORG{n},Council {n},council" for n in range(4)]
    if form == "csv":
        under, over = "\n".join(lines[:4]).encode(), "\n".join(lines).encode()
    else:
        under, over = _organisations_workbook(3), _organisations_workbook(4)

    refused = run_import(importer_for("organisations"), over, f"over.{form}")
    accepted = run_import(importer_for("organisations"), under, f"under.{form}")

    assert [problem.message for problem in refused.problems] == [
        "The file has more than 4 rows; split it into smaller files and import each in turn."
    ]
    assert accepted.problems == []
    assert accepted.count("created") == 3


@pytest.mark.django_db
def test_it_reports_an_unknown_right_and_an_unknown_user_in_one_pass():
    """Issue 16.4: a permissions file with an unknown right on one row and an unknown user on
    another reported the right, and the user only on the next attempt."""
    data = (
        b"Mailbox,User,AccessRights\n"
        b"finance@example.org,ann@example.org,ReadEverything\n"
        b"finance@example.org,nobody@example.org,FullAccess\n"
    )

    result = run_import(importer_for("permissions"), data, "permissions.csv")

    reported = {(problem.row, problem.column) for problem in result.problems}
    assert (2, "AccessRights") in reported
    assert (3, "User") in reported
    assert "nobody@example.org is not a known identity" in " ".join(
        problem.message for problem in result.problems
    )
    assert not result.written


@pytest.mark.django_db
def test_a_row_with_its_own_problem_is_not_checked_again_across_rows():
    """A duplicate code is reported once, on the valid row only; the invalid row keeps its own
    problem and nothing else."""
    data = b"code,name,kind\nAAA,Alpha,council\nAAA,,council\nBBB,Beta,parish\nBBB,Beta,council\n"

    result = run_import(importer_for("organisations"), data, "organisations.csv")

    assert [(problem.row, problem.column) for problem in result.problems] == [
        (3, "name"),
        (4, "kind"),
    ]
