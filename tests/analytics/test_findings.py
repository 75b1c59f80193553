"""Findings: one hand-checked map per rule, including values on each threshold."""

from __future__ import annotations

import pytest

from relmap.analytics import (
    AccountMap,
    AnalysisConfig,
    CoverageLink,
    Finding,
    Link,
    MapAnalysis,
    Person,
    analyse,
)

FULL_SEATS = frozenset({"economic_buyer", "decision_maker", "technical_evaluator", "user"})


def seated(*people: Person) -> tuple[Person, ...]:
    """The given people plus a known, covered, happy buyer filling every seat."""
    buyer = Person(
        900,
        "Seat Filler",
        roles=FULL_SEATS | {"champion"},
        power=3,
        attitude=1,
        trust=4,
    )
    return (buyer, *people)


def findings(account_map: AccountMap, kind: str, **config: object) -> tuple[Finding, ...]:
    analysis: MapAnalysis = analyse(account_map, AnalysisConfig(**config))  # type: ignore[arg-type]
    return analysis.findings_of_kind(kind)


# --- informal influencer ---------------------------------------------------------


def hub_map(hub_power: int, side: str = "customer") -> AccountMap:
    crowd = (
        Person(1, "Hub", side=side, title="Analyst", power=hub_power, attitude=1),
        Person(2, "A", power=5),
        Person(3, "B", power=5),
    )
    ties = (Link(1, 2, "advises"), Link(1, 3, "advises"))
    return AccountMap(people=crowd, ties=ties)


def test_a_central_person_with_a_modest_title_is_an_informal_influencer() -> None:
    (finding,) = findings(hub_map(hub_power=1), "informal_influencer")
    assert finding.people == (1,)
    assert "Hub (Analyst)" in finding.explanation
    assert "100/100 on network position" in finding.explanation


def test_a_gap_exactly_on_the_threshold_counts() -> None:
    # Power 4 -> formal 75; network 100; gap 25.
    assert findings(hub_map(hub_power=4), "informal_influencer", informal_gap=25.0)
    assert not findings(hub_map(hub_power=4), "informal_influencer", informal_gap=25.5)


def test_our_own_people_are_not_reported_as_informal_influencers() -> None:
    assert not findings(hub_map(hub_power=1, side="internal"), "informal_influencer")


def test_a_central_person_with_formal_power_to_match_is_not_an_informal_influencer() -> None:
    assert not findings(hub_map(hub_power=5), "informal_influencer")


# --- champion and blocker --------------------------------------------------------


def test_attitude_plus_two_or_the_champion_role_makes_a_champion() -> None:
    crowd = (
        Person(1, "Fan", attitude=2),
        Person(2, "Coach", roles=frozenset({"champion"})),
        Person(3, "Moved", attitude=2, status="changed_role"),
        Person(4, "Friendly", attitude=1),
        Person(5, "Our own rep", side="internal", attitude=2),
    )
    found = findings(AccountMap(people=crowd), "champion")
    # Our own people are on our side by definition: a champion is one of theirs.
    assert sorted(f.people for f in found) == [(1,), (2,)]
    assert all(f.severity == "low" for f in found)


def test_a_powerful_blocker_is_high_severity_a_weak_one_medium() -> None:
    crowd = (
        Person(1, "Opponent", attitude=-2, power=5),
        Person(2, "Gate", roles=frozenset({"blocker"}), power=2),
        Person(3, "Sceptic", attitude=-1, power=5),
        Person(4, "Gone", attitude=-2, status="left"),
    )
    found = {f.people: f.severity for f in findings(AccountMap(people=crowd), "blocker")}
    assert found == {(1,): "high", (2,): "medium"}


# --- unknowns ----------------------------------------------------------------------


def test_powerful_people_with_unknown_attitude_or_trust_are_findings() -> None:
    crowd = (
        Person(1, "Unread", power=4, attitude=None, trust=3),
        Person(2, "Untrusted", power=5, attitude=1, trust=None),
        Person(3, "Minor", power=3, attitude=None, trust=None),
        Person(4, "Ours", side="internal", power=5),
        Person(5, "Known", power=5, attitude=0, trust=3),
    )
    found = {f.people: f for f in findings(AccountMap(people=crowd), "unknown")}
    assert set(found) == {(1,), (2,)}
    assert found[(1,)].severity == "high"
    assert found[(1,)].title == "Attitude of Unread unknown"
    assert found[(2,)].severity == "medium"
    assert found[(2,)].title == "Trust in us of Untrusted unknown"


