"""Workforce's home panel (core.home): HR's decision queue for the latest matching run, and
for everyone else the anonymised picture (how many people each outcome covers, how many are
decided), read through figures.decisions as at the home page's date. Names never appear here:
the panel gives counts and links, and the queue it links to checks the reader's scope again
(workforce.access)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.home import Item, Panel
from gemini.workforce import figures
from gemini.workforce.models import Decision, Outcome


def _plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def panel(request: HttpRequest, as_at: dt.date) -> Panel | None:
    user = request.user
    if not access.has_permission(user, Permission.VIEW_WORKFORCE):
        return None
    queue = figures.decisions(as_at, user)
    if queue is None:
        return Panel(
            title="Workforce",
            order=20,
            summary="No matching run has been made yet: no outcomes are proposed.",
        )
    outcomes_url = reverse("workforce:run_outcomes", args=[queue.run])
    labels = dict(Outcome.choices)
    summary = (
        f"Matching run {queue.run}: {_plural(queue.people, 'person', 'people')}, "
        + ", ".join(f"{queue.counts[value]:,} {labels[value].lower()}" for value in labels)
        + f"; {queue.decided:,} of {queue.people:,} decided by HR."
    )
    items: list[Item] = []
    pending_url = f"{outcomes_url}?{urlencode({'decision': Decision.PENDING})}"
    if queue.awaiting:
        items.append(
            Item(
                _plural(
                    queue.awaiting, "outcome awaits your decision", "outcomes await your decision"
                ),
                pending_url,
                warning=True,
            )
        )
    if queue.awaiting_at_risk:
        items.append(
            Item(
                _plural(queue.awaiting_at_risk, "person", "people")
                + " proposed as at risk: check each before you confirm",
                f"{pending_url}&{urlencode({'outcome': Outcome.AT_RISK})}",
                warning=True,
            )
        )
    if queue.visible_pending:
        # Who may see people but not decide for them (HR at the receiving council, the
        # programme office) sees how many in their scope still wait, decided by the employer.
        items.append(
            Item(
                _plural(queue.visible_pending, "outcome", "outcomes")
                + " you may see await a decision by HR at the employing council",
                pending_url,
            )
        )
    if (
        not queue.awaiting
        and not queue.visible_pending
        and queue.decided < queue.people
        and access.has_permission(user, Permission.DECIDE_WORKFORCE)
    ):
        # HR whose council employs none of those still waiting: say why the queue is empty,
        # and whose decisions are theirs (item 7: empty states say why).
        reach = access.reach_in_words(user, Permission.DECIDE_WORKFORCE)
        items.append(
            Item(
                f"No outcome awaits your decision: you decide for the staff of {reach}, and "
                f"the {queue.people - queue.decided:,} still pending are for HR at the "
                "employing council",
                pending_url,
            )
        )
    items.append(Item(f"See matching run {queue.run}", reverse("workforce:run", args=[queue.run])))
    return Panel(
        title="Workforce",
        order=20,
        summary=summary,
        items=tuple(items),
        empty="No outcomes await your decision.",
    )
