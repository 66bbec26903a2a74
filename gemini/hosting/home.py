"""The hosting exit's home panel (core.home), for those who may see the hosting work: what
blocks the exit from the data centre. That is the latest wave plan's findings (an application
that cannot make its deadline, or depends on one not being moved), a plan made before the
estate last changed, the latest RVTools import's findings, and applications whose proposed
disposition no one has confirmed yet. Shown to the technical lead, who acts on it, and to the
programme office, who sees everything. Every count is read through gemini/hosting/figures.py as
at the home page's date."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.urls import reverse

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.home import Item, Panel
from gemini.hosting import figures


def _plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def panel(request: HttpRequest, as_at: dt.date) -> Panel | None:
    user = request.user
    acts = access.has_permission(user, Permission.MANAGE_HOSTING)
    # Other officers may open the hosting pages, but their home is about their own work.
    if not (acts or access.has_permission(user, Permission.MANAGE_PROGRAMME)):
        return None
    items: list[Item] = []
    plan = figures.plan(as_at, user)
    plan_url = reverse("hosting:plan")
    if plan is None:
        summary = (
            "No wave plan has been made yet: whether every application makes its deadline "
            "is not known."
        )
    else:
        made = plan.plan
        summary = (
            f"Wave plan of {made.made_at:%d/%m/%Y}: {len(plan.waves):,} waves, "
            f"exit by {made.exit_date:%d/%m/%Y}."
        )
        if plan.findings:
            items.append(
                Item(
                    _plural(
                        len(plan.findings),
                        "application is blocked in the wave plan",
                        "applications are blocked in the wave plan",
                    )
                    + " (a missed deadline or a dependency not moved)",
                    plan_url,
                    warning=True,
                )
            )
        if made.out_of_date_since:
            items.append(
                Item(
                    f"The wave plan is out of date since {made.out_of_date_since:%d/%m/%Y}: "
                    f"{made.out_of_date_because or 'the estate changed'}",
                    plan_url,
                    warning=acts,
                )
            )
    latest = figures.latest_import(as_at, user)
    if latest is not None and latest.findings:
        items.append(
            Item(
                f"The latest RVTools import has {_plural(latest.findings, 'finding', 'findings')} "
                "to check",
                reverse("hosting:index"),
                warning=acts,
            )
        )
    unconfirmed = figures.applications(as_at, user).unconfirmed
    if unconfirmed:
        items.append(
            Item(
                _plural(unconfirmed, "application awaits", "applications await")
                + " a confirmed disposition",
                reverse("hosting:applications"),
                warning=acts,
            )
        )
    return Panel(title="Hosting exit", order=50, summary=summary, items=tuple(items))
