"""Krackhardt's (1987) high-tech managers: real data with published facts to reproduce.

"A names B as advisor" becomes ``Link(source=B, target=A, kind="advises")``: B advises A.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

from relmap.analytics import AccountMap, AnalysisConfig, Link, MapAnalysis, Person, analyse
from relmap.analytics.network import network_metrics


def read_rows(data: Path, name: str) -> list[dict[str, str]]:
    with (data / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def rows(krackhardt: Path) -> Callable[[str], list[dict[str, str]]]:
    """Rows of one of the data set's CSV files (the ``krackhardt`` fixture finds it)."""
    return lambda name: read_rows(krackhardt, name)


@pytest.fixture(scope="module")
def advice_map(rows: Callable[[str], list[dict[str, str]]]) -> AccountMap:
    # Every manager gets the same power so that the ranking is by network alone.
    people = tuple(Person(int(r["id"]), f"Manager {r['id']}", power=3) for r in rows("nodes.csv"))
    ties = tuple(
        Link(source=int(r["to"]), target=int(r["from"]), kind="advises") for r in rows("advice.csv")
    )
    return AccountMap(people=people, ties=ties)


@pytest.fixture(scope="module")
def analysis(advice_map: AccountMap) -> MapAnalysis:
    return analyse(advice_map)


def test_advice_in_degrees_match_the_published_reference(
    advice_map: AccountMap, rows: Callable[[str], list[dict[str, str]]]
) -> None:
    # relmap's own count of the distinct people each manager influences (its
    # weighted in-degree, "followers") must equal Krackhardt's published advice in-degrees.
    ids = [p.id for p in advice_map.people]
    metrics = network_metrics(ids, advice_map.ties, AnalysisConfig())
    computed = dict(zip(metrics.ids, metrics.followers, strict=True))
    expected = {int(r["id"]): int(r["advice_in"]) for r in rows("reference_degrees.csv")}
    assert computed == expected
    # Every tie has the same default strength, so reach is that count times the strength.
    strength = advice_map.ties[0].strength
    assert {t.strength for t in advice_map.ties} == {strength}
    assert dict(zip(metrics.ids, metrics.reach, strict=True)) == pytest.approx(
        {k: float(v * strength) for k, v in expected.items()}
    )


def test_every_explanation_states_the_published_advice_in_degree(
    analysis: MapAnalysis, rows: Callable[[str], list[dict[str, str]]]
) -> None:
    for row in rows("reference_degrees.csv"):
        person = analysis.for_person(int(row["id"]))
        assert person is not None
        count = int(row["advice_in"])
        if count:
            noun = "person looks" if count == 1 else "people look"
            assert f"{count} {noun} to them" in person.explanation, person.explanation


def test_the_explanation_counts_the_people_who_seek_advice(analysis: MapAnalysis) -> None:
    two = analysis.for_person(2)
    assert two is not None
    assert "18 people look to them" in two.explanation


def test_manager_two_is_the_most_influential_by_network(analysis: MapAnalysis) -> None:
    top = analysis.stakeholders[0]
    assert top.id == 2
    assert top.influence_rank == 1
    assert top.network_score == pytest.approx(100.0)


def test_the_ceo_ranks_below_managers_two_eighteen_and_twenty_one(
    analysis: MapAnalysis,
) -> None:
    rank = {s.id: s.influence_rank for s in analysis.stakeholders}
    assert rank[7] > max(rank[2], rank[18], rank[21])
