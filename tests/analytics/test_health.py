"""The relationship health score: every component on a hand-checked account, the weights
and their checks, and what happens to a component that cannot be scored."""

from __future__ import annotations

import pytest

from relmap.analytics import health as h

P = h.Person


def inputs(**changes: object) -> h.HealthInputs:
    data: dict[str, object] = {
        "people": (
            P(power=5, attitude=2, covered=True, champion=True, blocker=False),
            P(power=4, attitude=-2, covered=False, champion=False, blocker=True),
            P(power=2, attitude=1, covered=False, champion=False, blocker=False),
            P(power=1, attitude=None, covered=False, champion=False, blocker=False),
        ),
        "plans": 4,
        "plans_overdue": 1,
        "nps": 20.0,
        "nps_before": 0.0,
        "csat": 80.0,
        "csat_before": 70.0,
        "diamond_index": 0.6,
        "days_since_review": 120,
        "review_cadence_days": 90,
    }
    data.update(changes)
    return h.HealthInputs(**data)  # type: ignore[arg-type]


def test_every_component_by_hand() -> None:
    result = h.health(inputs())
    values = {c.name: c.value for c in result.components}
    assert values == {
        "coverage": 50.0,  # 1 of the 2 powerful people is covered
        # (5*2 + 4*-2 + 2*1) / (5 + 4 + 2) = +0.364: 50 + 25 * 0.364
        "attitude": 59.1,
        "engagement": 75.0,
        "nps": 60.0,  # (20 + 100) / 2
        "csat": 80.0,
        "trend": 75.0,  # NPS +20 (10 on a 0-100 scale), CSAT +10: mean 10 -> 50 + 25
        "multithreading": 60.0,
        "champion": 100.0,
        "blockers": 50.0,  # 1 powerful blocker, uncovered: (1 + 1) / (2 * 2)
        "freshness": 66.7,  # 30 days late on a 90-day cadence
    }
    # The total is the weighted sum with the default weights (all components scored).
    expected = sum(h.DEFAULT_WEIGHTS[c.name] * (c.value or 0) / 100 for c in result.components)
    assert result.score == round(expected, 1)
    assert all(c.share == c.weight for c in result.components)
    assert "coverage of powerful stakeholders 50 x 20.0 % = 10.0" in result.explanation()


def test_a_component_that_cannot_be_scored_leaves_its_weight_to_the_others() -> None:
    result = h.health(inputs(nps=None, nps_before=None, csat=None, csat_before=None))
    left = {c.name for c in result.left_out}
    assert left == {"nps", "csat", "trend"}
    scored = [c for c in result.components if c.value is not None]
    assert sum(c.share for c in scored) == pytest.approx(100, abs=0.2)
    assert {c.name: c.share for c in scored}["coverage"] == round(100 * 20 / 80, 1)
    assert "Left out: nps level (too few NPS responses)" in result.explanation()


def test_a_map_never_reviewed_is_not_fresh_and_one_reviewed_in_time_is() -> None:
    never = {c.name: c for c in h.health(inputs(days_since_review=None)).components}
    assert never["freshness"].value == 0.0
    assert never["freshness"].explanation == "the map has never been reviewed"
    fresh = {c.name: c for c in h.health(inputs(days_since_review=30)).components}
    assert fresh["freshness"].value == 100.0
    stale = {c.name: c for c in h.health(inputs(days_since_review=200)).components}
    assert stale["freshness"].value == 0.0


def test_champions_only_count_when_supportive() -> None:
    people = (P(power=5, attitude=-1, covered=True, champion=True, blocker=False),)
    c = {c.name: c for c in h.health(inputs(people=people)).components}
    assert c["champion"].value == 0.0
    assert c["blockers"].value == 100.0


def test_weights_are_checked() -> None:
    assert h.check_weights(h.DEFAULT_WEIGHTS) == []
    bad = dict(h.DEFAULT_WEIGHTS) | {"coverage": 30}
    assert h.check_weights(bad) == ["the weights add up to 110, not 100"]
    assert h.check_weights({"coverage": 100}) == [
        "missing component(s): attitude, engagement, nps, csat, trend, multithreading, "
        "champion, blockers, freshness"
    ]
    negative = dict(h.DEFAULT_WEIGHTS) | {"coverage": -5, "attitude": 40}
    assert h.check_weights(negative) == ["negative weight(s): coverage"]
    with pytest.raises(ValueError, match="add up to 110"):
        h.health(inputs(), bad)
    all_coverage = dict.fromkeys(h.COMPONENTS, 0) | {"coverage": 100}
    assert h.health(inputs(), all_coverage).score == 50.0


def test_nothing_to_score_is_no_score() -> None:
    nothing = h.health(
        inputs(
            people=(),
            plans=0,
            plans_overdue=0,
            nps=None,
            csat=None,
            nps_before=None,
            csat_before=None,
        ),
        dict.fromkeys(h.COMPONENTS, 0) | {"coverage": 50, "attitude": 50},
    )
    assert nothing.score is None
    assert nothing.explanation() == "No health score: none of its components can be scored yet."
