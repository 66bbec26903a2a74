"""Core pages: sign in and out, the dashboard, the account, imports, error pages."""

from __future__ import annotations

import sys
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from gemini.core import access, asat, busy, home, importing
from gemini.core.errors import ExplainedNotFound
from gemini.core.forms import ImportForm, LoginForm
from gemini.core.middleware import too_large


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["next"] = context.get("next") or ""
        context["single_sign_on"] = (
            settings.GEMINI_OIDC_PROVIDER_NAME if settings.GEMINI_OIDC_ENABLED else None
        )
        return context


def dashboard(request: HttpRequest) -> HttpResponse:
    """Every signed-in person's home: what needs them now, from each app's panel (core.home)."""
    return render(
        request,
        "core/dashboard.html",
        {
            "memberships": request.user.memberships.select_related("organisation"),  # type: ignore[union-attr]
            "panels": home.panels(request, asat.today()),
        },
    )


@require_http_methods(["GET", "POST"])
def import_file(request: HttpRequest) -> HttpResponse:
    """Upload a CSV or XLSX file of a kind the user may import; check it, then import it."""
    allowed = [
        kind for kind in importing.kinds() if access.has_permission(request.user, kind.permission)
    ]
    if not allowed:
        access.require(request.user, access.Permission.IMPORT_DATA)
    result = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, importers=allowed)
        if form.is_valid():
            importer = importing.importer_for_request(form.cleaned_data["kind"], request)
            access.require(request.user, importer.permission)
            result = importing.run_import(
                importer,
                form.cleaned_data["content"],
                form.cleaned_data["file"].name,
                dry_run=form.cleaned_data["dry_run"],
            )
    else:
        form = ImportForm(importers=allowed)
    return render(
        request, "core/import.html", {"form": form, "result": result, "importers": allowed}
    )


_ERRORS = {
    400: (
        "Gemini could not read what was sent",
        [
            "The form sent more fields or files than Gemini reads, or could not be read.",
            "Go back and try again. Nothing was saved.",
        ],
    ),
    403: (
        "You do not have permission to see this page",
        [
            "Your role in Gemini does not include this page or action.",
            "If you think you need it, ask the programme office.",
        ],
    ),
    404: (
        "Page not found",
        [
            "If you typed the web address, check it is correct.",
            "If you pasted the web address, check you copied the entire address.",
        ],
    ),
    500: (
        "Sorry, there is a problem with the service",
        [
            "Try again later. Nothing you were doing has been half-saved: each change is saved "
            "whole or not at all."
        ],
    ),
}


def _error(request: HttpRequest, status: int) -> HttpResponse:
    title, paragraphs = _ERRORS[status]
    return render(
        request, "core/error.html", {"title": title, "paragraphs": paragraphs}, status=status
    )


@login_not_required
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A request Django refused to read: too much form data (413), too many fields or files."""
    if isinstance(exception, RequestDataTooBig):
        return too_large(request)  # type: ignore[return-value]
    return _error(request, 400)


@login_not_required
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403)


@login_not_required
def locked_out(request: HttpRequest, credentials: dict[str, Any] | None = None) -> HttpResponse:
    """Too many failed sign-ins (django-axes): say so, and when to try again."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "core/error.html",
        {
            "title": "Too many attempts to sign in",
            "paragraphs": [
                f"For your security, signing in to this account has been paused for {minutes} "
                "minutes after several wrong passwords.",
                "Wait, then try again. If you have forgotten your password, ask the programme "
                "office to reset it.",
            ],
        },
        status=429,
    )


@login_not_required
@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on their own: send them the service's icon."""
    return HttpResponsePermanentRedirect(static("gemini/favicon.svg"))


@login_not_required
@never_cache
@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """For a load balancer or monitor: 200 "ok" when Gemini can reach its database, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its security token: usually a page left open too long."""
    return render(
        request,
        "core/error.html",
        {
            "title": "Your session has expired",
            "paragraphs": [
                "The page you sent was open for too long, or your browser blocked "
                "cookies. Go back, reload the page and try again."
            ],
        },
        status=403,
    )


@login_not_required
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, ExplainedNotFound):
        return render(
            request,
            "core/error.html",
            {
                "title": exception.title or _ERRORS[404][0],
                "paragraphs": [exception.message],
                "choices": exception.choices,
            },
            status=404,
        )
    return _error(request, 404)


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    # Called while the exception is being handled: a database lock met by a middleware (saving
    # the session, say) rather than a view is still "busy, try again" (gemini.core.busy).
    if busy.is_busy(sys.exc_info()[1]):
        return busy.busy_response(request)
    return _error(request, 500)
