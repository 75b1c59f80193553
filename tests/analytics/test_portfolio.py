"""KAM portfolio matrix: weights, axis scores, placement, tiers and effort findings."""

from __future__ import annotations

import pytest

from relmap.analytics.portfolio import (
    DEFAULT_POLICIES,
    QUADRANT_LABELS,
    QUADRANT_POLICIES,
    QUADRANTS,
    TIERS,
    AccountEffort,
    Criterion,
    EffortFinding,
    EffortPolicy,
    PortfolioSettings,
    axis_score,
    effective_tier,
    effort_findings,
    place,
    quadrant_of,
    weight_problems,
    x_position,
)

CRITERIA = (
    Criterion(1, "attractiveness", "Size", 30),
    Criterion(2, "attractiveness", "Growth", 50),
    Criterion(3, "attractiveness", "Margin potential", 20),
    Criterion(4, "strength", "Share of wallet", 60),
    Criterion(5, "strength", "Relationship", 40),
)


# --- weights -----------------------------------------------------------------------


def test_weights_summing_to_100_on_each_axis_have_no_problems() -> None:
    assert weight_problems(CRITERIA) == []


def test_weights_not_adding_up_to_100_name_the_actual_sum() -> None:
    criteria = (
        Criterion(1, "attractiveness", "Size", 40),
        Criterion(2, "attractiveness", "Growth", 50),
        Criterion(4, "strength", "Share", 100),
    )
    assert weight_problems(criteria) == [
        "Attractiveness weights add up to 90 %; they must add up to 100 %."
    ]


def test_a_negative_weight_is_a_problem() -> None:
    criteria = (
        Criterion(1, "attractiveness", "Size", 105),
        Criterion(2, "attractiveness", "Growth", -5),
        Criterion(4, "strength", "Share", 100),
    )
    assert weight_problems(criteria) == ["Weight of 'Growth' is -5 %: weights cannot be negative."]


def test_an_axis_without_criteria_is_a_problem() -> None:
    problems = weight_problems((Criterion(1, "attractiveness", "Size", 100),))
    assert problems == ["Strength has no criteria; add at least one."]


def test_duplicate_names_on_one_axis_are_a_problem_but_not_across_axes() -> None:
    criteria = (
        Criterion(1, "attractiveness", "Fit", 50),
        Criterion(2, "attractiveness", " fit", 50),
        Criterion(3, "strength", "Fit", 100),
    )
    assert weight_problems(criteria) == [
        "Attractiveness has more than one criterion named 'fit'; names must be unique on an axis."
    ]


def test_weights_within_floating_point_tolerance_of_100_are_accepted() -> None:
    thirds = tuple(Criterion(i, "attractiveness", f"C{i}", 100 / 3) for i in range(3))
    assert weight_problems((*thirds, Criterion(9, "strength", "S", 100))) == []


# --- axis score ----------------------------------------------------------------------


def test_axis_score_is_the_weighted_mean_with_each_contribution_explained() -> None:
    score = axis_score("attractiveness", CRITERIA, {1: 8, 2: 6, 3: 5})
    # 8*0.3 + 6*0.5 + 5*0.2 = 2.4 + 3.0 + 1.0 = 6.4
    assert score.value == pytest.approx(6.4)
    assert (score.scored, score.total, score.missing) == (3, 3, ())
    assert "Size 8/10 \u00d7 30 % = 2.4" in score.explanation
    assert "Growth 6/10 \u00d7 50 % = 3" in score.explanation
    assert "Incomplete" not in score.explanation


def test_missing_scores_are_left_out_and_the_mean_renormalised_over_scored_weights() -> None:
    score = axis_score("attractiveness", CRITERIA, {1: 8, 3: 5})
    # (8*30 + 5*20) / (30 + 20) = 340 / 50 = 6.8, not (2.4 + 1.0) = 3.4
    assert score.value == pytest.approx(6.8)
    assert (score.scored, score.total, score.missing) == (2, 3, ("Growth",))
    assert "Incomplete: 2 of 3 criteria scored; not scored: Growth." in score.explanation
    assert "re-normalised" in score.explanation


