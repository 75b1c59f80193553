"""Network position of each person: reach, PageRank and betweenness.

The informal influence graph holds the current people (status not "left") and their
``influences``, ``advises`` and ``allied_with`` ties. ``in_conflict_with`` carries no
influence and formal lines are already counted through the power rating, so neither
enters the graph. See docs/algorithms/influence.md for the formulas and their sources.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import igraph  # type: ignore[import-untyped, unused-ignore]

from relmap.analytics.config import AnalysisConfig
from relmap.analytics.types import Link

# Directed kinds whose source holds influence over the target.
INFLUENCE_KINDS = ("influences", "advises")
ALLIANCE_KINDS = ("allied_with",)


@dataclass(frozen=True, slots=True)
class NetworkMetrics:
    """Per-person network measures, aligned with ``ids`` (one entry per person).

    - ``reach``: total strength (1-5 per tie) of influence, advice and alliance ties
      through which this person influences others (weighted in-degree of the PageRank
      graph); ``followers`` counts the distinct people behind it.
    - ``pagerank``: PageRank (sums to 1 over the map; Brin & Page 1998).
    - ``betweenness``: normalised undirected betweenness, 0-1 (Brandes 2001), or its
      pivot-sampled estimate when ``betweenness_sampled`` (Brandes & Pich 2007).
    - ``network_score``: the 0-100 mix described in docs/algorithms/influence.md.
    """

    ids: tuple[int, ...]
    reach: tuple[float, ...]
    followers: tuple[int, ...]
    pagerank: tuple[float, ...]
    betweenness: tuple[float, ...]
    network_score: tuple[float, ...]
    betweenness_sampled: bool
    betweenness_pivots: int


def _scaled(values: Sequence[float], *, from_minimum: bool) -> list[float]:
    """Scale to 0-1 by the map's maximum (and minimum when ``from_minimum``)."""
    if not values:
        return []
    top = max(values)
    bottom = min(values) if from_minimum else 0.0
    span = top - bottom
    if span <= 1e-15:
        return [0.0] * len(values)
    return [(value - bottom) / span for value in values]


def influence_edges(
    index: dict[int, int], ties: Iterable[Link]
) -> tuple[dict[tuple[int, int], float], set[tuple[int, int]]]:
    """Edges of the influence graph, by vertex position.

    Returns ``(directed, undirected)``. ``directed`` maps ``(follower, leader)`` to the
    summed strength of the ties through which ``leader`` influences ``follower``: for
    "A influences B" and "A advises B" the edge runs B -> A, so PageRank flows to A,
    the person with influence; "A allied_with B" gives both B -> A and A -> B.
    ``undirected`` holds each linked pair once as ``(low, high)``, for betweenness.
    Ties touching anyone not in ``index`` (people who left) and self-ties are skipped.
    """
    directed: dict[tuple[int, int], float] = {}
    undirected: set[tuple[int, int]] = set()
    for tie in ties:
        kind = tie.kind
        if kind in INFLUENCE_KINDS:
            both = False
        elif kind in ALLIANCE_KINDS:
            both = True
        else:
            continue
        leader = index.get(tie.source)
        follower = index.get(tie.target)
        if leader is None or follower is None or leader == follower:
            continue
        strength = float(min(5, max(1, tie.strength)))
        key = (follower, leader)
        directed[key] = directed.get(key, 0.0) + strength
        if both:
            back = (leader, follower)
            directed[back] = directed.get(back, 0.0) + strength
        undirected.add((leader, follower) if leader < follower else (follower, leader))
    return directed, undirected


