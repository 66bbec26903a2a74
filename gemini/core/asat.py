"""As at a date: the one rule every figure follows (docs/architecture.md, "The read side").

A figure answers "what was true at the end of `as_at`, for this reader". Nothing recorded
after that day is seen. There are two kinds of record:

- A **dated** record carries its own date: a status update, a meeting, a matching run, a
  measurement, a tracking event. `dated(queryset, as_at, field)` keeps those on or before the
  day.
- An **undated** record (a risk, a milestone, a post, a benefit) is read as it stood at the
  end of the day, from its audit history: `recorded(Model, as_at)`. For today or a later day
  that is the live table, so the usual case costs nothing extra.

The day ends at midnight in the service's time zone (`TIME_ZONE`, Europe/London), so a
change made at 23:30 on 29 January counts as 29 January whatever the clocks say in UTC.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar, cast

from django.db.models import DateTimeField, Exists, Model, OuterRef, Q, QuerySet
from django.utils import timezone

M = TypeVar("M", bound=Model)


def today() -> dt.date:
    """Today in the service's time zone."""
    return timezone.localdate()


def end_of_day(day: dt.date) -> dt.datetime:
    """The last instant of `day` in the service's time zone (an aware datetime).

    The last day a date can hold (31/12/9999, which a reader may type as "as at the end of
    time") has no next midnight: its end is the last instant Python can hold, in UTC.
    """
    if day == dt.date.max:
        return dt.datetime.max.replace(tzinfo=dt.UTC)
    next_midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min)
    return timezone.make_aware(next_midnight) - dt.timedelta(microseconds=1)


def is_live(as_at: dt.date) -> bool:
    """True when `as_at` is today or later: the live tables are the answer."""
    return as_at >= today()


def recorded(model: type[M], as_at: dt.date) -> QuerySet[M]:
    """The model's records as they stood at the end of `as_at`, from the audit history.

    Records created after the day are absent, records deleted by then are absent, and each
    record carries the values it had then. The model needs `history = HistoricalRecords()`.
    For today or later this is `Model.objects.all()`. The result filters by the model's own
    field names; reverse relations are not available on the historical rows, so a figure
    reads related records with `recorded` too.
    """
    if is_live(as_at):
        return model._default_manager.all()
    history: Any = getattr(model, "history")  # noqa: B009 (added by simple-history)
    at = end_of_day(as_at)
    rows = history.filter(history_date__lte=at)
    # simple-history's `as_of` keeps every row at a record's latest time, so a record created
    # and changed within one `recorded_at` block (the demo loader, a bulk import) came back
    # once per change; the latest row wins, by time and then by the order it was written.
    key = model._meta.pk.attname
    later = rows.filter(**{key: OuterRef(key)}).filter(
        Q(history_date__gt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__gt=OuterRef("history_id"))
    )
    latest = rows.filter(~Exists(later))
    latest._as_of = at  # as simple-history's `as_of` marks its snapshot
    return cast("QuerySet[M]", latest.as_instances())


def dated(queryset: QuerySet[M], as_at: dt.date, field: str = "date") -> QuerySet[M]:
    """Records whose own `field` (a date or a date and time) falls on or before `as_at`."""
    model_field = queryset.model._meta.get_field(field.split("__")[0])
    if isinstance(model_field, DateTimeField):
        return queryset.filter(**{f"{field}__lte": end_of_day(as_at)})
    return queryset.filter(**{f"{field}__lte": as_at})
