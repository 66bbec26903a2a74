"""Your account: who you are in Gemini, your API tokens, and signing out everywhere."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from gemini.core import services
from gemini.core.models import User


@require_GET
def account(request: HttpRequest) -> HttpResponse:
    """Every signed-in person has an account page; it shows only their own details."""
    user: User = request.user  # type: ignore[assignment]
    return render(
        request,
        "core/account.html",
        {"account": user, "memberships": user.memberships.select_related("organisation")},
    )


@require_POST
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    """End every session the person has — other browsers and devices, and this one."""
    user: User = request.user  # type: ignore[assignment]
    services.end_all_sessions(user)
    logout(request)
    messages.success(request, "You have been signed out of Gemini on every browser and device.")
    return redirect("core:login")
