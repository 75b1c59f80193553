"""Benchmark relmap.analytics on synthetic account maps and compare with NetworkX.

Builds two seeded, realistic maps (a departmental reporting hierarchy, informal ties that
cluster inside departments and favour a few well-connected people, and coverage from
about 20 of our people), then times ``analyse()`` and ``warm_path()`` to 20 targets, best
of 3, and the same metrics computed with NetworkX for comparison.

Run: ``.venv/bin/python bench/analyse_map.py``. Prints figures; asserts nothing.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib.util
import math
import random
import time
from collections.abc import Callable
from typing import Any

import igraph  # type: ignore[import-untyped, unused-ignore]
import networkx as nx
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

from relmap.analytics import AccountMap, CoverageLink, Link, Person, analyse, warm_path
from relmap.analytics.config import AnalysisConfig
from relmap.analytics.network import betweenness, influence_edges, network_metrics
from relmap.analytics.paths import HOP_PENALTY, _PathGraph

DEPARTMENTS = (
    "finance",
    "procurement",
    "it",
    "operations",
    "legal",
    "hr",
    "marketing",
    "engineering",
    "quality",
    "logistics",
)
OUR_DEPARTMENTS = ("sales", "product", "delivery", "finance", "legal", "leadership")
INFORMAL = (
    ("influences", 0.3),
    ("advises", 0.35),
    ("allied_with", 0.2),
    ("in_conflict_with", 0.05),
    ("dotted_line", 0.1),
)


def build_map(people_count: int, tie_count: int, seed: int = 7) -> AccountMap:
    """A seeded synthetic map with ``people_count`` people and ``tie_count`` ties."""
    rng = random.Random(seed)
    internal_count = 20
    outsiders = people_count - internal_count
    people: list[Person] = []
    ties: list[Link] = []
    # Their side: a tree per department under one chief executive (id 1).
    levels: dict[int, int] = {1: 0}
    dept_of: dict[int, str] = {1: "executive"}
    by_dept: dict[str, list[int]] = {d: [] for d in DEPARTMENTS}
    people.append(Person(1, "Chief Executive", title="CEO", power=5, interest=3, attitude=None))
    for pid in range(2, outsiders + 1):
        dept = DEPARTMENTS[(pid - 2) % len(DEPARTMENTS)]
        members = by_dept[dept]
        if not members:
            boss, level = 1, 1
        else:
            # Wide, shallow tree: pick a manager among the earlier, more senior members.
            boss = members[int(len(members) * rng.random() ** 3)]
            level = levels[boss] + 1
        levels[pid] = level
        dept_of[pid] = dept
        members.append(pid)
        power = max(1, 5 - level + rng.choice((-1, 0, 0, 1)))
        roles: frozenset[str] = frozenset()
        if rng.random() < 0.01:
            roles = frozenset(
                {rng.choice(("decision_maker", "technical_evaluator", "user", "influencer"))}
            )
        people.append(
            Person(
                pid,
                f"Person {pid}",
                title=("VP" if level == 1 else "Director" if level == 2 else "Staff"),
                department=dept,
                roles=roles,
                power=min(5, power),
                interest=rng.randint(1, 5),
                attitude=rng.choice((None, -2, -1, 0, 0, 1, 1, 2)),
                trust=rng.choice((None, 2, 3, 4)),
                status=rng.choices(("active", "changed_role", "left"), (96, 2, 2))[0],
            )
        )
        ties.append(Link(pid, boss, "reports_to", rng.randint(2, 5)))
    people[1] = dataclasses.replace(people[1], roles=frozenset({"economic_buyer"}))
    # Our side: 20 people over six functions, with seniority.
    ours = list(range(outsiders + 1, people_count + 1))
    for n, pid in enumerate(ours):
        people.append(
            Person(
                pid,
                f"Our {pid}",
                side="internal",
                department=OUR_DEPARTMENTS[n % len(OUR_DEPARTMENTS)],
                seniority=("executive", "senior", "mid", "junior")[n % 4],
                power=3,
                interest=4,
            )
        )
    # Informal ties: 70 % inside a department; endpoints favour well-connected people.
    kinds = [kind for kind, _ in INFORMAL]
    weights = [weight for _, weight in INFORMAL]
    hubs = list(range(1, outsiders + 1))
    while len(ties) < tie_count:
        a = rng.choice(hubs)
        if rng.random() < 0.7 and dept_of[a] in by_dept:
            b = rng.choice(by_dept[dept_of[a]])
        else:
            b = rng.choice(hubs)
        if a == b:
            continue
        ties.append(Link(a, b, rng.choices(kinds, weights)[0], rng.randint(1, 5)))
        hubs.append(a)  # preferential attachment: the rich get richer
    # Coverage: each of ours covers 10-60 people, leaning to the powerful.
    powerful = [p.id for p in people if not p.is_internal and p.power >= 4]
    anyone = list(range(1, outsiders + 1))
    coverage: list[CoverageLink] = []
    for pid in ours:
        for _ in range(rng.randint(10, 60)):
            pool = powerful if rng.random() < 0.6 else anyone
            coverage.append(
                CoverageLink(
                    pid,
                    rng.choice(pool),
                    current_depth=rng.choice(
                        ("vendor", "credible_source", "problem_solver", "trusted_advisor")
                    ),
                    strength=rng.randint(1, 5),
                )
            )
    return AccountMap(people=tuple(people), ties=tuple(ties), coverage=tuple(coverage))


# nx.pagerank needs SciPy, which relmap does not depend on; fall back to NetworkX's own
# pure-Python power iteration when it is absent.
HAVE_SCIPY = importlib.util.find_spec("scipy") is not None
NX_PAGERANK = "scipy" if HAVE_SCIPY else "pure Python, SciPy absent"


def nx_pagerank(graph: nx.DiGraph) -> dict[Any, float]:
    if HAVE_SCIPY:
        return dict(nx.pagerank(graph, alpha=0.85, weight="weight"))
    return dict(_pagerank_python(graph, alpha=0.85, weight="weight"))


def best_of(runs: int, work: Callable[[], Any]) -> float:
    """Best wall time of ``runs`` runs, in seconds."""
    best = math.inf
    for _ in range(runs):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def path_graph_nx(account_map: AccountMap) -> nx.Graph:
    """The warm-path graph of relmap.analytics.paths, rebuilt in NetworkX."""
    current = {p.id for p in account_map.people if p.status != "left"}
    internal = {p.id for p in account_map.people if p.is_internal and p.id in current}
    graph = nx.Graph()
    graph.add_nodes_from(current)

    def offer(a: int, b: int, strength: int) -> None:
        if a == b or a not in current or b not in current:
            return
        length = -math.log(strength / 5) + HOP_PENALTY
        old = graph.get_edge_data(a, b)
        if old is None or length < old["w"]:
            graph.add_edge(a, b, w=length)

    for tie in account_map.ties:
        if tie.kind != "in_conflict_with":
            offer(tie.source, tie.target, tie.strength)
    for link in account_map.coverage:
        if link.internal in internal:
            offer(link.internal, link.external, link.strength)
    for pid in internal:
        graph.add_edge("ours", pid, w=0.0)
    return graph


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}ms"


def row(measure: str, relmap: str, other: str) -> None:
    print(f"  {measure:<46} {relmap:>10} {other:>10}")


def bench(label: str, people: int, ties: int, *, exact_nx_betweenness: bool) -> None:
    account_map = build_map(people, ties)
    rng = random.Random(11)
    targets = rng.sample([p.id for p in account_map.people if not p.is_internal], 20)

    analysis = analyse(account_map)
    t_analyse = best_of(3, lambda: analyse(account_map))

    def relmap_paths() -> None:
        fresh = dataclasses.replace(account_map)  # a new object: no cached graph
        for target in targets:
            warm_path(fresh, target)

    t_paths = best_of(3, relmap_paths)

    # NetworkX on the same graphs.
    ids = [p.id for p in account_map.people if p.status != "left"]
    index = {pid: i for i, pid in enumerate(ids)}
    directed, undirected = influence_edges(index, account_map.ties)
    digraph = nx.DiGraph()
    digraph.add_nodes_from(range(len(ids)))
    digraph.add_weighted_edges_from((a, b, w) for (a, b), w in directed.items())
    ugraph = nx.Graph()
    ugraph.add_nodes_from(range(len(ids)))
    ugraph.add_edges_from(undirected)

    config = AnalysisConfig()
    t_metrics = best_of(3, lambda: network_metrics(ids, account_map.ties, config))
    igraph_pr = igraph.Graph(n=len(ids), edges=list(directed), directed=True)
    pr_weights = list(directed.values())
    t_ig_pr = best_of(3, lambda: igraph_pr.pagerank(weights=pr_weights, damping=0.85))
    pairs = list(undirected)
    t_ig_bt = best_of(
        3,
        lambda: betweenness(
            len(ids),
            pairs,
            exact_limit=config.exact_betweenness_limit,
            samples=config.betweenness_samples,
            seed=config.betweenness_seed,
        ),
    )
    t_ig_bt_exact = None
    if len(ids) > config.exact_betweenness_limit:
        t_ig_bt_exact = best_of(
            1,
            lambda: betweenness(len(ids), pairs, exact_limit=len(ids), samples=1, seed=0),
        )
    relmap_graph = _PathGraph(account_map)
    t_ig_build = best_of(3, lambda: _PathGraph(account_map))
    t_ig_queries = best_of(3, lambda: [relmap_graph.path(t) for t in targets])

    t_nx_pr = best_of(3, lambda: nx_pagerank(digraph))
    samples = 200
    if exact_nx_betweenness:
        t_nx_bt = best_of(3, lambda: nx.betweenness_centrality(ugraph))
        bt_note = "exact"
        extrapolated = None
    else:
        t_nx_bt = best_of(1, lambda: nx.betweenness_centrality(ugraph, k=samples, seed=1987))
        bt_note = f"sampled k={samples}"
        extrapolated = t_nx_bt * len(ids) / samples

    pgraph = path_graph_nx(account_map)

    def nx_paths() -> None:
        for target in targets:
            with contextlib.suppress(nx.NetworkXNoPath):
                nx.bidirectional_dijkstra(pgraph, "ours", target, weight="w")

    t_nx_build = best_of(3, lambda: path_graph_nx(account_map))
    t_nx_paths = best_of(3, nx_paths)

    reachable = sum(1 for t in targets if warm_path(account_map, t) is not None)
    print(
        f"\n{label}: {people:,} people, {ties:,} ties, {len(account_map.coverage):,} coverage links"
    )
    print(
        f"  betweenness sampled: {analysis.betweenness_sampled}; findings: "
        f"{len(analysis.findings):,}; diamond index {analysis.diamond_index:.2f}; "
        f"warm paths found {reachable}/20"
    )
    row("measure", "relmap", "networkx")
    # The same metrics end to end: PageRank, betweenness and 20 warm paths (networkx has
    # no counterpart for the grid, reach and findings, which relmap includes).
    row(
        "TOTAL analyse() + 20 warm paths",
        ms(t_analyse + t_paths),
        ms(t_nx_pr + t_nx_bt + t_nx_build + t_nx_paths),
    )
    row("analyse() (everything)", ms(t_analyse), "")
    row("  network metrics (graphs + all three)", ms(t_metrics), "")
    row("  pagerank (nx: " + NX_PAGERANK + ")", ms(t_ig_pr), ms(t_nx_pr))
    row("  betweenness, " + bt_note, ms(t_ig_bt), ms(t_nx_bt))
    if extrapolated is not None and t_ig_bt_exact is not None:
        row(
            "  betweenness, exact (nx: extrapolated x n/k)",
            ms(t_ig_bt_exact),
            f"{extrapolated:.1f}s",
        )
    row("warm_path() x 20, graph build included", ms(t_paths), ms(t_nx_build + t_nx_paths))
    row("  path graph build", ms(t_ig_build), ms(t_nx_build))
    row("  20 single-pair queries (igraph / nx bidir.)", ms(t_ig_queries), ms(t_nx_paths))


def main() -> None:
    print("relmap.analytics benchmark (best of 3 wall times; seeded synthetic maps)")
    bench("small map", 300, 2_000, exact_nx_betweenness=True)
    bench("large map", 5_000, 50_000, exact_nx_betweenness=False)


if __name__ == "__main__":
    main()
