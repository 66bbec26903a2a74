"""Response headers that Django's own settings do not cover (docs/security.md).

- `Permissions-Policy`: the browser features Gemini never uses (camera, microphone, location,
  payment and the like) are switched off, for its pages and anything they might load.
- `Cache-Control: no-store` on every answer to a signed-in person (page, API or download) that
  does not set its own caching: pages hold personal data and exempt information, which must not
  stay in a shared computer's browser cache or a proxy's.

`DatabaseBusyMiddleware` answers 503 "try again" when a view meets a database lock that outlasted
the busy timeout (gemini.core.busy).

Django's SecurityMiddleware sends HSTS, `X-Content-Type-Options`, `Referrer-Policy` and
`Cross-Origin-Opener-Policy`; XFrameOptionsMiddleware sends `X-Frame-Options: DENY`; django-csp
sends the Content Security Policy.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import add_never_cache_headers

from gemini.core import busy


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response


class DatabaseBusyMiddleware:
    """A view that met a database lock held beyond the busy timeout answers 503, not 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return busy.busy_response(request) if busy.is_busy(exception) else None
