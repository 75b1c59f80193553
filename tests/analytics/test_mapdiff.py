"""The map between two moments: joined and left, role and title changes, rating shifts
with their direction, ties and coverage gained, lost and changed."""

from __future__ import annotations

from relmap.analytics import mapdiff as m


def person(pk: int, name: str, **kw: object) -> m.Person:
    return m.Person(id=pk, name=name, side=str(kw.pop("side", "customer")), **kw)  # type: ignore[arg-type]


BEFORE = m.MapState(
    people={
        1: person(1, "Ann", title="CFO", power=5, interest=3, attitude=-1, trust=2),
        2: person(2, "Bob", title="Controller", power=2, interest=2),
        3: person(3, "Cat", title="CIO"),
        9: person(9, "Uma", side="internal"),
    },
    ties={(2, 1, "reports_to"): None, (3, 1, "influences"): 3},
    coverage={(9, 1): m.CoverageLink("vendor", 2), (9, 3): m.CoverageLink("problem_solver")},
)
AFTER = m.MapState(
    people={
        1: person(1, "Ann", title="CFO", power=5, interest=5, attitude=1, trust=2),
        2: person(
            2, "Bob", title="Head of Finance Ops", roles=("influencer",), power=2, interest=2
        ),
        3: person(3, "Cat", title="CIO", status="left"),
        4: person(4, "Dee", title="COO"),
        9: person(9, "Uma", side="internal"),
    },
    ties={(2, 1, "reports_to"): None, (4, 1, "allied_with"): 4},
    coverage={(9, 1): m.CoverageLink("trusted_advisor", 4), (9, 4): m.CoverageLink("vendor")},
)


def test_everything_that_changed_is_found() -> None:
    d = m.diff(BEFORE, AFTER)
    assert [p.name for p in d.joined] == ["Dee"]
    assert [p.name for p in d.left] == ["Cat"]
    assert [(c.name, c.what) for c in d.changes] == [("Bob", "title"), ("Bob", "roles")]
    assert [(s.name, s.rating, s.direction) for s in d.shifts] == [
        ("Ann", "attitude", "up"),
        ("Ann", "interest", "up"),
    ]
    assert d.ties_gained == [(4, 1, "allied_with")]
    assert d.ties_lost == [(3, 1, "influences")]
    assert d.coverage_gained == [(9, 4)]
    assert d.coverage_lost == [(9, 3)]
    assert d.coverage_changed == [((9, 1), "vendor", "trusted_advisor")]


def test_the_diff_reads_as_sentences() -> None:
    assert m.diff(BEFORE, AFTER).lines() == [
        "Joined: Dee, COO",
        "Left: Cat, CIO",
        "Bob: title Controller → Head of Finance Ops",
        "Bob: roles none → influencer",
        "Ann: attitude -1 → +1",
        "Ann: interest 3 → 5",
        "Tie gained: Dee allied with Ann",
        "Tie lost: Cat influences Ann",
        "Coverage gained: Uma covers Dee",
        "Coverage lost: Uma no longer covers Cat",
        "Coverage deepened: Uma covers Ann, vendor → trusted_advisor",
    ]


def test_a_person_removed_from_the_map_has_left_and_the_same_map_is_no_change() -> None:
    gone = m.MapState(people={k: v for k, v in BEFORE.people.items() if k != 2})
    d = m.diff(BEFORE, gone)
    assert [p.name for p in d.left] == ["Bob"]
    assert m.diff(AFTER, AFTER).empty
    assert m.diff(AFTER, AFTER).lines() == ["Nothing changed on the map."]


def test_an_unknown_rating_becoming_known_is_new() -> None:
    d = m.diff(
        BEFORE,
        m.MapState(
            people={
                **BEFORE.people,
                2: person(2, "Bob", title="Controller", power=2, interest=2, attitude=0),
            }
        ),
    )
    (shift,) = d.shifts
    assert shift.direction == "new"
    assert shift.text() == "Bob: attitude unknown → +0"


def test_a_state_survives_its_json() -> None:
    again = m.state_from_json(AFTER.to_json())
    assert m.diff(AFTER, again).empty
    assert again == AFTER
