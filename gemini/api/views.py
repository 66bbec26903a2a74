"""Your personal API tokens: make one (shown once), see them, revoke one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from gemini.api import services
from gemini.api.forms import TokenForm
from gemini.api.models import ApiToken
from gemini.core import access


@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    """Every signed-in person may hold tokens; a token has exactly its owner's permissions."""
    new_token = None
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            _, new_token = services.create_token(request.user, form.cleaned_data["name"])  # type: ignore[arg-type]
            form = TokenForm()
    else:
        form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "new_token": new_token,
            "tokens": ApiToken.objects.filter(user=request.user),  # type: ignore[misc]
        },
    )


@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = access.get_or_404(ApiToken.objects.filter(user=request.user), pk=pk)  # type: ignore[misc]
    services.revoke_token(token)
    messages.success(request, f"The token “{token.name}” has been revoked.")
    return redirect("api_tokens:list")


@login_not_required
@csrf_exempt
def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """An address under /api/v1/ that is no route: JSON, like every other API answer."""
    return JsonResponse(
        {"detail": f"There is no API route {request.path}: see /api/v1/docs."}, status=404
    )
