"""Committee reports' home panel (core.home): the next meeting of a members' body and the
report due for it (none yet, a draft not issued, or issued), for the officers who write
reports; and for every reader the latest report issued."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.urls import reverse

from gemini.core import access
from gemini.core.access import Permission
from gemini.core.home import Item, Panel
from gemini.programme.home import COMMITTEES
from gemini.programme.models import Meeting
from gemini.reports import access as report_access
from gemini.reports.models import CommitteeReport


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def panel(request: HttpRequest, as_at: dt.date) -> Panel | None:
    user = request.user
    if not access.has_permission(user, Permission.VIEW_REPORTS):
        return None
    reports = report_access.reports_for(user)
    items: list[Item] = []
    if report_access.may_manage(user):
        meeting = (
            Meeting.objects.filter(body__kind__in=COMMITTEES, date__gte=as_at)
            .select_related("body")
            .order_by("date")
            .first()
        )
        if meeting is None:
            items.append(
                Item(
                    "No members' meeting is in the forward plan: add the next one to plan its "
                    "report",
                    reverse("programme:forward_plan"),
                )
            )
        else:
            body = meeting.body.short_name or meeting.body.name
            due = reports.filter(meeting=meeting).order_by("-created_at").first()
            if due is None:
                items.append(
                    Item(
                        f"No report yet for {body} on {_day(meeting.date)}: create the draft",
                        f"{reverse('reports:create')}?meeting={meeting.pk}",
                        warning=True,
                    )
                )
            elif due.status == CommitteeReport.Status.DRAFT:
                items.append(
                    Item(
                        f"The report for {body} on {_day(meeting.date)} is a draft, not issued yet",
                        reverse("reports:report", args=[due.pk]),
                        warning=True,
                    )
                )
            else:
                items.append(
                    Item(
                        f"The report for {body} on {_day(meeting.date)} was issued",
                        reverse("reports:report", args=[due.pk]),
                    )
                )
    latest = (
        reports.filter(status=CommitteeReport.Status.ISSUED, issued_at__date__lte=as_at)
        .order_by("-issued_at")
        .first()
    )
    if latest is not None and latest.issued_at is not None:
        summary = f"Latest issued: {latest.title}, {_day(latest.issued_at.date())}."
        items.append(Item(f"Read {latest}", reverse("reports:report", args=[latest.pk])))
    else:
        summary = "No committee report has been issued yet."
    return Panel(title="Committee reports", order=60, summary=summary, items=tuple(items))
