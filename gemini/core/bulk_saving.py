"""Saving many records at once, with their audit history: what an import's `save` calls
(docs/adr/0005-bulk-saving.md, issue 16.1).

`bulk_upsert(model, key, rows)` does for a whole file what `services.upsert` does for one
record, with the same outcomes and the same audit history, in a handful of queries:

1. the records already saved are found by their key in one query for the kind (their keys,
   primary keys and the columns the rows set; never whole records for the whole table);
2. each row is compared with what is saved: a row whose values all match is "unchanged" and is
   not written, so importing the same file twice adds nothing to the history;
3. every new or changed record is validated field by field as `full_clean` would (the same
   field validators; a value's result is remembered per field, as most cells repeat; the
   uniqueness checks, one query a row, are left to the database's constraints and the kind's
   `check_rows`; a foreign key's target is checked by the kind, which looked it up);
4. new records are inserted and changed ones updated (only the columns that changed), in
   batches of `BATCH_SIZE` with `executemany`, each value prepared by its field as Django's
   `bulk_create` and `bulk_update` prepare it; the new records' keys are read back with their
   primary keys in one query (those above the highest saved before);
5. their history rows are written in bulk too: one "Created" or "Changed" entry per record
   with every tracked field, as simple-history's `bulk_history_create` writes them, by the
   person importing (the request's user, or `user`), dated by an enclosing `recorded_at`,
   or, given `history_dates` (to `bulk_create` and `bulk_change`), each by its own date: a
   status report's row is dated by the time it gives, not the import's.

Why not `bulk_create_with_history` itself: on the 2-core machine it took 10.2 s to write
30,000 mailbox permissions and their history where a bare `executemany` of the same rows
took 0.55 s (18 times), most of it compiling each value into SQL (docs/adr/0005).
Records are held column by column (`Columns`), never as a model instance or a dictionary
per record: at 100,000 rows that construction cost more than the writing.
A model with its own `save()` is refused: its records are saved one by one.

`bulk_create` and `bulk_change` are the two halves for a kind that matches its records itself
(RVTools matches a VM by UUID, VM ID or name).

It runs inside the caller's transaction (the importer's one transaction), so a problem
anywhere rolls back every batch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import connections, router, transaction
from django.db.models import CharField, Field, Max, Model, TextField
from django.utils import timezone
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_manager_for_model

from gemini.core.history import history_user, recording_time
from gemini.core.services import Outcome

M = TypeVar("M", bound=Model)

BATCH_SIZE = 1_000
# Records whose whole row is read back at once to be changed (their history copies every field).
_FETCH_CHUNK = 2_000
# Records whose history rows are copied in one statement (SQLite allows 999 parameters in some
# builds).
_HISTORY_CHUNK = 900

Columns = dict[str, list[Any]]
"""Records held column by column: each column's name (its attname) and its values, one per
record, in the records' order. Python builds a list per column far faster than a dictionary or
a model instance per record (docs/adr/0005)."""


@dataclass(frozen=True)
class Saved(Generic[M]):
    """What `bulk_upsert` did to each row, in the rows' order: the outcome and the record's
    primary key."""

    outcomes: list[Outcome]
    pks: list[int]

    def count(self, outcome: Outcome) -> int:
        return sum(1 for each in self.outcomes if each == outcome)


def _max_length_only(field: Field[Any, Any]) -> int | None:
    """A text field's length limit when that limit is all its validation does (no choices, no
    other validator): such a field's values are checked here without `Field.clean`, which
    gives the same answer for a text value. None for any other field."""
    if not isinstance(field, CharField | TextField) or field.choices or not field.editable:
        return None
    if type(field).to_python not in (CharField.to_python, TextField.to_python):
        return None
    limit: int | None = None
    for validator in field.validators:
        if type(validator) is not MaxLengthValidator or not isinstance(validator.limit_value, int):
            return None
        limit = validator.limit_value if limit is None else min(limit, validator.limit_value)
    return limit if limit is not None else 10**12


_TEXT = frozenset({str})


class _FieldCheck:
    """A field's validation (`Field.clean`, as `full_clean` runs it), made once per distinct
    value: most cells repeat, and a text field's limit is checked without `Field.clean`."""

    def __init__(self, field: Field[Any, Any]) -> None:
        self.field = field
        self.seen: dict[Hashable, Any] = {}
        self.limit = _max_length_only(field)
        self.blank = field.blank

    def __call__(self, value: Any, record: Model | None) -> Any:
        if value.__class__ is str and self.limit is not None:
            if (value or self.blank) and len(value) <= self.limit:
                return value
            return self.field.clean(value, record)  # raises with the field's own words
        try:
            return self.seen[value]
        except KeyError:
            pass
        except TypeError:  # not hashable: check it every time
            return self.field.clean(value, record)
        cleaned = self.field.clean(value, record)
        self.seen[value] = cleaned
        return cleaned

    def column(self, values: list[Any]) -> tuple[list[Any], dict[int, ValidationError]]:
        """A whole column of new records' values, cleaned, and the problems by position."""
        problems: dict[int, ValidationError] = {}
        try:
            distinct = set(values)
        except TypeError:  # values that cannot be hashed: each is checked
            cleaned: list[Any] = []
            for position, value in enumerate(values):
                try:
                    cleaned.append(self.field.clean(value, None))
                except ValidationError as error:
                    problems[position] = error
                    cleaned.append(value)
            return cleaned, problems
        if (
            self.limit is not None
            and _TEXT.issuperset(map(type, distinct))
            and (self.blank or "" not in distinct)
            and max(map(len, distinct), default=0) <= self.limit
        ):  # text that fits: what Field.clean would give back, unchanged
            return values, problems
        as_cleaned: dict[Any, Any] = {}
        failed: dict[Any, ValidationError] = {}
        same = True
        for value in distinct:
            try:
                result = self(value, None)
            except ValidationError as error:
                failed[value] = error
                continue
            as_cleaned[value] = result
            if result is not value:
                same = False
        if failed:
            for position, value in enumerate(values):
                if value in failed:
                    problems[position] = failed[value]
            return values, problems
        if same:
            return values, problems
        return [as_cleaned[value] for value in values], problems


