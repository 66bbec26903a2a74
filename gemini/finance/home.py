"""Finance's home panel: the forecast variance against budget and each council's savings gap,
measured against its target and against what is delivered (core.home)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

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
    position = figures.position()
    # Only finance officers are asked to act; everyone else sees the figures.
    acts = access.has_permission(request.user, Permission.MANAGE_FINANCE)
    items: list[Item] = []
    if position.review is None:
        summary = "No Financial Review recorded yet for this year: the variance is not known."
    else:
        variance = position.forecast_variance
        kind = "overspend" if variance > 0 else "underspend" if variance < 0 else "on budget"
        summary = (
            f"Forecast at {position.review} {position.year}: "
            f"{pounds_for_reading(abs(variance))} {kind} ({position.forecast_rag})."
        )
    savings_url = reverse("finance:savings")
    for code, target in sorted(position.savings_target_by_council.items()):
        delivered = position.savings_delivered_by_council.get(code)
        if not target:
            continue
        if delivered is None:
            items.append(Item(f"{code}: savings delivered not known", savings_url, warning=acts))
            continue
        gap = target - delivered
        items.append(
            Item(
                f"{code}: {pounds_for_reading(delivered)} of {pounds_for_reading(target)} "
                f"savings delivered; {pounds_for_reading(max(gap, Decimal(0)))} still to find"
                + (f" by {position.savings_year}" if position.savings_year else ""),
                savings_url,
                warning=acts and gap > 0,
            )
        )
    return Panel(
        title="Finance",
        order=30,
        summary=summary,
        rating=position.forecast_rag if position.review else "",
        items=tuple(items),
    )
