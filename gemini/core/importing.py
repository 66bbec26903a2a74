"""The importer framework: CSV and XLSX files read by header name, validated whole, then written
in one transaction or not at all (docs/adr/0003-the-importer.md, docs/formats.md).

An app defines an `Importer` subclass per kind of file in its `importers.py` and registers it
with `register`. `run_import` then:

1. reads the file row by row (gemini.core.spreadsheets: CSV in UTF-8 or Windows-1252, any
   common delimiter; or the first sheet of an XLSX workbook, read with python-calamine),
   matching columns by header name, ignoring case and surrounding spaces;
2. cleans every row through the importer's `clean_row` as it is read, collecting every
   problem as (row, column, message) — row numbers are the spreadsheet's own, the header
   being row 1 — and keeping only the cleaned rows, not the file's;
3. runs the importer's cross-row checks (`check_rows`), such as duplicates, on the rows that
   are valid on their own, so one pass reports every problem;
4. only if there are no problems at all, saves every row in one transaction. A dry run does the
   same writes and rolls them back, so what it reports is exactly what a real run would do.
   A kind's `save` writes in bulk through `gemini.core.bulk_saving.bulk_upsert` where it can
   (docs/adr/0005-bulk-saving.md), telling its progress through `Importer.writing`.

Hostile files get problems, not crashes (gemini/core/tests/test_importer_hostile.py): a file
of more than GEMINI_IMPORT_MAX_ROWS rows, a workbook that unpacks to more than
spreadsheets.MAX_UNPACKED_BYTES, NUL bytes in a CSV, a cell longer than MAX_CELL_LENGTH, and
text a spreadsheet would run as a formula (starting with =, +, -, @ and not a number) and hidden
bidirectional controls are each refused in plain words, by the rule forms and the API use too
(gemini.core.text).

Used by `gemini import KIND FILE [--dry-run] [--programme SLUG]` and, through a background
task, by the upload page (gemini.core.import_runs).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar, Generic, TypeVar

from django.db import transaction
from django.http import HttpRequest

from gemini.core.access import Permission
from gemini.core.spreadsheets import (
    MAX_CELL_LENGTH,
    Rows,
    UnreadableFileError,
    numbered_rows,
)
from gemini.core.text import FORMULA_STARTS, bidi_problem, formula_problem

T = TypeVar("T")

# The largest numbers a cell may hold unless a kind sets its own limits: what a database
# integer column holds, and 15 digits of pounds (far above any council's budget; Decimal
# arithmetic on money stays exact well within it).
MAX_WHOLE_NUMBER = 2_147_483_647
MAX_NUMBER = Decimal("999999999999999.99")


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


_SEPARATORS = re.compile(r"[\s_\-]+")


@functools.lru_cache(maxsize=1 << 14)  # the same labels and cells, row after row
def _normalise(text: str) -> str:
    return _SEPARATORS.sub(" ", text.strip().lower())


Progress = Callable[[str, int, int | None], None]
"""Told how far an import has gone: (stage, done, total or None). The stages are "reading"
(rows read and checked one by one), "checking" (checks across rows) and "writing"."""


class Importer(Generic[T]):
    """One kind of file. Subclasses set the class attributes and implement `clean_row` and
    `save`; `check_rows` is for checks across rows (duplicates, references within the file).

    A kind whose rows belong to one programme sets `about_programme` and is told which by
    `programme`, the slug its caller names (`gemini import --programme SLUG`, or the programme
    chosen on the page, through `for_request`); it never guesses. Its `ready` raises
    LookupError, in plain words, when the programme cannot be told (none, an unknown one, or
    several and none named)."""

    kind: ClassVar[str]
    title: ClassVar[str]
    description: ClassVar[str]
    permission: ClassVar[Permission] = Permission.IMPORT_DATA
    columns: ClassVar[tuple[Column, ...]]
    about_programme: ClassVar[bool] = False
    programme: str | None = None  # the programme's slug, for a kind about a programme
    progress: Progress | None = None  # set by run_import for the length of `save`
    reports_writing = False  # True once `save` has told its progress through `writing`

    def __init__(self, programme: str | None = None) -> None:
        if programme is not None:
            self.programme = programme

    @classmethod
    def for_request(cls, request: HttpRequest) -> Importer[T]:
        """The importer for a file uploaded on a page. A kind about a programme overrides this
        to take the programme the page has chosen."""
        return cls()

    def ready(self) -> None:
        """Check that the file can be imported as named (for a kind about a programme: that
        the programme can be told); raise LookupError with a plain sentence if not. Called
        before the file is read."""

    def writing(self, done: int, total: int) -> None:
        """For `save` (and `bulk_upsert(progress=...)`): `done` of `total` records written."""
        self.reports_writing = True
        if self.progress is not None:
            self.progress("writing", done, total)

    def open_rows(self, data: bytes, filename: str) -> Rows | None:
        """The file's rows, for a kind that reads a format other than CSV and XLSX (such as
        the JSON of a price list); None, the default, reads the file as CSV or XLSX. Raise
        UnreadableFileError with a plain sentence for a file that cannot be read."""
        return None

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


def _kind(kind: str) -> type[Importer[Any]]:
    try:
        return _REGISTRY[kind]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY)) or "none"
        raise LookupError(f"There is no importer called {kind!r}. Known kinds: {known}.") from None


def importer_for(kind: str, programme: str | None = None) -> Importer[Any]:
    """The importer of a kind; `programme` names the programme a kind about one imports into
    (None: the only programme, refused by `ready` when there are several). A kind not about a
    programme is made without it."""
    importer = _kind(kind)
    return importer(programme) if importer.about_programme else importer()


def importer_for_request(kind: str, request: HttpRequest) -> Importer[Any]:
    """The importer of a kind for a file uploaded on a page (`Importer.for_request`)."""
    return _kind(kind).for_request(request)


def kinds() -> list[type[Importer[Any]]]:
    return [_REGISTRY[name] for name in sorted(_REGISTRY)]


@dataclass(frozen=True)
class _Header:
    headers: list[str]
    row: int
    index: dict[str, int]  # column name -> position
    problems: list[Problem]


def _header(rows: Iterable[tuple[int, list[str]]], columns: Sequence[Column]) -> _Header | None:
    """The first row that is not blank, matched to the kind's columns; None if there is none."""
    for number, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        headers = [cell.strip() for cell in row]
        known = {_normalise(column.name): column.name for column in columns}
        index: dict[str, int] = {}
        problems: list[Problem] = []
        for position, header in enumerate(headers):
            name = known.get(_normalise(header))
            if name is None:
                continue
            if name in index:
                problems.append(Problem(number, name, f"The column {name} appears more than once."))
            index[name] = position
        problems.extend(
            Problem(
                number, column.name, f"The column {column.name} is missing from the header row."
            )
            for column in columns
            if column.required and column.name not in index
        )
        return _Header(headers, number, index, problems)
    return None


