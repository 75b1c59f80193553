"""The health change between two moments: the score's delta and which components moved
it, each component's delta being its change in points of the total."""

from __future__ import annotations

from relmap.analytics.health import (
    COMPONENTS,
    Component,
    Health,
    HealthChange,
    health_change,
)


def health(score: float | None, parts: dict[str, tuple[float | None, float]]) -> Health:
    """``parts``: component name → (value, contribution); the others not scored."""
    return Health(
        score=score,
        components=tuple(
            Component(
                name=name,
                value=parts[name][0] if name in parts else None,
                weight=10.0,
                share=10.0,
                contribution=parts[name][1] if name in parts else 0.0,
                explanation="",
            )
            for name in COMPONENTS
        ),
    )


def test_it_lists_the_components_that_moved_the_score_largest_first() -> None:
    before = health(50.0, {"coverage": (40, 10.0), "nps": (60, 20.0), "freshness": (100, 20.0)})
    after = health(61.5, {"coverage": (80, 20.0), "nps": (67.5, 21.5), "freshness": (100, 20.0)})
    change = health_change(before, after)
    assert change.delta == 11.5
    assert [(c.name, c.delta) for c in change.components] == [("coverage", 10.0), ("nps", 1.5)]
    assert sum(c.delta for c in change.components) == change.delta
    assert change.explanation() == (
        "Health 50.0 → 61.5 (+11.5 points): Coverage of powerful stakeholders +10.0; "
        "NPS level +1.5."
    )


def test_a_component_scored_at_one_moment_only_counts_zero_at_the_other() -> None:
    before = health(40.0, {"coverage": (40, 40.0)})
    after = health(35.0, {"coverage": (20, 10.0), "champion": (100, 25.0)})
    change = health_change(before, after)
    by_name = {c.name: c for c in change.components}
    assert by_name["champion"].before is None
    assert by_name["champion"].delta == 25.0
    assert by_name["coverage"].delta == -30.0
    assert change.delta == -5.0
    # What entered comes first (it changed every other share), then the largest move
    # whatever its sign.
    assert [c.name for c in change.components] == ["champion", "coverage"]
    assert by_name["champion"].entered
    assert change.explanation() == (
        "Health 40.0 → 35.0 (-5.0 points): Champion present is scored now (100 of 100) and "
        "takes its share of the weight from the others; Coverage of powerful stakeholders "
        "-30.0."
    )


def test_a_component_scored_now_at_zero_is_named_though_it_adds_no_points() -> None:
    """Engagement scored at 0 adds nothing itself but shrinks every other share: without
    naming it the others would seem to have fallen on their own."""
    before = health(60.0, {"coverage": (60, 60.0)})
    after = health(48.0, {"coverage": (60, 48.0), "engagement": (0, 0.0)})
    change = health_change(before, after)
    assert [(c.name, c.delta) for c in change.components] == [
        ("engagement", 0.0),
        ("coverage", -12.0),
    ]
    assert change.components[0].entered
    assert not change.components[1].entered
    assert "Engagement against planned cadence is scored now (0 of 100)" in change.explanation()
    gone = health_change(after, before)
    assert gone.components[0].left
    assert "Engagement against planned cadence is no longer scored" in gone.explanation()


def test_it_says_so_when_a_moment_has_no_score() -> None:
    now = health(70.0, {"coverage": (70, 70.0)})
    assert health_change(None, now) == HealthChange(before=None, after=70.0, components=())
    assert health_change(None, now).delta is None
    assert "no score was kept for the earlier moment" in health_change(None, now).explanation()
    assert "no score can be computed" in health_change(now, None).explanation()
    assert health_change(None, None).explanation() == "No health score at either moment."


def test_an_unchanged_score_says_so() -> None:
    same = health(70.0, {"coverage": (70, 70.0)})
    change = health_change(same, same)
    assert change.delta == 0
    assert change.components == ()
    assert change.explanation() == "Health unchanged at 70.0."
