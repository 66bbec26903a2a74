"""Each person's outcome, flags and reasons, from the allocation (docs/workforce.md).

Duty matches and thresholds are shown to one decimal everywhere, so a reason never reads
"70" for a 69.9 that is not a slot-in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from gemini.workforce.engine.allocation import ABOVE, ONE_BELOW, WELL_BELOW, Edges
from gemini.workforce.engine.similarity import Similarity
from gemini.workforce.engine.terms import (
    AT_RISK,
    HOURS_CHANGE,
    JOB_SHARE,
    MATCHED,
    NO_PREFERENCE,
    PAY_PROTECTION,
    PROTECTED_PRIORITY,
    RING_FENCE,
    SLOT_IN,
    SUITABLE_ALTERNATIVE_OFFER,
    Alternative,
    ContestedPost,
    Outcome,
    Person,
    Policy,
    Pool,
    Post,
)

LEAVE_LABELS = {
    "pregnancy": "pregnancy",
    "maternity": "maternity leave",
    "adoption": "adoption leave",
    "shared_parental": "shared parental leave",
}


@dataclass(frozen=True)
class Context:
    people: Sequence[Person]
    posts: Sequence[Post]
    policy: Policy
    similarity: Similarity
    edges: Edges
    slot_edge: NDArray[np.bool_]
    claimants: NDArray[np.int64]
    places_left: NDArray[np.int64]  # places no one is placed in without interview
    contest: dict[int, tuple[int, ...]]  # person → the posts they compete for
    competitors: NDArray[np.int64]  # post → how many people compete for it
    suitable: NDArray[np.bool_]  # edge at own grade or one below
    protected: frozenset[int]  # people placed first by statutory priority
    job_shares: dict[int, tuple[int, ...]]  # person → who shares their post (job shares)
    placed_before_shares: frozenset[int]  # people placed before any job share was made


def score_text(value: float, moderated: bool) -> str:
    return f"{value:.1f} ({'moderated' if moderated else 'computed'})"


def _placed(
    c: Context, index: int, edge: int, pool: Pool | None
) -> tuple[str, list[str], list[str]]:
    person, edges, policy = c.people[index], c.edges, c.policy
    target = c.posts[int(edges.post[edge])]
    score = score_text(float(edges.score[edge]), bool(edges.moderated[edge]))
    reasons: list[str] = []
    flags: list[str] = []
    if index in c.protected:
        flags.append(PROTECTED_PRIORITY)
        reasons.append(
            f"Statutory priority ({LEAVE_LABELS.get(person.protected_leave, 'family leave')}): "
            "placed in a suitable vacancy ahead of others, without interview (Protection from "
            "Redundancy (Pregnancy and Family Leave) Act 2023)."
        )
    sharers = c.job_shares.get(index)
    shared_in = sharers is not None and index not in c.placed_before_shares
    if c.slot_edge[edge] and not shared_in:
        outcome = SLOT_IN
        reasons.append(
            f"Slot-in to {target.ref}: duty match {score} ≥ {policy.slot_in:.1f}; same grade "
            f"rank ({person.grade_rank} = {target.grade_rank}); "
            f"{int(c.claimants[edges.post[edge]])} claimant(s) at ≥ {policy.slot_in:.1f} for "
            f"{target.count} identical post(s)."
        )
    else:
        outcome = MATCHED
        why = (
            "placed ahead of others by statutory priority"
            if index in c.protected
            else "a job share places everyone competing for it"
            if shared_in
            else "every maximum allocation of "
            + (f"pool {pool.number}" if pool else "the pool")
            + " places this person"
        )
        reasons.append(
            f"Matched without interview to {target.ref}: {why}; duty match {score} ≥ "
            f"ring-fence {policy.ring_fence:.1f}; post grade rank {target.grade_rank}, own "
            f"{person.grade_rank}."
        )
    if edges.kind[edge] == ONE_BELOW:
        flags.append(PAY_PROTECTION)
        reasons.append(
            f"One grade below own (post grade rank {target.grade_rank}, own "
            f"{person.grade_rank}): pay protection for {policy.pay_protection_months} months "
            "(council policy setting)."
        )
    if sharers is not None:
        flags.append(JOB_SHARE)
        names = ", ".join(f"{c.people[p].ref} ({c.people[p].fte:.2f} FTE)" for p in sharers)
        reasons.append(
            f"Job share of {target.ref} ({target.count} × {target.fte:.2f} FTE) with {names}: "
            f"this person keeps {person.fte:.2f} FTE; needs the agreement of everyone sharing "
            "(council job-share policy, a setting)."
        )
    elif abs(target.fte - person.fte) > policy.fte_tolerance + 1e-9:
        flags.append(HOURS_CHANGE)
        reasons.append(
            f"Hours change: the post is {target.fte:.2f} FTE, the person {person.fte:.2f} FTE "
            f"(more than {policy.fte_tolerance:.2f} apart): needs the person's agreement."
        )
    return outcome, reasons, flags


def _ring_fence(c: Context, index: int, own_edges: list[int]) -> tuple[list[str], list[str]]:
    person, edges, policy = c.people[index], c.edges, c.policy
    posts = c.contest[index]
    listed = ", ".join(
        f"{c.posts[q].ref} ({int(c.places_left[q])} place(s), {int(c.competitors[q])} candidate(s))"
        for q in posts
    )
    above = [q for q in posts if c.posts[q].grade_rank > person.grade_rank]
    reasons: list[str] = []
    if len(above) == len(posts):
        reasons.append(
            f"Competitive ring-fence for {listed}: a post above own grade rank "
            f"{person.grade_rank} is filled by competitive selection (a promotion), even with "
            "one candidate."
        )
    else:
        reasons.append(
            f"Competitive ring-fence for {listed}: some maximum allocation leaves this person "
            "without a post, so selection (interview or assessment) decides, never the "
            "duty-match score."
        )
        if above:
            reasons.append(
                "Posts above own grade are filled by competitive selection: "
                f"{', '.join(c.posts[q].ref for q in above)}."
            )
    contested = sorted(
        {
            c.posts[int(edges.post[i])].ref
            for i in own_edges
            if edges.claim[i] and c.claimants[edges.post[i]] > c.posts[edges.post[i]].count
        }
    )
    if contested:
        reasons.append(
            f"Slot-in claim contested (more claimants at ≥ {policy.slot_in:.1f} than "
            f"identical posts): {', '.join(contested)}."
        )
    reasons.append("At risk if unsuccessful in the selection.")
    return reasons, []


def _at_risk(
    c: Context, index: int, own_edges: list[int], best: tuple[int, float]
) -> tuple[list[str], list[str], tuple[ContestedPost, ...]]:
    person, edges, policy = c.people[index], c.edges, c.policy
    reasons: list[str] = []
    if any(c.suitable[i] for i in own_edges):
        reasons.append(
            "At risk: every suitable post this person is eligible for is taken by people "
            "placed ahead of others by statutory priority (family leave)."
        )
    elif any(edges.kind[i] == ABOVE for i in own_edges):
        reasons.append(
            "At risk: the posts above own grade this person is eligible for are all taken by "
            "people placed without interview."
        )
    else:
        text = (
            f"At risk: no post reaches the ring-fence duty match of {policy.ring_fence:.1f} at "
            f"grade rank {person.grade_rank} or one below"
        )
        if policy.grade_steps_up:
            text += f" (or up to {policy.grade_steps_up} above where nothing at own grade)"
        reasons.append(text + ".")
    best_post, best_score = best
    if best_post >= 0 and c.posts:
        candidate = c.posts[best_post]
        reasons.append(
            f"Best duty match at any grade: {best_score:.1f} with {candidate.ref} "
            f"(grade rank {candidate.grade_rank})."
        )
    offers = tuple(
        ContestedPost(c.posts[int(edges.post[i])].ref, int(c.places_left[edges.post[i]]))
        for i in own_edges
        if edges.kind[i] == WELL_BELOW and c.places_left[edges.post[i]] > 0
    )
    flags: list[str] = []
    if offers:
        flags.append(SUITABLE_ALTERNATIVE_OFFER)
        reasons.append(
            "Suitable alternative employment to offer: "
            f"{', '.join(o.post_ref for o in offers)} (two or more grades below own rank "
            f"{person.grade_rank}): an offer, not a match; a statutory trial period of 4 weeks "
            "applies (ERA 1996 s138), and unreasonably refusing a suitable offer loses the "
            "redundancy payment (s141)."
        )
    return reasons, flags, offers


def describe(
    c: Context,
    index: int,
    own_edges: list[int],
    edge: int | None,
    pool: Pool | None,
    best: tuple[int, float],
) -> Outcome:
    """One person's outcome: placed (slot-in or matched), in a ring-fence, or at risk."""
    person, edges, policy = c.people[index], c.edges, c.policy
    post: int | None = None
    score: float | None = None
    source: str | None = None
    terms: tuple[str, ...] = ()
    contested: tuple[ContestedPost, ...] = ()
    offers: tuple[ContestedPost, ...] = ()
    if edge is not None:
        post = int(edges.post[edge])
        score = round(float(edges.score[edge]), 1)
        source = "moderated" if edges.moderated[edge] else "computed"
        terms = () if edges.moderated[edge] else c.similarity.shared_terms(index, post)
        outcome, reasons, flags = _placed(c, index, edge, pool)
    elif index in c.contest:
        outcome = RING_FENCE
        reasons, flags = _ring_fence(c, index, own_edges)
        contested = tuple(
            ContestedPost(c.posts[q].ref, int(c.places_left[q])) for q in c.contest[index]
        )
    else:
        outcome = AT_RISK
        reasons, flags, offers = _at_risk(c, index, own_edges, best)
    honoured: bool | None = None
    if person.preference not in NO_PREFERENCE and policy.honour_preferences and post is not None:
        honoured = c.posts[post].council == person.preference
        if honoured:
            reasons.append(f"Preference for a {person.preference} role honoured.")
        elif any(
            c.posts[int(edges.post[i])].council == person.preference
            for i in own_edges
            if c.suitable[i]
        ):
            reasons.append(
                f"Preference for a {person.preference} role not honoured: it would have "
                "cost another person a post or a slot-in."
            )
        else:
            reasons.append(
                f"Preference for a {person.preference} role not honoured: no eligible "
                f"{person.preference} post."
            )
    alternatives = tuple(
        Alternative(
            post_ref=c.posts[int(edges.post[i])].ref,
            council=c.posts[int(edges.post[i])].council,
            grade_rank=c.posts[int(edges.post[i])].grade_rank,
            duty_match=round(float(edges.score[i]), 1),
            source="moderated" if edges.moderated[i] else "computed",
            shared_terms=()
            if edges.moderated[i]
            else c.similarity.shared_terms(index, int(edges.post[i]), limit=3),
        )
        for i in [i for i in own_edges if int(edges.post[i]) != post][:3]
    )
    return Outcome(
        employee_ref=person.ref,
        outcome=outcome,
        post_ref=c.posts[post].ref if post is not None else None,
        duty_match=score,
        source=source,
        shared_terms=terms,
        pool=pool.number if pool else None,
        preference_honoured=honoured,
        reasons=tuple(reasons),
        alternatives=alternatives,
        flags=tuple(flags),
        contested_posts=contested,
        offers=offers,
    )
