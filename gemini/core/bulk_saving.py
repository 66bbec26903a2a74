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
   primary keys in one query;
5. their history rows are written in bulk too: one "Created" or "Changed" entry per record
   with every tracked field, as simple-history's `bulk_history_create` writes them, by the
   person importing (the request's user, or `user`), dated by an enclosing `recorded_at`.

Why not `bulk_create_with_history` itself: on the 2-core machine it took 10.2 s to write
30,000 mailbox permissions and their history where a bare `executemany` of the same rows
took 0.55 s (18 times), most of it compiling each value into SQL (docs/adr/0005).
A model with its own `save()` is refused: its records are saved one by one.

It runs inside the caller's transaction (the importer's one transaction), so a problem
anywhere rolls back every batch.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, router, transaction
from django.db.models import Field, Model
from django.utils import timezone
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_manager_for_model

from gemini.core.history import history_user, recording_time
from gemini.core.services import Outcome

M = TypeVar("M", bound=Model)

BATCH_SIZE = 1_000
# Records whose whole row is read back at once to be changed (their history copies every field).
_FETCH_CHUNK = 2_000


@dataclass(frozen=True)
class Saved(Generic[M]):
    """What `bulk_upsert` did to each row, in the rows' order: the outcome and the record's
    primary key."""

    outcomes: list[Outcome]
    pks: list[int]

    def count(self, outcome: Outcome) -> int:
        return sum(1 for each in self.outcomes if each == outcome)


class _FieldCheck:
    """A field's validation (`Field.clean`, as `full_clean` runs it), remembered per value."""

    def __init__(self, field: Field[Any, Any]) -> None:
        self.field = field
        self.seen: dict[Hashable, Any] = {}

    def __call__(self, value: Any, record: Model | None) -> Any:
        try:
            return self.seen[value]
        except KeyError:
            pass
        except TypeError:  # not hashable: check it every time
            return self.field.clean(value, record)
        cleaned = self.field.clean(value, record)
        self.seen[value] = cleaned
        return cleaned