def test_an_axis_with_no_score_has_no_value() -> None:
    score = axis_score("strength", CRITERIA, {1: 8})
    assert score.value is None
    assert score.missing == ("Share of wallet", "Relationship")


def test_a_score_outside_zero_to_ten_is_rejected() -> None:
    with pytest.raises(ValueError, match="scores run from 0 to 10"):
        axis_score("attractiveness", CRITERIA, {1: 11})


def test_an_unknown_axis_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown axis"):
        axis_score("power", CRITERIA, {})


# --- placement -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attractiveness", "strength", "expected"),
    [
        (5.0, 5.0, "strategic"),  # both exactly on the cut-off: high
        (9.0, 8.0, "strategic"),
        (7.0, 4.99, "star"),
        (4.99, 7.0, "status"),
        (2.0, 3.0, "streamline"),
    ],
)
def test_a_score_on_the_cut_off_counts_as_high(
    attractiveness: float, strength: float, expected: str
) -> None:
    assert quadrant_of(attractiveness, strength) == expected


def test_cut_offs_are_configurable() -> None:
    settings = PortfolioSettings(attractiveness_cutoff=7.0, strength_cutoff=3.0)
    assert quadrant_of(6.0, 4.0, settings) == "status"


def test_place_gives_quadrant_label_policy_and_explanation() -> None:
    # attractiveness 6.4 (see above); strength 7*0.6 + 2*0.4 = 4.2 + 0.8 = 5.0 -> high
    placement = place(42, CRITERIA, {1: 8, 2: 6, 3: 5, 4: 7, 5: 2})
    assert placement.account_id == 42
    assert placement.quadrant == "strategic"
    assert placement.label == "Strategic"
    assert placement.policy.startswith("Invest, grow")
    assert placement.complete is True
    assert placement.strength.value == pytest.approx(5.0)
    assert "strength 5/10 is high (on the cut-off" in placement.explanation


def test_a_low_strength_account_in_an_attractive_customer_is_a_star() -> None:
    placement = place(1, CRITERIA, {1: 8, 2: 6, 3: 5, 4: 3, 5: 2})
    assert (placement.quadrant, placement.label) == ("star", "Star")
    assert placement.policy.startswith("Invest to build position")


def test_an_account_missing_one_axis_is_not_yet_placed() -> None:
    placement = place(1, CRITERIA, {1: 8, 2: 6, 3: 5})
    assert placement.quadrant is None
    assert placement.label == "Not yet placed"
    assert placement.complete is False
    assert "strength has no score yet" in placement.explanation


def test_a_partly_scored_account_is_placed_but_not_complete() -> None:
    placement = place(1, CRITERIA, {1: 2, 4: 9})
    assert placement.quadrant == "status"
    assert placement.complete is False
    assert "provisional" in placement.explanation


def test_every_quadrant_has_a_label_and_a_policy_from_the_framework() -> None:
    assert set(QUADRANT_LABELS) == set(QUADRANTS) == set(QUADRANT_POLICIES)
    assert [QUADRANT_POLICIES[q].split(":")[0] for q in QUADRANTS] == [
        "Invest, grow",
        "Invest to build position",
        "Maintain",
        "Manage for profit, cut cost to serve",
    ]


@pytest.mark.parametrize(
    ("left", "strength", "fraction"),
    [(True, 10.0, 0.0), (True, 2.5, 0.75), (False, 2.5, 0.25), (False, 12.0, 1.0)],
)
def test_x_position_puts_high_strength_on_the_left_when_asked(
    left: bool, strength: float, fraction: float
) -> None:
    settings = PortfolioSettings(high_strength_left=left)
    assert settings.x_position(strength) == pytest.approx(fraction)
    assert x_position(strength, settings) == pytest.approx(fraction)


def test_orientation_does_not_change_the_quadrant() -> None:
    scores = {1: 8, 2: 6, 3: 5, 4: 3, 5: 2}
    left = place(1, CRITERIA, scores, PortfolioSettings(high_strength_left=True))
    right = place(1, CRITERIA, scores, PortfolioSettings(high_strength_left=False))
    assert left.quadrant == right.quadrant == "star"


