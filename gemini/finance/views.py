"""Finance pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.views import section


@access.requires(Permission.VIEW_FINANCE)
def index(request: HttpRequest) -> HttpResponse:
    return section(request, "finance")
