"""Finance's home panel: the forecast variance against budget and each council's savings gap,
measured against its target and against what is delivered (core.home)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.urls import reverse

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.home import Item, Panel
from gemini.core.reading import pounds_for_reading
from gemini.finance import figures


def panel(request: HttpRequest, as_at: dt.date) -> Panel | None:
    if not access.has_permission(request.user, Permission.VIEW_FINANCE):
        return None
    position = figures.position(as_at=as_at, reader=request.user)
    # Only finance officers are asked to act; everyone else sees the figures.
    acts = access.has_permission(request.user, Permission.MANAGE_FINANCE)
    if position.review is None:
        summary = "No Financial Review recorded yet for this year: the variance is not known."
    else:
        variance = position.forecast_variance
        if variance:
            kind = "overspend" if variance > 0 else "underspend"
            said = f"{pounds_for_reading(abs(variance))} {kind}"
        else:
            said = "on budget (net nil)"
        summary = (
            f"Forecast at {position.review} {position.year}: {said} ({position.forecast_rag})."
        )
    savings_url = reverse("finance:savings")
    items = [
        Item(
            f"{gap.council}: {pounds_for_reading(gap.delivered)} of "
            f"{pounds_for_reading(gap.target)} savings delivered (the target for {gap.year}); "
            f"{_still_to_deliver(gap)}; {_against_plans(gap)}",
            savings_url,
            warning=acts and (gap.still_to_deliver > 0 or gap.gap_to_plans > 0),
        )
        for gap in position.savings_gaps
    ]
    return Panel(
        title="Finance",
        order=30,
        summary=summary,
        rating=position.forecast_rag if position.review else "",
        items=tuple(items),
    )


def _still_to_deliver(gap: figures.SavingsGap) -> str:
    if gap.still_to_deliver <= 0:
        return "the target is met"
    return f"{pounds_for_reading(gap.still_to_deliver)} still to deliver"


def _against_plans(gap: figures.SavingsGap) -> str:
    if gap.gap_to_plans > 0:
        return f"plans fall {pounds_for_reading(gap.gap_to_plans)} short"
    return "plans cover the target"
