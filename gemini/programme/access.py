"""The programme app's access rules, built on the one access layer (gemini.core.access)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from gemini.core import access
from gemini.core.access import AnyUser, Permission
from gemini.programme.models import (
    AgendaItem,
    Assumption,
    Benefit,
    CatalogueService,
    Decision,
    GovernanceBody,
    Issue,
    Meeting,
    Milestone,
    Paper,
    Programme,
    Risk,
    Workstream,
)


def workstreams_for(user: AnyUser) -> QuerySet[Workstream]:
    access.require(user, Permission.VIEW_PROGRAMME)
    return Workstream.objects.select_related("programme")


def may_edit_workstream(user: AnyUser, workstream: Workstream) -> bool:
    """The programme office edits any workstream; a workstream lead edits the ones they lead."""
    if access.has_permission(user, Permission.EDIT_ANY_WORKSTREAM):
        return True
    return access.has_permission(user, Permission.EDIT_PROGRAMME) and (
        workstream.leads.filter(pk=user.pk).exists()
    )


def require_edit_workstream(user: AnyUser, workstream: Workstream) -> None:
    if not may_edit_workstream(user, workstream):
        raise access.PermissionDenied(f"You cannot edit the {workstream.name} workstream.")


def bodies_for(user: AnyUser) -> QuerySet[GovernanceBody]:
    access.require(user, Permission.VIEW_PROGRAMME)
    return GovernanceBody.objects.select_related("organisation", "programme")


def papers_for(user: AnyUser) -> QuerySet[Paper]:
    """Papers the user may read: exempt (Part 2) ones only for those allowed to see them."""
    access.require(user, Permission.VIEW_PROGRAMME)
    return access.visible(Paper.objects.select_related("meeting"), user)


def may_edit_in(user: AnyUser, workstream: Workstream | None) -> bool:
    """Status, risks and milestones: the programme office anywhere; a lead in their own
    workstreams (a record with no workstream belongs to the programme office)."""
    if access.has_permission(user, Permission.EDIT_ANY_WORKSTREAM):
        return True
    if workstream is None:
        return False
    return may_edit_workstream(user, workstream)


def require_edit_in(user: AnyUser, workstream: Workstream | None) -> None:
    if not may_edit_in(user, workstream):
        raise access.PermissionDenied("You can only change records of workstreams you lead.")


def editable_workstreams(user: AnyUser) -> QuerySet[Workstream]:
    """The workstreams whose status, risks and milestones the user may change."""
    if access.has_permission(user, Permission.EDIT_ANY_WORKSTREAM):
        return Workstream.objects.all()
    if not access.has_permission(user, Permission.EDIT_PROGRAMME):
        return Workstream.objects.none()
    return Workstream.objects.filter(leads=user.pk)


def risks_for(user: AnyUser) -> QuerySet[Risk]:
    """Risks the user may read: exempt (Part 2) ones only for those allowed to see them."""
    access.require(user, Permission.VIEW_PROGRAMME)
    return access.visible(Risk.objects.select_related("workstream", "programme"), user)


def issues_for(user: AnyUser) -> QuerySet[Issue]:
    access.require(user, Permission.VIEW_PROGRAMME)
    return access.visible(
        Issue.objects.select_related("workstream", "escalated_to", "risk", "programme"), user
    )


def decisions_for(user: AnyUser) -> QuerySet[Decision]:
    access.require(user, Permission.VIEW_PROGRAMME)
    return access.visible(Decision.objects.select_related("body", "meeting"), user)


def milestones_for(user: AnyUser) -> QuerySet[Milestone]:
    access.require(user, Permission.VIEW_PROGRAMME)
    return Milestone.objects.select_related("workstream", "programme").prefetch_related(
        "predecessors"
    )


def benefits_for(user: AnyUser) -> QuerySet[Benefit]:
    access.require(user, Permission.VIEW_PROGRAMME)
    return Benefit.objects.select_related("owner_organisation", "programme").prefetch_related(
        "measurements", "profile__organisation"
    )


def services_for(user: AnyUser) -> QuerySet[CatalogueService]:
    access.require(user, Permission.VIEW_PROGRAMME)
    return CatalogueService.objects.select_related("sole_organisation").prefetch_related(
        "owners__organisation"
    )


def assumptions_for(user: AnyUser) -> QuerySet[Assumption]:
    access.require(user, Permission.VIEW_PROGRAMME)
    return Assumption.objects.select_related("workstream", "programme")


def meetings_for(user: AnyUser) -> QuerySet[Meeting]:
    """Meetings are public (their dates and titles); their exempt papers are not."""
    access.require(user, Permission.VIEW_PROGRAMME)
    return Meeting.objects.select_related("body", "body__programme")


def agenda_items_for(user: AnyUser) -> QuerySet[AgendaItem]:
    """Agenda items, less those that take a paper the user may not read."""
    access.require(user, Permission.VIEW_PROGRAMME)
    return AgendaItem.objects.select_related("meeting", "paper").filter(
        Q(paper__isnull=True) | Q(paper__in=papers_for(user))
    )


def decision_links(user: AnyUser, programme: Programme) -> dict[str, Any]:
    """The bodies, meetings, risks and issues a decision may name: the programme's only, as the
    person sees them (no Part 2 record offered to someone without the right)."""
    return {
        "bodies": bodies_for(user).filter(programme=programme),
        "meetings": meetings_for(user).filter(body__programme=programme).order_by("-date"),
        "risks": risks_for(user).filter(programme=programme),
        "issues": issues_for(user).filter(programme=programme),
    }
