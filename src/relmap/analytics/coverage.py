"""Who on our side covers whom, and how diamond-shaped that coverage is.

Bow-tie vs diamond (FRAMEWORKS.md): a bow-tie runs every conversation through one seller
and one buyer; a diamond has functional peers on both sides talking directly. The
diamond index below measures that; docs/algorithms/findings.md gives the reasoning.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from relmap.analytics.types import COVERAGE_DEPTHS, AccountMap, CoverageLink, Person

UNNAMED_DEPARTMENT = "(no department)"
# A computed relationship with no coverage row counts as a thread from this score
# (relmap.analytics.strength.ACTIVE_SCORE; docs/algorithms/strength.md).
ACTIVE_COMPUTED_SCORE = 20.0


def computed_threads(
    people: Mapping[int, Person], account_map: AccountMap, links: list[CoverageLink]
) -> list[CoverageLink]:
    """Pairs with computed strength >= :data:`ACTIVE_COMPUTED_SCORE` and no active
    coverage link, as coverage links (current people, ours to theirs); empty when the map
    carries no computed strength."""
    covered = {(link.internal, link.external) for link in links}
    found: list[CoverageLink] = []
    for item in account_map.strengths:
        key = (item.internal, item.external)
        if key in covered or item.score < ACTIVE_COMPUTED_SCORE:
            continue
        ours = people.get(item.internal)
        theirs = people.get(item.external)
        if ours is None or theirs is None or not ours.is_internal or theirs.is_internal:
            continue
        if ours.status == "left" or theirs.status == "left":
            continue
        covered.add(key)
        found.append(CoverageLink(item.internal, item.external, computed=item.score))
    return found


def active_coverage(
    people: Mapping[int, Person], coverage: tuple[CoverageLink, ...]
) -> list[CoverageLink]:
    """Coverage links that count: one of our current people covers a current outsider.

    "Ours" means ``side == "internal"``; "current" means status is not ``"left"``.
    Links naming unknown people, internal-to-internal links and links touching people
    who left are dropped (people who left are reported by the ``left_role`` finding).
    When a pair is linked twice, the stronger link (strength, then depth) is kept.
    """
    best: dict[tuple[int, int], CoverageLink] = {}
    for link in coverage:
        ours = people.get(link.internal)
        theirs = people.get(link.external)
        if ours is None or theirs is None:
            continue
        if not ours.is_internal or theirs.is_internal:
            continue
        if ours.status == "left" or theirs.status == "left":
            continue
        key = (link.internal, link.external)
        kept = best.get(key)
        if kept is None or _coverage_rank(link) > _coverage_rank(kept):
            best[key] = link
    return list(best.values())


def _coverage_rank(link: CoverageLink) -> tuple[int, int]:
    depth = (
        COVERAGE_DEPTHS.index(link.current_depth) if link.current_depth in COVERAGE_DEPTHS else -1
    )
    return link.strength, depth


def _department(person: Person) -> str:
    name = person.department.strip().casefold()
    return name or UNNAMED_DEPARTMENT


@dataclass(frozen=True, slots=True)
class DiamondMeasure:
    """The diamond index and the counts behind it.

    - ``pairs``: distinct (our department, their department) pairs joined by at least
      one active coverage link (the count FRAMEWORKS.md asks for);
    - ``our_departments`` / ``their_departments``: departments of the current people on
      each side (a blank department counts as one unnamed department per side);
      ``our_engaged`` / ``their_reached``: how many of those take part in a pair;
    - ``breadth = (our_engaged / our_departments) * (their_reached / their_departments)``:
      1 when every function on both sides has a counterpart, as in a zippered diamond;
    - ``balance = 1 - sum(share_i ** 2)``, one minus the Herfindahl-Hirschman index of
      the active coverage links held by each of our people: the chance that two links
      picked at random are held by different people of ours (0 when one person holds
      them all);
    - ``index = breadth * balance``, 0 (bow-tie) .. 1 (diamond).
    - ``links_by_person``: (our person id, active coverage links held), most first.
    """

    index: float
    pairs: int
    our_departments: int
    their_departments: int
    our_engaged: int
    their_reached: int
    breadth: float
    balance: float
    links_by_person: tuple[tuple[int, int], ...]


def diamond(account_map: AccountMap, links: list[CoverageLink] | None = None) -> DiamondMeasure:
    """Measure how diamond-shaped an account's coverage is (0 bow-tie .. 1 diamond).

    Formula: ``index = breadth * balance`` as defined on :class:`DiamondMeasure`, over
    the active coverage links (``links`` if given, else :func:`active_coverage`).
    Source: FRAMEWORKS.md "Relationship structure: bow-tie vs diamond" (count distinct
    function pairs; warn on dependence on one of our own people); the balance term is
    one minus the Herfindahl-Hirschman concentration index (Hirschman 1964), also known
    as Simpson's diversity.

    When the map carries computed strength (``account_map.strengths``), pairs with a
    computed score of at least :data:`ACTIVE_COMPUTED_SCORE` count as threads too, even
    with no coverage row (:func:`computed_threads`); with none, nothing changes.
    """
    people = {person.id: person for person in account_map.people}
    if links is None:
        links = active_coverage(people, account_map.coverage)
    if account_map.strengths:
        links = links + computed_threads(people, account_map, links)
    current = [person for person in account_map.people if person.status != "left"]
    ours = {_department(p) for p in current if p.is_internal}
    theirs = {_department(p) for p in current if not p.is_internal}
    pairs = {(_department(people[c.internal]), _department(people[c.external])) for c in links}
    engaged = {our for our, _ in pairs}
    reached = {their for _, their in pairs}
    held: dict[int, int] = {}
    for link in links:
        held[link.internal] = held.get(link.internal, 0) + 1
    total = sum(held.values())
    # Any pair implies people on both sides, so the denominators are not zero.
    breadth = len(engaged) / len(ours) * len(reached) / len(theirs) if pairs else 0.0
    balance = 1.0 - sum((count / total) ** 2 for count in held.values()) if total else 0.0
    ranked = tuple(sorted(held.items(), key=lambda item: (-item[1], item[0])))
    return DiamondMeasure(
        index=breadth * balance,
        pairs=len(pairs),
        our_departments=len(ours),
        their_departments=len(theirs),
        our_engaged=len(engaged),
        their_reached=len(reached),
        breadth=breadth,
        balance=balance,
        links_by_person=ranked,
    )
