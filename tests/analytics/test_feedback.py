"""NPS and CSAT as FRAMEWORKS.md defines them: categories, the formula, passives in the
denominator only, the window, the minimum number of responses and the two ways of
counting."""

from __future__ import annotations

import datetime as dt

import pytest

from relmap.analytics import feedback as f

ON = dt.date(2026, 6, 30)


def answers(*scores: int, day: dt.date = ON, who: str = "r") -> list[f.Response]:
    return [f.Response(f"{who}{i}@example.com", day, s) for i, s in enumerate(scores)]


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (0, "detractor"),
        (6, "detractor"),
        (7, "passive"),
        (8, "passive"),
        (9, "promoter"),
        (10, "promoter"),
    ],
)
def test_the_categories_follow_reichheld(score: int, expected: str) -> None:
    assert f.category(score) == expected


@pytest.mark.parametrize("score", [-1, 11])
def test_an_answer_off_the_scale_is_refused(score: int) -> None:
    with pytest.raises(ValueError, match="0 to 10"):
        f.category(score)
    with pytest.raises(ValueError, match="0 to 10"):
        f.nps(answers(score), on=ON, min_responses=1)


def test_nps_is_promoters_minus_detractors_with_passives_in_the_denominator() -> None:
    # 5 promoters, 3 passives, 2 detractors: 50 % - 20 % = +30.
    result = f.nps(answers(10, 9, 9, 10, 9, 7, 8, 7, 0, 6), on=ON)
    assert (result.promoters, result.passives, result.detractors) == (5, 3, 2)
    assert result.score == 30.0
    assert "NPS +30.0 = 50.0 % promoters (5) - 20.0 % detractors (2); 3 passive" in (
        result.explanation()
    )


def test_the_extremes_are_plus_and_minus_a_hundred() -> None:
    assert f.nps(answers(9, 10, 9, 10, 10), on=ON).score == 100.0
    assert f.nps(answers(0, 3, 6, 5, 1), on=ON).score == -100.0
    assert f.nps(answers(7, 8, 7, 8, 7), on=ON).score == 0.0


def test_below_the_minimum_there_is_no_score_and_the_result_says_why() -> None:
    result = f.nps(answers(10, 10, 10, 10), on=ON)
    assert result.score is None
    assert not result.enough
    assert result.counted == 4
    assert "fewer than the minimum of 5" in result.explanation()
    assert f.nps(answers(10, 10, 10, 10), on=ON, min_responses=4).score == 100.0


def test_only_the_window_counts_and_both_ends_are_inside() -> None:
    inside = answers(10, 10, day=ON) + answers(0, day=ON - dt.timedelta(days=89), who="s")
    outside = [
        f.Response("late@example.com", ON + dt.timedelta(days=1), 0),
        f.Response("early@example.com", ON - dt.timedelta(days=90), 0),
    ]
    result = f.nps(inside + outside, on=ON, window_days=90, min_responses=1)
    assert (result.window.start, result.window.end) == (ON - dt.timedelta(days=89), ON)
    assert result.counted == 3
    assert result.responses_in_window == 3
    assert result.score == round(100 * (2 - 1) / 3, 1)


def test_per_respondent_counts_each_persons_latest_answer_once() -> None:
    ann = [
        f.Response("Ann@Example.com", ON - dt.timedelta(days=200), 0),
        f.Response("ann@example.com ", ON - dt.timedelta(days=100), 3),
        f.Response("ann@example.com", ON - dt.timedelta(days=10), 10),
    ]
    others = answers(0, 6, 9, 10)
    by_person = f.nps(ann + others, on=ON)
    # Ann counts once, as a promoter: 3 promoters, 2 detractors of 5.
    assert (by_person.counted, by_person.responses_in_window) == (5, 7)
    assert by_person.score == 20.0
    by_answer = f.nps(ann + others, on=ON, aggregation=f.PER_RESPONSE)
    # Every answer: 3 promoters, 4 detractors of 7.
    assert by_answer.score == round(100 * (3 - 4) / 7, 1)
    assert "respondents (each one's latest answer)" in by_person.explanation()
    assert "7 responses" in by_answer.explanation()


def test_per_respondent_does_not_depend_on_the_order_of_the_input() -> None:
    same_day = [f.Response("bo@example.com", ON, 2), f.Response("bo@example.com", ON, 9)]
    assert f.nps(same_day, on=ON, min_responses=1).score == 100.0
    assert f.nps(same_day[::-1], on=ON, min_responses=1).score == 100.0


def test_bad_parameters_are_refused() -> None:
    with pytest.raises(ValueError, match="aggregation"):
        f.nps([], on=ON, aggregation="mean")
    with pytest.raises(ValueError, match="at least 1"):
        f.nps([], on=ON, min_responses=0)
    with pytest.raises(ValueError, match="at least one day"):
        f.nps([], on=ON, window_days=0)


def test_no_answers_is_no_score() -> None:
    result = f.nps([], on=ON, min_responses=1)
    assert result.score is None
    assert result.counted == 0


def test_csat_is_the_share_of_fours_and_fives_with_the_mean() -> None:
    result = f.csat(answers(5, 4, 4, 3, 1, 5, 2, 4), on=ON)
    assert (result.satisfied, result.counted) == (5, 8)
    assert result.score == 62.5
    assert result.mean == 3.5
    assert "CSAT 62.5 % = 5 of 8 responses" in result.explanation()


def test_csat_has_the_same_window_and_minimum_rules() -> None:
    assert f.csat(answers(5, 5), on=ON).score is None
    assert "fewer than the minimum of 5" in f.csat(answers(5, 5), on=ON).explanation()
    old = answers(1, 1, 1, 1, 1, day=ON - dt.timedelta(days=400))
    assert f.csat(old + answers(5, 5, 5, 5, 5), on=ON).score == 100.0
    with pytest.raises(ValueError, match="1 to 5"):
        f.csat(answers(6), on=ON)
