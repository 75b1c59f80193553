"""The strength formula on hand-checked inputs (docs/algorithms/strength.md)."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from relmap.analytics import diamond, warm_path
from relmap.analytics import strength as f
from relmap.analytics.types import AccountMap, CoverageLink, Person, StrengthLink

NOW = dt.datetime(2025, 6, 1, tzinfo=dt.UTC).timestamp()
DAY = 86400.0
ANA, BEN, CY = 1, 2, 3


def worked_example() -> list[f.Touch]:
    """The example of docs/algorithms/strength.md: Ana (ours) and Ben (theirs)."""
    return [
        f.Touch("meeting", NOW, ((ANA, True), (BEN, False))),
        f.Touch("call", NOW - 90 * DAY, ((ANA, True), (BEN, False))),
        f.Touch("email", NOW - 180 * DAY, ((ANA, True), (BEN, False), (CY, False))),
        f.Touch("email", NOW - 45 * DAY, ((BEN, True), (ANA, False))),
    ]


def score(touches: list[f.Touch], ours: set[int] | None = None, **kw: float) -> float:
    sums = f.pair_sums(touches, ours or {ANA}, now=NOW, **kw)
    return f.score_pair(sums[(ANA, BEN)], now=NOW, **kw).score


def test_the_worked_example_scores_as_documented() -> None:
    sums = f.pair_sums(worked_example(), {ANA}, now=NOW)
    result = f.score_pair(sums[(ANA, BEN)], now=NOW)
    # R = 1 + 0.6 * 0.5 + 0.7 * 0.3 * (0.25 / sqrt 2 + 2 ** -0.5) = 1.485616
    raw = 1 + 0.3 + 0.7 * 0.3 * (0.25 / math.sqrt(2) + 2**-0.5)
    assert result.components["raw"] == pytest.approx(raw, abs=1e-4)
    assert result.score == 39.06
    assert result.interactions == 4
    assert result.components["reciprocity"]["ratio"] == 0.4
    assert result.components["kinds"]["meeting"]["points"] == 26.29
    assert result.components["kinds"]["call"]["points"] == 7.89
    assert result.components["kinds"]["email"]["points"] == 4.88
    lines = f.explain(result.components, result.score)
    assert lines[0].startswith("Score 39/100")
    assert any("ratio 0.40" in line for line in lines)


def test_an_interaction_one_half_life_old_counts_half() -> None:
    assert f.decay(90, 90) == 0.5
    assert f.decay(180, 90) == 0.25
    assert f.decay(-5, 90) == 1.0
    today = score([f.Touch("meeting", NOW, ((ANA, True), (BEN, False)))])
    old = score([f.Touch("meeting", NOW - 90 * DAY, ((ANA, True), (BEN, False)))])
    assert today == pytest.approx(100 * (1 - math.exp(-1 / 3)), abs=0.01)
    assert old == pytest.approx(100 * (1 - math.exp(-0.5 / 3)), abs=0.01)
    shorter = score(
        [f.Touch("meeting", NOW - 90 * DAY, ((ANA, True), (BEN, False)))], half_life_days=30
    )
    assert shorter < old


def test_the_window_and_the_future_are_left_out() -> None:
    touches = [
        f.Touch("meeting", NOW - 800 * DAY, ((ANA, True), (BEN, False))),
        f.Touch("meeting", NOW + DAY, ((ANA, True), (BEN, False))),
    ]
    assert f.pair_sums(touches, {ANA}, now=NOW) == {}


def test_two_way_mail_beats_the_same_mail_one_way() -> None:
    one_way = [f.Touch("email", NOW, ((ANA, True), (BEN, False))) for _ in range(4)]
    two_way = [f.Touch("email", NOW, ((ANA, True), (BEN, False))) for _ in range(2)] + [
        f.Touch("email", NOW, ((BEN, True), (ANA, False))) for _ in range(2)
    ]
    assert f.reciprocity(2, 2) == 1.0
    assert f.reciprocity(4, 0) == 0.0
    # one-way: 4 * 0.3 * 0.5 = 0.6; balanced: 4 * 0.3 = 1.2
    assert score(one_way) == pytest.approx(100 * (1 - math.exp(-0.6 / 3)), abs=0.01)
    assert score(two_way) == pytest.approx(100 * (1 - math.exp(-1.2 / 3)), abs=0.01)


def test_meeting_beats_call_beats_email() -> None:
    def one(kind: str) -> float:
        return score([f.Touch(kind, NOW, ((ANA, True), (BEN, True)))])

    assert one("meeting") > one("call") > one("email")


def test_a_message_to_many_counts_less_than_to_one() -> None:
    assert f.breadth("email", 2) == 1.0
    assert f.breadth("email", 5) == 0.5  # four recipients
    assert f.breadth("meeting", 6) == 1.0
    assert f.breadth("meeting", 24) == 0.5
    to_one = score([f.Touch("email", NOW, ((BEN, True), (ANA, False)))])
    to_four = score(
        [f.Touch("email", NOW, ((BEN, True), (ANA, False), (CY, False), (7, False), (8, False)))]
    )
    assert to_four == pytest.approx(100 * (1 - math.exp(-0.3 * 0.5 * 0.5 / 3)), abs=0.01)
    assert to_four < to_one


def test_ratings_band_by_twenty() -> None:
    assert [f.to_rating(s) for s in (0, 19.9, 20, 45, 60, 79.9, 80, 100)] == [
        1,
        1,
        2,
        3,
        4,
        4,
        5,
        5,
    ]


@pytest.mark.parametrize(
    ("manual", "computed", "code"),
    [
        (5, None, "overrated"),
        (4, 10.0, "overrated"),
        (4, 25.0, None),
        (None, 65.0, "uncovered"),
        (None, 40.0, None),
        (2, 70.0, "underrated"),
        (3, 70.0, None),
        (1, 5.0, None),
    ],
)
def test_disagreement_rules(manual: int | None, computed: float | None, code: str | None) -> None:
    found = f.disagreement(manual, computed)
    assert (found.code if found else None) == code


@pytest.mark.parametrize(
    ("compound", "attitude"),
    [
        (0.9, 2),
        (0.5, 2),
        (0.3, 1),
        (0.05, 1),
        (0.0, 0),
        (-0.049, 0),
        (-0.05, -1),
        (-0.49, -1),
        (-0.5, -2),
    ],
)
def test_vader_bands(compound: float, attitude: int) -> None:
    assert f.attitude_from_sentiment(compound) == attitude


def people() -> tuple[Person, ...]:
    return (
        Person(1, "Ours A", side="internal", department="sales"),
        Person(2, "Ours B", side="internal", department="delivery"),
        Person(10, "Their X", department="finance"),
        Person(11, "Their Y", department="it"),
    )


def test_diamond_counts_computed_threads_and_is_unchanged_without_them() -> None:
    base = AccountMap(people=people(), coverage=(CoverageLink(1, 10),))
    before = diamond(base)
    assert before.pairs == 1
    richer = AccountMap(
        people=people(),
        coverage=(CoverageLink(1, 10),),
        strengths=(StrengthLink(2, 11, 45.0), StrengthLink(2, 10, 5.0)),
    )
    after = diamond(richer)
    assert after.pairs == 2  # the 5/100 pair is below the active score
    assert after.index > before.index
    assert (
        diamond(AccountMap(people=people(), coverage=(CoverageLink(1, 10),), strengths=()))
        == before
    )


def test_warm_paths_take_the_computed_strength() -> None:
    manual = AccountMap(people=people(), coverage=(CoverageLink(1, 10, strength=5),))
    found_manual = warm_path(manual, 10)
    assert found_manual is not None
    assert found_manual.strength == 1.0
    computed = AccountMap(
        people=people(),
        coverage=(CoverageLink(1, 10, strength=5, computed=30.0),),
    )
    path = warm_path(computed, 10)
    assert path is not None
    assert path.strength == pytest.approx(2 / 5)
    assert "computed 30/100 from interactions" in path.explanation
    only_interactions = AccountMap(people=people(), strengths=(StrengthLink(2, 11, 85.0),))
    found = warm_path(only_interactions, 11)
    assert found is not None
    assert found.people == (2, 11)
    assert found.strength == 1.0