def betweenness(
    n: int,
    pairs: Sequence[tuple[int, int]],
    *,
    exact_limit: int,
    samples: int,
    seed: int,
) -> tuple[list[float], bool, int]:
    """Normalised undirected, unweighted betweenness of ``n`` vertices, 0-1.

    Formula: ``b(v) = sum over pairs {s, t} of sigma_st(v) / sigma_st`` (shortest paths
    through v over all shortest paths, Brandes 2001), divided by
    ``(n - 1)(n - 2) / 2``, the number of pairs not involving v. This matches
    ``networkx.betweenness_centrality(G, normalized=True)`` on an undirected graph.

    When ``n > exact_limit`` it is estimated from ``k = min(samples, n)`` pivots drawn
    with ``random.Random(seed)``: dependencies are accumulated from the pivots only and
    scaled by ``n / k`` (Brandes & Pich 2007), an unbiased estimate. Returns
    ``(values, sampled, pivots)``.
    """
    if n < 3:
        return [0.0] * n, False, 0
    graph = igraph.Graph(n=n, edges=list(pairs), directed=False)
    norm = (n - 1) * (n - 2) / 2
    if n <= exact_limit:
        raw: list[float] = graph.betweenness(directed=False)
        return [value / norm for value in raw], False, 0
    k = min(samples, n)
    # Seeded so the estimate is reproducible; nothing here is security-sensitive.
    pivots = sorted(random.Random(seed).sample(range(n), k))  # noqa: S311, RUF100
    partial: list[float] = graph.betweenness(directed=False, sources=pivots)
    scale = n / k / norm
    # With every person as a pivot the "estimate" is the exact value.
    sampled = k < n
    return [min(1.0, value * scale) for value in partial], sampled, k if sampled else 0


def network_metrics(
    ids: Sequence[int], ties: Iterable[Link], config: AnalysisConfig
) -> NetworkMetrics:
    """Reach, PageRank, betweenness and network score for the people ``ids``.

    Formulas (units in brackets):

    - reach(v) = sum of strengths of influence/advice/alliance ties from v [1-5 each];
    - PageRank on the weighted directed graph of :func:`influence_edges`, damping
      ``config.pagerank_damping`` [probability, sums to 1];
    - betweenness as in :func:`betweenness` [0-1];
    - ``network = 100 * m(v) / max(m)`` where
      ``m = a * reach / max(reach) + b * (pr - min(pr)) / (max(pr) - min(pr))
      + c * betweenness / max(betweenness)`` with ``a, b, c`` the reach, PageRank
      and betweenness weights of the config [0-100, relative to this map].

    Sources: Brin & Page (1998) PageRank; Brandes (2001) betweenness; Brandes & Pich
    (2007) pivot sampling; weighted in-degree (prestige) from Wasserman & Faust (1994).
    """
    n = len(ids)
    index = {person_id: position for position, person_id in enumerate(ids)}
    directed, undirected = influence_edges(index, ties)

    reach = [0.0] * n
    followers = [0] * n
    for (_follower, leader), strength in directed.items():
        reach[leader] += strength
        followers[leader] += 1

    if n == 0:
        pagerank: list[float] = []
    elif directed:
        graph = igraph.Graph(n=n, edges=list(directed), directed=True)
        pagerank = graph.pagerank(
            directed=True,
            damping=config.pagerank_damping,
            weights=list(directed.values()),
        )
    else:
        pagerank = [1.0 / n] * n

    between, sampled, pivots = betweenness(
        n,
        list(undirected),
        exact_limit=config.exact_betweenness_limit,
        samples=config.betweenness_samples,
        seed=config.betweenness_seed,
    )

    reach_part = _scaled(reach, from_minimum=False)
    rank_part = _scaled(pagerank, from_minimum=True)
    broker_part = _scaled(between, from_minimum=False)
    mix = [
        config.reach_weight * r + config.pagerank_weight * p + config.betweenness_weight * b
        for r, p, b in zip(reach_part, rank_part, broker_part, strict=True)
    ]
    network_score = [100.0 * value for value in _scaled(mix, from_minimum=False)]
    return NetworkMetrics(
        ids=tuple(ids),
        reach=tuple(reach),
        followers=tuple(followers),
        pagerank=tuple(pagerank),
        betweenness=tuple(between),
        network_score=tuple(network_score),
        betweenness_sampled=sampled,
        betweenness_pivots=pivots,
    )
