"""What every programme write shares: the fields a write may change, references made by the
system (R10, I4, D7), and no silent replacement of a record keyed by a date."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils import timezone

from gemini.core.versioning import WouldReplaceError
from gemini.programme.models import Programme


def only_fields(values: Mapping[str, Any], allowed: Iterable[str]) -> None:
    """Refuse a write that names a field this action does not set (a programming error)."""
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValueError(f"These fields cannot be set here: {sorted(unknown)}")


def next_reference(model: Any, programme: Programme, prefix: str) -> str:
    """The next free reference in a register (R10 after R09; the width of the register's own
    numbers kept, so R01…R09 go on to R10 and I1…I4 to I5)."""
    numbers: list[tuple[int, int]] = []
    for reference in model.objects.filter(
        programme=programme, reference__startswith=prefix
    ).values_list("reference", flat=True):
        digits = reference[len(prefix) :]
        if digits.isdigit():
            numbers.append((int(digits), len(digits)))
    if not numbers:
        return f"{prefix}1"
    highest, width = max(numbers)
    return f"{prefix}{highest + 1:0{width}d}"


def checked_reference(model: Any, programme: Programme, reference: str, prefix: str) -> str:
    return reference.strip() or next_reference(model, programme, prefix)


def recorded_by(record: Any) -> str:
    """Who last saved a record and when, from its audit history ("Demo Lead at 14:02")."""
    last = record.history.select_related("history_user").order_by("-history_date").first()
    if last is None or last.history_user is None:
        return "someone (not recorded)"
    when = timezone.localtime(last.history_date)
    name = str(last.history_user)
    return f"{name} on {when:%d/%m/%Y at %H:%M}"


# How the person confirms a replacement: on a page, the box shown with the error; in the API,
# the request's `replace` (docs/api.md).
CONFIRM_ON_A_PAGE = "tick the box to confirm"
CONFIRM_IN_THE_API = 'send it again with "replace": true to confirm'


def saved_last_by(record: Any, user: Any) -> bool:
    """True when `user` made the record's latest change (its audit history)."""
    last = record.history.order_by("-history_date", "-history_id").first()
    return last is not None and user is not None and last.history_user_id == user.pk


def refuse_silent_replace(
    existing: Any,
    what: str,
    field: str = "replace",
    shown: str | None = None,
    confirm: str = CONFIRM_ON_A_PAGE,
    own_by: Any = None,
) -> None:
    """Refuse (WouldReplaceError) to overwrite a record keyed by a date, naming who recorded it,
    when and what it says (`shown`; a status's rating by default), so the person confirms.

    `own_by` (the API's caller) may replace what they themselves saved last without confirming:
    a tool that sends a day's status again replaces its own, never someone else's."""
    if existing is not None and not (own_by is not None and saved_last_by(existing, own_by)):
        said = shown if shown is not None else existing.rating
        raise WouldReplaceError(
            {
                field: f"{what} for {existing.date:%d/%m/%Y} was already recorded by "
                f"{recorded_by(existing)} ({said}). Saving replaces it: {confirm}, or change "
                "the date."
            },
            code="would_replace",
        )
