"""``relmap analyze``: the analysis as a readable report or as JSON keyed by import ids."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def test_json_lists_every_stakeholder_and_finding_by_import_id(northwind: str, run: Any) -> None:
    result = run("analyze", northwind, "--format", "json", "--user", "olivia")
    document = json.loads(result.stdout)

    assert set(document) >= {"stakeholders", "findings", "betweenness_sampled", "diamond_index"}
    assert isinstance(document["betweenness_sampled"], bool)
    assert 0 <= document["diamond_index"] <= 1
    people = document["stakeholders"]
    assert len(people) == 13
    assert {p["id"] for p in people} == {f"nw-{n:02}" for n in range(1, 11)} | {
        "us-01",
        "us-02",
        "us-03",
    }
    for entry in people:
        assert {"id", "name", "quadrant", "influence_score", "influence_rank"} <= set(entry)
    assert sorted(p["influence_rank"] for p in people) == list(range(1, 14))
    sofia = next(p for p in people if p["id"] == "nw-03")
    assert (sofia["name"], sofia["quadrant"]) == ("Sofia Lindqvist", "key_players")

    assert document["findings"]
    known = {p["id"] for p in people}
    for finding in document["findings"]:
        assert set(finding) == {"kind", "severity", "title", "explanation", "ids"}
        assert finding["severity"] in {"high", "medium", "low"}
        assert set(finding["ids"]) <= known
    blockers = [f for f in document["findings"] if f["kind"] == "blocker"]
    assert [f["ids"] for f in blockers] == [["nw-05"]]


def test_text_is_a_readable_report(northwind: str, run: Any) -> None:
    report = run("analyze", northwind, "--user", "olivia").stdout

    assert report.startswith("Map analysis: Northwind Health\n")
    assert "Influence ranking" in report
    assert "Findings (" in report
    assert "Aisha Okafor may block the deal" in report


def test_an_outsider_cannot_analyse_another_teams_account(
    northwind: str, outsider: Any, run: Any
) -> None:
    with pytest.raises(CommandError, match="No account named 'Northwind Health'"):
        run("analyze", northwind, "--format", "json", "--user", "oscar")