def _records(
    rows: Iterable[tuple[int, list[str]]], header: _Header
) -> Iterator[tuple[int, dict[str, str], list[Problem]]]:
    """Each data row after the header (blank rows skipped, their numbers kept) as its values by
    column name, with the problems of its cells (emptied): too long, hidden bidirectional
    controls, or a formula (gemini.core.text)."""
    index = header.index.items()
    for number, raw in rows:
        if not any(raw) or not any(cell.strip() for cell in raw):
            continue
        width = len(raw)
        values = {name: (raw[pos] if pos < width else "") for name, pos in index}
        problems: list[Problem] = []
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
            elif not value.isascii() and (message := bidi_problem(value, "this cell")):
                problems.append(Problem(number, name, message))
                values[name] = ""
            elif value and (
                value[0] in _FORMULA_FIRST
                or (value[0].isspace() and value.lstrip().startswith(FORMULA_STARTS))
            ):
                message = formula_problem(value.strip())
                if message:
                    problems.append(Problem(number, name, message))
                    values[name] = ""
        yield number, values, problems


_FORMULA_FIRST = frozenset(FORMULA_STARTS)


def _guarded(
    rows: Iterable[tuple[int, list[str]]], filename: str
) -> Iterator[tuple[int, list[str]]]:
    """The reader's rows; anything a damaged file makes the reader raise becomes one sentence."""
    try:
        yield from rows
    except UnreadableFileError:
        raise
    except Exception:
        raise UnreadableFileError(f"{filename} cannot be opened as a spreadsheet.") from None


def _open(data: bytes, filename: str) -> Rows:
    if not data or data.isspace():
        raise UnreadableFileError("The file is empty.")
    try:
        rows = numbered_rows(data, filename)
    except UnreadableFileError:
        raise
    except Exception:  # anything else a damaged file makes a reader raise
        raise UnreadableFileError(f"{filename} cannot be opened as a spreadsheet.") from None
    return Rows(rows.total, _guarded(rows, filename))