def test_a_cut_off_outside_the_scale_is_rejected() -> None:
    with pytest.raises(ValueError, match="attractiveness_cutoff"):
        PortfolioSettings(attractiveness_cutoff=11)


# --- tiers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quadrant", "override", "tier"),
    [
        ("star", None, "star"),
        ("star", "", "star"),
        ("star", "strategic", "strategic"),
        (None, "status", "status"),
        (None, None, None),
    ],
)
def test_an_override_wins_over_the_quadrant(
    quadrant: str | None, override: str | None, tier: str | None
) -> None:
    assert effective_tier(quadrant, override) == tier


def test_an_unknown_tier_override_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown tier"):
        effective_tier("star", "gold")


def test_default_policies_give_more_effort_to_higher_tiers() -> None:
    assert tuple(DEFAULT_POLICIES) == TIERS
    strategic, star, status, streamline = (DEFAULT_POLICIES[t] for t in TIERS)
    assert (strategic.touchpoint_cadence_days, strategic.review_cadence_days) == (14, 90)
    assert (strategic.coverage_depth, strategic.min_team_size) == ("trusted_advisor", 4)
    assert (streamline.touchpoint_cadence_days, streamline.min_team_size) == (90, 1)
    cadences = [p.touchpoint_cadence_days for p in (strategic, star, status, streamline)]
    assert cadences == sorted(cadences)


# --- effort findings -----------------------------------------------------------------


def _account(
    account_id: int,
    tier: str | None,
    team: int,
    *,
    depth: str | None = "trusted_advisor",
    touch: int | None = None,
    review: int | None = 10,
) -> AccountEffort:
    return AccountEffort(account_id, f"Acc{account_id}", tier, team, team, depth, touch, review)


def _kinds(findings: list[EffortFinding]) -> list[tuple[str, tuple[int, ...]]]:
    return [(f.kind, f.account_ids) for f in findings]


def test_a_well_served_portfolio_has_no_findings() -> None:
    accounts = [
        _account(1, "strategic", 5, touch=8),
        _account(2, "star", 3, depth="problem_solver", touch=5),
        _account(3, "status", 2, depth="credible_source", touch=2),
        _account(4, "streamline", 1, depth="vendor", touch=1),
    ]
    assert effort_findings(accounts) == []


def test_a_small_team_makes_a_strategic_account_under_served() -> None:
    findings = effort_findings([_account(1, "strategic", 2)])
    assert _kinds(findings) == [("under_served", (1,))]
    assert findings[0].severity == "high"
    assert "2 people where the policy asks for at least 4" in findings[0].explanation


def test_touchpoints_below_the_cadence_make_an_account_under_served() -> None:
    # a 21-day cadence means 90 // 21 = 4 touchpoints in 90 days
    ok = effort_findings([_account(1, "star", 3, depth="problem_solver", touch=4)])
    low = effort_findings([_account(1, "star", 3, depth="problem_solver", touch=3)])
    assert ok == []
    assert _kinds(low) == [("under_served", (1,))]
    assert "3 touchpoints in the last 90 days" in low[0].explanation
    assert "at least 4" in low[0].explanation


def test_untracked_touchpoints_are_not_counted_as_zero() -> None:
    assert effort_findings([_account(1, "star", 3, depth="problem_solver", touch=None)]) == []


def test_shallow_or_missing_coverage_makes_an_account_under_served() -> None:
    shallow = effort_findings([_account(1, "strategic", 4, depth="problem_solver")])
    none = effort_findings([_account(2, "status", 2, depth=None)])
    assert _kinds(shallow) == [("under_served", (1,))]
    assert "problem solver where the policy aims for trusted advisor" in shallow[0].explanation
    assert _kinds(none) == [("under_served", (2,))]
    assert none[0].severity == "low"


def test_a_streamline_account_with_more_than_the_strategic_median_is_over_served() -> None:
    accounts = [
        _account(1, "strategic", 4, touch=6),
        _account(2, "strategic", 6, touch=10),
        _account(3, "streamline", 6, depth="vendor", touch=1),  # median strategic team is 5
        _account(4, "streamline", 5, depth="vendor", touch=1),  # equal to median: fine
    ]
    findings = effort_findings(accounts)
    assert ("over_served", (3,)) in _kinds(findings)
    assert ("over_served", (4,)) not in _kinds(findings)
    over = next(f for f in findings if f.kind == "over_served")
    assert "team of 6 is larger than the median strategic account's team of 5" in (over.explanation)


