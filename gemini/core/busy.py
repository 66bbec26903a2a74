"""A database too busy to answer: 503 "try again", never a 500 (issue 13, item 2).

SQLite lets one writer at a time. Gemini opens it in write-ahead mode with `BEGIN IMMEDIATE`
transactions and a busy timeout (`GEMINI_SQLITE_BUSY_TIMEOUT`, gemini/settings.py), so a
writer waits its turn. A lock still held when the timeout ends (a long import, say) raises
`OperationalError: database is locked`; the request then answers 503 with `Retry-After`, as a
GOV.UK page or, under /api/, as the API's JSON `{"detail": ...}`. Nothing was saved: the
transaction that met the lock is rolled back whole.

Used by `gemini.core.middleware.DatabaseBusyMiddleware` (a view's writes), the 500 handler
(writes made by a middleware, such as saving the session) and the API's exception handler.
"""

from __future__ import annotations

import logging

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
TITLE = "Sorry, the service is busy"
MESSAGE = (
    "Gemini is busy saving other changes and could not save yours. Nothing was saved: "
    "try again in a few seconds."
)
_LOCKED = ("database is locked", "database table is locked")


def is_busy(error: BaseException | None) -> bool:
    """True for SQLite's "database is locked" and "database table is locked" errors."""
    return isinstance(error, OperationalError) and any(
        words in str(error).lower() for words in _LOCKED
    )


def busy_response(request: HttpRequest) -> HttpResponse:
    """The 503 "try again" answer: JSON under /api/, otherwise the GOV.UK error page."""
    logger.warning("Database busy (locked beyond the busy timeout) on %s", request.path)
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": MESSAGE}, status=503)
    else:
        response = render(
            request, "core/error.html", {"title": TITLE, "paragraphs": [MESSAGE]}, status=503
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
