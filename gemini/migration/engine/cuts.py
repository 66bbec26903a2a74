"""Where to cut a move group that is over a wave's limits.

A move group is a connected piece of the mailbox–delegate graph; one over the limits (2,000
mailboxes per cross-tenant batch, or the data per wave) cannot be placed whole. Two ways to
split it are tried and both are reported (docs/migration.md):

1. **The most-linked accounts** (service-like names first, then most links): excluding up to
   three of them, as FastTrack's guidance does for service accounts and broad groups. Whether
   that helps is said plainly: on a long chain of delegates every person has two links and
   excluding the "top" ones only trims the ends.
2. **A minimum vertex cut**: the fewest people whose links, if not followed, leave every piece
   within the limits. Between two far ends of the group (found by breadth-first search) it is
   a minimum s–t vertex cut, computed as a maximum flow with each person split into an "in" and
   an "out" node joined by an edge of capacity 1 (Menger's theorem; scipy's
   `scipy.sparse.csgraph.maximum_flow`, Dinic's algorithm). The two ends are grown until what
   is left on either side fits the limits, so one cut splits a group of up to twice the limit;
   a piece still over the limits is cut again. A balanced minimum separator is NP-hard in
   general, so this is the smallest cut *found*, not a proof that none smaller exists.

Pure: numpy and scipy only, no Django.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import breadth_first_order, connected_components, maximum_flow

MAX_CUT = 200  # beyond this many people a cut is no advice: say so instead


@dataclass(frozen=True)
class Split:
    """The pieces left when `removed` (positions in the group) are taken out."""

    removed: tuple[int, ...]
    pieces: int
    largest: int  # people in the largest piece
    fits: bool  # every piece within the limits


def pieces_without(
    graph: csr_matrix,
    gb: np.ndarray,
    removed: Sequence[int],
    max_users: int,
    max_gb: float,
) -> Split:
    keep = np.ones(graph.shape[0], dtype=bool)
    keep[list(removed)] = False
    rest = np.flatnonzero(keep)
    if len(rest) == 0:
        return Split(tuple(removed), 0, 0, True)
    count, labels = connected_components(graph[rest][:, rest], directed=False)
    sizes = np.bincount(labels, minlength=count)
    weights = np.bincount(labels, weights=gb[rest], minlength=count)
    fits = bool(sizes.max() <= max_users and weights.max() <= max_gb + 1e-9)
    return Split(tuple(removed), int(count), int(sizes.max()), fits)


def _prefix(order: np.ndarray, gb: np.ndarray, max_users: int, max_gb: float) -> int:
    """How many nodes from the start of `order` must be on one side for the rest to fit."""
    n = len(order)
    total = float(gb[order].sum())
    need_users = max(n - max_users, 1)
    cumulative = np.cumsum(gb[order])
    over = np.flatnonzero(total - cumulative > max_gb + 1e-9)
    need_gb = int(over[-1]) + 2 if len(over) else 1
    return max(need_users, need_gb)


def _separator(graph: csr_matrix, gb: np.ndarray, max_users: int, max_gb: float) -> np.ndarray:
    """A minimum vertex cut between two far ends of a connected graph (local positions)."""
    n = graph.shape[0]
    first = breadth_first_order(graph, 0, directed=False, return_predecessors=False)
    a = int(first[-1])
    order_a = breadth_first_order(graph, a, directed=False, return_predecessors=False)
    b = int(order_a[-1])
    order_b = breadth_first_order(graph, b, directed=False, return_predecessors=False)
    size = min(max(_prefix(order_a, gb, max_users, max_gb), n // 3), n)
    size_b = min(max(_prefix(order_b, gb, max_users, max_gb), n // 3), n)
    if size + size_b > n:  # the ends cannot both be that large: cut in thirds, then again
        size = size_b = max(n // 3, 1)
    sources = np.zeros(n, dtype=bool)
    sources[order_a[:size]] = True
    sinks = np.zeros(n, dtype=bool)
    sinks[order_b[:size_b]] = True
    sinks &= ~sources
    if not sinks.any():
        sinks[b] = True
        sources[b] = False
    # Node i is split into i (in) and n + i (out); the super source is 2n, the sink 2n + 1.
    infinite = n + 1
    coo = graph.tocoo()
    heads = np.concatenate(
        [np.arange(n), coo.row + n, np.full(int(sources.sum()), 2 * n), np.flatnonzero(sinks) + n]
    )
    tails = np.concatenate(
        [np.arange(n) + n, coo.col, np.flatnonzero(sources), np.full(int(sinks.sum()), 2 * n + 1)]
    )
    capacity = np.concatenate(
        [
            np.ones(n, dtype=np.int32),
            np.full(len(coo.row), infinite, dtype=np.int32),
            np.full(int(sources.sum()) + int(sinks.sum()), infinite, dtype=np.int32),
        ]
    )
    network = csr_matrix((capacity, (heads, tails)), shape=(2 * n + 2, 2 * n + 2))
    network.sum_duplicates()
    flow = maximum_flow(network, 2 * n, 2 * n + 1).flow
    residual = (network - flow).tocsr()
    residual.data[residual.data < 0] = 0
    residual.eliminate_zeros()
    reached = np.zeros(2 * n + 2, dtype=bool)
    reached[breadth_first_order(residual, 2 * n, directed=True, return_predecessors=False)] = True
    return np.flatnonzero(reached[:n] & ~reached[n : 2 * n])


def minimum_cut(
    graph: csr_matrix, gb: np.ndarray, max_users: int, max_gb: float, limit: int = MAX_CUT
) -> Split | None:
    """The fewest people found whose removal leaves every piece within the limits, or None if
    it would take more than `limit` (or a single person is over the limits alone)."""
    if gb.max(initial=0.0) > max_gb + 1e-9:
        return None  # one mailbox alone is over the data limit: no cut helps
    removed = np.zeros(graph.shape[0], dtype=bool)
    pending = [np.arange(graph.shape[0])]
    while pending:
        nodes = pending.pop()
        if len(nodes) <= max_users and gb[nodes].sum() <= max_gb + 1e-9:
            continue
        local = graph[nodes][:, nodes]
        cut = nodes[_separator(local, gb[nodes], max_users, max_gb)]
        if len(cut) == 0:
            return None
        removed[cut] = True
        if int(removed.sum()) > limit:
            return None
        rest = nodes[~removed[nodes]]
        count, labels = connected_components(graph[rest][:, rest], directed=False)
        order = np.argsort(labels, kind="stable")
        bounds = np.cumsum(np.bincount(labels, minlength=count))[:-1]
        pending.extend(np.split(rest[order], bounds))
    chosen = tuple(int(i) for i in np.flatnonzero(removed))
    return pieces_without(graph, gb, chosen, max_users, max_gb)
