"""Lifecycle stages (Dwyer, Schurr & Oh 1987) and their recommended strategies."""

from __future__ import annotations

import pytest

from relmap.analytics.lifecycle import GUIDANCE, STAGE_LABELS, STAGES, guidance


def test_stages_are_the_seeds_list_in_order() -> None:
    assert STAGES == ("identification", "exploration", "expansion", "commitment", "dissolution")
    assert [STAGE_LABELS[s] for s in STAGES] == [
        "Identification",
        "Exploration",
        "Expansion",
        "Commitment",
        "Dissolution",
    ]


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_has_a_summary_and_three_to_five_distinct_strategies(stage: str) -> None:
    item = guidance(stage)
    assert item.stage == stage
    assert item.label == STAGE_LABELS[stage]
    assert item.summary
    assert 3 <= len(item.strategies) <= 5
    assert len(set(item.strategies)) == len(item.strategies)


def test_guidance_covers_exactly_the_stages() -> None:
    assert tuple(GUIDANCE) == STAGES


def test_dissolution_guidance_diagnoses_protects_and_plans_a_win_back() -> None:
    text = " ".join(guidance("dissolution").strategies).lower()
    assert "diagnose" in text
    assert "protect the remaining revenue" in text
    assert "win-back" in text


def test_an_unknown_stage_is_rejected_naming_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="identification, exploration"):
        guidance("partnership")
