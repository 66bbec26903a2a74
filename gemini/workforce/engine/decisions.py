"""HR's decisions on proposed outcomes: the rules a confirm or an override is checked against
(issue 14, item 6; docs/workforce.md, "HR decisions"). Pure Python, no Django.

- A post's places are never exceeded across a run's decisions: a slot-in or a match takes a
  place; an at-risk outcome or a ring-fence (a competition still to be held) takes none.
  Where the run allows job shares, a place may hold two people whose FTE together is within
  the post's (plus the FTE tolerance), as the engine's job shares do (`has_room`).
- An at-risk outcome names no post.
- An override that breaks the run's matching policy is allowed only with a reason and after
  the person deciding has seen each breach (`policy_breaches`): a post above the person's grade
  is filled by competitive selection; two or more grades below is a suitable alternative
  employment offer (ERA s138), not a match; a match needs the ring-fence threshold, a slot-in
  the slot-in threshold at the same grade.
"""

from __future__ import annotations

from dataclasses import dataclass

from gemini.workforce.engine.terms import shares_fit

TAKES_A_PLACE = ("slot_in", "matched")


@dataclass(frozen=True)
class Holder:
    """Someone whose decision puts them into a post."""

    employee_ref: str
    name: str
    decision: str  # confirmed or overridden
    fte: float = 1.0


def has_room(
    places: int,
    post_fte: float,
    holders: list[Holder],
    person_fte: float,
    job_shares: bool = False,
    tolerance: float = 0.0,
) -> bool:
    """Whether one more person fits in the post beside its holders: one person to a place;
    with job shares, up to two to a place within the places' FTE plus the tolerance."""
    if len(holders) < places:
        return True
    return job_shares and shares_fit(
        places, post_fte, [*(h.fte for h in holders), person_fte], tolerance
    )


def post_full_message(post_ref: str, places: int, holders: list[Holder]) -> str:
    """Why a decision cannot put one more person into the post, naming who holds it."""
    named = "; ".join(f"{h.employee_ref} {h.name} ({h.decision})" for h in holders)
    noun = "place" if places == 1 else "places"
    return (
        f"{post_ref} has {places} {noun} and {'it is' if places == 1 else 'all are'} taken by "
        f"the run's decisions: {named}. Change one of those decisions first, or choose another "
        "post."
    )


def policy_breaches(
    outcome: str,
    person_grade_rank: int,
    post_grade_rank: int | None,
    duty_match: float | None,
    slot_in: float,
    ring_fence: float,
) -> list[str]:
    """What in a decided outcome breaks the run's policy (empty: nothing). `duty_match` is
    None when no duty match between the person and the post is known."""
    if outcome not in (*TAKES_A_PLACE, "ring_fence") or post_grade_rank is None:
        return []
    breaches: list[str] = []
    steps = post_grade_rank - person_grade_rank
    if outcome in TAKES_A_PLACE:
        if steps > 0:
            breaches.append(
                f"The post is {steps} grade(s) above the person's own: a post above one's grade "
                "is filled by competitive selection (a ring-fence), never without interview."
            )
        elif steps <= -2:
            breaches.append(
                f"The post is {-steps} grades below the person's own: that is a suitable "
                "alternative employment offer with a 4-week trial (ERA 1996 s138), not a match."
            )
        if outcome == "slot_in" and steps != 0:
            breaches.append("A slot-in is only into a post at the person's own grade.")
    if duty_match is None:
        breaches.append("No duty match between the person and this post is known.")
        return breaches
    if duty_match < ring_fence:
        breaches.append(
            f"The duty match is {duty_match:.1f}, below the ring-fence threshold of "
            f"{ring_fence:.1f}."
        )
    elif outcome == "slot_in" and duty_match < slot_in:
        breaches.append(
            f"The duty match is {duty_match:.1f}, below the slot-in threshold of {slot_in:.1f}."
        )
    return breaches
