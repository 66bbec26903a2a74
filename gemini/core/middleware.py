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

`RequestSizeMiddleware` refuses a request body larger than any form takes (the upload page's
file, `GEMINI_IMPORT_MAX_BYTES`, plus `DATA_UPLOAD_MAX_MEMORY_SIZE` for the other fields) with
a GOV.UK page and status 413, before the body is read (issue 13, item 4).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
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


def largest_request() -> int:
    """The most bytes a request body may have: the largest upload and the other fields."""
    return int(settings.GEMINI_IMPORT_MAX_BYTES) + int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


def too_large(request: HttpRequest) -> HttpResponseBase:
    """The GOV.UK page for a request too large to read (413)."""
    megabytes = settings.GEMINI_IMPORT_MAX_BYTES / (1024 * 1024)
    return render(
        request,
        "core/error.html",
        {
            "title": "The file is too large",
            "paragraphs": [
                f"Gemini takes files up to {megabytes:g}MB on its pages, and this was larger, "
                "so nothing was read or saved.",
                "Someone with access to the server can import a larger file with the command "
                "gemini import <kind> <file> (docs/formats.md lists the kinds).",
            ],
        },
        status=413,
    )


class RequestSizeMiddleware:
    """Refuse a request body larger than any form takes (413), before it is read."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > largest_request():
            return too_large(request)
        return self.get_response(request)


class DatabaseBusyMiddleware:
    """A view that met a database lock held beyond the busy timeout answers 503, not 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return busy.busy_response(request) if busy.is_busy(exception) else None
