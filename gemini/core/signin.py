"""Sign-in: one spelling of each email address, for authentication and for the lockout.

An email address is matched ignoring case (core.models.UserManager.get_by_natural_key), so
`FINANCE@gemini.test` and ` finance@gemini.test ` reach the same account. The lockout
(django-axes) must count them as one too, or each spelling would get its own five attempts and a
success with any spelling would clear the real account's lock (issue 13, item 1). So the address
is normalised — surrounding spaces removed, lower case — by the sign-in form before it
authenticates, and by `axes_username`, the key django-axes counts failures under
(`AXES_USERNAME_CALLABLE`) with the IP address (`AXES_LOCKOUT_PARAMETERS`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def normalise_email(value: object) -> str:
    """The one spelling of an email address used to sign in: trimmed, lower case."""
    return str(value or "").strip().lower()


def axes_username(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    """django-axes' key for a sign-in attempt: the normalised email address.

    From the credentials given to `authenticate` when there are any, else from the form posted.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        return normalise_email(credentials.get(field))
    data = getattr(request, "POST", None) or {}
    return normalise_email(data.get(field))
