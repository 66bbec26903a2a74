"""The home page's panels, contributed by the apps: "what needs you now", per person.

Each domain app may have a `home.py` with `panel(request, as_at)`: what that app asks of this
person today (counts and links) as a Panel, or several (a tuple), or None when it has nothing
for them (no permission, nothing loaded). Core renders the panels in their `order`; it imports
no app (the modules are found by name, as the API's routers and the importers are), so the apps
depend on core and never the other way round (docs/architecture.md). Core's own panel,
"Imports with problems", is `panel` below.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from gemini.core import import_runs


@dataclass(frozen=True)
class Item:
    """One thing to look at or do, with a link: "3 risk actions overdue"."""

    text: str
    href: str
    warning: bool = False  # overdue, failed or past its date: shown with a warning tag


@dataclass(frozen=True)
class Panel:
    title: str
    order: int
    summary: str = ""  # one sentence: the state of things
    items: tuple[Item, ...] = ()
    rating: str = ""  # an overall RAG to show beside the title, if the panel has one
    rows: tuple[tuple[str, str, str], ...] = field(default=())  # (label, rating, href)
    empty: str = "Nothing needs you here today."


Contributor = Callable[[HttpRequest, dt.date], "Panel | tuple[Panel, ...] | None"]


@cache
def contributors() -> tuple[Contributor, ...]:
    """Every installed app's `home.panel`, found by module name."""
    found: list[Contributor] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("gemini."):
            continue
        name = f"{config.name}.home"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name == name:
                continue
            raise
        found.append(module.panel)
    return tuple(found)


def panels(request: HttpRequest, as_at: dt.date) -> list[Panel]:
    """The panels this person has, in order."""
    shown: list[Panel] = []
    for contribute in contributors():
        given = contribute(request, as_at)
        if isinstance(given, Panel):
            shown.append(given)
        elif given:
            shown.extend(given)
    return sorted(shown, key=lambda panel: (panel.order, panel.title))


def panel(request: HttpRequest, as_at: dt.date) -> Panel | None:
    """Core's panel: the person's own imports from the upload page that were refused or
    failed and not put right since, or not heard from for too long, each linking to its status
    page (gemini.core.import_runs)."""
    if not request.user.is_authenticated:
        return None
    runs = import_runs.with_problems(request.user)
    if not runs:
        return None
    items = []
    for run in runs:
        uploaded = timezone.localtime(run.queued_at)
        if run.state == run.State.REFUSED:
            what = f"nothing imported, {run.problem_count:,} problem"
            what += "" if run.problem_count == 1 else "s"
        elif run.state == run.State.FAILED:
            what = "nothing imported, an error in Gemini"
        elif run.state == run.State.QUEUED:
            what = "not started: the background worker may not be running"
        else:
            what = "not heard from: the background worker may have stopped"
        items.append(
            Item(
                f"{run.filename} ({uploaded:%d/%m/%Y}): {what}",
                reverse("core:import_status", args=[run.pk]),
                warning=True,
            )
        )
    return Panel(
        title="Imports with problems",
        order=5,
        summary=(
            "Files you uploaded that were not imported, or whose import has gone quiet. "
            "Correct them and upload them again."
        ),
        items=tuple(items),
    )
