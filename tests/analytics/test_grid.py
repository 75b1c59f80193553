"""Mendelow grid: quadrant, label, strategy and the cut-off convention."""

from __future__ import annotations

import pytest

from relmap.analytics import AccountMap, AnalysisConfig, Person, analyse, formal_score, quadrant


@pytest.mark.parametrize(
    ("power", "interest", "expected"),
    [
        (3, 3, "key_players"),  # both exactly on the cut-off: high
        (5, 5, "key_players"),
        (3, 2, "keep_satisfied"),
        (5, 1, "keep_satisfied"),
        (2, 3, "keep_informed"),
        (1, 5, "keep_informed"),
        (2, 2, "minimal_effort"),
        (1, 1, "minimal_effort"),
    ],
)
def test_a_value_on_the_cut_off_counts_as_high(power: int, interest: int, expected: str) -> None:
    assert quadrant(power, interest, cutoff=3) == expected


def test_the_cut_off_is_configurable() -> None:
    analysis = analyse(
        AccountMap(people=(Person(1, "Ann", power=3, interest=4),)),
        AnalysisConfig(grid_cutoff=4),
    )
    ann = analysis.for_person(1)
    assert ann is not None
    assert ann.quadrant == "keep_informed"


def test_analysis_gives_label_and_default_strategy_of_each_quadrant() -> None:
    people = (
        Person(1, "Key", power=4, interest=4),
        Person(2, "Satisfied", power=4, interest=2),
        Person(3, "Informed", power=2, interest=4),
        Person(4, "Minimal", power=2, interest=2),
    )
    analysis = analyse(AccountMap(people=people))
    got = {s.id: (s.quadrant, s.quadrant_label, s.strategy) for s in analysis.stakeholders}
    assert got == {
        1: (
            "key_players",
            "Key players",
            "Manage closely: involve in decisions, communicate regularly",
        ),
        2: (
            "keep_satisfied",
            "Keep satisfied",
            "Meet their needs, avoid giving them cause to oppose",
        ),
        3: (
            "keep_informed",
            "Keep informed",
            "Regular updates; they can become advocates or critics, and gain power",
        ),
        4: ("minimal_effort", "Minimal effort", "Monitor"),
    }


def test_explanation_says_a_value_on_the_cut_off_counts_as_high() -> None:
    analysis = analyse(AccountMap(people=(Person(1, "Ann", power=3, interest=1),)))
    ann = analysis.for_person(1)
    assert ann is not None
    assert "power 3/5 is high (on the cut-off" in ann.explanation
    assert "interest 1/5 is low" in ann.explanation


@pytest.mark.parametrize(("power", "score"), [(1, 0.0), (2, 25.0), (3, 50.0), (5, 100.0)])
def test_formal_score_maps_power_one_to_five_onto_zero_to_hundred(power: int, score: float) -> None:
    assert formal_score(power) == score
