"""Matching people to posts in a restructure: eligibility, slot-in, pools and the allocation.

The rules (docs/workforce.md; REFERENCE.md §2 — council practice, not law, so every threshold
is a `Policy` setting recorded with each run):

- **Eligible** (for a ring-fence): duty match ≥ `ring_fence` and a post grade rank the same as
  the person's or lower; or up to `grade_steps_up` ranks higher, only where nothing reaches
  `ring_fence` at the person's own grade.
- **Slot-in claim**: duty match ≥ `slot_in` at the same grade rank. A post is *uncontested*
  when its slot-in claimants are no more than its identical posts (`count`); otherwise the
  claim becomes a competitive ring-fence.
- **Pools**: the connected groups of people and posts linked by eligibility.
- **Allocation**: one assignment per pool, solved by scipy's sparse Jonker–Volgenant
  (`min_weight_full_bipartite_matching`), with lexicographic weights: fewest people left
  without a post, then most slot-ins, then most preferences honoured, then most total duty
  match. People and posts are sorted by ref first, so ties are broken by refs and the same
  input always gives the same output.
- **Outcomes**: `slot_in` (allocated on an uncontested slot-in claim); `matched` (matched
  without interview: after slot-ins the pool has at least as many places as people, and the
  person has a post); `ring_fence` (competitive: more people than places, so interviews
  decide); `at_risk` (no post reaches the ring-fence threshold).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.sparse.csgraph import connected_components, min_weight_full_bipartite_matching

from gemini.workforce.engine.similarity import Similarity, compute_similarity

SLOT_IN = "slot_in"
MATCHED = "matched"
RING_FENCE = "ring_fence"
AT_RISK = "at_risk"
OUTCOMES = (SLOT_IN, MATCHED, RING_FENCE, AT_RISK)
OUTCOME_LABELS = {
    SLOT_IN: "Slot-in",
    MATCHED: "Matched without interview",
    RING_FENCE: "Competitive ring-fence",
    AT_RISK: "At risk",
}
NO_PREFERENCE = frozenset({"", "either", "none"})
_EXACT = 2**52  # the weights of one pool stay below this, so float64 sums are exact
_BLOCK = 512  # people scored at a time (memory: block × posts × 4 bytes)


@dataclass(frozen=True)
class Person:
    ref: str
    grade_rank: int
    text: str
    preference: str = "none"  # a council code (e.g. "CWAC"), "either" or "none"
    grade: str = ""
    team: str = ""


@dataclass(frozen=True)
class Post:
    ref: str
    council: str
    grade_rank: int
    count: int
    text: str
    grade: str = ""
    title: str = ""
    team: str = ""


@dataclass(frozen=True)
class Policy:
    """The matching policy: every threshold a setting with its default (docs/workforce.md)."""

    slot_in: float = 70.0  # duty match for a slot-in, at the same grade rank
    ring_fence: float = 50.0  # duty match for ring-fence eligibility
    grade_steps_up: int = 1  # ranks above one's own, only where nothing at own grade
    honour_preferences: bool = True

    def __post_init__(self) -> None:
        if not 0 <= self.ring_fence <= self.slot_in <= 100:
            raise ValueError(
                "The thresholds must satisfy 0 ≤ ring-fence ≤ slot-in ≤ 100 "
                f"(ring-fence {self.ring_fence}, slot-in {self.slot_in})."
            )
        if self.grade_steps_up < 0:
            raise ValueError("The grade steps up cannot be negative.")

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class Alternative:
    post_ref: str
    council: str
    grade_rank: int
    duty_match: float
    source: str  # "moderated" or "computed"
    shared_terms: tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    employee_ref: str
    outcome: str
    post_ref: str | None
    duty_match: float | None
    source: str | None
    shared_terms: tuple[str, ...]
    pool: int | None
    preference_honoured: bool | None
    reasons: tuple[str, ...]
    alternatives: tuple[Alternative, ...]


@dataclass(frozen=True)
class Pool:
    number: int
    post_refs: tuple[str, ...]
    employee_refs: tuple[str, ...]
    places: int  # identical posts counted one by one
    claimants: int
    slot_ins: int
    outcome: str  # MATCHED (places ≥ people after slot-ins) or RING_FENCE

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self.outcome]


@dataclass(frozen=True)
class MatchResult:
    policy: Policy
    outcomes: tuple[Outcome, ...]
    pools: tuple[Pool, ...]
    score_resolution: int  # points of duty match the last tie-break distinguishes (1 = exact)

    def count(self, outcome: str) -> int:
        return sum(1 for item in self.outcomes if item.outcome == outcome)

    def allocated(self) -> dict[str, str]:
        return {o.employee_ref: o.post_ref for o in self.outcomes if o.post_ref is not None}


@dataclass(frozen=True)
class _Edges:
    person: NDArray[np.int64]
    post: NDArray[np.int64]
    score: NDArray[np.float32]
    claim: NDArray[np.bool_]
    moderated: NDArray[np.bool_]


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
) -> tuple[_Edges, NDArray[np.int64], NDArray[np.float32]]:
    """Eligible (person, post) pairs, and each person's best post and score at any grade."""
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
        parts.append((rows.astype(np.int64) + start, columns.astype(np.int64)))
        scores.append(block[rows, columns])
        claims.append(claim[rows, columns])
        mods.append(is_moderated[rows, columns])
        if block.shape[1]:
            best_post[start:stop] = block.argmax(axis=1)
            best_score[start:stop] = block.max(axis=1)
    if parts:
        edges = _Edges(
            person=np.concatenate([p[0] for p in parts]),
            post=np.concatenate([p[1] for p in parts]),
            score=np.concatenate(scores),
            claim=np.concatenate(claims),
            moderated=np.concatenate(mods),
        )
    else:
        empty = np.zeros(0, dtype=np.int64)
        flags = np.zeros(0, dtype=np.bool_)
        edges = _Edges(empty, empty, np.zeros(0, dtype=np.float32), flags, flags)
    return edges, best_post, best_score


