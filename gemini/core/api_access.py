"""API authentication that requires a permission, refusing (403) before the body is read.

`allowed(permission)` authenticates as the rest of the API does — a personal token, or the
browser session with its CSRF token — and then requires `permission` through the one access
layer (`gemini.core.access`). A write declared with `auth=allowed(...)` therefore answers 403
to a member whatever body they send, instead of first telling them what is wrong with it (422).
The view still checks scope and the record itself.

The apps' `api.py` files import this module, not the api app: the api app mounts their
routers, so an import the other way would make a circle. Tokens are the api app's records, so
it registers how to find a token's owner here when it loads (`register_token_owner`, called
from `gemini.api.apps`); until then no token is accepted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.models import User

TokenOwner = Callable[[str], User | None]
_token_owners: list[TokenOwner] = []


def register_token_owner(lookup: TokenOwner) -> None:
    """Set how a personal API token's owner is found (the api app, once, when it loads)."""
    _token_owners[:] = [lookup]


def token_owner(token: str) -> User | None:
    """The active owner of the unrevoked token `token`, or None."""
    return _token_owners[0](token) if _token_owners else None


class TokenWithPermission(HttpBearer):
    """A personal API token whose owner holds `permission` (403 otherwise)."""

    def __init__(self, permission: Permission) -> None:
        super().__init__()
        self.permission = permission

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = token_owner(token)
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
