"""The workforce app's access rules, built on the one access layer (gemini.core.access).

- Structures, posts, runs, pools and numbers: VIEW_WORKFORCE (anonymised; members and union
  representatives see these and nothing about a person).
- People (names, pay, dates of birth, outcomes per person): VIEW_PERSONAL_DATA, scoped by the
  person's employer organisation — HR at CEC reaches CEC and ICTSS staff (CEC hosts the shared
  service), HR at CWAC reaches CWAC's only.
"""

from __future__ import annotations

from django.db.models import QuerySet

from gemini.core import access
from gemini.core.access import AnyUser, Permission
from gemini.workforce.models import MatchingRun, OrganisedGrouping, PersonOutcome, Post, Staff


def staff_for(user: AnyUser) -> QuerySet[Staff]:
    access.require(user, Permission.VIEW_PERSONAL_DATA)
    return access.scoped(
        Staff.objects.select_related("employer", "grade"),
        user,
        Permission.VIEW_PERSONAL_DATA,
        via="employer",
    )


def outcomes_for(user: AnyUser, run: MatchingRun) -> QuerySet[PersonOutcome]:
    """A run's outcomes for the people whose personal data the user may see."""
    access.require(user, Permission.VIEW_PERSONAL_DATA)
    return access.scoped(
        run.outcomes.select_related(
            "staff", "staff__grade", "proposed_post", "decided_post", "decided_by", "pool"
        ),
        user,
        Permission.VIEW_PERSONAL_DATA,
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
