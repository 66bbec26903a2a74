"""The tenant migration's home panel (core.home): how many people have finished each phase
(figures only, no names, for everyone who may see the migration), and for the technical lead
the exceptions open now (a failed workload or a problem recorded against one)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.home import Item, Panel
from gemini.migration import access as migration_access
from gemini.migration import figures
from gemini.migration import models as m


def panel(request: HttpRequest, as_at: dt.date) -> Panel | None:
    user = request.user
    if not access.has_permission(user, Permission.VIEW_MIGRATION):
        return None
    found = figures.progress(as_at, user)
    if found.planned_at is None:
        return Panel(
            title="Microsoft 365 migration",
            order=40,
            summary="No wave plan has been made yet: progress is not known.",
        )
    summary = (
        f"{found.phase_1:,} of {found.users:,} people have finished phase 1 (their data) and "
        f"{found.phase_2:,} phase 2 (account and device), in {len(found.waves):,} waves."
    )
    items: list[Item] = []
    if access.has_permission(user, Permission.MANAGE_MIGRATION):
        open_now = (
            migration_access.statuses_for(user)
            .filter(Q(state=m.State.FAILED) | ~Q(problem=""))
            .count()
        )
        if open_now:
            items.append(
                Item(
                    f"{open_now:,} migration exception{'' if open_now == 1 else 's'} open: "
                    "a workload failed or has a problem recorded",
                    reverse("migration:exceptions"),
                    warning=True,
                )
            )
    return Panel(
        title="Microsoft 365 migration",
        order=40,
        summary=summary,
        items=(*items, Item("See progress by wave", reverse("migration:index"))),
    )
