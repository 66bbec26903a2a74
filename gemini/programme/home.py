"""The programme's home panels (core.home): the overall status and each workstream's, status
updates due and overdue, overdue risk actions and reviews, and the next meeting; and what
changed since the committee last met.

A workstream's status update is due GEMINI_STATUS_UPDATE_DUE_DAYS (31: monthly) after its last
one; it is shown as due from a week before that day, and as overdue after it. "The committee"
is the members' bodies (a council committee, cabinet, joint committee or scrutiny): the last of
their meetings before today is the day the changes are counted from."""

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
from gemini.programme.models import GovernanceBody, Meeting, Programme, RiskAction

# Members' bodies: their last meeting is when "the committee last met".
COMMITTEES = (
    GovernanceBody.Kind.COMMITTEE,
    GovernanceBody.Kind.CABINET,
    GovernanceBody.Kind.JOINT_COMMITTEE,
    GovernanceBody.Kind.SCRUTINY,
)
DUE_SOON_DAYS = 7


def _plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def panel(request: HttpRequest, as_at: dt.date) -> tuple[Panel, ...] | None:
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
        else:
            due = ws.latest.date + dt.timedelta(days=due_days)
            if due < as_at:
                items.append(
                    Item(
                        f"{ws.name}: status update overdue (due {due:%d/%m/%Y}, "
                        f"last {ws.latest.date:%d/%m/%Y})",
                        href,
                        warning=True,
                    )
                )
            elif (due - as_at).days <= DUE_SOON_DAYS:
                items.append(Item(f"{ws.name}: status update due by {due:%d/%m/%Y}", href))
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
    status = Panel(
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
    since = _since_the_committee_met(request, programme, snapshot, as_at)
    return (status, since) if since else (status,)


def _since_the_committee_met(
    request: HttpRequest, programme: Programme, now: figures.StatusSnapshot, as_at: dt.date
) -> Panel | None:
    """What changed after the last meeting of a members' body: each status that moved, issues
    raised, decisions made and milestones completed since (the reader's own view: Part 2
    records only for those who may see them)."""
    user = request.user
    met = (
        programme_access.meetings_for(user)
        .filter(body__programme=programme, body__kind__in=COMMITTEES, date__lt=as_at)
        .order_by("-date")
        .first()
    )
    if met is None:
        return None
    then = figures.status_as_at(programme, met.date, user)
    before = {ws.slug: ws.latest.rating if ws.latest else "" for ws in then.workstreams}
    items: list[Item] = []
    if (then.overall and then.overall.rating) != (now.overall and now.overall.rating):
        items.append(
            Item(
                f"Overall: {_rating(then.overall.rating if then.overall else '')} → "
                f"{_rating(now.overall.rating if now.overall else '')}",
                reverse("programme:status"),
            )
        )
    for ws in now.workstreams:
        rating = ws.latest.rating if ws.latest else ""
        if rating != before.get(ws.slug, ""):
            items.append(
                Item(
                    f"{ws.name}: {_rating(before.get(ws.slug, ''))} → {_rating(rating)}",
                    reverse("programme:workstream", args=[ws.slug]),
                )
            )
    raised = (
        programme_access.issues_for(user)
        .filter(programme=programme, raised_date__gt=met.date, raised_date__lte=as_at)
        .count()
    )
    decided = (
        programme_access.decisions_for(user)
        .filter(programme=programme, date__gt=met.date, date__lte=as_at)
        .count()
    )
    completed = (
        programme_access.milestones_for(user)
        .filter(programme=programme, actual_date__gt=met.date, actual_date__lte=as_at)
        .count()
    )
    for count, one, many, name in (
        (raised, "issue raised", "issues raised", "programme:issues"),
        (decided, "decision made", "decisions made", "programme:decisions"),
        (completed, "milestone completed", "milestones completed", "programme:milestones"),
    ):
        if count:
            items.append(Item(_plural(count, one, many), reverse(name)))
    body = met.body.short_name or met.body.name
    return Panel(
        title="Since the committee last met",
        order=15,
        summary=f"{body} last met on {met.date.day} {met.date:%B %Y}"
        + (f" ({met.title})." if met.title else "."),
        items=tuple(items),
        empty="No status has moved, and no issue, decision or completed milestone is recorded "
        "since then.",
    )


def _rating(rating: str) -> str:
    return rating or "no status"
