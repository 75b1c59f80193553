"""Influence: direction of influence, weights, ranking, people who left, betweenness."""

from __future__ import annotations

import networkx as nx
import pytest

from relmap.analytics import AccountMap, AnalysisConfig, Link, Person, analyse


def people(count: int, **fields: object) -> tuple[Person, ...]:
    return tuple(Person(i, f"P{i}", **fields) for i in range(1, count + 1))  # type: ignore[arg-type]


def test_the_adviser_gains_influence_not_the_advised() -> None:
    ties = (Link(1, 2, "advises"), Link(1, 3, "advises"))
    analysis = analyse(AccountMap(people=people(3), ties=ties))
    assert [s.id for s in analysis.stakeholders] == [1, 2, 3]
    top = analysis.stakeholders[0]
    assert top.influence_rank == 1
    assert top.network_score == pytest.approx(100.0)
    assert analysis.stakeholders[1].network_score == pytest.approx(0.0)
    assert "2 people look to them" in top.explanation


def test_the_influencer_outranks_the_person_they_influence() -> None:
    analysis = analyse(AccountMap(people=people(2), ties=(Link(2, 1, "influences"),)))
    assert analysis.stakeholders[0].id == 2
    first, second = analysis.stakeholders
    assert first.pagerank > second.pagerank


def test_equal_scores_rank_by_id() -> None:
    analysis = analyse(AccountMap(people=people(4)))
    assert [(s.id, s.influence_rank) for s in analysis.stakeholders] == [
        (1, 1),
        (2, 2),
        (3, 3),
        (4, 4),
    ]


def test_alliance_counts_both_ways_and_conflict_not_at_all() -> None:
    allied = analyse(AccountMap(people=people(2), ties=(Link(1, 2, "allied_with"),)))
    assert [s.network_score for s in allied.stakeholders] == pytest.approx([100.0, 100.0])
    conflict = analyse(AccountMap(people=people(2), ties=(Link(2, 1, "in_conflict_with", 5),)))
    assert [s.network_score for s in conflict.stakeholders] == [0.0, 0.0]


def test_formal_reporting_lines_do_not_add_network_influence() -> None:
    analysis = analyse(
        AccountMap(people=people(3), ties=(Link(2, 1, "reports_to"), Link(3, 1, "reports_to")))
    )
    assert all(s.network_score == 0.0 for s in analysis.stakeholders)


def test_stronger_advice_weighs_more() -> None:
    ties = (Link(1, 3, "advises", strength=5), Link(2, 4, "advises", strength=1))
    analysis = analyse(AccountMap(people=people(4), ties=ties))
    one, two = analysis.for_person(1), analysis.for_person(2)
    assert one is not None
    assert two is not None
    assert one.network_score > two.network_score


def test_influence_mixes_formal_and_network_by_the_configured_weight() -> None:
    crowd = (
        Person(1, "Boss", power=5),
        Person(2, "Hub", power=1),
        Person(3, "A", power=1),
        Person(4, "B", power=1),
    )
    ties = (Link(2, 3, "advises"), Link(2, 4, "advises"))
    analysis = analyse(
        AccountMap(people=crowd, ties=ties), AnalysisConfig(influence_formal_weight=0.25)
    )
    boss, hub = analysis.for_person(1), analysis.for_person(2)
    assert boss is not None
    assert hub is not None
    assert boss.influence_score == pytest.approx(0.25 * 100 + 0.75 * 0)
    assert hub.influence_score == pytest.approx(0.25 * 0 + 0.75 * 100)
    assert hub.influence_rank == 1


def test_people_who_left_rank_last_and_their_ties_carry_no_influence() -> None:
    crowd = (Person(1, "Gone", power=5, status="left"), *people(3)[1:])
    ties = (Link(1, 2, "advises"), Link(1, 3, "advises"))
    analysis = analyse(AccountMap(people=crowd, ties=ties))
    gone = analysis.for_person(1)
    assert gone is not None
    assert gone.influence_rank == 3
    assert gone.influence_score == 0.0
    assert gone.quadrant == "key_players"  # still placed on the grid
    assert "has left" in gone.explanation
    assert all(s.network_score == 0.0 for s in analysis.stakeholders)


def random_map(count: int, ties: int, seed: int) -> AccountMap:
    """A reproducible scatter of mixed ties (a linear congruential generator)."""
    state = seed

    def draw(limit: int) -> int:
        nonlocal state
        state = (state * 1103515245 + 12345) % 2**31
        return (state >> 8) % limit

    kinds = ("influences", "advises", "allied_with", "in_conflict_with", "reports_to")
    links: list[Link] = []
    while len(links) < ties:
        a, b = draw(count) + 1, draw(count) + 1
        if a != b:
            links.append(Link(a, b, kinds[draw(len(kinds))], draw(5) + 1))
    return AccountMap(people=people(count), ties=tuple(links))


def test_exact_betweenness_matches_networkx_on_the_influence_graph() -> None:
    account_map = random_map(40, 90, seed=3)
    analysis = analyse(account_map)
    assert analysis.betweenness_sampled is False
    graph = nx.Graph()
    graph.add_nodes_from(p.id for p in account_map.people)
    graph.add_edges_from(
        (t.source, t.target)
        for t in account_map.ties
        if t.kind in ("influences", "advises", "allied_with")
    )
    expected = nx.betweenness_centrality(graph, normalized=True)
    for person in analysis.stakeholders:
        assert person.betweenness == pytest.approx(expected[person.id], abs=1e-9)
    assert "betweenness" in analysis.stakeholders[0].explanation
    assert "exact" in analysis.stakeholders[0].explanation


def test_above_the_limit_betweenness_is_a_seeded_estimate_and_says_so() -> None:
    account_map = random_map(60, 200, seed=5)
    config = AnalysisConfig(exact_betweenness_limit=50, betweenness_samples=20)
    first = analyse(account_map, config)
    assert first.betweenness_sampled is True
    assert all("estimated from 20 sampled people" in s.explanation for s in first.stakeholders)
    again = analyse(account_map, config)
    assert [s.betweenness for s in again.stakeholders] == [
        s.betweenness for s in first.stakeholders
    ]
    exact = analyse(account_map)
    # The estimate is unbiased but noisy; the busiest broker should still stand out.
    busiest = max(exact.stakeholders, key=lambda s: s.betweenness).id
    estimate = {s.id: s.betweenness for s in first.stakeholders}
    assert estimate[busiest] >= sorted(estimate.values())[-5]


def test_estimate_from_every_person_equals_the_exact_value() -> None:
    account_map = random_map(30, 70, seed=9)
    exact = {s.id: s.betweenness for s in analyse(account_map).stakeholders}
    # Limit below the size, pivots = every person: the n/k-scaled sum is exact.
    config = AnalysisConfig(exact_betweenness_limit=10, betweenness_samples=30)
    analysis = analyse(account_map, config)
    assert analysis.betweenness_sampled is False
    assert {s.id: s.betweenness for s in analysis.stakeholders} == pytest.approx(exact)
