"""The importer framework: CSV and XLSX files read by header name, validated whole, then written
in one transaction or not at all (docs/adr/0003-the-importer.md, docs/formats.md).

An app defines an `Importer` subclass per kind of file in its `importers.py` and registers it
with `register`. `run_import` then:

1. reads the file (CSV in UTF-8 or Windows-1252, any common delimiter; or the first sheet of an
   XLSX workbook), matching columns by header name, ignoring case and surrounding spaces;
2. cleans every row through the importer's `clean_row`, collecting every problem as
   (row, column, message) — row numbers are the spreadsheet's own, the header being row 1;
3. runs the importer's cross-row checks (`check_rows`), such as duplicates;
4. only if there are no problems at all, saves every row in one transaction. A dry run does the
   same writes and rolls them back, so what it reports is exactly what a real run would do.

Hostile files get problems, not crashes (gemini/core/tests/test_importer_hostile.py): a file
larger than MAX_ROWS rows, a workbook that unpacks to more than MAX_UNPACKED_BYTES, NUL bytes
in a CSV, a cell longer than MAX_CELL_LENGTH, and text a spreadsheet would run as a formula
(starting with =, +, -, @ and not a number) are each refused in plain words.

Used by `gemini import KIND FILE [--dry-run]` and by the upload page.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import Any, ClassVar, Generic, TypeVar

from django.db import transaction
from openpyxl import load_workbook

from gemini.core.access import Permission

T = TypeVar("T")

MAX_CELL_LENGTH = 10_000
# The largest numbers a cell may hold unless a kind sets its own limits: what a database
# integer column holds, and 15 digits of pounds (far above any council's budget; Decimal
# arithmetic on money stays exact well within it).
MAX_WHOLE_NUMBER = 2_147_483_647
MAX_NUMBER = Decimal("999999999999999.99")
MAX_ROWS = 200_000  # rows in a file, blank ones included
MAX_UNPACKED_BYTES = 256 * 1024 * 1024  # an .xlsx is a zip: what it may unpack to
# Text that Excel, LibreOffice or Google Sheets would run as a formula when the data goes back
# out to a spreadsheet (OWASP "CSV injection"): refused at the door, as well as neutralised by
# gemini.core.exports on the way out. A plain number such as -5 or +1.5 is not a formula.
FORMULA_STARTS = ("=", "+", "-", "@")
_PLAIN_NUMBER = re.compile(r"[+-]\s?£?(\d[\d,]*(\.\d*)?|\.\d+)%?")


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = True
    description: str = ""


@dataclass(frozen=True)
class Problem:
    """One problem in a file: its row (the header is row 1; 0 for the file as a whole), the
    column it is in ("" for a whole row or file) and what is wrong, in plain words."""

    row: int
    column: str
    message: str


@dataclass(frozen=True)
class Change:
    outcome: str  # "created", "updated" or "unchanged"
    description: str


@dataclass
class ImportResult:
    kind: str
    filename: str
    dry_run: bool
    rows_read: int = 0
    problems: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, outcome: str) -> int:
        return sum(1 for change in self.changes if change.outcome == outcome)

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]
    header_row: int = 0  # where the header was found; problems at or above it stop the import


class Cells:
    """One row's cells, with readers that record a problem instead of raising.

    `clean_row` calls e.g. `cells.text("name")`, `cells.choice("kind", {...})`; each reader
    returns None when the value is missing or wrong and notes the problem, so every problem in
    the row is reported, not just the first.
    """

    def __init__(self, row: int, values: dict[str, str]) -> None:
        self.row = row
        self.values = values
        self.problems: list[Problem] = []

    def problem(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.row, column, message))

    def raw(self, column: str) -> str:
        return self.values.get(column, "").strip()

    def text(self, column: str, required: bool = True, max_length: int = 200) -> str | None:
        value = self.raw(column)
        if not value:
            if required:
                self.problem(column, f"{column} is empty; it must have a value.")
                return None
            return ""
        if len(value) > max_length:
            self.problem(column, f"{column} is {len(value)} characters long; at most {max_length}.")
            return None
        return value

    def pattern(
        self, column: str, regex: str, explanation: str, required: bool = True
    ) -> str | None:
        value = self.text(column, required=required)
        if not value:
            return value
        if not re.fullmatch(regex, value):
            self.problem(column, f"{value!r} is not valid: {explanation}")
            return None
        return value

    def choice(self, column: str, choices: dict[str, T], required: bool = True) -> T | None:
        """A value from a fixed list, matched ignoring case, spaces and underscores."""
        value = self.text(column, required=required)
        if not value:
            return None
        key = _normalise(value)
        for label, result in choices.items():
            if _normalise(label) == key:
                return result
        allowed = ", ".join(choices)
        self.problem(column, f"{value!r} is not one of the allowed values: {allowed}.")
        return None

    def boolean(self, column: str, required: bool = True) -> bool | None:
        return self.choice(
            column,
            {
                "true": True,
                "false": False,
                "yes": True,
                "no": False,
                "y": True,
                "n": False,
                "1": True,
                "0": False,
            },
            required=required,
        )

    def integer(
        self,
        column: str,
        required: bool = True,
        minimum: int | None = None,
        maximum: int | None = None,
    ) -> int | None:
        value = self.text(column, required=required)
        if not value:
            return None
        try:
            number = int(value.replace(",", ""))
        except ValueError:
            self.problem(column, f"{value!r} is not a whole number.")
            return None
        if minimum is None:
            minimum = -MAX_WHOLE_NUMBER
        if maximum is None:
            maximum = MAX_WHOLE_NUMBER
        return number if self._in_range(column, number, minimum, maximum) else None

    def decimal(
        self,
        column: str,
        required: bool = True,
        minimum: Decimal | None = None,
        maximum: Decimal | None = None,
    ) -> Decimal | None:
        """A number such as money: '£1,234.50' reads as Decimal('1234.50'); never a float."""
        value = self.text(column, required=required)
        if not value:
            return None
        try:
            number = Decimal(value.replace(",", "").replace("£", ""))
        except InvalidOperation:
            self.problem(column, f"{value!r} is not a number.")
            return None
        if not number.is_finite():
            self.problem(column, f"{value!r} is not a number.")
            return None
        if abs(number) > MAX_NUMBER:
            self.problem(column, f"{value!r} is too large: at most {MAX_NUMBER:,}.")
            return None
        return number if self._in_range(column, number, minimum, maximum) else None

    def date(self, column: str, required: bool = True) -> dt.date | None:
        """A date written the UK way (06/02/2025) or in ISO form (2025-02-06)."""
        value = self.text(column, required=required)
        if not value:
            return None
        for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S"):
            try:
                return dt.datetime.strptime(value, pattern).date()  # noqa: DTZ007 (a date only)
            except ValueError:
                continue
        self.problem(column, f"{value!r} is not a date; write it as 06/02/2025 or 2025-02-06.")
        return None

    def _in_range(self, column: str, number: Any, minimum: Any, maximum: Any) -> bool:
        if minimum is not None and number < minimum:
            self.problem(column, f"{number} is less than the smallest allowed, {minimum}.")
            return False
        if maximum is not None and number > maximum:
            self.problem(column, f"{number} is more than the largest allowed, {maximum}.")
            return False
        return True


def _normalise(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", text.strip().lower())


class Importer(Generic[T]):
    """One kind of file. Subclasses set the class attributes and implement `clean_row` and
    `save`; `check_rows` is for checks across rows (duplicates, references within the file)."""

    kind: ClassVar[str]
    title: ClassVar[str]
    description: ClassVar[str]
    permission: ClassVar[Permission] = Permission.IMPORT_DATA
    columns: ClassVar[tuple[Column, ...]]

    def clean_row(self, cells: Cells) -> T | None:
        raise NotImplementedError

    def check_rows(self, rows: Sequence[tuple[int, T]]) -> list[Problem]:
        return []

    def save(self, rows: Sequence[T]) -> Iterable[Change]:
        raise NotImplementedError


_REGISTRY: dict[str, type[Importer[Any]]] = {}


def register(importer: type[Importer[Any]]) -> type[Importer[Any]]:
    """Register an importer kind (use as a class decorator)."""
    _REGISTRY[importer.kind] = importer
    return importer


def importer_for(kind: str) -> Importer[Any]:
    try:
        return _REGISTRY[kind]()
    except KeyError:
        known = ", ".join(sorted(_REGISTRY)) or "none"
        raise LookupError(f"There is no importer called {kind!r}. Known kinds: {known}.") from None


def kinds() -> list[type[Importer[Any]]]:
    return [_REGISTRY[name] for name in sorted(_REGISTRY)]


class UnreadableFileError(ValueError):
    """The file as a whole cannot be read; the message says why, in plain words."""


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


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _too_many_rows() -> UnreadableFileError:
    return UnreadableFileError(
        f"The file has more than {MAX_ROWS:,} rows; split it into smaller files and import "
        "each in turn."
    )


def _read_csv(data: bytes) -> list[list[str]]:
    text = _decode(data)
    if "\x00" in text:
        raise UnreadableFileError(
            "The file contains NUL characters, so it is not a text CSV file. Save it from "
            'Excel as "CSV UTF-8", or upload the workbook as .xlsx.'
        )
    sample = text[:20_000]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    rows: list[list[str]] = []
    # A quote inside a quoted cell is always doubled ("") in files from Excel and RFC 4180;
    # the sniffer sometimes guesses otherwise and would then split such a cell in two.
    reader = csv.reader(io.StringIO(text), dialect, doublequote=True)
    try:
        for row in reader:
            rows.append(row)
            if len(rows) > MAX_ROWS:
                raise _too_many_rows()
    except csv.Error as error:
        raise UnreadableFileError(
            f"Row {reader.line_num} cannot be read as CSV ({error}). Check for a quote that "
            f"is not closed, or a cell longer than {MAX_CELL_LENGTH:,} characters."
        ) from None
    return rows


def _read_xlsx(data: bytes, filename: str) -> list[list[str]]:
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
            "Gemini reads. Split it into smaller workbooks."
        )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error for a damaged workbook
        raise not_a_workbook from None
    try:
        if not workbook.worksheets:
            raise UnreadableFileError(f"{filename} has no worksheet.")
        rows: list[list[str]] = []
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            rows.append([_cell_text(value) for value in row])
            if len(rows) > MAX_ROWS:
                raise _too_many_rows()
        return rows
    finally:
        workbook.close()


def _read_rows(data: bytes, filename: str) -> list[list[str]]:
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".csv":
        return _read_csv(data)
    if suffix == ".xlsx":
        return _read_xlsx(data, filename)
    raise UnreadableFileError(f"{filename} is not a CSV or XLSX file; save it as .csv or .xlsx.")


def formula_problem(value: str) -> str | None:
    """Why `value` (already stripped) would run as a spreadsheet formula, or None."""
    if not value.startswith(FORMULA_STARTS) or value == "-" or _PLAIN_NUMBER.fullmatch(value):
        return None
    shown = value if len(value) <= 40 else value[:40] + "…"
    return (
        f"{shown!r} starts with {value[0]}, so a spreadsheet would run it as a formula. Gemini "
        f"does not take formulas: type the value itself, without the leading {value[0]}."
    )


def read_table(
    data: bytes, filename: str, columns: Sequence[Column]
) -> tuple[Table, list[Problem]]:
    """Read a file into rows keyed by the importer's column names; report file-level problems."""
    problems: list[Problem] = []
    if not data.strip():
        return Table([], []), [Problem(0, "", "The file is empty.")]
    try:
        raw_rows = _read_rows(data, filename)
    except UnreadableFileError as error:
        return Table([], []), [Problem(0, "", str(error))]
    except Exception:  # anything else a damaged file makes a reader raise
        return Table([], []), [Problem(0, "", f"{filename} cannot be opened as a spreadsheet.")]
    # Keep the spreadsheet's own row numbers (the header is row 1) while skipping blank rows.
    numbered = [
        (number, row)
        for number, row in enumerate(raw_rows, start=1)
        if any(cell.strip() for cell in row)
    ]
    if not numbered:
        return Table([], []), [Problem(0, "", "The file has no header row and no data.")]
    header_number, header_row = numbered[0]
    headers = [cell.strip() for cell in header_row]
    known = {_normalise(column.name): column.name for column in columns}
    index: dict[str, int] = {}
    for position, header in enumerate(headers):
        name = known.get(_normalise(header))
        if name is None:
            continue
        if name in index:
            problems.append(
                Problem(header_number, name, f"The column {name} appears more than once.")
            )
        index[name] = position
    problems.extend(
        Problem(
            header_number, column.name, f"The column {column.name} is missing from the header row."
        )
        for column in columns
        if column.required and column.name not in index
    )
    rows: list[tuple[int, dict[str, str]]] = []
    for number, raw in numbered[1:]:
        values = {name: (raw[pos] if pos < len(raw) else "") for name, pos in index.items()}
        for name, value in values.items():
            if len(value) > MAX_CELL_LENGTH:
                problems.append(
                    Problem(
                        number,
                        name,
                        f"The cell is {len(value)} characters long; at most {MAX_CELL_LENGTH}.",
                    )
                )
                values[name] = ""
            elif value.lstrip().startswith(FORMULA_STARTS):
                message = formula_problem(value.strip())
                if message:
                    problems.append(Problem(number, name, message))
                    values[name] = ""
        rows.append((number, values))
    if not rows and not problems:
        problems.append(Problem(0, "", "The file has a header row but no data rows."))
    return Table(headers, rows, header_number), problems