def _column_values(model: type[Model], rows: Sequence[Mapping[str, Any]]) -> Columns:
    """The rows, by field name or column name (`organisation` or `organisation_id`), as
    columns by attname, a related record becoming its primary key."""
    columns: Columns = {}
    for name in rows[0]:
        field = model._meta.get_field(name)
        values = [row[name] for row in rows]
        if field.is_relation:
            values = [value.pk if isinstance(value, Model) else value for value in values]
        columns[getattr(field, "attname", name)] = values
    return columns


def bulk_upsert(
    model: type[M],
    key: Sequence[str],
    rows: Sequence[Mapping[str, Any]],
    *,
    user: Any = None,
    progress: Callable[[int, int], None] | None = None,
) -> Saved[M]:
    """Create the records found by `key` that are missing and update only the fields that
    differ, for every row at once. Each row gives the key fields and the values to set (the
    same fields on every row); outcomes and primary keys come back in the rows' order.

    Raises ValueError if two rows have the same key (the kind's `check_rows` refuses such a
    file first) and ValidationError if a value fails its field's validation, as `upsert` does.
    """
    _refuse_own_save(model)
    if not rows:
        return Saved([], [])
    columns = _column_values(model, rows)
    key_columns = [getattr(model._meta.get_field(name), "attname", name) for name in key]
    value_columns = [name for name in columns if name not in key_columns]
    keys = list(zip(*(columns[name] for name in key_columns), strict=True))
    if len(set(keys)) != len(keys):
        seen: set[tuple[Any, ...]] = set()
        for row_key in keys:
            if row_key in seen:
                raise ValueError(f"Two rows for the same {model._meta.verbose_name}: {row_key}.")
            seen.add(row_key)
    pk_name = _pk_name(model)
    existing: dict[tuple[Any, ...], tuple[int, tuple[Any, ...]]] = {}
    width = len(key_columns)
    highest = 0
    for values in model._default_manager.values_list(pk_name, *key_columns, *value_columns):
        existing[values[1 : width + 1]] = (values[0], values[width + 1 :])
        highest = max(highest, values[0])

    outcomes: list[Outcome] = []
    pks: list[int] = []
    new_positions: list[int] = []
    changes: dict[int, dict[str, Any]] = {}  # pk -> the columns that change
    row_values: Iterable[tuple[Any, ...]] = (
        zip(*(columns[name] for name in value_columns), strict=True)
        if value_columns
        else [()] * len(keys)  # every column is in the key
    )
    for position, (row_key, values) in enumerate(zip(keys, row_values, strict=True)):
        found = existing.get(row_key)
        if found is None:
            new_positions.append(position)
            outcomes.append("created")
            pks.append(0)
            continue
        pk, saved = found
        pks.append(pk)
        if saved == values:
            outcomes.append("unchanged")
            continue
        changed = {
            name: value
            for name, before, value in zip(value_columns, saved, values, strict=True)
            if before != value
        }
        outcomes.append("updated" if changed else "unchanged")
        if changed:
            changes[pk] = changed

    total = len(rows)  # progress counts rows: the unchanged ones are done already
    done = total - len(new_positions) - len(changes)
    if progress:
        progress(done, total)
    writer = _Writer(model, user if user is not None else history_user())
    with transaction.atomic():
        if new_positions:
            every = len(new_positions) == total
            new = {
                name: values if every else [values[p] for p in new_positions]
                for name, values in columns.items()
            }

            def counted(written: int) -> None:
                if progress:
                    progress(done + written, total)

            created = writer.create(new, key_columns, highest, counted)
            for position, pk in zip(new_positions, created, strict=True):
                pks[position] = pk
            done += len(new_positions)
        if changes:

            def updated(written: int) -> None:
                if progress:
                    progress(done + written, total)

            writer.change(changes, updated)
    return Saved(outcomes, pks)