def read_table(
    data: bytes, filename: str, columns: Sequence[Column]
) -> tuple[Table, list[Problem]]:
    """Read a whole file into rows keyed by the importer's column names, with its file-level
    and cell problems. (`validate` reads the same way but row by row, holding no raw rows.)"""
    try:
        rows = _open(data, filename)
        header = _header(rows, columns)
        if header is None:
            return Table([], []), [Problem(0, "", "The file has no header row and no data.")]
        problems = list(header.problems)
        table_rows: list[tuple[int, dict[str, str]]] = []
        for number, values, cell_problems in _records(rows, header):
            table_rows.append((number, values))
            problems.extend(cell_problems)
    except UnreadableFileError as error:
        return Table([], []), [Problem(0, "", str(error))]
    if not table_rows and not problems:
        problems.append(Problem(0, "", "The file has a header row but no data rows."))
    return Table(header.headers, table_rows, header.row), problems


def validate(
    importer: Importer[Any],
    data: bytes,
    filename: str,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> tuple[ImportResult, list[Any]]:
    """Read and check the whole file, row by row as it is read; return the result so far and
    the cleaned rows. Writes nothing. The result's problems are empty only if every row is
    valid.

    Every problem is found in one pass: the checks across rows (`check_rows`) are made on the
    rows that are valid on their own even when other rows have problems, so a file with an
    unknown right on one row and an unknown user on another reports both (issue 16.4). A kind
    that is not `ready` (a programme that cannot be told) has that reported as a problem of the
    whole file, its rows still checked one by one but not across rows.
    """
    result = ImportResult(kind=importer.kind, filename=filename, dry_run=dry_run)
    cleaned: list[tuple[int, Any]] = []
    not_ready: list[Problem] = []
    try:
        importer.ready()
    except LookupError as error:  # reported, and the rows still checked one by one
        not_ready.append(Problem(0, "", str(error)))
    result.problems.extend(not_ready)
    try:
        rows = importer.open_rows(data, filename) or _open(data, filename)
        header = _header(rows, importer.columns)
        if header is None:
            result.problems.append(Problem(0, "", "The file has no header row and no data."))
            return result, []
        known = {_normalise(column.name) for column in importer.columns}
        result.ignored_columns = [h for h in header.headers if h and _normalise(h) not in known]
        if header.problems:
            result.problems.extend(header.problems)
            return result, []
        step = max(1, rows.total // 200)
        for number, values, cell_problems in _records(rows, header):
            result.rows_read += 1
            cells = Cells(number, values)
            value = importer.clean_row(cells)
            if cell_problems:
                result.problems.extend(cell_problems)
                reported = {(problem.row, problem.column) for problem in cell_problems}
                result.problems.extend(
                    p for p in cells.problems if (p.row, p.column) not in reported
                )
            elif cells.problems:
                result.problems.extend(cells.problems)
            elif value is not None:
                cleaned.append((number, value))
            if progress and result.rows_read % step == 0:
                progress("reading", number, rows.total)
    except UnreadableFileError as error:
        result.problems = [Problem(0, "", str(error))]  # the file first: nothing else is told
        result.rows_read = 0
        return result, []
    if progress:
        progress("reading", rows.total, rows.total)
    if not result.rows_read and result.problems == not_ready:
        result.problems.append(Problem(0, "", "The file has a header row but no data rows."))
        return result, []
    if progress:
        progress("checking", 0, 1)
    reported = {(problem.row, problem.column) for problem in result.problems}
    if not not_ready:  # the checks across rows need what `ready` could not tell
        result.problems.extend(
            p for p in importer.check_rows(cleaned) if (p.row, p.column) not in reported
        )
    result.problems.sort(key=lambda problem: problem.row)
    if progress:
        progress("checking", 1, 1)
    return result, [value for _, value in cleaned]


def run_import(
    importer: Importer[Any],
    data: bytes,
    filename: str,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Validate the whole file, then write every row in one transaction, or nothing at all."""
    result, rows = validate(importer, data, filename, dry_run, progress)
    if result.problems:
        return result
    importer.progress = progress
    if progress:  # before the transaction, so that a watcher outside it sees writing begin
        progress("writing", 0, len(rows))
    try:
        with transaction.atomic():
            changes: list[Change] = []
            for change in importer.save(rows):  # a kind saving row by row yields as it goes
                changes.append(change)
                if progress and not importer.reports_writing and len(changes) % 1000 == 0:
                    progress("writing", len(changes), len(rows))
            result.changes = changes
            if dry_run:
                transaction.set_rollback(True)
    finally:
        importer.progress = None
    if progress:
        progress("writing", len(rows), len(rows))
    return result
