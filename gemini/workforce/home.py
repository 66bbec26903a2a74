"""Workforce's home panel (core.home): HR's decision queue for the latest matching run, and
for everyone else the anonymised picture (how many people each outcome covers, how many are
decided). Names never appear here: the panel gives counts and links, and the queue it links to
checks the reader's scope again (workforce.access)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.home import Item, Panel
from gemini.workforce import access as workforce_access
from gemini.workforce.models import Decision, Outcome


def _plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def panel(request: HttpRequest, as_at: dt.date) -> Panel | None:
    user = request.user
    if not access.has_permission(user, Permission.VIEW_WORKFORCE):
        return None
    run = (
        workforce_access.runs_for(user)
        .filter(created_at__date__lte=as_at)
        .order_by("-number")
        .first()
    )
    if run is None:
        return Panel(
            title="Workforce",
            order=20,
            summary="No matching run has been made yet: no outcomes are proposed.",
        )
    outcomes_url = reverse("workforce:run_outcomes", args=[run.number])
    pairs = list(run.outcomes.values_list("proposed", "decided_outcome", "decision"))
    in_force = Counter(decided or proposed for proposed, decided, _ in pairs)
    decided = sum(1 for *_, decision in pairs if decision != Decision.PENDING)
    labels = dict(Outcome.choices)
    summary = (
        f"Matching run {run.number}: {_plural(len(pairs), 'person', 'people')}, "
        + ", ".join(f"{in_force[value]:,} {labels[value].lower()}" for value in labels)
        + f"; {decided:,} of {len(pairs):,} decided by HR."
    )
    items: list[Item] = []
    if access.has_permission(user, Permission.DECIDE_WORKFORCE):
        to_decide = workforce_access.outcomes_to_decide(user, run).filter(decision=Decision.PENDING)
        waiting = to_decide.count()
        at_risk = to_decide.filter(proposed=Outcome.AT_RISK).count()
        pending_url = f"{outcomes_url}?{urlencode({'decision': Decision.PENDING})}"
        if waiting:
            items.append(
                Item(
                    _plural(
                        waiting, "outcome awaits your decision", "outcomes await your decision"
                    ),
                    pending_url,
                    warning=True,
                )
            )
        if at_risk:
            items.append(
                Item(
                    _plural(at_risk, "person", "people")
                    + " proposed as at risk: check each before you confirm",
                    f"{pending_url}&{urlencode({'outcome': Outcome.AT_RISK})}",
                    warning=True,
                )
            )
    elif workforce_access.may_see_people(user):
        # Who may see people but not decide for them (HR at the receiving council, the
        # programme office) sees how many in their scope still wait, decided by the employer.
        waiting = workforce_access.outcomes_for(user, run).filter(decision=Decision.PENDING).count()
        if waiting:
            items.append(
                Item(
                    _plural(waiting, "outcome", "outcomes")
                    + " you may see await a decision by HR at the employing council",
                    f"{outcomes_url}?{urlencode({'decision': Decision.PENDING})}",
                )
            )
    items.append(
        Item(f"See matching run {run.number}", reverse("workforce:run", args=[run.number]))
    )
    return Panel(
        title="Workforce",
        order=20,
        summary=summary,
        items=tuple(items),
        empty="No outcomes await your decision.",
    )
