"""The strategy a stakeholder's quadrant and attitude propose, and touchpoint due dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from relmap.analytics.engagement import (
    BANDS,
    DUE,
    OVERDUE,
    STRATEGIES,
    UPCOMING,
    Contact,
    attitude_band,
    engagement_findings,
    next_touchpoint,
    propose,
)
from relmap.analytics.grid import QUADRANTS


def test_every_quadrant_and_band_has_a_strategy() -> None:
    assert set(STRATEGIES) == {(q, b) for q in QUADRANTS for b in BANDS}
    assert len({s.text for s in STRATEGIES.values()}) == len(STRATEGIES)


@pytest.mark.parametrize(
    ("attitude", "roles", "band"),
    [
        (None, set(), "unknown"),
        (-2, set(), "opposed"),
        (-1, set(), "opposed"),
        (0, set(), "neutral"),
        (1, set(), "supportive"),
        (2, set(), "supportive"),
        (1, {"blocker"}, "opposed"),  # a declared blocker is opposed whatever the rating
        (None, {"champion"}, "supportive"),  # a coach is on our side
        (-1, {"blocker", "champion"}, "opposed"),  # both roles: the rating decides
        (None, {"blocker", "champion"}, "unknown"),
    ],
)
def test_attitude_bands(attitude: int | None, roles: set[str], band: str) -> None:
    assert attitude_band(attitude, roles) == band


def test_a_key_player_blocker_is_to_be_converted_face_to_face() -> None:
    p = propose(power=5, interest=5, attitude=1, roles={"blocker"}, tier_cadence_days=14)
    assert p.code == "key_players:opposed"
    assert p.headline == "Convert or neutralise"
    assert "in_person" in p.channels
    assert p.cadence_days == 7  # 14 x 0.5
    assert "Key players (power 5/5, interest 5/5)" in p.explanation


def test_keep_satisfied_with_unknown_attitude_first_establishes_their_view() -> None:
    p = propose(power=4, interest=2, attitude=None, tier_cadence_days=45)
    assert p.code == "keep_satisfied:unknown"
    assert p.headline == "Establish their view, keep satisfied"
    assert p.cadence_days == 45


def test_minimal_effort_is_touched_less_often_than_the_tier_cadence() -> None:
    p = propose(power=1, interest=1, attitude=0, tier_cadence_days=30)
    assert p.code == "minimal_effort:neutral"
    assert p.cadence_days == 45


def test_the_cut_off_is_respected() -> None:
    assert propose(power=3, interest=3, attitude=0, tier_cadence_days=30).quadrant == (
        "key_players"
    )
    assert (
        propose(power=3, interest=3, attitude=0, tier_cadence_days=30, cutoff=4).quadrant
        == "minimal_effort"
    )


def test_cadence_is_at_least_a_day() -> None:
    assert propose(power=5, interest=5, attitude=None, tier_cadence_days=1).cadence_days == 1


TODAY = dt.date(2026, 6, 15)


def test_with_no_touchpoint_yet_a_new_plan_is_due_the_day_it_starts() -> None:
    due = next_touchpoint(
        today=TODAY, cadence_days=30, last_touch=None, next_step_on=None, plan_started=TODAY
    )
    assert (due.due_on, due.status, due.days) == (TODAY, DUE, 0)
    assert "no touchpoint yet" in due.reason


def test_the_cadence_runs_from_the_last_touchpoint() -> None:
    due = next_touchpoint(
        today=TODAY,
        cadence_days=30,
        last_touch=dt.date(2026, 5, 1),
        next_step_on=None,
        plan_started=dt.date(2026, 1, 1),
    )
    assert due.due_on == dt.date(2026, 5, 31)
    assert due.status == OVERDUE
    assert due.overdue_days == 15


def test_a_sooner_next_step_wins_and_a_later_one_does_not() -> None:
    kwargs: dict[str, Any] = {
        "today": TODAY,
        "cadence_days": 30,
        "plan_started": dt.date(2026, 1, 1),
    }
    sooner = next_touchpoint(
        last_touch=dt.date(2026, 6, 10), next_step_on=dt.date(2026, 6, 20), **kwargs
    )
    assert (sooner.due_on, sooner.status, sooner.reason) == (
        dt.date(2026, 6, 20),
        DUE,
        "the planned next step",
    )
    later = next_touchpoint(
        last_touch=dt.date(2026, 6, 10), next_step_on=dt.date(2026, 9, 1), **kwargs
    )
    assert (later.due_on, later.status) == (dt.date(2026, 7, 10), UPCOMING)
    assert later.overdue_days == 0


def test_due_within_a_week_is_due_and_after_that_upcoming() -> None:
    kwargs: dict[str, Any] = {
        "today": TODAY,
        "cadence_days": 10,
        "next_step_on": None,
        "plan_started": TODAY,
    }
    assert next_touchpoint(last_touch=dt.date(2026, 6, 12), **kwargs).status == DUE  # in 7
    assert next_touchpoint(last_touch=dt.date(2026, 6, 13), **kwargs).status == UPCOMING  # 8


def contact(pk: int, name: str, **data: Any) -> Contact:
    base: dict[str, Any] = {"power": 3, "interest": 3, "attitude": 0, "roles": frozenset()}
    base.update(data)
    return Contact(pk, name, **base)


def test_a_champion_who_has_gone_quiet_is_a_silent_champion() -> None:
    people = [
        contact(1, "Quiet Champion", attitude=2, power=4, interest=5),
        contact(2, "Coach", roles=frozenset({"champion"}), power=2, interest=2),
        contact(3, "Recent Champion", attitude=2, power=2, interest=2),
    ]
    touches = {1: TODAY - dt.timedelta(days=150), 3: TODAY - dt.timedelta(days=89)}
    found = engagement_findings(people, touches, {1, 2, 3}, TODAY)
    silent = [f for f in found if f.kind == "silent_champion"]
    assert {f.people for f in silent} == {(1,), (2,)}
    first = next(f for f in silent if f.people == (1,))
    assert "150 days" in first.explanation
    assert first.severity == "high"
    assert "has never met" in next(f for f in silent if f.people == (2,)).explanation


def test_powerful_people_nobody_meets_and_key_players_without_a_plan() -> None:
    people = [
        contact(1, "Chief Exec", power=5, interest=2),  # keep satisfied, never met
        contact(2, "Met CFO", power=5, interest=4),
        contact(3, "Ops Lead", power=4, interest=4),
    ]
    touches = {2: TODAY - dt.timedelta(days=10), 3: TODAY - dt.timedelta(days=200)}
    found = engagement_findings(people, touches, {2}, TODAY)
    kinds = sorted((f.kind, f.people, f.severity) for f in found)
    assert kinds == [
        ("key_player_without_plan", (3,), "medium"),
        ("powerful_unmet", (1,), "medium"),
        ("powerful_unmet", (3,), "high"),
    ]
    many = engagement_findings(people, touches, set(), TODAY)
    (unplanned,) = [f for f in many if f.kind == "key_player_without_plan"]
    assert unplanned.people == (2, 3)  # Met CFO (5/4) before Ops Lead (4/4)
    assert unplanned.title == "2 key players have no engagement plan"
    assert found[0].severity == "high"  # high first
