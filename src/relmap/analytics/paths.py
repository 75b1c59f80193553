"""Warm paths: the strongest chain of known relationships from our team to a person.

The graph joins current people (status not "left") by coverage links and by every tie
except ``in_conflict_with``, read both ways. A chain's strength is the product of
``strength / 5`` over its links, so the strongest chain is the shortest path under edge
length ``-ln(strength / 5)`` (Dijkstra 1959). See docs/algorithms/warm-paths.md.
"""

from __future__ import annotations

import itertools
import math
import threading
from collections.abc import Iterable
from dataclasses import dataclass

import igraph  # type: ignore[import-untyped, unused-ignore]

from relmap.analytics.types import AccountMap, CoverageLink

# Added to every link's length so that, of two equally strong chains, the one with
# fewer hops wins (strength-5 links have length 0 otherwise). Far below the smallest
# real difference, ln(5/4) = 0.22.
HOP_PENALTY = 1e-6

TIE_VERBS = {
    "reports_to": "reports to",
    "dotted_line": "has a dotted line to",
    "influences": "influences",
    "advises": "advises",
    "allied_with": "is allied with",
}
KNOWS = {5: "very well", 4: "well", 3: "fairly well", 2: "a little", 1: "barely"}


def computed_rating(score: float) -> int:
    """A computed strength 0-100 on the 1-5 scale of links: bands of 20 (0-20 -> 1 ..
    80-100 -> 5), as ``relmap.analytics.strength.to_rating``."""
    return min(5, max(1, int(score // 20) + 1))


@dataclass(frozen=True, slots=True)
class WarmPath:
    """A chain from one of our people to ``target``, both ends included.

    ``strength`` is the product of ``strength / 5`` over the chain's links, 0-1 (1 when
    every link is rated 5, or when the target is one of ours).
    """

    target: int
    people: tuple[int, ...]
    strength: float
    explanation: str


@dataclass(frozen=True, slots=True)
class _Edge:
    strength: int
    kind: str  # a tie kind, or "coverage"
    source: int  # as recorded: tie source, or our person for coverage
    target: int
    depth: str = ""
    computed: float | None = None


class _PathGraph:
    """The warm-path graph of one map; vertex ``n`` is a virtual source joined to every
    one of our current people by a zero-length edge, so one single-pair search from it
    finds the best start among all of them."""

    def __init__(self, account_map: AccountMap) -> None:
        people = [p for p in account_map.people if p.status != "left"]
        self.names = {p.id: p.name for p in account_map.people}
        self.internal = {p.id for p in people if p.is_internal}
        self.ids = [p.id for p in people]
        self.index = index = {person_id: i for i, person_id in enumerate(self.ids)}
        self.ties = account_map.ties
        # Best link per unordered pair: (strength, reference). A reference >= 0 is a
        # position in ``ties``; -1 - i is position i in ``coverage``. Descriptions are
        # only made for the links a returned path uses.
        best: dict[tuple[int, int], tuple[int, int]] = {}
        for position, tie in enumerate(account_map.ties):
            if tie.kind == "in_conflict_with" or tie.kind not in TIE_VERBS:
                continue
            a = index.get(tie.source)
            b = index.get(tie.target)
            if a is None or b is None or a == b:
                continue
            key = (a, b) if a < b else (b, a)
            strength = min(5, max(1, tie.strength))
            kept = best.get(key)
            if kept is None or strength > kept[0]:
                best[key] = (strength, position)
        internal = self.internal
        self.computed = computed = {
            (s.internal, s.external): s.score for s in account_map.strengths
        }
        coverage = list(account_map.coverage)
        covered = {(link.internal, link.external) for link in coverage}
        for pair, value in computed.items():
            if pair not in covered:  # known from interactions only
                coverage.append(CoverageLink(pair[0], pair[1], "", computed=value))
        self.coverage = tuple(coverage)
        for position, link in enumerate(coverage):
            a = index.get(link.internal)
            b = index.get(link.external)
            if a is None or b is None or a == b or link.internal not in internal:
                continue
            key = (a, b) if a < b else (b, a)
            score = link.computed
            if score is None:
                score = computed.get((link.internal, link.external))
            # Computed strength, when there is any, stands for the manual rating.
            strength = (
                computed_rating(score) if score is not None else min(5, max(1, link.strength))
            )
            kept = best.get(key)
            if kept is None or strength > kept[0]:
                best[key] = (strength, -1 - position)

        n = len(self.ids)
        self.source = n
        self.best = best
        length_of = {s: -math.log(s / 5) + HOP_PENALTY for s in range(1, 6)}
        edge_list = list(best)
        lengths = [length_of[strength] for strength, _ in best.values()]
        for person_id in internal:
            edge_list.append((n, index[person_id]))
            lengths.append(0.0)
        self.graph = igraph.Graph(n=n + 1, edges=edge_list, directed=False)
        self.lengths = lengths
        # Reachability up front: asking igraph for an unreachable target works but warns.
        membership: list[int] = self.graph.connected_components().membership
        self.reachable = {v for v, part in enumerate(membership) if part == membership[n]}

    def _edge(self, a: int, b: int) -> _Edge:
        strength, reference = self.best[(a, b) if a < b else (b, a)]
        if reference >= 0:
            tie = self.ties[reference]
            return _Edge(strength, tie.kind, tie.source, tie.target)
        link = self.coverage[-1 - reference]
        score = (
            link.computed
            if link.computed is not None
            else self.computed.get((link.internal, link.external))
        )
        return _Edge(strength, "coverage", link.internal, link.external, link.current_depth, score)

    def path(self, target_id: int) -> WarmPath | None:
        target = self.index.get(target_id)
        if target is None:
            return None
        if target_id in self.internal:
            name = self.names[target_id]
            return WarmPath(target_id, (target_id,), 1.0, f"{name} is one of ours.")
        if target not in self.reachable:
            return None
        route: list[int] = self.graph.get_shortest_path(
            self.source, to=target, weights=self.lengths, output="vpath"
        )
        chain = [self.ids[v] for v in route[1:]]
        hops = []
        strength = 1.0
        for a, b in itertools.pairwise(route[1:]):
            edge = self._edge(a, b)
            strength *= edge.strength / 5
            hops.append(self._describe(edge))
        target_name = self.names[target_id]
        explanation = (
            f"Warm path to {target_name} in {len(hops)} "
            f"{'step' if len(hops) == 1 else 'steps'}, strength {strength:.2f} of 1 "
            "(each link's strength out of 5, multiplied): " + "; ".join(hops) + "."
        )
        return WarmPath(target_id, tuple(chain), strength, explanation)

    def _who(self, person_id: int) -> str:
        name = self.names[person_id]
        return f"{name} (ours)" if person_id in self.internal else name

    def _describe(self, edge: _Edge) -> str:
        source = self._who(edge.source)
        target = self._who(edge.target)
        if edge.kind == "coverage":
            depth = edge.depth.replace("_", " ") or "unrated"
            if edge.computed is not None:
                source_of = f"computed {edge.computed:.0f}/100 from interactions" + (
                    f", coverage {depth}" if edge.depth else ""
                )
            else:
                source_of = f"coverage, {depth}"
            return (
                f"{source} knows {target} {KNOWS[edge.strength]} ({source_of}, "
                f"strength {edge.strength})"
            )
        return f"{source} {TIE_VERBS[edge.kind]} {target} (strength {edge.strength})"


_cache_lock = threading.Lock()
_cache: tuple[AccountMap, _PathGraph] | None = None


def _graph_for(account_map: AccountMap) -> _PathGraph:
    """Build the warm-path graph, reusing it while callers ask about the same map."""
    global _cache
    with _cache_lock:
        cached = _cache
    if cached is not None and cached[0] is account_map:
        return cached[1]
    graph = _PathGraph(account_map)
    with _cache_lock:
        _cache = (account_map, graph)
    return graph


def warm_path(account_map: AccountMap, target_id: int) -> WarmPath | None:
    """The strongest chain of known relationships from any of our people to a target.

    Graph: current people (status not ``"left"``); edges are coverage links and all
    ties except ``in_conflict_with``, undirected; parallel links between two people
    keep the strongest. Chain strength = product of ``strength / 5`` over its links
    [0-1]; the chain maximising it is the shortest path under length
    ``-ln(strength / 5)`` plus a ``1e-6`` per-hop penalty that prefers fewer hops among
    equals (Dijkstra 1959, igraph single-pair search from a virtual source joined to
    all of our people).

    Returns ``None`` when the target is not on the map, has left, or cannot be reached;
    a one-person path of strength 1 when the target is one of ours. The graph is built
    once and reused while successive calls pass the same ``AccountMap`` object.
    """
    return _graph_for(account_map).path(target_id)


def warm_paths(account_map: AccountMap, target_ids: Iterable[int]) -> dict[int, WarmPath | None]:
    """:func:`warm_path` for several targets of one map, building the graph once."""
    graph = _PathGraph(account_map)
    return {target_id: graph.path(target_id) for target_id in target_ids}