def bulk_create(
    model: type[Model],
    key: Sequence[str],
    columns: Columns,
    *,
    user: Any = None,
    validate: bool = True,
    history_dates: Sequence[dt.datetime] | None = None,
) -> list[int]:
    """Insert new records given column by column (every record's `key` unique among them and
    not yet saved), with a "Created" history row each; their primary keys, in order.

    `validate=False` leaves out the field validation, for a kind whose reader has already made
    every value fit (as `bulk_create` leaves it out). `history_dates`, one per record in the
    records' order, dates each history row by its own time (otherwise every row has the
    enclosing `recorded_at`, or now)."""
    _refuse_own_save(model)
    columns = {getattr(model._meta.get_field(n), "attname", n): v for n, v in columns.items()}
    key_columns = [getattr(model._meta.get_field(name), "attname", name) for name in key]
    highest = model._default_manager.aggregate(highest=Max(_pk_name(model)))["highest"] or 0
    writer = _Writer(model, user if user is not None else history_user(), validate=validate)
    with transaction.atomic():
        return writer.create(columns, key_columns, highest, history_dates=history_dates)


def bulk_change(
    model: type[Model],
    changes: Mapping[int, Mapping[str, Any]],
    *,
    user: Any = None,
    validate: bool = True,
    history_dates: Mapping[int, dt.datetime] | None = None,
) -> None:
    """Update saved records: for each primary key, the columns that change and their new
    values; a "Changed" history row each, with every tracked field. `history_dates` (by
    primary key, one for every record changed) dates each history row by its own time."""
    _refuse_own_save(model)
    if history_dates is not None and any(pk not in history_dates for pk in changes):
        raise ValueError("history_dates must give a date for every record changed.")
    writer = _Writer(model, user if user is not None else history_user(), validate=validate)
    with transaction.atomic():
        writer.change(
            {pk: dict(values) for pk, values in changes.items()}, history_dates=history_dates
        )


def _refuse_own_save(model: type[Model]) -> None:
    if model.save is not Model.save:
        # A save() of its own has side effects a bulk write would skip: such a kind saves row
        # by row (docs/adr/0005-bulk-saving.md).
        raise TypeError(f"{model.__name__} has its own save(); save its records one by one.")


def _pk_name(model: type[Model]) -> str:
    return model._meta.pk.attname if model._meta.pk else "id"


# Field types whose database value is the Python value itself for text, whole numbers, true or
# false and None (Field.get_db_prep_save returns it unchanged).
_AS_IS_TYPES = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "ForeignKey",
        "IntegerField",
        "PositiveBigIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SmallIntegerField",
        "TextField",
    }
)
_AS_IS_CLASSES = frozenset({str, int, bool, type(None)})