def _as_columns(
    model: type[Model], names: Sequence[str]
) -> Callable[[Mapping[str, Any]], dict[str, Any]]:
    """What turns a row by field name or column name (`organisation` or `organisation_id`)
    into columns, a related record becoming its primary key."""
    attnames: list[tuple[str, str, bool]] = []
    for name in names:
        field = model._meta.get_field(name)
        attnames.append((name, getattr(field, "attname", name), field.is_relation))

    def columns(row: Mapping[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for name, attname, relation in attnames:
            value = row[name]
            if relation and isinstance(value, Model):
                value = value.pk
            result[attname] = value
        return result

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
    if model.save is not Model.save:
        # A save() of its own has side effects a bulk write would skip: such a kind saves row
        # by row (docs/adr/0005-bulk-saving.md).
        raise TypeError(f"{model.__name__} has its own save(); save its records one by one.")
    if not rows:
        return Saved([], [])
    as_columns = _as_columns(model, list(rows[0]))
    columns_rows = [as_columns(row) for row in rows]
    key_columns = [getattr(model._meta.get_field(name), "attname", name) for name in key]
    value_columns = [name for name in columns_rows[0] if name not in key_columns]
    pk_name = model._meta.pk.attname if model._meta.pk else "id"
    existing: dict[tuple[Any, ...], tuple[int, tuple[Any, ...]]] = {}
    width = len(key_columns)
    for values in model._default_manager.values_list(pk_name, *key_columns, *value_columns):
        existing[tuple(values[1 : width + 1])] = (values[0], tuple(values[width + 1 :]))

    fields = {f.attname: f for f in model._meta.concrete_fields}
    checks = {
        name: _FieldCheck(fields[name])
        for name in (*key_columns, *value_columns)
        if name in fields and not fields[name].is_relation and not fields[name].primary_key
    }
    custom_clean = model.clean is not Model.clean

    outcomes: list[Outcome] = []
    pks: list[int | None] = []
    new: list[dict[str, Any]] = []
    new_positions: list[int] = []
    changes: dict[int, dict[str, Any]] = {}  # pk -> the columns that change
    seen: set[tuple[Any, ...]] = set()
    for position, row in enumerate(columns_rows):
        row_key = tuple(row[name] for name in key_columns)
        if row_key in seen:
            raise ValueError(f"Two rows for the same {model._meta.verbose_name}: {row_key}.")
        seen.add(row_key)
        found = existing.get(row_key)
        if found is None:
            # A new record is written from its columns: building a model instance for each
            # cost more than writing it (docs/adr/0005).
            cleaned = _cleaned(row, checks)
            record = {
                name: cleaned[name] if name in cleaned else field.get_default()
                for name, field in fields.items()
                if name != pk_name
            }
            if custom_clean:
                model(**record).clean()
            new.append(record)
            new_positions.append(position)
            outcomes.append("created")
            pks.append(None)
            continue
        pk, saved = found
        changed = {
            name: row[name]
            for name, before in zip(value_columns, saved, strict=True)
            if before != row[name]
        }
        outcomes.append("updated" if changed else "unchanged")
        pks.append(pk)
        if changed:
            changes[pk] = changed

    total = len(rows)  # progress counts rows: the unchanged ones are done already
    done = total - len(new) - len(changes)
    if progress:
        progress(done, total)
    writer = _Writer(model, user if user is not None else history_user())
    with transaction.atomic():
        for start in range(0, len(new), BATCH_SIZE):
            batch = new[start : start + BATCH_SIZE]
            writer.insert(batch)
            done += len(batch)
            if progress:
                progress(done, total)
        if new:
            # The new records' keys, read back with their primary keys in one query: an
            # executemany gives none back, and the key is unique.
            created: dict[tuple[Any, ...], int] = {}
            wanted = {tuple(record[name] for name in key_columns) for record in new}
            for values in model._default_manager.values_list(pk_name, *key_columns):
                if values[1:] in wanted:
                    created[values[1:]] = values[0]
            for position, record in zip(new_positions, new, strict=True):
                record[pk_name] = created[tuple(record[name] for name in key_columns)]
                pks[position] = record[pk_name]
            writer.history(new, "+")
        changed_pks = list(changes)
        for start in range(0, len(changed_pks), _FETCH_CHUNK):
            chunk = changed_pks[start : start + _FETCH_CHUNK]
            saved_records = model._default_manager.in_bulk(chunk)
            changed_records: list[Model] = []
            for pk in chunk:
                saved_record = saved_records[pk]
                for name, value in changes[pk].items():
                    setattr(saved_record, name, value)
                _check(saved_record, changes[pk], checks, custom_clean)
                changed_records.append(saved_record)
            writer.update(changed_records, [changes[pk] for pk in chunk])
            writer.history([each.__dict__ for each in changed_records], "~")
            done += len(changed_records)
            if progress:
                progress(done, total)
    return Saved(outcomes, [pk for pk in pks if pk is not None])


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
_AS_IS_VALUES = (str, int, bool, type(None))


class _Column:
    """One column of a bulk write: its field and its value as the database takes it
    (`Field.get_db_prep_save`, remembered per value)."""

    def __init__(self, field: Field[Any, Any], connection: Any) -> None:
        self.field = field
        self.attname = field.attname
        self.connection = connection
        self.as_is = field.get_internal_type() in _AS_IS_TYPES
        self.seen: dict[Hashable, Any] = {}

    def value(self, record: Mapping[str, Any]) -> Any:
        """The column's value in `record` (a record's columns: a new record's, or a saved
        record's `__dict__`), as the database takes it."""
        value = record[self.attname]
        if self.as_is and isinstance(value, _AS_IS_VALUES):
            return value
        try:
            return self.seen[value]
        except KeyError:
            prepared = self.field.get_db_prep_save(value, self.connection)
            self.seen[value] = prepared
            return prepared
        except TypeError:  # not hashable
            return self.field.get_db_prep_save(value, self.connection)


def insert_statement(connection: Any, table: str, columns: Sequence[str]) -> str:
    """An INSERT of one row into `table`, its values as parameters (for `executemany`)."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    marks = ", ".join(["%s"] * len(columns))
    # Only a model's own table and column names, quoted, go into the SQL; values are parameters.
    return f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})"  # noqa: S608


class _Writer:
    """Writes records and their history rows with `executemany`: the same values Django's
    `bulk_create` and simple-history's `bulk_history_create` write (each field's
    `get_db_prep_save`; one history row per record with its tracked fields, the date, the user
    and the type), without compiling SQL for every value (docs/adr/0005-bulk-saving.md:
    `bulk_create_with_history` took 18 times a bare `executemany` of the same rows)."""

    def __init__(self, model: type[Model], user: Any) -> None:
        self.model = model
        self.connection = connections[router.db_for_write(model)]
        self.quote = self.connection.ops.quote_name
        self.table = self.quote(model._meta.db_table)
        self.pk_column = self.quote(str(model._meta.pk.column)) if model._meta.pk else "id"
        self.columns = {
            f.attname: _Column(f, self.connection)
            for f in model._meta.concrete_fields
            if not f.primary_key
        }
        self.user_id = getattr(user, "pk", None)
        self.history_model: Any = None
        if getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            try:
                self.history_model = get_history_manager_for_model(model).model
            except NotHistoricalModelError:
                self.history_model = None

    def insert(self, records: Sequence[dict[str, Any]]) -> None:
        """New records, by their columns (every column but the primary key)."""
        stamped = [  # auto_now and auto_now_add fields, as bulk_create sets them
            c.attname
            for c in self.columns.values()
            if getattr(c.field, "auto_now", False) or getattr(c.field, "auto_now_add", False)
        ]
        if stamped:
            now = timezone.now()
            for record in records:
                for name in stamped:
                    record[name] = now
        columns = list(self.columns.values())
        sql = insert_statement(
            self.connection, self.model._meta.db_table, [str(c.field.column) for c in columns]
        )
        with self.connection.cursor() as cursor:
            cursor.executemany(sql, [tuple(c.value(r) for c in columns) for r in records])

    def update(self, records: Sequence[Model], changes: Sequence[Mapping[str, Any]]) -> None:
        """Each record's changed columns only, grouped by which columns change."""
        stamped = [  # auto_now fields, as save() sets them
            c.attname for c in self.columns.values() if getattr(c.field, "auto_now", False)
        ]
        now = timezone.now()
        groups: dict[tuple[str, ...], list[Model]] = {}
        for record, changed in zip(records, changes, strict=True):
            for name in stamped:
                setattr(record, name, now)
            groups.setdefault(tuple(sorted({*changed, *stamped})), []).append(record)
        with self.connection.cursor() as cursor:
            for names, group in groups.items():
                columns = [self.columns[name] for name in names]
                assignments = ", ".join(f"{self.quote(str(c.field.column))} = %s" for c in columns)
                cursor.executemany(
                    f"UPDATE {self.table} SET {assignments} WHERE {self.pk_column} = %s",  # noqa: S608
                    [(*(c.value(r.__dict__) for c in columns), r.pk) for r in group],
                )

    def history(self, records: Sequence[Mapping[str, Any]], history_type: str) -> None:
        """One history row per record ("+" created, "~" changed), as simple-history writes
        them, dated by an enclosing `recorded_at` or now."""
        if self.history_model is None or not records:
            return
        when = recording_time() or timezone.now()
        tracked = [
            _Column(f, self.connection)
            for f in self.history_model._meta.concrete_fields
            if f.attname in {t.attname for t in self.history_model.tracked_fields}
        ]
        extra = {
            "history_date": when,
            "history_user_id": self.user_id,
            "history_change_reason": None,
            "history_type": history_type,
        }
        names = {f.attname for f in self.history_model._meta.concrete_fields}
        unknown = names - {c.attname for c in tracked} - set(extra) - {"history_id"}
        if unknown:  # a history field this writer does not fill: refuse, never guess
            raise TypeError(f"Cannot write the history of {self.model.__name__}: {unknown}.")
        fixed = [
            self.history_model._meta.get_field(name).get_db_prep_save(value, self.connection)
            for name, value in extra.items()
        ]
        history_columns = [c.field.column for c in tracked] + [
            self.history_model._meta.get_field(name).column for name in extra
        ]
        sql = insert_statement(self.connection, self.history_model._meta.db_table, history_columns)
        with self.connection.cursor() as cursor:
            for start in range(0, len(records), BATCH_SIZE):
                cursor.executemany(
                    sql,
                    [
                        (*(c.value(r) for c in tracked), *fixed)
                        for r in records[start : start + BATCH_SIZE]
                    ],
                )


def _cleaned(values: Mapping[str, Any], checks: Mapping[str, _FieldCheck]) -> dict[str, Any]:
    """The row's values as its fields clean them; every field's errors gathered, as
    `full_clean` gathers them."""
    cleaned = dict(values)
    errors: dict[str, list[ValidationError]] = {}
    for name, check in checks.items():
        if name not in cleaned:
            continue
        try:
            cleaned[name] = check(cleaned[name], None)
        except ValidationError as error:
            errors.setdefault(check.field.name, []).extend(error.error_list)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check(
    record: Model,
    values: Mapping[str, Any],
    checks: Mapping[str, _FieldCheck],
    custom_clean: bool,
) -> None:
    """`full_clean` for the fields a row sets, without its query-a-row checks (see the module's
    docstring); errors are gathered as `full_clean` gathers them."""
    errors: dict[str, list[ValidationError]] = {}
    for name, value in values.items():
        check = checks.get(name)
        if check is None:
            continue
        try:
            setattr(record, name, check(value, record))
        except ValidationError as error:
            errors.setdefault(check.field.name, []).extend(error.error_list)
    if custom_clean:
        try:
            record.clean()
        except ValidationError as error:
            raise ValidationError(error.update_error_dict(errors)) from None
    if errors:
        raise ValidationError(errors)
