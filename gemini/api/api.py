"""The REST API at /api/v1/ (django-ninja): OpenAPI at /api/v1/openapi.json, docs at
/api/v1/docs.

Authentication: the browser session (with its CSRF token for writes) or a personal API token
sent as `Authorization: Bearer <token>`. Either way the request acts as that person, and every
route checks permission through the same access layer as the pages.

Each app that offers an API has an `api.py` with a ninja `router`; it is mounted at
`/api/v1/<app label>/` (core's at `/api/v1/`). Errors are JSON `{"detail": "..."}`, never a
stack trace.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.operation import Operation
from ninja.security import HttpBearer, django_auth

from gemini.api import services
from gemini.core import busy
from gemini.core.models import User
from gemini.core.versioning import StaleEditError, WouldReplaceError

logger = logging.getLogger(__name__)


class TokenAuth(HttpBearer):
    """A personal API token (gemini.api.models.ApiToken) in the Authorization header."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = services.user_for_token(token)
        if user is not None:
            request.user = user
        return user


class GeminiAPI(NinjaAPI):
    """The API, whose operation ids stay `gemini_<app>_api_<function>` however an app arranges
    its modules (the programme's routes live in sub-packages such as `gemini.programme.risks.api`
    since the app was split by subject): clients generated from the OpenAPI schema name their
    methods by these ids, so they are a contract."""

    def get_openapi_operation_id(self, operation: Operation) -> str:
        parts = operation.view_func.__module__.split(".")
        if len(parts) > 3 and parts[0] == "gemini" and parts[-1] == "api":
            parts = [*parts[:2], "api"]  # gemini.programme.risks.api -> gemini.programme.api
        return "_".join([*parts, operation.view_func.__name__])


api = GeminiAPI(
    title="Gemini API",
    version="1",
    description=(
        "Read and update the Gemini programme's records with the same permissions as the "
        "pages. Authenticate with your browser session or a personal API token "
        "(`Authorization: Bearer <token>`), made on your account's API tokens page."
    ),
    urls_namespace="api",
    auth=[TokenAuth(), django_auth],
)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, error: Exception) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": "Sign in, or send a personal API token as 'Authorization: Bearer <token>'."},
        status=401,
    )


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, error: Exception) -> HttpResponse:
    return api.create_response(
        request, {"detail": str(error) or "You do not have permission to do this."}, status=403
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, error: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": str(error) or "Not found."}, status=404)


@api.exception_handler(StaleEditError)
def _stale(request: HttpRequest, error: StaleEditError) -> HttpResponse:
    """An update sent with an out-of-date `version`: nothing is written (docs/api.md)."""
    return api.create_response(
        request,
        {"detail": str(error), "current_version": error.current.version},
        status=409,
    )


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    """A record the model or a service refused: the messages, by field where known."""
    return _refused(request, error, 422)


@api.exception_handler(WouldReplaceError)
def _would_replace(request: HttpRequest, error: WouldReplaceError) -> HttpResponse:
    """A record keyed by a date that would replace one someone else recorded for that date:
    409 with whose it is and how to confirm (`"replace": true`), nothing written."""
    return _refused(request, error, 409)


def _refused(request: HttpRequest, error: ValidationError, status: int) -> HttpResponse:
    fields = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    return api.create_response(
        request,
        {"detail": " ".join(m for ms in fields.values() for m in ms), "errors": fields},
        status=status,
    )


@api.exception_handler(OperationalError)
def _database_error(request: HttpRequest, error: Exception) -> HttpResponse:
    """A lock held beyond SQLite's busy timeout: 503 "try again" (gemini.core.busy)."""
    if not busy.is_busy(error):
        return _server_error(request, error)
    logger.warning("Database busy (locked beyond the busy timeout) on %s", request.path)
    response = api.create_response(request, {"detail": busy.MESSAGE}, status=503)
    response["Retry-After"] = str(busy.RETRY_AFTER_SECONDS)
    return response


@api.exception_handler(Exception)
def _server_error(request: HttpRequest, error: Exception) -> HttpResponse:
    logger.exception("API error on %s", request.path)
    return api.create_response(
        request,
        {"detail": "Something went wrong on the server. Nothing was half-saved: try again."},
        status=500,
    )


def _mount_app_routers() -> None:
    for config in apps.get_app_configs():
        if not config.name.startswith("gemini.") or config.label == "api":
            continue
        try:
            module: Any = importlib.import_module(f"{config.name}.api")
        except ModuleNotFoundError as error:
            if error.name == f"{config.name}.api":
                continue
            raise
        prefix = "/" if config.label == "core" else f"/{config.label}/"
        api.add_router(prefix, module.router)


_mount_app_routers()
