"""Writes for API tokens: one function per action, atomic, audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from gemini.api.models import ApiToken
from gemini.core.models import User

TOKEN_PREFIX = "gem_"  # noqa: S105 (a label, not a secret)


def hash_token(token: str) -> str:
    """Tokens are long random strings, so a plain SHA-256 is a safe way to store them."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """Make a token for `user`; return the record and the token, which is never shown again."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        record = ApiToken.objects.create(
            user=user, name=name.strip(), prefix=token[:12], key_hash=hash_token(token)
        )
    return record, token


def revoke_token(token: ApiToken) -> None:
    with transaction.atomic():
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])


# "Last used" is kept to the minute: a program calling many times a second writes once.
LAST_USED_PRECISION = dt.timedelta(minutes=1)


def user_for_token(token: str) -> User | None:
    """The active owner of an unrevoked token, or None. Records when it was last used."""
    record = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if record is None:
        return None
    now = timezone.now()
    if record.last_used_at is None or now - record.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
    return record.user
