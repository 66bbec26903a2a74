"""Who is placed without interview, who competes, and where the placed people go.

Pure numpy and scipy (docs/workforce.md, "Competition"; REFERENCE.md §5, "Competition"):

- `deficient_set`: the Dulmage–Mendelsohn (Gallai–Edmonds) decomposition of a bipartite
  graph of people and posts with places. One maximum matching (scipy's Hopcroft–Karp,
  `maximum_bipartite_matching`, on the posts expanded into their places), then every
  alternating path from a person it leaves out: the people those paths reach are exactly the
  people some maximum allocation leaves without a post (the deficient set), and the posts they
  reach are the posts those people are linked to. Every other person is placed by every
  maximum allocation, so is placed without interview.
- `solve_pool`: among the people placed without interview, which post each gets: one
  assignment (scipy's sparse Jonker–Volgenant, `min_weight_full_bipartite_matching`) with
  lexicographic weights: everyone placed, then the most slot-ins, then the most preferences
  honoured, then the most total duty match.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.sparse.csgraph import (
    breadth_first_order,
    maximum_bipartite_matching,
    min_weight_full_bipartite_matching,
)

_EXACT = 2**52  # the weights of one pool stay below this, so float64 sums are exact

# An edge's grade relation: post rank minus person rank, in four kinds.
OWN = 0
ONE_BELOW = -1
WELL_BELOW = -2  # two or more ranks below: a suitable alternative employment offer only
ABOVE = 1  # a promotion: always competitive


@dataclass(frozen=True)
class Edges:
    """Eligible (person, post) pairs, one array each; `kind` is the grade relation."""

    person: NDArray[np.int64]
    post: NDArray[np.int64]
    score: NDArray[np.float32]
    claim: NDArray[np.bool_]
    moderated: NDArray[np.bool_]
    kind: NDArray[np.int64]


def _places_graph(
    n_people: int,
    person: NDArray[np.int64],
    post: NDArray[np.int64],
    capacity: NDArray[np.int64],
) -> tuple[sparse.csr_matrix, NDArray[np.int64]]:
    """People × places (each post expanded into its places); and each post's first place."""
    offsets = np.zeros(len(capacity) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum(capacity)
    repeats = capacity[post]
    rows = np.repeat(person, repeats)
    within = np.arange(len(rows), dtype=np.int64) - np.repeat(np.cumsum(repeats) - repeats, repeats)
    columns = np.repeat(offsets[post], repeats) + within
    graph = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.int8), (rows, columns)), shape=(n_people, int(offsets[-1]))
    )
    return graph, offsets


def deficient_set(
    n_people: int,
    person: NDArray[np.int64],
    post: NDArray[np.int64],
    capacity: NDArray[np.int64],
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """(people some maximum allocation leaves without a post, the posts they are linked to).

    `person[i]`–`post[i]` are the edges; `capacity[q]` is post q's places (edges to a post
    with none are ignored). A person with no edge is in neither set.
    """
    n_posts = len(capacity)
    people_out = np.zeros(n_people, dtype=np.bool_)
    posts_out = np.zeros(n_posts, dtype=np.bool_)
    keep = capacity[post] > 0
    person, post = person[keep], post[keep]
    if not len(person):
        return people_out, posts_out
    graph, offsets = _places_graph(n_people, person, post, capacity)
    place = maximum_bipartite_matching(graph, perm_type="column")
    has_edge = np.zeros(n_people, dtype=np.bool_)
    has_edge[person] = True
    unmatched = np.flatnonzero(has_edge & (place < 0))
    if not len(unmatched):
        return people_out, posts_out
    matched = np.flatnonzero(place >= 0)
    matched_post = np.searchsorted(offsets, place[matched], side="right") - 1
    # Alternating paths as a directed graph: a source to every unmatched person, a person to
    # each post they are linked to, a post to the people the matching gives it.
    source = n_people + n_posts
    rows = np.concatenate([np.full(len(unmatched), source), person, n_people + matched_post])
    columns = np.concatenate([unmatched, n_people + post, matched])
    directed = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.int8), (rows, columns)), shape=(source + 1, source + 1)
    )
    reached = breadth_first_order(directed, source, directed=True, return_predecessors=False)
    reached = reached[reached != source]
    people_out[reached[reached < n_people]] = True
    posts_out[reached[reached >= n_people] - n_people] = True
    return people_out, posts_out


def weights(people: int) -> tuple[int, int, int, int]:
    """(W_assign, W_slot, W_preference, resolution) so that the levels never mix."""
    for resolution in (1, 2, 5, 10, 20, 50, 100):
        top = 100 // resolution
        w_pref = people * top + 1
        w_slot = people * (w_pref + top) + 1
        w_assign = people * (w_slot + w_pref + top) + 1
        if people * (w_assign + w_slot + w_pref + top + 1) < _EXACT:
            return w_assign, w_slot, w_pref, resolution
    raise ValueError(f"A pool of {people} people is too large to solve exactly.")


def solve_pool(
    pool_people: NDArray[np.int64],
    edge_index: NDArray[np.int64],
    edges: Edges,
    slot_edge: NDArray[np.bool_],
    prefers: NDArray[np.bool_],
    counts: NDArray[np.int64],
    record: list[sparse.csr_matrix] | None = None,
) -> tuple[dict[int, int], int]:
    """Solve one pool; return {person: edge} for those given a post, and the resolution."""
    size = len(pool_people)
    w_assign, w_slot, w_pref, resolution = weights(size)
    pool_posts = np.unique(edges.post[edge_index])
    people_of_edge = np.searchsorted(pool_people, edges.person[edge_index])
    posts_of_edge = np.searchsorted(pool_posts, edges.post[edge_index])
    value = (
        w_assign
        + w_slot * slot_edge[edge_index].astype(np.int64)
        + w_pref * prefers[edge_index].astype(np.int64)
        + (edges.score[edge_index] // resolution).astype(np.int64)
        + 1
    ).astype(np.float64)
    capacity = counts[pool_posts]
    offsets = np.zeros(len(pool_posts) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum(capacity)
    repeats = capacity[posts_of_edge]
    rows = np.repeat(people_of_edge, repeats)
    within = np.arange(len(rows)) - np.repeat(np.cumsum(repeats) - repeats, repeats)
    columns = np.repeat(offsets[posts_of_edge], repeats) + within
    places = int(offsets[-1])
    matrix = sparse.csr_matrix(
        (
            np.concatenate([np.repeat(value, repeats), np.ones(size, dtype=np.float64)]),
            (
                np.concatenate([rows, np.arange(size, dtype=np.int64)]),
                np.concatenate([columns, places + np.arange(size, dtype=np.int64)]),
            ),
        ),
        shape=(size, places + size),  # one "no post" column per person
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
