"""Which programme a page, an API call, a command or an import is about: always explicit.

Gemini may hold several programmes (organisations can be imported for any pair of councils),
and two programmes never see each other's records. The programme is named by its slug: a
page's or an API call's `programme` query parameter (a page remembers it for the session), or
a command's `--programme` option. When none is named, the only programme is used; with several
and none named, Gemini refuses and lists them. It never guesses (no `.first()`).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest

from gemini.core.errors import ExplainedNotFound
from gemini.programme.models import Programme

SESSION_KEY = "gemini_programme"


class ProgrammeNotChosenError(LookupError):
    """No programme, an unknown one, or several and none named: the message says which."""


def programme_named(slug: str | None) -> Programme:
    """The programme with this slug, or the only programme when `slug` is empty."""
    if slug:
        try:
            return Programme.objects.select_related("sponsor").get(slug=slug)
        except Programme.DoesNotExist:
            raise ProgrammeNotChosenError(f"There is no programme {slug!r}.") from None
    found = list(Programme.objects.select_related("sponsor").order_by("slug")[:2])
    if not found:
        raise ProgrammeNotChosenError(
            "There is no programme in Gemini yet; load or create one first."
        )
    if len(found) > 1:
        slugs = ", ".join(Programme.objects.order_by("slug").values_list("slug", flat=True))
        raise ProgrammeNotChosenError(
            f"There are several programmes ({slugs}): name the one you mean."
        )
    return found[0]


def programme_for(request: HttpRequest) -> Programme:
    """The programme a request names (`?programme=slug`, remembered for the session on pages),
    or the only programme; a 404 page saying why when it cannot be told."""
    slug = request.GET.get("programme") or ""
    session = getattr(request, "session", None)
    if not slug and session is not None:
        slug = session.get(SESSION_KEY, "")
    try:
        programme = programme_named(slug or None)
    except ProgrammeNotChosenError as error:
        if session is not None and session.get(SESSION_KEY):
            del session[SESSION_KEY]  # a programme since deleted: fall back to asking
        choices = [
            (p.name, f"{request.path}?programme={p.slug}")
            for p in Programme.objects.order_by("name")
        ]
        raise ExplainedNotFound(str(error), choices, title="Choose a programme") from None
    if session is not None and request.GET.get("programme"):
        session[SESSION_KEY] = programme.slug
    return programme


def programme_or_none(request: HttpRequest) -> Programme | None:
    """As `programme_for`, but None when no programme can be told (for a home page that shows
    something either way)."""
    try:
        return programme_for(request)
    except Http404:
        return None
