"""Reading the audit history (django-simple-history) as a list a person can read.

`changes_for(record)` gives, newest first, who changed the record, when, and which fields went
from what to what. Record pages show it through the `core/_history.html` partial.

`recorded_at(when)` back-dates the history written inside it: the demo loader records the
seed's programme as it stood before its report was issued, so figures read "as at" an earlier
day (`gemini.core.asat`) find it.

`recorded_as(user)` records the history written inside it as that person's: a background
import runs outside their request but on their behalf (gemini.core.import_runs).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.utils import timezone

_HIDDEN_FIELDS = {"version", "password", "last_login"}
_RECORDED_AT: ContextVar[dt.datetime | None] = ContextVar("gemini_recorded_at", default=None)


@contextmanager
def recorded_at(when: dt.datetime) -> Iterator[None]:
    """Record every history entry written inside the block as made at `when` (aware)."""
    if when.tzinfo is None:
        raise ValueError("recorded_at needs an aware datetime")
    token = _RECORDED_AT.set(when)
    try:
        yield
    finally:
        _RECORDED_AT.reset(token)


def backdate_history(sender: Any, history_instance: Any, **kwargs: Any) -> None:
    """simple-history's pre_create_historical_record: apply `recorded_at`, if one is set."""
    when = _RECORDED_AT.get()
    if when is not None:
        history_instance.history_date = when


def recording_time() -> dt.datetime | None:
    """The time set by an enclosing `recorded_at`, if any (for bulk history writes)."""
    return _RECORDED_AT.get()


_KIND = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: dt.datetime
    who: str
    kind: str
    changes: tuple[FieldChange, ...]


def _display(record: Any, field_name: str, value: Any) -> str:
    """A value as a person reads it: the person or post a key points to (never its id), a
    choice's label, UK dates and times, yes or no, a list as its items."""
    if value is None or value == "" or value == []:
        return "(blank)"
    field = record._meta.get_field(field_name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation and field.related_model is not None:
        target = field.related_model._default_manager.filter(pk=value).first()
        return str(target) if target is not None else "(removed)"
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list | tuple):
        return "; ".join(str(item) for item in value)
    return str(value)


def _label(record: Model, field_name: str) -> str:
    field = record._meta.get_field(field_name)
    return str(getattr(field, "verbose_name", field_name)).capitalize()


def changes_for(record: Model, limit: int = 50) -> list[HistoryEntry]:
    """The record's audit history, newest first, at most `limit` entries."""
    manager: Any = getattr(record, "history")  # noqa: B009 (added by simple-history)
    history = manager.select_related("history_user").order_by("-history_date", "-history_id")[
        : limit + 1
    ]
    rows = list(history)
    entries: list[HistoryEntry] = []
    for index, row in enumerate(rows[:limit]):
        previous = rows[index + 1] if index + 1 < len(rows) else None
        changes: list[FieldChange] = []
        if previous is not None and row.history_type == "~":
            delta = row.diff_against(previous)
            for change in delta.changes:
                if change.field in _HIDDEN_FIELDS:
                    continue
                changes.append(
                    FieldChange(
                        field=_label(record, change.field),
                        old=_display(record, change.field, change.old),
                        new=_display(record, change.field, change.new),
                    )
                )
        user = row.history_user
        entries.append(
            HistoryEntry(
                when=row.history_date,
                who=(str(user) if user else "System (command line or import)"),
                kind=_KIND.get(row.history_type, row.history_type),
                changes=tuple(changes),
            )
        )
    return entries


def bulk_create_with_history(objs: Any, model: Any, **options: Any) -> Any:
    """simple-history's bulk create, its history dated by an enclosing `recorded_at` (bulk
    history writes send no per-record signal, so `backdate_history` cannot date them)."""
    from simple_history import utils

    when = recording_time()
    if when is not None and "default_date" not in options:
        options["default_date"] = when
    return utils.bulk_create_with_history(objs, model, **options)


def bulk_update_with_history(objs: Any, model: Any, fields: Any, **options: Any) -> Any:
    """simple-history's bulk update, dated as `bulk_create_with_history` is."""
    from simple_history import utils

    when = recording_time()
    if when is not None and "default_date" not in options:
        options["default_date"] = when
    return utils.bulk_update_with_history(objs, model, fields, **options)


def history_user() -> Any:
    """Who is making the change, for bulk history writes: the signed-in user of the request
    being served (simple-history's middleware), or None (a command or the demo loader)."""
    from simple_history.models import HistoricalRecords

    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


@contextmanager
def recorded_as(user: Any) -> Iterator[None]:
    """Record every history entry written inside the block as made by `user` (None: nobody),
    as simple-history's middleware does for the request it serves, for work done on someone's
    behalf outside their request (a background import). The request being served, if any, is
    restored after."""
    from types import SimpleNamespace

    from simple_history.models import HistoricalRecords

    context = HistoricalRecords.context
    missing = object()
    before = getattr(context, "request", missing)
    if user is None:
        if before is not missing:
            del context.request
    else:
        context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        if before is missing:
            if hasattr(context, "request"):
                del context.request
        else:
            context.request = before