def _weights(people: int) -> tuple[int, int, int, int]:
    """(W_assign, W_slot, W_preference, resolution) so that the levels never mix."""
    for resolution in (1, 2, 5, 10, 20, 50, 100):
        top = 100 // resolution
        w_pref = people * top + 1
        w_slot = people * (w_pref + top) + 1
        w_assign = people * (w_slot + w_pref + top) + 1
        if people * (w_assign + w_slot + w_pref + top + 1) < _EXACT:
            return w_assign, w_slot, w_pref, resolution
    raise ValueError(f"A pool of {people} people is too large to solve exactly.")


def _solve_pool(
    pool_people: NDArray[np.int64],
    edge_index: NDArray[np.int64],
    edges: _Edges,
    slot_edge: NDArray[np.bool_],
    prefers: NDArray[np.bool_],
    counts: NDArray[np.int64],
    record: list[sparse.csr_matrix] | None = None,
) -> tuple[dict[int, int], int]:
    """Solve one pool; return {person: edge} for those given a post, and the resolution."""
    size = len(pool_people)
    w_assign, w_slot, w_pref, resolution = _weights(size)
    pool_posts = np.unique(edges.post[edge_index])
    offsets = np.zeros(len(pool_posts) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum(counts[pool_posts])
    rows: list[NDArray[np.int64]] = []
    columns: list[NDArray[np.int64]] = []
    values: list[NDArray[np.float64]] = []
    people_of_edge = np.searchsorted(pool_people, edges.person[edge_index])
    posts_of_edge = np.searchsorted(pool_posts, edges.post[edge_index])
    value = (
        w_assign
        + w_slot * slot_edge[edge_index].astype(np.int64)
        + w_pref * prefers[edge_index].astype(np.int64)
        + (edges.score[edge_index] // resolution).astype(np.int64)
        + 1
    ).astype(np.float64)
    edge_counts = counts[pool_posts][posts_of_edge]
    repeat_rows = np.repeat(people_of_edge, edge_counts)
    starts = np.repeat(offsets[posts_of_edge], edge_counts)
    within = np.arange(len(repeat_rows)) - np.repeat(
        np.cumsum(edge_counts) - edge_counts, edge_counts
    )
    rows.append(repeat_rows)
    columns.append(starts + within)
    values.append(np.repeat(value, edge_counts))
    places = int(offsets[-1])
    rows.append(np.arange(size, dtype=np.int64))  # one "no post" column per person
    columns.append(places + np.arange(size, dtype=np.int64))
    values.append(np.ones(size, dtype=np.float64))
    matrix = sparse.csr_matrix(
        (np.concatenate(values), (np.concatenate(rows), np.concatenate(columns))),
        shape=(size, places + size),
    )
    if record is not None:
        record.append(matrix)
    row_ind, col_ind = min_weight_full_bipartite_matching(matrix, maximize=True)
    chosen = col_ind < places
    chosen_rows = row_ind[chosen]
    chosen_posts = np.searchsorted(offsets, col_ind[chosen], side="right") - 1
    keys = people_of_edge * len(pool_posts) + posts_of_edge
    key_order = np.argsort(keys)
    found = key_order[
        np.searchsorted(keys[key_order], chosen_rows * len(pool_posts) + chosen_posts)
    ]
    return (
        dict(zip(pool_people[chosen_rows].tolist(), edge_index[found].tolist(), strict=True)),
        resolution,
    )


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
    policy = policy or Policy()
    people = sorted(people, key=lambda p: p.ref)
    posts = sorted(posts, key=lambda p: p.ref)
    _check_unique([p.ref for p in people], "employee")
    _check_unique([p.ref for p in posts], "post")
    if any(post.count < 1 for post in posts):
        raise ValueError("Every post needs a count of at least 1.")
    person_index = {p.ref: i for i, p in enumerate(people)}
    post_index = {p.ref: i for i, p in enumerate(posts)}
    by_person: dict[int, dict[int, float]] = {}
    for (employee_ref, post_ref), value in sorted((moderated or {}).items()):
        if employee_ref not in person_index or post_ref not in post_index:
            raise ValueError(f"The moderated match {employee_ref}–{post_ref} names no one known.")
        if not 0 <= value <= 100:
            raise ValueError(f"The moderated match {employee_ref}–{post_ref} is outside 0–100.")
        by_person.setdefault(person_index[employee_ref], {})[post_index[post_ref]] = value
    if similarity is None:
        similarity = compute_similarity([p.text for p in people], [p.text for p in posts])
    edges, best_post, best_score = _edges(people, posts, similarity, by_person, policy)

    counts = np.array([post.count for post in posts], dtype=np.int64)
    claimants = np.bincount(edges.post[edges.claim], minlength=len(posts))
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

    # Pools: connected components of the eligibility graph (people 0..n-1, posts n..n+m-1).
    n, m = len(people), len(posts)
    graph = sparse.coo_matrix(
        (np.ones(len(edges.person)), (edges.person, edges.post + n)), shape=(n + m, n + m)
    )
    _, labels = connected_components(graph, directed=False)
    has_edge = np.zeros(n, dtype=np.bool_)
    has_edge[edges.person] = True
    order = np.argsort(labels[edges.person], kind="stable")
    edge_labels = labels[edges.person][order]
    splits = np.flatnonzero(np.diff(edge_labels)) + 1
    groups = np.split(order, splits) if len(order) else []
    groups.sort(key=lambda group: int(edges.person[group].min()))

    assigned: dict[int, int] = {}
    resolution = 1
    pools: list[Pool] = []
    pool_of: dict[int, int] = {}
    pool_record: dict[int, Pool] = {}
    slotted: set[int] = set()
    for number, group in enumerate(groups, start=1):
        pool_people = np.unique(edges.person[group])
        result, used = _solve_pool(
            pool_people, group, edges, slot_edge, prefers, counts, record_matrices
        )
        resolution = max(resolution, used)
        assigned.update(result)
        pool_posts = np.unique(edges.post[group])
        slot_ins = 0
        for someone, edge in result.items():
            if slot_edge[edge]:
                slotted.add(someone)
                slot_ins += 1
        places = int(counts[pool_posts].sum())
        pool = Pool(
            number=number,
            post_refs=tuple(posts[q].ref for q in pool_posts.tolist()),
            employee_refs=tuple(people[p].ref for p in pool_people.tolist()),
            places=places,
            claimants=len(pool_people),
            slot_ins=slot_ins,
            outcome=MATCHED if places - slot_ins >= len(pool_people) - slot_ins else RING_FENCE,
        )
        pools.append(pool)
        for someone in pool_people.tolist():
            pool_of[someone] = number
        pool_record[number] = pool

    # Each person's eligible edges, best first (score descending, then post ref).
    per_person: dict[int, list[int]] = {}
    for i in np.lexsort((edges.post, -edges.score, edges.person)).tolist():
        per_person.setdefault(int(edges.person[i]), []).append(i)

    outcomes: list[Outcome] = []
    for index, person in enumerate(people):
        outcomes.append(
            _outcome(
                index,
                person,
                posts,
                policy,
                similarity,
                edges,
                per_person.get(index, []),
                assigned.get(index),
                index in slotted,
                pool_record.get(pool_of.get(index, -1)),
                claimants,
                (int(best_post[index]), float(best_score[index])),
                bool(has_edge[index]),
            )
        )
    return MatchResult(policy, tuple(outcomes), tuple(pools), resolution)


def _score_text(value: float, moderated: bool) -> str:
    return f"{value:.1f} ({'moderated' if moderated else 'computed'})"


def _outcome(
    index: int,
    person: Person,
    posts: Sequence[Post],
    policy: Policy,
    similarity: Similarity,
    edges: _Edges,
    own_edges: list[int],
    edge: int | None,
    slotted: bool,
    pool: Pool | None,
    claimants: NDArray[np.int64],
    best: tuple[int, float],
    eligible: bool,
) -> Outcome:
    reasons: list[str] = []
    score: float | None = None
    source: str | None = None
    terms: tuple[str, ...] = ()
    post: int | None = None
    if edge is not None:
        post = int(edges.post[edge])
        score = round(float(edges.score[edge]), 1)
        source = "moderated" if edges.moderated[edge] else "computed"
        terms = () if edges.moderated[edge] else similarity.shared_terms(index, post)
    if not eligible:
        outcome = AT_RISK
        best_post, best_score = best
        text = (
            f"At risk: no post reaches the ring-fence duty match of {policy.ring_fence:.1f} at "
            f"grade rank {person.grade_rank} or below"
        )
        if policy.grade_steps_up:
            text += f" (or up to {policy.grade_steps_up} above where nothing at own grade)"
        reasons.append(text + ".")
        if best_post >= 0 and posts:
            candidate = posts[best_post]
            reasons.append(
                f"Best duty match at any grade: {best_score:.1f} with {candidate.ref} "
                f"(grade rank {candidate.grade_rank})."
            )
    elif slotted and post is not None:
        outcome = SLOT_IN
        target = posts[post]
        reasons.append(
            f"Slot-in to {target.ref}: duty match {_score_text(score or 0, source == 'moderated')}"
            f" ≥ {policy.slot_in:.1f}; same grade rank ({person.grade_rank} = "
            f"{target.grade_rank}); {int(claimants[post])} claimant(s) at ≥ "
            f"{policy.slot_in:.1f} for {target.count} identical post(s)."
        )
    else:
        if pool is None:  # an eligible person is always in a pool
            raise AssertionError(f"{person.ref} is eligible but in no pool.")
        people_left = pool.claimants - pool.slot_ins
        places_left = pool.places - pool.slot_ins
        size = (
            f"pool {pool.number}: {places_left} place(s) for {people_left} person(s) after "
            f"{pool.slot_ins} slot-in(s)"
        )
        if pool.outcome == MATCHED and post is not None:
            outcome = MATCHED
            target = posts[post]
            reasons.append(
                f"Matched without interview to {target.ref}: {size}; duty match "
                f"{_score_text(score or 0, source == 'moderated')} ≥ ring-fence "
                f"{policy.ring_fence:.1f}; post grade rank {target.grade_rank}, own "
                f"{person.grade_rank}."
            )
        else:
            outcome = RING_FENCE
            if pool.outcome == MATCHED:
                reasons.append(
                    f"Competitive ring-fence: {size}, but the posts this person is eligible for "
                    "are claimed by more people than they have places."
                )
            else:
                reasons.append(
                    f"Competitive ring-fence: {size}; interviews decide (eligible people > posts)."
                )
            contested = [
                posts[int(edges.post[i])].ref
                for i in own_edges
                if edges.claim[i] and claimants[edges.post[i]] > posts[edges.post[i]].count
            ]
            if contested:
                reasons.append(
                    "Slot-in claim contested (more claimants at ≥ "
                    f"{policy.slot_in:.1f} than identical posts): {', '.join(contested)}."
                )
            if post is not None:
                target = posts[post]
                reasons.append(
                    f"Proposed (provisional) post {target.ref}: duty match "
                    f"{_score_text(score or 0, source == 'moderated')}; grade rank "
                    f"{target.grade_rank}, own {person.grade_rank}."
                )
            else:
                reasons.append(
                    "No place left for this person in the proposal: at risk if unsuccessful "
                    "in the competition."
                )
    honoured: bool | None = None
    if person.preference not in NO_PREFERENCE and policy.honour_preferences and post is not None:
        honoured = posts[post].council == person.preference
        if honoured:
            reasons.append(f"Preference for a {person.preference} role honoured.")
        elif any(posts[int(edges.post[i])].council == person.preference for i in own_edges):
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
            post_ref=posts[int(edges.post[i])].ref,
            council=posts[int(edges.post[i])].council,
            grade_rank=posts[int(edges.post[i])].grade_rank,
            duty_match=round(float(edges.score[i]), 1),
            source="moderated" if edges.moderated[i] else "computed",
            shared_terms=()
            if edges.moderated[i]
            else similarity.shared_terms(index, int(edges.post[i]), limit=3),
        )
        for i in [i for i in own_edges if int(edges.post[i]) != post][:3]
    )
    return Outcome(
        employee_ref=person.ref,
        outcome=outcome,
        post_ref=posts[post].ref if post is not None else None,
        duty_match=score,
        source=source,
        shared_terms=terms,
        pool=pool.number if pool else None,
        preference_honoured=honoured,
        reasons=tuple(reasons),
        alternatives=alternatives,
    )
