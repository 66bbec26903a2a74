"""The workforce app's access rules, built on the one access layer (gemini.core.access).

- Structures, posts, runs, pools and numbers: VIEW_WORKFORCE (anonymised; members and union
  representatives see these and nothing about a person).
- People (names, pay, dates of birth, outcomes per person): VIEW_PERSONAL_DATA, scoped by the
  person's employer organisation — HR at CEC reaches CEC and ICTSS staff (CEC hosts the shared
  service), HR at CWAC reaches CWAC's only — and, besides, the people the latest matching run
  proposes or a decision confirms into a post of an organisation the user reaches: HR at CWaC
  sees who is coming to CWaC (their names, outcomes and what the transfer needs), not the rest
  (issue 14, item 12).
- Deciding an outcome (DECIDE_WORKFORCE) stays with the employer's HR: `outcomes_to_decide`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet

from gemini.core import access
from gemini.core.access import AnyUser, Permission
from gemini.workforce.models import (
    Decision,
    MatchingRun,
    OrganisedGrouping,
    PersonOutcome,
    Post,
    Staff,
)

_OUTCOME_RELATIONS = (
    "staff",
    "staff__grade",
    "proposed_post",
    "decided_post",
    "decided_by",
    "pool",
)


def _coming_to(organisations: QuerySet[Any]) -> Q:
    """Outcomes whose post in force is at one of the organisations: the proposal while it awaits
    a decision, else the decided post (an override away from it ends the reach)."""
    return Q(decision=Decision.PENDING, proposed_post__council__in=organisations) | (
        ~Q(decision=Decision.PENDING) & Q(decided_post__council__in=organisations)
    )


def _latest_run() -> MatchingRun | None:
    return MatchingRun.objects.order_by("-number").first()


def staff_for(user: AnyUser) -> QuerySet[Staff]:
    """The people whose personal data the user may see: those employed in scope, and those the
    latest run proposes (or a decision confirms) into a post in scope."""
    access.require(user, Permission.VIEW_PERSONAL_DATA)
    organisations = access.organisations_for(user, Permission.VIEW_PERSONAL_DATA)
    latest = _latest_run()
    coming = PersonOutcome.objects.filter(_coming_to(organisations), staff=OuterRef("pk"))
    coming = coming.filter(run=latest) if latest is not None else coming.none()
    return Staff.objects.select_related("employer", "grade").filter(
        Q(employer__in=organisations) | Exists(coming)
    )


def outcomes_for(user: AnyUser, run: MatchingRun) -> QuerySet[PersonOutcome]:
    """A run's outcomes for the people whose personal data the user may see: employed in scope,
    or with a post in force in scope."""
    access.require(user, Permission.VIEW_PERSONAL_DATA)
    organisations = access.organisations_for(user, Permission.VIEW_PERSONAL_DATA)
    return run.outcomes.select_related(*_OUTCOME_RELATIONS).filter(
        Q(staff__employer__in=organisations) | _coming_to(organisations)
    )


def outcomes_to_decide(user: AnyUser, run: MatchingRun) -> QuerySet[PersonOutcome]:
    """A run's outcomes the user may decide: HR for the people their organisation employs."""
    access.require(user, Permission.DECIDE_WORKFORCE)
    return access.scoped(
        run.outcomes.select_related(*_OUTCOME_RELATIONS),
        user,
        Permission.DECIDE_WORKFORCE,
        via="staff__employer",
    )


def runs_for(user: AnyUser) -> QuerySet[MatchingRun]:
    access.require(user, Permission.VIEW_WORKFORCE)
    return MatchingRun.objects.select_related("created_by")


def posts_for(user: AnyUser) -> QuerySet[Post]:
    access.require(user, Permission.VIEW_WORKFORCE)
    return Post.objects.select_related("council", "grade", "structure")


def groupings_for(user: AnyUser) -> QuerySet[OrganisedGrouping]:
    access.require(user, Permission.VIEW_WORKFORCE)
    return OrganisedGrouping.objects.select_related("destination")


def may_see_people(user: AnyUser) -> bool:
    return access.has_permission(user, Permission.VIEW_PERSONAL_DATA)


def outcome_to_decide(user: AnyUser, run: MatchingRun, employee_ref: str) -> PersonOutcome:
    """One outcome the user may decide; 403 (PermissionDenied) if they may only see it (HR at
    the receiving council), 404 if they may not even see it."""
    found = outcomes_to_decide(user, run).filter(staff__employee_ref=employee_ref).first()
    if found is not None:
        return found
    access.get_or_404(outcomes_for(user, run), staff__employee_ref=employee_ref)
    raise PermissionDenied(
        "This person's outcome is decided by HR at the council that employs them; you may see "
        "it because their post is with your council."
    )