def validate(
    importer: Importer[Any],
    data: bytes,
    filename: str,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[ImportResult, list[Any]]:
    """Read and check the whole file; return the result so far and the cleaned rows.

    Writes nothing. The result's problems are empty only if every row is valid.
    """
    result = ImportResult(kind=importer.kind, filename=filename, dry_run=dry_run)
    table, problems = read_table(data, filename, importer.columns)
    known = {_normalise(column.name) for column in importer.columns}
    result.ignored_columns = [h for h in table.headers if h and _normalise(h) not in known]
    result.rows_read = len(table.rows)
    result.problems.extend(problems)
    if any(problem.row <= table.header_row for problem in problems):
        return result, []
    cleaned: list[tuple[int, Any]] = []
    reported = {(problem.row, problem.column) for problem in problems}  # one message a cell
    for done, (number, values) in enumerate(table.rows, start=1):
        cells = Cells(number, values)
        value = importer.clean_row(cells)
        result.problems.extend(p for p in cells.problems if (p.row, p.column) not in reported)
        if value is not None and not cells.problems:
            cleaned.append((number, value))
        if progress:
            progress(done, len(table.rows))
    if not result.problems:
        result.problems.extend(importer.check_rows(cleaned))
    return result, [value for _, value in cleaned]


def run_import(
    importer: Importer[Any],
    data: bytes,
    filename: str,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Validate the whole file, then write every row in one transaction, or nothing at all."""
    result, rows = validate(importer, data, filename, dry_run, progress)
    if result.problems:
        return result
    with transaction.atomic():
        result.changes = list(importer.save(rows))
        if dry_run:
            transaction.set_rollback(True)
    return result
