"""Authentication for API writes that refuses (403) before the request body is read.

`allowed(permission)` authenticates as the rest of the API does — a personal token, or the
browser session with its CSRF token — and then requires `permission` through the one access
layer. A write declared with `auth=allowed(...)` therefore answers 403 to a member whatever
body they send, instead of first telling them what is wrong with it (422). The view still
checks scope and the record itself.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from gemini.api import services as api_services
from gemini.core import access
from gemini.core.access import Permission
from gemini.core.models import User


class TokenWithPermission(HttpBearer):
    """A personal API token whose owner holds `permission` (403 otherwise)."""

    def __init__(self, permission: Permission) -> None:
        super().__init__()
        self.permission = permission

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = api_services.user_for_token(token)
        if user is None:
            return None
        request.user = user
        access.require(user, self.permission)
        return user


class SessionWithPermission(SessionAuth):
    """The signed-in browser session (with its CSRF token) of someone holding `permission`."""

    def __init__(self, permission: Permission) -> None:
        super().__init__(csrf=True)
        self.permission = permission

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None:
            access.require(user, self.permission)
        return user


def allowed(permission: Permission) -> list[Any]:
    """Authenticate as the rest of the API does, and refuse (403) before reading the body."""
    return [TokenWithPermission(permission), SessionWithPermission(permission)]