def test_power_exactly_at_the_powerful_threshold_counts() -> None:
    crowd = (Person(1, "Edge", power=4),)
    assert findings(AccountMap(people=crowd), "unknown", powerful=4)
    assert not findings(AccountMap(people=crowd), "unknown", powerful=5)


# --- empty seats -------------------------------------------------------------------


def test_each_missing_buying_seat_is_one_finding() -> None:
    crowd = (
        Person(1, "Buyer", roles=frozenset({"economic_buyer"})),
        Person(2, "Our user", side="internal", roles=frozenset({"user"})),
    )
    found = {f.title: f.severity for f in findings(AccountMap(people=crowd), "empty_seat")}
    assert found == {
        "No champion (coach) identified": "high",
        "No decision maker identified": "medium",
        "No technical evaluator identified": "medium",
        "No user identified": "medium",
    }


def test_a_seat_held_only_by_someone_who_moved_on_is_empty_and_names_them() -> None:
    crowd = (
        Person(900, "Seat Filler", roles=FULL_SEATS - {"economic_buyer"}, attitude=2),
        Person(1, "Old Buyer", roles=frozenset({"economic_buyer"}), status="left"),
    )
    (finding,) = findings(AccountMap(people=crowd), "empty_seat")
    assert finding.title == "No economic buyer identified"
    assert finding.severity == "high"
    assert finding.people == (1,)
    assert "Old Buyer held it" in finding.explanation


def test_a_full_set_of_seats_has_no_empty_seat() -> None:
    assert not findings(AccountMap(people=seated()), "empty_seat")


# --- coverage ----------------------------------------------------------------------


def coverage_map(*links: CoverageLink, power: int = 4) -> AccountMap:
    crowd = (
        Person(1, "Big", power=power, attitude=1, trust=3),
        Person(10, "Anna", side="internal", seniority="senior"),
        Person(11, "Ben", side="internal", seniority="mid"),
        Person(12, "Gone", side="internal", status="left"),
    )
    return AccountMap(people=seated(*crowd), coverage=links)


def test_a_powerful_stakeholder_nobody_covers_is_a_finding() -> None:
    (finding,) = findings(coverage_map(), "uncovered_stakeholder")
    assert finding.people == (1,)
    assert finding.severity == "high"
    assert not findings(coverage_map(power=3), "uncovered_stakeholder")


def test_coverage_by_someone_who_left_does_not_count() -> None:
    account_map = coverage_map(CoverageLink(12, 1, "trusted_advisor", strength=5))
    assert findings(account_map, "uncovered_stakeholder")
    (left,) = findings(account_map, "left_role")
    assert left.people == (12, 1)


@pytest.mark.parametrize(
    ("links", "weak"),
    [
        ((CoverageLink(10, 1, "problem_solver", strength=2),), True),  # on the limit
        ((CoverageLink(10, 1, "vendor", strength=5),), True),  # vendor depth
        ((CoverageLink(10, 1, "credible_source", strength=3),), False),
        (
            (
                CoverageLink(10, 1, "vendor", strength=1),
                CoverageLink(11, 1, "trusted_advisor", strength=4),
            ),
            False,
        ),
    ],
)
def test_weak_coverage_means_every_link_is_weak_or_vendor_depth(
    links: tuple[CoverageLink, ...], weak: bool
) -> None:
    found = findings(coverage_map(*links), "weak_coverage")
    assert bool(found) is weak
    if weak:
        assert found[0].people[0] == 1
        assert not findings(coverage_map(*links), "uncovered_stakeholder")


def test_one_of_our_people_covering_everything_is_single_threaded() -> None:
    account_map = coverage_map(CoverageLink(10, 1, "trusted_advisor", strength=5))
    (finding,) = findings(account_map, "single_threaded")
    assert finding.severity == "high"
    assert finding.people == (10,)
    assert "only Anna covers" in finding.title
    assert "Diamond index 0.00" in finding.explanation


