"""Excel exports: every list a person may want to take away, as an .xlsx download.

`xlsx_response(filename, sheets)` builds a workbook with one sheet per `Sheet` (title, column
headings, rows), a bold frozen header row, sensible column widths, dates as real dates and money
as numbers with pence. Text that a spreadsheet would run as a formula (=, +, -, @, tab or carriage
return at the start) is written with a leading apostrophe so that it stays text (OWASP "CSV
injection"), in headings as well as cells; sheet titles lose the characters Excel forbids.
Every Excel download in Gemini is built here (gemini/core/tests/test_export_injection.py).

Views check permission before they call this, like any other page.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Sheet:
    title: str
    headings: Sequence[str]
    rows: Iterable[Sequence[Any]]


def safe_cell(value: Any) -> Any:
    """A value as a cell: numbers and dates stay typed; text never starts a formula."""
    if value is None:
        return None
    if isinstance(value, bool | int | float | Decimal | dt.date | dt.datetime):
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            return value.replace(tzinfo=None)
        return value
    text = str(value)
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def sheet_title(title: str) -> str:
    """A title Excel accepts: no []:*?/\\, not starting or ending with ', at most 31 characters."""
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", title).strip().strip("'").strip()
    return cleaned[:31] or "Sheet"


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    book = Workbook()
    book.remove(book.worksheets[0])
    for sheet in sheets:
        worksheet = book.create_sheet(title=sheet_title(sheet.title))
        worksheet.append([safe_cell(str(heading)) for heading in sheet.headings])
        for cell in worksheet[1]:
            cell.font = Font(bold=True)
        widths = [len(str(heading)) for heading in sheet.headings]
        for row in sheet.rows:
            values = [safe_cell(value) for value in row]
            worksheet.append(values)
            for index, value in enumerate(values[: len(widths)]):
                widths[index] = max(widths[index], min(len(str(value or "")), 60))
        for index, width in enumerate(widths, start=1):
            worksheet.column_dimensions[get_column_letter(index)].width = width + 2
            for (cell,) in worksheet.iter_rows(min_row=2, min_col=index, max_col=index):
                if isinstance(cell.value, Decimal):
                    cell.number_format = "#,##0.00"
                elif isinstance(cell.value, dt.datetime):
                    cell.number_format = "dd/mm/yyyy hh:mm"
                elif isinstance(cell.value, dt.date):
                    cell.number_format = "dd/mm/yyyy"
        worksheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, sheets: Sequence[Sheet]) -> HttpResponse:
    """An .xlsx download of the given sheets."""
    response = HttpResponse(workbook_bytes(sheets), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
