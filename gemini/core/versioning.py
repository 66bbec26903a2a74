"""Optimistic locking: an edit saves only over the version the editor started from.

An edit form carries the record's `version`. `save_edit` raises `StaleEditError` when someone else
saved a newer version in between, and changes nothing; the view shows the editor what is now
saved beside their own unsaved entries, so nothing is lost.

The check is a conditional UPDATE (`WHERE version = expected`), so two concurrent saves from
the same version cannot both succeed on SQLite or PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import F

from gemini.core.models import Versioned

V = TypeVar("V", bound=Versioned)


class StaleEditError(Exception):
    """Someone saved the record after the editor opened it."""

    def __init__(self, current: Versioned, expected_version: int) -> None:
        self.current = current
        self.expected_version = expected_version
        name = current._meta.verbose_name
        super().__init__(
            f"This {name} was changed by someone else after you opened it "
            f"(you started from version {expected_version}; it is now version "
            f"{current.version}). Your changes have not been saved. Check the saved version "
            "below, then save again if your changes are still needed."
        )


def save_edit(instance: V, expected_version: int, changes: Mapping[str, Any]) -> V:
    """Apply `changes` to `instance` if it is still at `expected_version`; bump the version.

    Raises StaleEditError (nothing written) when the stored version is not the expected one.
    The save goes through `Model.save`, so the audit history records it.
    """
    model = type(instance)
    with transaction.atomic():
        claimed = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
            version=F("version") + 1
        )
        if not claimed:
            current = model._default_manager.get(pk=instance.pk)
            raise StaleEditError(current, expected_version)
        for field, value in changes.items():
            setattr(instance, field, value)
        instance.version = expected_version + 1
        instance.full_clean()
        instance.save()
    return instance
