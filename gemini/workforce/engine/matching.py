"""Matching people to posts in a restructure: eligibility, competition, pools, the allocation.

The rules (docs/workforce.md; REFERENCE.md §2 and §5 — council practice where not law, so every
threshold is a `Policy` setting recorded with each run):

- **Eligible** (for a ring-fence): duty match ≥ `ring_fence` and a post grade rank the same as
  the person's or one below; or up to `grade_steps_up` ranks higher (a promotion), only where
  nothing reaches `ring_fence` at the person's own grade. A post two or more ranks below is no
  match: it is listed as a suitable alternative employment offer (ERA 1996 s138, s141).
- **Statutory priority**: a person on maternity, adoption or shared parental leave, or pregnant
  or in the protected period after (Protection from Redundancy (Pregnancy and Family Leave) Act
  2023), is placed first in the best suitable vacancy left, without interview.
- **Competition** (`allocation.deficient_set`): a person is placed without interview only if
  every maximum allocation of the remaining people to the remaining places places them. The
  people some maximum allocation leaves out compete in a ring-fence for exactly the posts they
  are linked to; no post is named for them, and a duty-match score never settles it. A
  promotion is always competitive, even with one candidate.
- **Allocation** of the people placed without interview (`allocation.solve_pool`), one solve
  per pool: most slot-ins, then most preferences honoured, then most total duty match; refs
  break ties, so the same input always gives the same output.
- **Outcomes**: `slot_in` (placed on an uncontested slot-in claim: duty match ≥ `slot_in` at
  the same grade, no more such claimants than identical posts); `matched` (placed without
  interview); `ring_fence` (competes for `contested_posts`); `at_risk` (nothing eligible).
  Flags: `pay_protection` (one grade below), `hours_change` (FTE differs by more than
  `fte_tolerance`), `protected_priority`, `suitable_alternative_offer`, `job_share`.
- **Job shares** (`job_shares`, off by default: council policy): after the allocation, part-time
  people still without a post share a post when everyone still competing for it fits in its
  FTE, at most two to a place (`_job_shares`); each needs the sharers' agreement.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from gemini.workforce.engine.allocation import (
    ABOVE,
    ONE_BELOW,
    OWN,
    WELL_BELOW,
    Edges,
    deficient_set,
    solve_pool,
    weights,
)
from gemini.workforce.engine.similarity import Similarity, compute_similarity
from gemini.workforce.engine.terms import (  # re-exported: callers import them from here
    AT_RISK,
    FLAGS,
    HOURS_CHANGE,
    JOB_SHARE,
    MATCHED,
    NO_PREFERENCE,
    OUTCOME_LABELS,
    OUTCOMES,
    PAY_PROTECTION,
    PROTECTED_LEAVE,
    PROTECTED_PRIORITY,
    RING_FENCE,
    SLOT_IN,
    SUITABLE_ALTERNATIVE_OFFER,
    Alternative,
    ContestedPost,
    MatchResult,
    Outcome,
    Person,
    Policy,
    Pool,
    Post,
    shares_fit,
)

_BLOCK = 512  # people scored at a time (memory: block × posts × 4 bytes)
_weights = weights  # the tie-break levels (tested)

__all__ = [
    "AT_RISK",
    "FLAGS",
    "HOURS_CHANGE",
    "JOB_SHARE",
    "MATCHED",
    "NO_PREFERENCE",
    "OUTCOMES",
    "OUTCOME_LABELS",
    "PAY_PROTECTION",
    "PROTECTED_LEAVE",
    "PROTECTED_PRIORITY",
    "RING_FENCE",
    "SLOT_IN",
    "SUITABLE_ALTERNATIVE_OFFER",
    "Alternative",
    "ContestedPost",
    "MatchResult",
    "Outcome",
    "Person",
    "Policy",
    "Pool",
    "Post",
    "match",
]


def _check_unique(refs: Sequence[str], what: str) -> None:
    seen: set[str] = set()
    for ref in refs:
        if ref in seen:
            raise ValueError(f"The {what} ref {ref} appears more than once.")
        seen.add(ref)


def _edges(
    people: Sequence[Person],
    posts: Sequence[Post],
    similarity: Similarity,
    moderated: Mapping[int, Mapping[int, float]],
    policy: Policy,
) -> tuple[Edges, NDArray[np.int64], NDArray[np.float32]]:
    """Eligible (person, post) pairs with their grade relation, and each person's best post
    and score at any grade."""
    post_ranks = np.array([post.grade_rank for post in posts], dtype=np.int64)[None, :]
    parts: list[tuple[NDArray[np.int64], ...]] = []
    scores: list[NDArray[np.float32]] = []
    claims: list[NDArray[np.bool_]] = []
    mods: list[NDArray[np.bool_]] = []
    best_post = np.full(len(people), -1, dtype=np.int64)
    best_score = np.zeros(len(people), dtype=np.float32)
    for start in range(0, len(people), _BLOCK):
        stop = min(start + _BLOCK, len(people))
        block = similarity.block(start, stop)
        is_moderated = np.zeros(block.shape, dtype=np.bool_)
        for row in range(start, stop):
            for column, value in moderated.get(row, {}).items():
                block[row - start, column] = value
                is_moderated[row - start, column] = True
        ranks = np.array([p.grade_rank for p in people[start:stop]], dtype=np.int64)[:, None]
        reaches = block >= np.float32(policy.ring_fence)
        own = reaches & (post_ranks == ranks)
        below = reaches & (post_ranks < ranks)
        above = (
            reaches
            & (post_ranks > ranks)
            & (post_ranks <= ranks + policy.grade_steps_up)
            & ~own.any(axis=1)[:, None]
        )
        eligible = own | below | above
        claim = (block >= np.float32(policy.slot_in)) & (post_ranks == ranks)
        rows, columns = np.nonzero(eligible)
        kind = np.clip(post_ranks - ranks, WELL_BELOW, ABOVE)
        parts.append((rows.astype(np.int64) + start, columns.astype(np.int64), kind[rows, columns]))
        scores.append(block[rows, columns])
        claims.append(claim[rows, columns])
        mods.append(is_moderated[rows, columns])
        if block.shape[1]:
            best_post[start:stop] = block.argmax(axis=1)
            best_score[start:stop] = block.max(axis=1)
    if parts:
        edges = Edges(
            person=np.concatenate([p[0] for p in parts]),
            post=np.concatenate([p[1] for p in parts]),
            score=np.concatenate(scores),
            claim=np.concatenate(claims),
            moderated=np.concatenate(mods),
            kind=np.concatenate([p[2] for p in parts]).astype(np.int64),
        )
    else:
        empty = np.zeros(0, dtype=np.int64)
        flags = np.zeros(0, dtype=np.bool_)
        edges = Edges(empty, empty, np.zeros(0, dtype=np.float32), flags, flags, empty)
    return edges, best_post, best_score


def _moderated_by_index(
    people: Sequence[Person], posts: Sequence[Post], moderated: Mapping[tuple[str, str], float]
) -> dict[int, dict[int, float]]:
    person_index = {p.ref: i for i, p in enumerate(people)}
    post_index = {p.ref: i for i, p in enumerate(posts)}
    by_person: dict[int, dict[int, float]] = {}
    for (employee_ref, post_ref), value in sorted(moderated.items()):
        if employee_ref not in person_index or post_ref not in post_index:
            raise ValueError(f"The moderated match {employee_ref}–{post_ref} names no one known.")
        if not 0 <= value <= 100:
            raise ValueError(f"The moderated match {employee_ref}–{post_ref} is outside 0–100.")
        by_person.setdefault(person_index[employee_ref], {})[post_index[post_ref]] = value
    return by_person


def _groups(
    labels: NDArray[np.int64], edge_person: NDArray[np.int64], members: NDArray[np.int64]
) -> list[NDArray[np.int64]]:
    """The edge indices `members`, split by the component of their person, in person order."""
    order = members[np.argsort(labels[edge_person[members]], kind="stable")]
    splits = np.flatnonzero(np.diff(labels[edge_person[order]])) + 1
    groups = np.split(order, splits) if len(order) else []
    groups.sort(key=lambda group: int(edge_person[group].min()))
    return groups


def _job_shares(
    people: Sequence[Person],
    posts: Sequence[Post],
    edges: Edges,
    suitable: NDArray[np.bool_],
    linked: NDArray[np.bool_],
    assigned: dict[int, int],
    policy: Policy,
) -> dict[int, tuple[int, ...]]:
    """Place part-time people together in one post's FTE; return {person: their sharers}.

    Posts are taken in reference order. A post is shared only when everyone still without a
    post who is linked to it (at own grade, one below or above) can be placed in it without
    interview: all at own grade or one below, at most two people to each of its places, and
    their FTE with its present holders' within its places' FTE (plus the tolerance). Otherwise
    the competition stands: a job share never settles it. Updates `assigned`.
    """
    holders: dict[int, list[int]] = {}
    for person, edge in assigned.items():
        holders.setdefault(int(edges.post[edge]), []).append(person)
    waiting: dict[int, list[int]] = {}
    for i in np.flatnonzero(linked).tolist():
        if int(edges.person[i]) not in assigned:
            waiting.setdefault(int(edges.post[i]), []).append(i)
    shares: dict[int, tuple[int, ...]] = {}
    for post in sorted(waiting):
        candidates = [i for i in waiting[post] if int(edges.person[i]) not in assigned]
        if not candidates or not all(suitable[i] for i in candidates):
            continue
        target = posts[post]
        present = holders.get(post, [])
        sharers = present + [int(edges.person[i]) for i in candidates]
        ftes = [people[p].fte for p in sharers]
        if len(sharers) <= target.count or not shares_fit(
            target.count, target.fte, ftes, policy.fte_tolerance
        ):
            continue
        for i in candidates:
            assigned[int(edges.person[i])] = i
        holders[post] = sharers
        for person in sharers:
            shares[person] = tuple(p for p in sharers if p != person)
    return shares


def match(
    people: Sequence[Person],
    posts: Sequence[Post],
    policy: Policy | None = None,
    moderated: Mapping[tuple[str, str], float] | None = None,
    similarity: Similarity | None = None,
    record_matrices: list[sparse.csr_matrix] | None = None,
) -> MatchResult:
    """Propose an outcome for every person (see the module docstring for the rules).

    `moderated` maps (employee ref, post ref) to an agreed duty match that replaces the
    computed one. `similarity` may be given when already computed for the same sorted inputs.
    """
    from gemini.workforce.engine.outcomes import Context, describe  # it uses these types

    policy = policy or Policy()
    people = sorted(people, key=lambda p: p.ref)
    posts = sorted(posts, key=lambda p: p.ref)
    _check_unique([p.ref for p in people], "employee")
    _check_unique([p.ref for p in posts], "post")
    if any(post.count < 1 for post in posts):
        raise ValueError("Every post needs a count of at least 1.")
    by_person = _moderated_by_index(people, posts, moderated or {})
    if similarity is None:
        similarity = compute_similarity([p.text for p in people], [p.text for p in posts])
    edges, best_post, best_score = _edges(people, posts, similarity, by_person, policy)
    n, m = len(people), len(posts)

    counts = np.array([post.count for post in posts], dtype=np.int64)
    claimants = np.bincount(edges.post[edges.claim], minlength=m)
    slot_edge = edges.claim & (claimants[edges.post] <= counts[edges.post])
    council_codes = {code: i for i, code in enumerate(sorted({p.council for p in posts}))}
    post_council = np.array([council_codes[p.council] for p in posts], dtype=np.int64)
    preference = np.array(
        [
            council_codes.get(p.preference, -1)
            if policy.honour_preferences and p.preference not in NO_PREFERENCE
            else -1
            for p in people
        ],
        dtype=np.int64,
    )
    prefers = (preference[edges.person] >= 0) & (
        preference[edges.person] == post_council[edges.post]
    )
    suitable = (edges.kind == OWN) | (edges.kind == ONE_BELOW)  # placed without interview
    linked = suitable | (edges.kind == ABOVE)  # pools: suitable or a promotion

    # Each person's edges, best first (score descending, then post ref).
    per_person: dict[int, list[int]] = {}
    for i in np.lexsort((edges.post, -edges.score, edges.person)).tolist():
        per_person.setdefault(int(edges.person[i]), []).append(i)

    # 1. Statutory priority: each protected person, in ref order, into the best suitable
    # vacancy left (preference honoured, then a slot-in, then duty match).
    capacity = counts.copy()
    assigned: dict[int, int] = {}
    protected: set[int] = set()
    for index, person in enumerate(people):
        if not person.protected_leave:
            continue
        choices = [i for i in per_person.get(index, []) if suitable[i] and capacity[edges.post[i]]]
        if choices:
            best = min(choices, key=lambda i: (not prefers[i], not slot_edge[i]))
            assigned[index] = best
            capacity[edges.post[best]] -= 1
            protected.add(index)

    # 2. Competition: who some maximum allocation of the rest leaves out, and their posts.
    is_placed = np.zeros(n, dtype=np.bool_)
    is_placed[list(protected)] = True
    remaining = suitable & ~is_placed[edges.person] & (capacity[edges.post] > 0)
    deficient, contested = deficient_set(
        n, edges.person[remaining], edges.post[remaining], capacity
    )

    # 3. Pools (connected by suitable or promotion links); the placed people's posts.
    graph = sparse.coo_matrix(
        (np.ones(int(linked.sum())), (edges.person[linked], edges.post[linked] + n)),
        shape=(n + m, n + m),
    )
    _, labels = connected_components(graph, directed=False)
    placeable = remaining & ~deficient[edges.person] & ~contested[edges.post]
    resolution = 1
    groups = _groups(labels, edges.person, np.flatnonzero(linked))
    for group in groups:
        own = group[placeable[group]]
        if len(own):
            result, used = solve_pool(
                np.unique(edges.person[own]),
                own,
                edges,
                slot_edge,
                prefers,
                capacity,
                record_matrices,
            )
            resolution = max(resolution, used)
            assigned.update(result)

    # 4. Job shares (a setting, off by default): part-time people share a post's FTE.
    placed_before_shares = frozenset(assigned)
    job_shares = (
        _job_shares(people, posts, edges, suitable, linked, assigned, policy)
        if policy.job_shares
        else {}
    )

    pools: list[Pool] = []
    pool_of: dict[int, Pool] = {}
    for number, group in enumerate(groups, 1):
        pool_people = np.unique(edges.person[group])
        pool_posts = np.unique(edges.post[group])
        placed = [p for p in pool_people.tolist() if p in assigned]
        pool = Pool(
            number=number,
            post_refs=tuple(posts[q].ref for q in pool_posts.tolist()),
            employee_refs=tuple(people[p].ref for p in pool_people.tolist()),
            places=int(counts[pool_posts].sum()),
            claimants=len(pool_people),
            slot_ins=sum(1 for p in placed if slot_edge[assigned[p]]),
            outcome=MATCHED if len(placed) == len(pool_people) else RING_FENCE,
        )
        pools.append(pool)
        for someone in pool_people.tolist():
            pool_of[someone] = pool

    taken = np.bincount(edges.post[list(assigned.values())].astype(np.int64), minlength=m).astype(
        np.int64
    )
    places_left = np.maximum(counts - taken, 0)  # a shared post is full
    contest: dict[int, tuple[int, ...]] = {}
    for index in range(n):
        if index in assigned:
            continue
        linked_posts = {
            int(edges.post[i])
            for i in per_person.get(index, [])
            if (deficient[index] and remaining[i])
            or (edges.kind[i] == ABOVE and places_left[edges.post[i]] > 0)
        }
        if linked_posts:
            contest[index] = tuple(sorted(linked_posts))
    competitors = np.zeros(m, dtype=np.int64)
    for contested_posts in contest.values():
        competitors[list(contested_posts)] += 1
    context = Context(
        people=people,
        posts=posts,
        policy=policy,
        similarity=similarity,
        edges=edges,
        slot_edge=slot_edge,
        claimants=claimants,
        places_left=places_left,
        contest=contest,
        competitors=competitors,
        suitable=suitable,
        protected=frozenset(protected),
        job_shares=job_shares,
        placed_before_shares=placed_before_shares,
    )
    outcomes = [
        describe(
            context,
            index,
            per_person.get(index, []),
            assigned.get(index),
            pool_of.get(index),
            (int(best_post[index]), float(best_score[index])),
        )
        for index in range(n)
    ]
    return MatchResult(policy, tuple(outcomes), tuple(pools), resolution)
