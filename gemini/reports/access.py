"""Who may see which committee report, built on the one access layer (gemini.core.access).

- Issued reports, Part 1: everyone who may view reports (members and union representatives
  included: Part 1 is public).
- Drafts: officers (VIEW_REPORT_DRAFTS) and the programme office; never a Part-1-only role.
- Part 2 (the exempt appendix): only people who may see exempt information
  (`access.may_see_exempt`) — never a member or union representative, whatever else they hold.
- Creating, editing and issuing: MANAGE_REPORTS.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from gemini.core import access
from gemini.core.access import AnyUser, Permission
from gemini.reports.models import CommitteeReport


def reports_for(user: AnyUser) -> QuerySet[CommitteeReport]:
    """The reports the user may open: issued ones, and drafts for officers."""
    access.require(user, Permission.VIEW_REPORTS)
    reports = CommitteeReport.objects.select_related("meeting__body")
    if may_see_drafts(user):
        return reports
    return reports.filter(status=CommitteeReport.Status.ISSUED)


def may_see_drafts(user: AnyUser) -> bool:
    """Drafts are working papers with Part 2 beside them: officers only, never a person who
    holds a Part-1-only role."""
    return access.has_permission(user, Permission.VIEW_REPORT_DRAFTS) and access.may_see_exempt(
        user
    )


def may_get_part(user: AnyUser, part: int) -> bool:
    return part == 1 or access.may_see_exempt(user)


def require_part(user: AnyUser, part: int) -> None:
    """Part 2 is refused as "not found", so its existence tells a member nothing more than the
    Part 1 report's own notice does."""
    if part not in (1, 2):
        raise Http404("There is no such part.")
    if not may_get_part(user, part):
        raise Http404("There is no such report part.")


def may_manage(user: AnyUser) -> bool:
    return access.has_permission(user, Permission.MANAGE_REPORTS)
