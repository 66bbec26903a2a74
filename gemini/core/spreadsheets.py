"""Reading an uploaded CSV or XLSX file as numbered rows of text, streamed, refusing hostile
files in plain words (docs/formats.md, "Rules for every file"; docs/adr/0003-the-importer.md).

`numbered_rows(data, filename)` yields `(row number, cells)` for every row of the file, the
first row being 1, without holding the file's rows in memory at once:

- CSV: decoded as UTF-16 (with its byte-order mark), UTF-8 (with or without one) or
  Windows-1252; the delimiter sniffed from comma, semicolon, tab and pipe; read row by row.
- XLSX: the first worksheet, read with python-calamine (the values Excel last saved; every
  cell the sheet holds, whatever its `<dimension>` declares: an openpyxl read-only reader
  trusts that declaration and silently drops the rows beyond it).

Refused before the rows are read: a file of more than `max_rows()` rows
(`GEMINI_IMPORT_MAX_ROWS`, blank rows included; or of more than the `limit` given, such as the
upload page's `GEMINI_WEB_IMPORT_MAX_ROWS`: a `TooManyRowsError`), a workbook that is not a zip
or not a workbook, or that unpacks to more than `MAX_UNPACKED_BYTES`, and NUL bytes in a CSV. Each
refusal is an `UnreadableFileError` whose message says what to do.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.conf import settings
from python_calamine import CalamineSheet, CalamineWorkbook

MAX_CELL_LENGTH = 10_000
# What an .xlsx (a zip) may unpack to. Measured on the 2-core development machine: a workbook
# of 300,000 rows of six columns unpacks to 116 MB and calamine reads every row in 4.9 s with
# a peak of 210 MB; at 200 MB that is about 9 s and 350 MB, which finishes well inside a
# background import. (openpyxl took 2 min 26 s and 833 MB for 255 MB: issue 13.4.) A larger
# export is saved as CSV, which is read row by row.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024


class UnreadableFileError(ValueError):
    """The file as a whole cannot be read; the message says why, in plain words."""


def max_rows() -> int:
    """The most rows a file may have, blank ones included (GEMINI_IMPORT_MAX_ROWS)."""
    return int(settings.GEMINI_IMPORT_MAX_ROWS)


class TooManyRowsError(UnreadableFileError):
    """The file has `rows` rows, more than `limit`."""

    def __init__(self, rows: int, limit: int) -> None:
        self.rows = rows
        self.limit = limit
        super().__init__(
            f"The file has more than {limit:,} rows; split it into smaller files and import "
            "each in turn."
        )


_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _decode(data: bytes) -> str:
    for bom, wide in _WIDE_BOMS:  # Excel's "Unicode text" is UTF-16 with a byte-order mark
        if data.startswith(bom):
            try:
                return data.decode(wide)
            except UnicodeDecodeError:
                raise UnreadableFileError(
                    f"The file starts like {wide.upper()} text but is not: save it from Excel "
                    'as "CSV UTF-8".'
                ) from None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def cell_text(value: Any) -> str:
    """A cell's value as the text an importer reads: dates in ISO form, 2.0 as 2."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass(frozen=True)
class Rows:
    """A file's rows, read as they are used: `(row number, cells as text)`, the first row 1.

    `total` is how many rows the file has, or a close upper bound (for a CSV, its lines), for
    a progress bar."""

    total: int
    rows: Iterator[tuple[int, list[str]]]

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        return self.rows


def _csv_rows(data: bytes, limit: int) -> Rows:
    text = _decode(data)
    if "\x00" in text:
        raise UnreadableFileError(
            "The file contains NUL characters, so it is not a text CSV file. Save it from "
            'Excel as "CSV UTF-8", or upload the workbook as .xlsx.'
        )
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            text[:20_000], delimiters=",;\t|"
        )
    except csv.Error:
        dialect = csv.excel
    lines = text.count("\n") + 1
    if lines > limit:  # a row takes at least one line: count the rows only when near the cap
        try:
            total = sum(1 for _ in csv.reader(io.StringIO(text), dialect, doublequote=True))
        except csv.Error:
            total = 0  # reported with its row number when the rows are read
        if total > limit:
            raise TooManyRowsError(total, limit)
    # A quote inside a quoted cell is always doubled ("") in files from Excel and RFC 4180;
    # the sniffer sometimes guesses otherwise and would then split such a cell in two.
    reader = csv.reader(io.StringIO(text), dialect, doublequote=True)
    return Rows(lines, _csv_records(reader))


def _csv_records(reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    number = 0
    try:
        for row in reader:
            number += 1
            yield number, row
    except csv.Error as error:
        raise UnreadableFileError(
            f"Row {number + 1} cannot be read as CSV ({error}). Check for a quote that "
            f"is not closed, or a cell longer than {MAX_CELL_LENGTH:,} characters."
        ) from None


def _xlsx_rows(data: bytes, filename: str, limit: int) -> Rows:
    not_a_workbook = UnreadableFileError(
        f"{filename} is not an Excel workbook, or it is damaged. Open it in Excel and save it "
        "as an Excel Workbook (.xlsx); an older .xls file must be saved as .xlsx too."
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise not_a_workbook from None
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise not_a_workbook
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnreadableFileError(
            f"{filename} unpacks to {unpacked:,} bytes, more than the {MAX_UNPACKED_BYTES:,} "
            "Gemini reads from a workbook. Save it as CSV (which has no such limit), or split "
            "it into smaller workbooks."
        )
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if not workbook.sheet_names:
            raise UnreadableFileError(f"{filename} has no worksheet.")
        sheet = workbook.get_sheet_by_index(0)
    except UnreadableFileError:
        raise
    except Exception:  # calamine raises several kinds of error for a damaged workbook
        raise not_a_workbook from None
    # calamine yields every row from the sheet's first (blank ones at the top included, so the
    # row numbers stay the spreadsheet's own) to the last that holds a cell, whatever the
    # sheet's <dimension> declares (issue 13.3).
    total = sheet.end[0] + 1 if sheet.end else 0
    if total > limit:
        raise TooManyRowsError(total, limit)
    return Rows(total, _sheet_records(sheet))


def _sheet_records(sheet: CalamineSheet) -> Iterator[tuple[int, list[str]]]:
    for number, row in enumerate(sheet.iter_rows(), start=1):
        yield number, [cell_text(value) for value in row]


def numbered_rows(data: bytes, filename: str, limit: int | None = None) -> Rows:
    """Every row of the file as (its row number, its cells as text), read as it is used.

    Raises UnreadableFileError at once for a file that is not CSV or XLSX, has more rows than
    `limit` or `max_rows()` (TooManyRowsError, with the count), is not a workbook or unpacks
    too large, or holds NUL bytes; and while the rows are read for a CSV row that cannot be
    parsed."""
    cap = min(limit, max_rows()) if limit is not None else max_rows()
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".csv":
        return _csv_rows(data, cap)
    if suffix == ".xlsx":
        return _xlsx_rows(data, filename, cap)
    raise UnreadableFileError(f"{filename} is not a CSV or XLSX file; save it as .csv or .xlsx.")