def test_holding_more_than_half_the_powerful_relationships_is_dependence() -> None:
    crowd = (
        Person(1, "P1", power=4, attitude=1, trust=3),
        Person(2, "P2", power=4, attitude=1, trust=3),
        Person(3, "P3", power=5, attitude=1, trust=3),
        Person(4, "Minor", power=2),
        Person(10, "Anna", side="internal"),
        Person(11, "Ben", side="internal"),
    )
    dominated = (
        CoverageLink(10, 1, strength=4),
        CoverageLink(10, 2, strength=4),
        CoverageLink(11, 3, strength=4),
        CoverageLink(11, 4, strength=4),  # not powerful: does not count
    )
    (finding,) = findings(AccountMap(people=seated(*crowd), coverage=dominated), "single_threaded")
    assert finding.severity == "medium"
    assert finding.people == (10,)
    assert "2 of the 3 relationships" in finding.explanation
    # With power 3 counting as powerful, Anna and Ben hold 2 of 4 each: exactly half
    # is not more than half.
    balanced = (
        CoverageLink(10, 1, strength=4),
        CoverageLink(10, 2, strength=4),
        CoverageLink(11, 3, strength=4),
        CoverageLink(11, 900, strength=4),  # the seat filler has power 3
    )
    account_map = AccountMap(people=seated(*crowd), coverage=balanced)
    assert not findings(account_map, "single_threaded", powerful=3)


def test_a_decision_maker_covered_only_by_mid_or_junior_people_is_a_finding() -> None:
    crowd = (
        Person(1, "Decider", roles=frozenset({"decision_maker"}), power=3),
        Person(10, "Mia", side="internal", seniority="mid"),
        Person(11, "Jo", side="internal", seniority="junior"),
        Person(12, "Sam", side="internal", seniority="senior"),
        Person(13, "Unrated", side="internal"),
    )
    juniors = (CoverageLink(10, 1), CoverageLink(11, 1))
    (finding,) = findings(AccountMap(people=crowd, coverage=juniors), "junior_coverage")
    assert finding.people == (1, 10, 11)
    assert "Mia (mid) and Jo (junior)" in finding.explanation
    with_senior = (*juniors, CoverageLink(12, 1))
    assert not findings(AccountMap(people=crowd, coverage=with_senior), "junior_coverage")
    unrated = (CoverageLink(13, 1),)
    assert not findings(AccountMap(people=crowd, coverage=unrated), "junior_coverage")


def test_people_who_left_or_moved_but_keep_roles_are_findings() -> None:
    crowd = (
        Person(1, "Ex Buyer", roles=frozenset({"economic_buyer"}), status="left"),
        Person(2, "Moved User", roles=frozenset({"user"}), status="changed_role"),
        Person(3, "Quietly Gone", status="left"),
    )
    found = {f.people: f.severity for f in findings(AccountMap(people=crowd), "left_role")}
    assert found == {(1,): "high", (2,): "low"}


# --- ordering and diamond ---------------------------------------------------------


def test_findings_are_sorted_by_severity_then_kind() -> None:
    crowd = (
        Person(1, "Opponent", attitude=-2, power=5),
        Person(2, "Fan", attitude=2, power=2, trust=3),
    )
    analysis = analyse(AccountMap(people=crowd))
    order = {"high": 0, "medium": 1, "low": 2}
    keys = [(order[f.severity], f.kind) for f in analysis.findings]
    assert keys == sorted(keys)
    assert analysis.findings[-1].kind == "champion"


def test_a_bow_tie_scores_zero_and_zippered_peers_score_higher() -> None:
    ours = (
        Person(10, "Kam", side="internal", department="Sales"),
        Person(11, "Eng", side="internal", department="Product"),
    )
    theirs = (
        Person(1, "Buyer", department="Procurement"),
        Person(2, "Architect", department="IT"),
    )
    bow_tie = analyse(
        AccountMap(people=(*ours, *theirs), coverage=(CoverageLink(10, 1, strength=5),))
    )
    assert bow_tie.diamond_index == 0.0
    diamond = analyse(
        AccountMap(
            people=(*ours, *theirs),
            coverage=(CoverageLink(10, 1, strength=5), CoverageLink(11, 2, strength=5)),
        )
    )
    # Every function on both sides takes part (breadth 1); two people, equal share.
    assert diamond.diamond_index == pytest.approx(0.5)
