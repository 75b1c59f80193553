"""An improvement action's effect on its KPI: before and after windows, the direction
that counts as better, and no verdict without enough values."""

from __future__ import annotations

import datetime as dt

import pytest

from relmap.analytics import effectiveness as e

DONE = dt.date(2026, 6, 1)


def pts(*pairs: tuple[int, float]) -> list[e.Point]:
    return [e.Point(DONE + dt.timedelta(days=d), v) for d, v in pairs]


def test_an_improvement_with_the_data_behind_it() -> None:
    result = e.evaluate(
        pts((-60, 80), (-30, 82), (0, 99), (30, 86), (60, 88), (120, 50)),
        completed_on=DONE,
        window_days=90,
        higher_is_better=True,
    )
    assert result.verdict == e.IMPROVED
    assert [p.value for p in result.before] == [80, 82]
    assert [p.value for p in result.after] == [86, 88]  # the day itself and day 120 are out
    assert (result.before_mean, result.after_mean, result.change) == (81.0, 87.0, 6.0)
    assert "Mean 81.00 over 2 values" in result.explanation
    assert "not proof that it caused it" in result.explanation


def test_lower_is_better_and_an_expected_direction() -> None:
    complaints = pts((-40, 4), (-10, 5), (20, 2), (50, 1))
    assert (
        e.evaluate(complaints, completed_on=DONE, window_days=90, higher_is_better=False).verdict
        == e.IMPROVED
    )
    assert (
        e.evaluate(complaints, completed_on=DONE, window_days=90, higher_is_better=True).verdict
        == e.WORSENED
    )
    meant_down = e.evaluate(
        complaints, completed_on=DONE, window_days=90, higher_is_better=True, expected_up=False
    )
    assert meant_down.verdict == e.IMPROVED


def test_no_verdict_without_enough_values() -> None:
    result = e.evaluate(
        pts((-10, 80), (10, 90)), completed_on=DONE, window_days=90, higher_is_better=True
    )
    assert result.verdict == e.NOT_ENOUGH
    assert result.change is None
    assert result.explanation == (
        "Not enough data for a verdict: 1 value(s) in the 90 days before 2026-06-01 and 1 "
        "after; 2 are needed on each side."
    )


def test_a_tiny_move_is_no_clear_change_and_an_open_action_is_not_evaluated() -> None:
    flat = pts((-20, 90), (-10, 90.5), (10, 90.4), (20, 90.8))
    assert (
        e.evaluate(flat, completed_on=DONE, window_days=30, higher_is_better=True).verdict
        == e.NO_CHANGE
    )
    open_action = e.evaluate(flat, completed_on=None, window_days=30, higher_is_better=True)
    assert open_action.verdict == e.NOT_DUE
    with pytest.raises(ValueError, match="at least one day"):
        e.evaluate(flat, completed_on=DONE, window_days=0, higher_is_better=True)
