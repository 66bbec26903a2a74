"""URLs: the API at /api/v1/ and the token pages at /account/tokens/."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver, path

from gemini.api import views
from gemini.api.api import api


def _answer_for_themselves(patterns: list[Any]) -> list[URLPattern | URLResolver]:
    """API routes answer 401 in JSON themselves: exempt them from the sign-in redirect."""
    exempt: list[URLPattern | URLResolver] = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            exempt.append(pattern)
            continue
        callback = pattern.callback

        def view(request: Any, *args: Any, _callback: Any = callback, **kwargs: Any) -> Any:
            return _callback(request, *args, **kwargs)

        view.csrf_exempt = getattr(callback, "csrf_exempt", False)  # type: ignore[attr-defined]
        exempt.append(
            URLPattern(
                pattern.pattern, login_not_required(view), pattern.default_args, pattern.name
            )
        )
    return exempt


_patterns, _app_name, _namespace = api.urls
api_urls = (_answer_for_themselves(_patterns), _app_name)
API_NAMESPACE = _namespace

token_urls = (
    [
        path("", views.tokens, name="list"),
        path("<int:pk>/revoke/", views.revoke, name="revoke"),
    ],
    "api_tokens",
)