class _Column:
    """One column of a bulk write: its field, and its values as the database takes them
    (`Field.get_db_prep_save`, made once per distinct value)."""

    def __init__(self, field: Field[Any, Any], connection: Any) -> None:
        self.field = field
        self.attname = field.attname
        self.connection = connection
        self.as_is = field.get_internal_type() in _AS_IS_TYPES

    def prepared(self, values: list[Any]) -> list[Any]:
        """The column's values as the database takes them, in order."""
        if self.as_is and _AS_IS_CLASSES.issuperset(map(type, values)):
            return values
        prepare = self.field.get_db_prep_save
        connection = self.connection
        as_prepared: dict[tuple[type, Any], Any] = {}
        result = []
        for value in values:
            kind = value.__class__
            # By type and value: True and 1 are equal but not the same JSON. A list or a
            # dictionary (a JSON value) cannot be hashed: its repr stands for it.
            key = (kind, repr(value) if kind is list or kind is dict else value)
            try:
                result.append(as_prepared[key])
            except KeyError:
                as_prepared[key] = prepared = prepare(value, connection)
                result.append(prepared)
            except TypeError:  # another value that cannot be hashed
                result.append(prepare(value, connection))
        return result


def insert_statement(connection: Any, table: str, columns: Sequence[str]) -> str:
    """An INSERT of one row into `table`, its values as parameters (for `executemany`)."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    marks = ", ".join(["%s"] * len(columns))
    # Only a model's own table and column names, quoted, go into the SQL; values are parameters.
    return f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})"  # noqa: S608


def _rows(columns: Sequence[list[Any]], start: int, stop: int) -> list[tuple[Any, ...]]:
    return list(zip(*(values[start:stop] for values in columns), strict=True))


class _Writer:
    """Validates records and writes them and their history rows with `executemany`, column by
    column: the same values Django's `bulk_create` and simple-history's `bulk_history_create`
    write (each field's `get_db_prep_save`; one history row per record with its tracked
    fields, the date, the user and the type), without compiling SQL for every value or
    building a model instance per record (docs/adr/0005-bulk-saving.md:
    `bulk_create_with_history` took 18 times a bare `executemany` of the same rows)."""

    def __init__(self, model: type[Model], user: Any, validate: bool = True) -> None:
        self.model = model
        self.connection = connections[router.db_for_write(model)]
        self.quote = self.connection.ops.quote_name
        self.table = self.quote(model._meta.db_table)
        self.pk_name = _pk_name(model)
        self.pk_column = self.quote(str(model._meta.pk.column)) if model._meta.pk else "id"
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.columns = {f.attname: _Column(f, self.connection) for f in self.fields}
        self.checks = (
            {
                f.attname: _FieldCheck(f)
                for f in self.fields
                if not f.is_relation and not f.primary_key
            }
            if validate
            else {}
        )
        self.custom_clean = validate and model.clean is not Model.clean
        self.user_id = getattr(user, "pk", None)
        self.history_model: Any = None
        if getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            try:
                self.history_model = get_history_manager_for_model(model).model
            except NotHistoricalModelError:
                self.history_model = None

    # New records ------------------------------------------------------------------------

    def create(
        self,
        given: Columns,
        key_columns: Sequence[str],
        highest: int,
        progress: Callable[[int], None] | None = None,
        history_dates: Sequence[dt.datetime] | None = None,
    ) -> list[int]:
        """Insert the records given column by column (the columns they set; every other
        column takes its default) and their "Created" history; their primary keys, in order.
        `highest` is the highest primary key saved before: the new records are found above
        it by their key."""
        count = len(next(iter(given.values())))
        if not count:
            return []
        if history_dates is not None and len(history_dates) != count:
            raise ValueError(f"{len(history_dates)} history dates for {count} records.")
        records = self._validated(given, count)
        now = timezone.now()
        for column in self.columns.values():  # auto_now(_add) fields, as bulk_create sets them
            field = column.field
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                records[column.attname] = [now] * count
        if self.custom_clean:
            for position in range(count):
                self.model(**{name: values[position] for name, values in records.items()}).clean()
        order = list(self.columns.values())
        prepared = [column.prepared(records[column.attname]) for column in order]
        sql = insert_statement(
            self.connection, self.model._meta.db_table, [str(c.field.column) for c in order]
        )
        with self.connection.cursor() as cursor:
            for start in range(0, count, BATCH_SIZE):
                cursor.executemany(sql, _rows(prepared, start, start + BATCH_SIZE))
                if progress:
                    progress(min(start + BATCH_SIZE, count))
        pks = self._created_pks(records, key_columns, highest, count)
        self._history(pks, "+", history_dates)
        return pks

    def _validated(self, given: Columns, count: int) -> Columns:
        """Every column of the new records: the given ones cleaned by their fields (every
        problem of the first record that has one raised, as `full_clean` raises them), the
        others their defaults."""
        records: Columns = {}
        problems: dict[int, dict[str, list[ValidationError]]] = {}
        for name, values in given.items():
            check = self.checks.get(name)
            if check is None:
                records[name] = values
                continue
            cleaned, failed = check.column(values)
            records[name] = cleaned
            for position, error in failed.items():
                problems.setdefault(position, {}).setdefault(check.field.name, []).extend(
                    error.error_list
                )
        if problems:
            raise ValidationError(problems[min(problems)])
        for field in self.fields:
            if field.attname in records:
                continue
            if callable(field.default):
                records[field.attname] = [field.get_default() for _ in range(count)]
            else:
                records[field.attname] = [field.get_default()] * count
        return records

    def _created_pks(
        self, records: Columns, key_columns: Sequence[str], highest: int, count: int
    ) -> list[int]:
        """The new records' primary keys, read back by their key in one query (an
        `executemany` gives none back; the key is unique), looking above the highest saved
        before and, for any not found there (a primary key given by hand), everywhere."""
        keys = list(zip(*(records[name] for name in key_columns), strict=True))
        manager = self.model._default_manager
        found = {
            values[1:]: values[0]
            for values in manager.filter(pk__gt=highest).values_list(self.pk_name, *key_columns)
        }
        if len(found) < count or any(each not in found for each in keys):
            found = {
                values[1:]: values[0] for values in manager.values_list(self.pk_name, *key_columns)
            }
        return [found[each] for each in keys]

    # Changed records --------------------------------------------------------------------

    def change(
        self,
        changes: Mapping[int, Mapping[str, Any]],
        progress: Callable[[int], None] | None = None,
        history_dates: Mapping[int, dt.datetime] | None = None,
    ) -> None:
        """Set the changed columns of saved records (by primary key), validated as
        `full_clean` validates them, each group of records changing the same columns in one
        `executemany`; and their "Changed" history, with every tracked field."""
        names = [self.pk_name, *self.columns]
        stamped = [  # auto_now fields, as save() sets them
            c.attname for c in self.columns.values() if getattr(c.field, "auto_now", False)
        ]
        now = timezone.now()
        pks = list(changes)
        done = 0
        for start in range(0, len(pks), _FETCH_CHUNK):
            chunk = pks[start : start + _FETCH_CHUNK]
            saved: dict[int, dict[str, Any]] = {}
            if self.custom_clean:  # the model's clean() needs the whole record
                saved = {
                    values[0]: dict(zip(names, values, strict=True))
                    for values in self.model._default_manager.filter(pk__in=chunk).values_list(
                        *names
                    )
                }
            groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
            for pk in chunk:
                values = self._cleaned_change(changes[pk], saved.get(pk))
                values[self.pk_name] = pk
                for name in stamped:
                    values[name] = now
                groups.setdefault(tuple(sorted({*changes[pk], *stamped})), []).append(values)
            with self.connection.cursor() as cursor:
                for group_names, group in groups.items():
                    columns = [self.columns[name] for name in group_names]
                    assignments = ", ".join(
                        f"{self.quote(str(c.field.column))} = %s" for c in columns
                    )
                    prepared = [c.prepared([r[c.attname] for r in group]) for c in columns]
                    prepared.append([r[self.pk_name] for r in group])
                    cursor.executemany(
                        f"UPDATE {self.table} SET {assignments} WHERE {self.pk_column} = %s",  # noqa: S608
                        _rows(prepared, 0, len(group)),
                    )
            self._history(
                chunk, "~", None if history_dates is None else [history_dates[p] for p in chunk]
            )
            done += len(chunk)
            if progress:
                progress(done)

    def _cleaned_change(
        self, values: Mapping[str, Any], record: dict[str, Any] | None
    ) -> dict[str, Any]:
        """`full_clean` for the fields a change sets, without its query-a-row checks (see the
        module's docstring), and the model's own `clean()` on the changed `record` if it has
        one; errors gathered as `full_clean` gathers them. The change's values, cleaned."""
        errors: dict[str, list[ValidationError]] = {}
        cleaned: dict[str, Any] = {}
        for name, value in values.items():
            check = self.checks.get(name)
            if check is None:
                cleaned[name] = value
                continue
            try:
                cleaned[name] = check(value, None)
            except ValidationError as error:
                errors.setdefault(check.field.name, []).extend(error.error_list)
        if record is not None:
            try:
                self.model(**{**record, **cleaned}).clean()
            except ValidationError as error:
                raise ValidationError(error.update_error_dict(errors)) from None
        if errors:
            raise ValidationError(errors)
        return cleaned

    # History ----------------------------------------------------------------------------

    def _history(
        self,
        pks: Sequence[int],
        history_type: str,
        dates: Sequence[dt.datetime] | None = None,
    ) -> None:
        """One history row per record ("+" created, "~" changed) with every tracked field, as
        simple-history writes them, dated by an enclosing `recorded_at` or now (or, given
        `dates`, each by its own, in the order of `pks`): copied by the database from the
        records just written (INSERT ... SELECT), so no value travels through Python twice."""
        if self.history_model is None or not pks:
            return
        history = self.history_model._meta
        tracked_names = {t.attname for t in self.history_model.tracked_fields}
        tracked = [f for f in history.concrete_fields if f.attname in tracked_names]
        extra = {
            "history_date": recording_time() or timezone.now(),
            "history_user_id": self.user_id,
            "history_change_reason": None,
            "history_type": history_type,
        }
        names = {f.attname for f in history.concrete_fields}
        unknown = names - tracked_names - set(extra) - {"history_id"}
        if unknown:  # a history field this writer does not fill: refuse, never guess
            raise TypeError(f"Cannot write the history of {self.model.__name__}: {unknown}.")
        source = {f.attname: f for f in self.model._meta.concrete_fields}
        quote = self.quote
        targets = [quote(f.column) for f in tracked]
        selected = [quote(str(source[f.attname].column)) for f in tracked]
        parameters = []
        for name, value in extra.items():
            field = history.get_field(name)
            targets.append(quote(field.column))
            parameters.append(field.get_db_prep_save(value, self.connection))
            # PostgreSQL types a parameter in a SELECT list as text unless told.
            if self.connection.vendor == "postgresql":
                selected.append(f"CAST(%s AS {field.db_type(self.connection)})")
            else:
                selected.append("%s")
        insert = (
            f"INSERT INTO {quote(history.db_table)} ({', '.join(targets)}) "  # noqa: S608
            f"SELECT {', '.join(selected)} FROM {self.table} WHERE {self.pk_column} "
        )
        if dates is not None:
            self._dated_history(insert, targets, selected, parameters, pks, dates)
            return
        with self.connection.cursor() as cursor:
            for start in range(0, len(pks), _HISTORY_CHUNK):
                chunk = pks[start : start + _HISTORY_CHUNK]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    f"{insert}IN ({marks}) ORDER BY {self.pk_column}", [*parameters, *chunk]
                )

    def _dated_history(
        self,
        insert: str,
        targets: list[str],
        selected: list[str],
        parameters: list[Any],
        pks: Sequence[int],
        dates: Sequence[dt.datetime],
    ) -> None:
        """The history rows of `_history`, each dated by its own date: the records joined with
        a list of (primary key, date) pairs, 450 pairs (900 parameters) a statement. The date
        is the first of the extra columns (`history_date`), so its SELECT item is replaced."""
        history = self.history_model._meta
        date_field = history.get_field("history_date")
        prepared = _Column(date_field, self.connection).prepared(list(dates))
        date_at = len(targets) - len(parameters)  # history_date's place among the columns
        postgresql = self.connection.vendor == "postgresql"
        if postgresql:
            pk_field = self.model._meta.pk
            pk_type = pk_field.rel_db_type(self.connection) if pk_field else "bigint"
            pair = f"(CAST(%s AS {pk_type}), CAST(%s AS {date_field.db_type(self.connection)}))"
        else:
            pair = "(%s, %s)"
        columns = [*selected]
        columns[date_at] = "dated.column2"
        head = insert.split(" SELECT ", 1)[0]
        sql = f"{head} SELECT {', '.join(columns)} FROM {self.table} JOIN (VALUES "  # noqa: S608
        rest = parameters[1:]
        chunk_size = _HISTORY_CHUNK // 2
        with self.connection.cursor() as cursor:
            for start in range(0, len(pks), chunk_size):
                chunk = pks[start : start + chunk_size]
                pairs: list[Any] = []
                for pk, when in zip(chunk, prepared[start : start + chunk_size], strict=True):
                    pairs += (pk, when)
                cursor.execute(
                    f"{sql}{', '.join([pair] * len(chunk))}) AS dated "
                    f"ON {self.table}.{self.pk_column} = dated.column1 "
                    f"ORDER BY {self.table}.{self.pk_column}",
                    [*rest, *pairs],
                )
