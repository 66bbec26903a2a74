"""The programme app's access rules, built on the one access layer (gemini.core.access)."""

from __future__ import annotations

from django.db.models import QuerySet

from gemini.core import access
from gemini.core.access import AnyUser, Permission
from gemini.programme.models import GovernanceBody, Paper, Workstream


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
