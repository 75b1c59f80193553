"""``analyse()``: the grid, influence ranking and findings of one account map."""

from __future__ import annotations

from relmap.analytics.config import AnalysisConfig
from relmap.analytics.coverage import active_coverage, diamond
from relmap.analytics.findings import FindingContext, collect_findings
from relmap.analytics.grid import (
    QUADRANT_LABELS,
    QUADRANT_STRATEGIES,
    explain_quadrant,
    formal_score,
    quadrant,
)
from relmap.analytics.network import NetworkMetrics, network_metrics
from relmap.analytics.results import MapAnalysis, StakeholderAnalysis
from relmap.analytics.types import AccountMap, CoverageLink, Person

DEFAULT_CONFIG = AnalysisConfig()


def _ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _network_sentence(
    metrics: NetworkMetrics, position: int, pagerank_place: int, config: AnalysisConfig
) -> str:
    followers = metrics.followers[position]
    reach = metrics.reach[position]
    count = len(metrics.ids)
    if metrics.betweenness_sampled:
        how = f"estimated from {metrics.betweenness_pivots} sampled people"
    else:
        how = "exact"
    if followers:
        who = (
            f"{followers} {'person looks' if followers == 1 else 'people look'} to them "
            f"through advice, influence or alliance ties (total strength {reach:.0f})"
        )
    else:
        who = "nobody on the map is recorded as looking to them for advice or influence"
    return (
        f"Network position {metrics.network_score[position]:.0f}/100 relative to the "
        f"most central person on this map: {who}; PageRank "
        f"{metrics.pagerank[position]:.4f} ({_ordinal(pagerank_place)} of {count}); "
        f"betweenness {metrics.betweenness[position]:.3f} ({how}), the share of "
        "shortest chains between others that pass through them. Weights: reach "
        f"{config.reach_weight:g}, PageRank {config.pagerank_weight:g}, betweenness "
        f"{config.betweenness_weight:g}."
    )


def analyse(account_map: AccountMap, config: AnalysisConfig = DEFAULT_CONFIG) -> MapAnalysis:
    """Analyse one account map: grid, influence ranking, findings and diamond index.

    For every person:

    - quadrant from :func:`relmap.analytics.grid.quadrant` (Mendelow 1991; power or
      interest ``>= config.grid_cutoff`` is high);
    - ``formal_score = (power - 1) / 4 * 100`` [0-100];
    - ``network_score`` from reach, PageRank (Brin & Page 1998) and betweenness
      (Brandes 2001; sampled per Brandes & Pich 2007 above
      ``config.exact_betweenness_limit`` people) on the informal influence graph, see
      :func:`relmap.analytics.network.network_metrics` [0-100, relative to the map];
    - ``influence_score = w * formal + (1 - w) * network`` with
      ``w = config.influence_formal_weight`` [0-100];
    - ``influence_rank``: 1 = most influential; sorted by influence score descending,
      then id; people who left score 0 and rank after all current people.

    Only current people (status not ``"left"``) take part in the network and the
    findings, except ``left_role`` which is about people who left or changed role.
    ``diamond_index`` is :func:`relmap.analytics.coverage.diamond` (0 bow-tie .. 1
    diamond). Runs in O(P + T) plus the graph algorithms, with one igraph graph per
    measure built from edge lists.
    """
    people: dict[int, Person] = {person.id: person for person in account_map.people}
    current_ids = [person.id for person in account_map.people if person.status != "left"]
    metrics = network_metrics(current_ids, account_map.ties, config)
    position = {person_id: index for index, person_id in enumerate(current_ids)}

    by_pagerank = sorted(range(len(current_ids)), key=lambda i: -metrics.pagerank[i])
    pagerank_place = [0] * len(current_ids)
    for place, vertex in enumerate(by_pagerank, start=1):
        pagerank_place[vertex] = place

    w = config.influence_formal_weight
    rows: list[tuple[bool, float, Person, float, float, int | None]] = []
    for person in account_map.people:
        formal = formal_score(person.power)
        slot = position.get(person.id)
        if slot is None:
            rows.append((True, 0.0, person, formal, 0.0, None))
        else:
            network = metrics.network_score[slot]
            rows.append((False, w * formal + (1 - w) * network, person, formal, network, slot))
    rows.sort(key=lambda row: (row[0], -row[1], row[2].id))

    analyses: list[StakeholderAnalysis] = []
    for rank, (_gone, influence, person, formal, network, index) in enumerate(rows, 1):
        key = quadrant(person.power, person.interest, config.grid_cutoff)
        grid_text = explain_quadrant(person.power, person.interest, config.grid_cutoff)
        if index is None:
            influence_text = (
                f"{person.name} has left: kept on the map for its history, but not part "
                "of the network or the findings, so influence counts as 0."
            )
            pagerank = between = 0.0
        else:
            influence_text = (
                f"Influence {influence:.0f}/100 = {w:g} x formal power "
                f"{formal:.0f}/100 (power {person.power}/5) + {1 - w:g} x network "
                f"position {network:.0f}/100; rank {rank} of {len(rows)}. "
                + _network_sentence(metrics, index, pagerank_place[index], config)
            )
            pagerank = metrics.pagerank[index]
            between = metrics.betweenness[index]
        analyses.append(
            StakeholderAnalysis(
                id=person.id,
                ref=person.ref,
                name=person.name,
                quadrant=key,
                quadrant_label=QUADRANT_LABELS[key],
                strategy=QUADRANT_STRATEGIES[key],
                formal_score=formal,
                network_score=network,
                influence_score=influence,
                influence_rank=rank,
                pagerank=pagerank,
                betweenness=between,
                explanation=f"{grid_text} {influence_text}",
            )
        )

    links = active_coverage(people, account_map.coverage)
    covered_by: dict[int, list[CoverageLink]] = {}
    for link in links:
        covered_by.setdefault(link.external, []).append(link)
    measure = diamond(account_map, links)
    context = FindingContext(
        people=people,
        analyses={analysis.id: analysis for analysis in analyses},
        coverage=links,
        covered_by=covered_by,
        followers={pid: metrics.followers[i] for pid, i in position.items()},
        diamond=measure,
        config=config,
    )
    return MapAnalysis(
        stakeholders=tuple(analyses),
        findings=collect_findings(context, account_map.coverage),
        betweenness_sampled=metrics.betweenness_sampled,
        diamond_index=measure.index,
    )
