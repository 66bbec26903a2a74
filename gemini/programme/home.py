"""The programme's home panel: the overall status and each workstream's, status updates due,
overdue risk actions and reviews, and the next meeting (core.home)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.home import Item, Panel
from gemini.programme import access as programme_access
from gemini.programme import chosen, figures
from gemini.programme.models import Meeting, RiskAction


def _plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def panel(request: HttpRequest, as_at: dt.date) -> Panel | None:
    user = request.user
    if not access.has_permission(user, Permission.VIEW_PROGRAMME):
        return None
    programme = chosen.programme_or_none(request)
    if programme is None:
        return None
    snapshot = figures.status_as_at(programme, as_at, user)
    mine = set(user.led_workstreams.values_list("slug", flat=True))  # type: ignore[union-attr]
    edits_any = access.has_permission(user, Permission.EDIT_ANY_WORKSTREAM)
    due_days = settings.GEMINI_STATUS_UPDATE_DUE_DAYS
    items: list[Item] = []
    for ws in snapshot.workstreams:
        if not (edits_any or ws.slug in mine):
            continue
        href = reverse("programme:add_status_update", args=[ws.slug])
        if ws.latest is None:
            items.append(Item(f"{ws.name}: no status recorded yet", href, warning=True))
        elif (as_at - ws.latest.date).days > due_days:
            items.append(
                Item(
                    f"{ws.name}: status update overdue (last {ws.latest.date:%d/%m/%Y})",
                    href,
                    warning=True,
                )
            )
    if access.has_permission(user, Permission.EDIT_PROGRAMME):
        risks = programme_access.risks_for(user).filter(programme=programme, status="open")
        if not edits_any:
            risks = risks.filter(workstream__slug__in=mine)
        overdue_actions = RiskAction.objects.filter(
            risk__in=risks, completed_date__isnull=True, due_date__lt=as_at
        ).count()
        overdue_reviews = risks.filter(review_date__lt=as_at).count()
        risks_url = reverse("programme:risks")
        if overdue_actions:
            items.append(
                Item(
                    _plural(overdue_actions, "risk action overdue", "risk actions overdue"),
                    risks_url,
                    warning=True,
                )
            )
        if overdue_reviews:
            items.append(
                Item(
                    _plural(overdue_reviews, "risk review overdue", "risk reviews overdue"),
                    risks_url,
                    warning=True,
                )
            )
    meeting = (
        Meeting.objects.filter(body__programme=programme, date__gte=as_at)
        .select_related("body")
        .order_by("date")
        .first()
    )
    if meeting is not None:
        items.append(
            Item(
                f"Next meeting: {meeting.body.short_name or meeting.body.name}, "
                f"{meeting.date:%d/%m/%Y} – {meeting.title}",
                reverse("programme:body", args=[meeting.body_id]),
            )
        )
    overall = snapshot.overall
    suggested = snapshot.suggestion.rating or "none"
    summary = (
        f"{overall.rating} overall as judged on {overall.date:%d/%m/%Y}."
        if overall
        else f"No overall status judged yet; the rule suggests {suggested}."
    )
    return Panel(
        title=programme.name,
        order=10,
        summary=summary,
        rating=overall.rating if overall else "",
        rows=tuple(
            (
                ws.name + (" (yours)" if ws.slug in mine else ""),
                ws.latest.rating if ws.latest else "",
                reverse("programme:workstream", args=[ws.slug]),
            )
            for ws in snapshot.workstreams
        ),
        items=tuple(items),
    )