def test_over_served_needs_a_strategic_account_to_compare_with() -> None:
    accounts = [_account(3, "streamline", 9, depth="vendor"), _account(4, "status", 9)]
    assert "over_served" not in [f.kind for f in effort_findings(accounts)]


def test_equal_team_sizes_across_tiers_is_flat_effort_citing_the_common_mistake() -> None:
    accounts = [
        _account(1, "strategic", 4),
        _account(2, "status", 4, depth="credible_source"),
        _account(3, "streamline", 4, depth="vendor"),
    ]
    findings = effort_findings(accounts)
    flat = [f for f in findings if f.kind == "flat_effort"]
    assert len(flat) == 1
    assert flat[0].account_ids == (1, 2, 3)
    assert flat[0].severity == "high"
    assert "same team size (4)" in flat[0].explanation
    assert "Treating all accounts equally" in flat[0].explanation
    assert findings[0].kind == "flat_effort"  # high severity, first kind


def test_strategic_teams_not_bigger_than_streamline_teams_is_flat_effort() -> None:
    accounts = [
        _account(1, "strategic", 4),
        _account(2, "strategic", 5),
        _account(3, "streamline", 6, depth="vendor"),
        _account(4, "streamline", 3, depth="vendor"),
    ]
    flat = [f for f in effort_findings(accounts) if f.kind == "flat_effort"]
    assert len(flat) == 1
    # means: strategic 4.5, streamline 4.5
    assert "Strategic accounts (4.5) is not above that of Streamline accounts (4.5)" in (
        flat[0].explanation
    )


def test_one_tier_only_is_not_flat_effort() -> None:
    accounts = [_account(1, "strategic", 4), _account(2, "strategic", 4)]
    assert effort_findings(accounts) == []


def test_a_review_older_than_the_cadence_is_overdue() -> None:
    on_time = effort_findings([_account(1, "strategic", 4, review=90)])
    late = effort_findings([_account(1, "strategic", 4, review=91)])
    very_late = effort_findings([_account(1, "strategic", 4, review=181)])
    assert on_time == []
    assert _kinds(late) == [("review_overdue", (1,))]
    assert late[0].severity == "medium"
    assert "91 days ago" in late[0].explanation
    assert "(1 days overdue)" in late[0].explanation
    assert very_late[0].severity == "high"


def test_an_account_never_reviewed_is_overdue() -> None:
    findings = effort_findings([_account(1, "strategic", 4, review=None)])
    assert _kinds(findings) == [("review_overdue", (1,))]
    assert "never been reviewed" in findings[0].explanation


def test_unplaced_accounts_are_skipped() -> None:
    assert effort_findings([_account(1, None, 0, depth=None, review=None)]) == []


def test_custom_policies_replace_the_defaults() -> None:
    policies = {"strategic": EffortPolicy("strategic", 30, 365, "vendor", 1)}
    assert effort_findings([_account(1, "strategic", 1, depth="vendor", touch=3)], policies) == []


def test_findings_are_sorted_by_severity_then_kind() -> None:
    accounts = [
        _account(1, "status", 2, depth="credible_source", review=200),  # overdue, medium
        _account(2, "strategic", 3),  # under served (3 < 4), high
    ]
    assert _kinds(effort_findings(accounts)) == [
        ("under_served", (2,)),
        ("review_overdue", (1,)),
    ]


def test_an_effort_policy_with_an_unknown_depth_is_rejected() -> None:
    with pytest.raises(ValueError, match="coverage depth"):
        EffortPolicy("strategic", 14, 90, "best_friend", 4)


def test_weight_problems_can_check_one_axis_alone() -> None:
    from relmap.analytics.portfolio import Criterion, weight_problems

    only = [Criterion(1, "strength", "Fit", 100.0)]
    assert weight_problems(only, axes=("strength",)) == []
    assert any("no criteria" in p for p in weight_problems(only))
