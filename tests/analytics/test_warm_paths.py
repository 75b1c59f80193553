"""Warm paths: strongest chain of known relationships from our team to a target."""

from __future__ import annotations

import math

import pytest

from relmap.analytics import AccountMap, CoverageLink, Link, Person, warm_path, warm_paths

ANNA, BOB, CAROL, DAVE, ERIN = 10, 1, 2, 3, 11


def crowd(*extra: Person) -> tuple[Person, ...]:
    return (
        Person(ANNA, "Anna", side="internal"),
        Person(ERIN, "Erin", side="internal"),
        Person(BOB, "Bob"),
        Person(CAROL, "Carol"),
        Person(DAVE, "Dave"),
        *extra,
    )


def test_it_prefers_a_strong_two_hop_chain_over_a_weak_direct_link() -> None:
    account_map = AccountMap(
        people=crowd(),
        ties=(Link(BOB, CAROL, "advises", strength=4),),
        coverage=(
            CoverageLink(ANNA, BOB, "trusted_advisor", strength=5),
            CoverageLink(ERIN, CAROL, "vendor", strength=1),
        ),
    )
    path = warm_path(account_map, CAROL)
    assert path is not None
    assert path.people == (ANNA, BOB, CAROL)
    assert path.strength == pytest.approx(1.0 * 0.8)
    assert "Anna (ours) knows Bob very well (coverage, trusted advisor, strength 5)" in (
        path.explanation
    )
    assert "Bob advises Carol (strength 4)" in path.explanation


def test_a_direct_link_wins_when_it_is_at_least_as_strong() -> None:
    account_map = AccountMap(
        people=crowd(),
        ties=(Link(BOB, CAROL, "advises", strength=5),),
        coverage=(CoverageLink(ANNA, BOB, strength=5), CoverageLink(ERIN, CAROL, strength=5)),
    )
    path = warm_path(account_map, CAROL)
    assert path is not None
    assert path.people == (ERIN, CAROL)  # equally strong, fewer hops
    assert path.strength == 1.0


def test_ties_are_followed_against_their_direction() -> None:
    account_map = AccountMap(
        people=crowd(),
        ties=(Link(CAROL, BOB, "reports_to", strength=3),),
        coverage=(CoverageLink(ANNA, BOB, strength=5),),
    )
    path = warm_path(account_map, CAROL)
    assert path is not None
    assert path.people == (ANNA, BOB, CAROL)
    assert "Carol reports to Bob (strength 3)" in path.explanation


def test_conflict_is_not_a_way_in() -> None:
    account_map = AccountMap(
        people=crowd(),
        ties=(Link(BOB, CAROL, "in_conflict_with", strength=5),),
        coverage=(CoverageLink(ANNA, BOB, strength=5),),
    )
    assert warm_path(account_map, CAROL) is None


def test_an_unreachable_target_has_no_path() -> None:
    account_map = AccountMap(people=crowd(), coverage=(CoverageLink(ANNA, BOB, strength=5),))
    assert warm_path(account_map, DAVE) is None


def test_people_who_left_do_not_carry_a_path() -> None:
    gone = Person(4, "Gone", status="left")
    account_map = AccountMap(
        people=crowd(gone),
        ties=(Link(4, DAVE, "allied_with", strength=5),),
        coverage=(CoverageLink(ANNA, 4, strength=5),),
    )
    assert warm_path(account_map, DAVE) is None
    assert warm_path(account_map, 4) is None


def test_one_of_ours_is_a_path_of_one() -> None:
    path = warm_path(AccountMap(people=crowd()), ANNA)
    assert path is not None
    assert path.people == (ANNA,)
    assert path.strength == 1.0


def test_strength_is_the_product_of_link_strengths_out_of_five() -> None:
    account_map = AccountMap(
        people=crowd(),
        ties=(Link(BOB, CAROL, "allied_with", 3), Link(DAVE, CAROL, "influences", 2)),
        coverage=(CoverageLink(ANNA, BOB, strength=4),),
    )
    path = warm_path(account_map, DAVE)
    assert path is not None
    assert path.people == (ANNA, BOB, CAROL, DAVE)
    assert math.isclose(path.strength, 0.8 * 0.6 * 0.4)
    assert "Dave influences Carol" in path.explanation


def test_the_batch_form_gives_the_same_paths() -> None:
    account_map = AccountMap(
        people=crowd(),
        ties=(Link(BOB, CAROL, "advises", strength=4),),
        coverage=(CoverageLink(ANNA, BOB, strength=5),),
    )
    batch = warm_paths(account_map, [CAROL, DAVE])
    assert batch == {CAROL: warm_path(account_map, CAROL), DAVE: None}
