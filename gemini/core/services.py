"""Writes for the core app: one function per action, atomic, recorded by the audit history.

Views, commands, the importer and the demo loader all call these, the same way.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any, Literal, TypeVar

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from gemini.core.models import Membership, Organisation, Role, User

M = TypeVar("M", bound=Model)
Outcome = Literal["created", "updated", "unchanged"]


def upsert(
    model: type[M], lookup: Mapping[str, Any], values: Mapping[str, Any]
) -> tuple[M, Outcome]:
    """Create the record found by `lookup`, or update only the fields that differ.

    A record whose values already match is not saved at all, so loading the same data twice
    adds nothing to the audit history.
    """
    with transaction.atomic():
        record = model._default_manager.filter(**lookup).first()
        if record is None:
            record = model(**lookup, **values)
            record.full_clean()
            record.save()
            return record, "created"
        changed = [name for name, value in values.items() if getattr(record, name) != value]
        if not changed:
            return record, "unchanged"
        for name in changed:
            setattr(record, name, values[name])
        record.full_clean()
        record.save()
        return record, "updated"


def save_organisation(
    code: str, name: str, kind: str, hosted_by: Organisation | None = None
) -> tuple[Organisation, Outcome]:
    """Create or update an organisation by its code."""
    return upsert(
        Organisation, {"code": code}, {"name": name, "kind": kind, "hosted_by": hosted_by}
    )


def generate_password() -> str:
    """A random password that passes the password validators."""
    return secrets.token_urlsafe(15)


def create_user(
    email: str,
    role: Role,
    organisation: Organisation,
    password: str,
    full_name: str = "",
) -> tuple[User, Outcome]:
    """Create a user (or give an existing one the role) with a validated password.

    An existing user keeps their password if it already matches, so the call is repeatable.
    """
    email = email.strip().lower()
    with transaction.atomic():
        user = User.objects.filter(email=email).first()
        outcome: Outcome = "unchanged"
        if user is None:
            user = User(email=email, full_name=full_name)
            validate_password(password, user)
            user.set_password(password)
            user.full_clean()
            user.save()
            outcome = "created"
        else:
            if full_name and user.full_name != full_name:
                user.full_name = full_name
                user.save(update_fields=["full_name"])
                outcome = "updated"
            if not user.check_password(password):
                validate_password(password, user)
                user.set_password(password)
                user.save(update_fields=["password"])
                outcome = "updated"
        _, created = Membership.objects.get_or_create(
            user=user, organisation=organisation, role=role
        )
        if created and outcome == "unchanged":
            outcome = "updated"
    return user, outcome


def end_all_sessions(user: User) -> User:
    """Sign `user` out everywhere: every session they have, on every browser and device, ends.

    Each session holds a hash of `sessions_ended_at` (User.get_session_auth_hash), so changing
    it makes every existing session fail its check at its next request. Recorded in the user's
    history. API tokens are not sessions: they stay until revoked.
    """
    with transaction.atomic():
        user.sessions_ended_at = timezone.now()
        user.save(update_fields=["sessions_ended_at"])
    return user
