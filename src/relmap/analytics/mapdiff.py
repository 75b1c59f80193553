"""What changed on an account's map between two moments.

A :class:`MapState` is the map at one moment: its people (with the attributes the map
is read by: side, title, department, roles, status, and the four ratings power,
interest, attitude and trust), its ties and its coverage. :func:`diff` compares two and
says, in order of what a reviewer asks first:

- who **joined** (new on the map, or back to active) and who **left** (removed, or now
  marked as left);
- **role and title changes** (title, department, buying roles, side);
- **shifts** in attitude, trust, power and interest, each with its direction (for power
  and interest: where the person moved on the Mendelow grid);
- **ties gained and lost** (a tie's identity is its two people and its kind; a change
  of strength is a change, not a loss and a gain);
- **coverage** gained, lost, or deepened / weakened.

Pure Python over plain values; ``relmap.monitoring.history`` builds the states from the
database (now, at any past moment from the audit trail, or from a review's snapshot).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from relmap.analytics import types
from relmap.analytics.types import COVERAGE_DEPTHS as DEPTHS

RATINGS = ("attitude", "trust", "power", "interest")
DESCRIPTIONS = ("title", "department", "roles", "side")


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    name: str
    side: str
    title: str = ""
    department: str = ""
    roles: tuple[str, ...] = ()
    status: str = "active"
    power: int | None = None
    interest: int | None = None
    attitude: int | None = None
    trust: int | None = None

    @property
    def active(self) -> bool:
        return self.status == "active"


TieKey = tuple[int, int, str]  # source, target, kind
CoverageKey = tuple[int, int]  # ours, theirs


@dataclass(frozen=True, slots=True)
class CoverageLink:
    depth: str
    strength: int | None = None


@dataclass
class MapState:
    people: dict[int, Person] = field(default_factory=dict)
    ties: dict[TieKey, int | None] = field(default_factory=dict)  # -> strength
    coverage: dict[CoverageKey, CoverageLink] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON, for a review's snapshot (:func:`state_from_json` reads it back)."""
        return {
            "people": [
                {
                    "id": p.id,
                    "name": p.name,
                    "side": p.side,
                    "title": p.title,
                    "department": p.department,
                    "roles": list(p.roles),
                    "status": p.status,
                    "power": p.power,
                    "interest": p.interest,
                    "attitude": p.attitude,
                    "trust": p.trust,
                }
                for p in sorted(self.people.values(), key=lambda p: p.id)
            ],
            "ties": [[s, t, k, strength] for (s, t, k), strength in sorted(self.ties.items())],
            "coverage": [
                [o, t, link.depth, link.strength] for (o, t), link in sorted(self.coverage.items())
            ],
        }


def account_map_of(state: MapState) -> types.AccountMap:
    """The map at a moment as the other analytics read it (a person's unknown power or
    interest reads as the middle of the scale, 3, as on the map). It carries no computed
    strength: that is read from interactions, now."""
    return types.AccountMap(
        people=tuple(
            types.Person(
                id=p.id,
                name=p.name,
                side=p.side,
                title=p.title,
                department=p.department,
                roles=frozenset(p.roles),
                power=p.power if p.power is not None else 3,
                interest=p.interest if p.interest is not None else 3,
                attitude=p.attitude,
                trust=p.trust,
                status=p.status,
            )
            for p in state.people.values()
        ),
        ties=tuple(
            types.Link(source=s, target=t, kind=k, strength=strength or 3)
            for (s, t, k), strength in state.ties.items()
        ),
        coverage=tuple(
            types.CoverageLink(
                internal=ours,
                external=theirs,
                current_depth=link.depth,
                strength=link.strength or 3,
            )
            for (ours, theirs), link in state.coverage.items()
        ),
    )


def state_from_json(data: Mapping[str, Any]) -> MapState:
    people = {}
    for p in data.get("people", []):
        people[p["id"]] = Person(
            id=p["id"],
            name=p["name"],
            side=p["side"],
            title=p.get("title", ""),
            department=p.get("department", ""),
            roles=tuple(p.get("roles", ())),
            status=p.get("status", "active"),
            power=p.get("power"),
            interest=p.get("interest"),
            attitude=p.get("attitude"),
            trust=p.get("trust"),
        )
    ties = {(s, t, k): strength for s, t, k, strength in data.get("ties", [])}
    coverage = {(o, t): CoverageLink(d, strength) for o, t, d, strength in data.get("coverage", [])}
    return MapState(people, ties, coverage)


@dataclass(frozen=True, slots=True)
class Shift:
    person_id: int
    name: str
    rating: str  # attitude, trust, power, interest
    before: int | None
    after: int | None

    @property
    def direction(self) -> str:
        """ "up", "down", "new" (was unknown) or "unknown" (is now unknown)."""
        if self.before is None:
            return "new"
        if self.after is None:
            return "unknown"
        return "up" if self.after > self.before else "down"

    def text(self) -> str:
        return f"{self.name}: {self.rating} {self._show(self.before)} → {self._show(self.after)}"

    def _show(self, value: int | None) -> str:
        if value is None:
            return "unknown"
        return f"{value:+d}" if self.rating == "attitude" else str(value)


@dataclass(frozen=True, slots=True)
class Change:
    person_id: int
    name: str
    what: str  # title, department, roles, side
    before: Any
    after: Any

    def text(self) -> str:
        def show(v: Any) -> str:
            if isinstance(v, (list, tuple)):
                return ", ".join(v) or "none"
            return str(v) if v not in (None, "") else "none"

        return f"{self.name}: {self.what} {show(self.before)} → {show(self.after)}"


@dataclass
class MapDiff:
    joined: list[Person] = field(default_factory=list)
    left: list[Person] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    shifts: list[Shift] = field(default_factory=list)
    ties_gained: list[TieKey] = field(default_factory=list)
    ties_lost: list[TieKey] = field(default_factory=list)
    coverage_gained: list[CoverageKey] = field(default_factory=list)
    coverage_lost: list[CoverageKey] = field(default_factory=list)
    coverage_changed: list[tuple[CoverageKey, str, str]] = field(default_factory=list)
    names: dict[int, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.joined,
                self.left,
                self.changes,
                self.shifts,
                self.ties_gained,
                self.ties_lost,
                self.coverage_gained,
                self.coverage_lost,
                self.coverage_changed,
            )
        )

    def name(self, pk: int) -> str:
        return self.names.get(pk, f"#{pk}")

    def _tie(self, key: TieKey) -> str:
        source, target, kind = key
        return f"{self.name(source)} {kind.replace('_', ' ')} {self.name(target)}"

    def tie_lines(self) -> list[str]:
        return [f"Tie gained: {self._tie(key)}" for key in self.ties_gained] + [
            f"Tie lost: {self._tie(key)}" for key in self.ties_lost
        ]

    def coverage_lines(self) -> list[str]:
        out = [
            f"Coverage gained: {self.name(o)} covers {self.name(t)}"
            for o, t in self.coverage_gained
        ]
        out += [
            f"Coverage lost: {self.name(o)} no longer covers {self.name(t)}"
            for o, t in self.coverage_lost
        ]
        out += [
            f"Coverage {'deepened' if DEPTHS.index(b) > DEPTHS.index(a) else 'weakened'}: "
            f"{self.name(o)} covers {self.name(t)}, {a} → {b}"
            for (o, t), a, b in self.coverage_changed
        ]
        return out

    def lines(self) -> list[str]:
        """The diff as sentences, in the order of the module's docstring."""
        out = [f"Joined: {p.name}" + (f", {p.title}" if p.title else "") for p in self.joined]
        out += [f"Left: {p.name}" + (f", {p.title}" if p.title else "") for p in self.left]
        out += [c.text() for c in self.changes]
        out += [s.text() for s in self.shifts]
        out += self.tie_lines() + self.coverage_lines()
        return out or ["Nothing changed on the map."]


def diff(before: MapState, after: MapState) -> MapDiff:
    """What changed from ``before`` to ``after`` (see the module's docstring)."""
    out = MapDiff()
    out.names = {pk: p.name for pk, p in {**before.people, **after.people}.items()}
    for pk, new in sorted(after.people.items(), key=lambda kv: kv[1].name):
        old = before.people.get(pk)
        if new.active and (old is None or not old.active):
            out.joined.append(new)
        elif old is not None and old.active and not new.active:
            out.left.append(new)
        if old is None:
            continue
        for what in DESCRIPTIONS:
            a, b = getattr(old, what), getattr(new, what)
            if (tuple(a) if what == "roles" else a) != (tuple(b) if what == "roles" else b):
                out.changes.append(Change(pk, new.name, what, a, b))
        for rating in RATINGS:
            a, b = getattr(old, rating), getattr(new, rating)
            if a != b:
                out.shifts.append(Shift(pk, new.name, rating, a, b))
    for pk, old in sorted(before.people.items(), key=lambda kv: kv[1].name):
        if pk not in after.people and old.active:
            out.left.append(old)
    out.ties_gained = sorted(set(after.ties) - set(before.ties))
    out.ties_lost = sorted(set(before.ties) - set(after.ties))
    out.coverage_gained = sorted(set(after.coverage) - set(before.coverage))
    out.coverage_lost = sorted(set(before.coverage) - set(after.coverage))
    for key in sorted(set(before.coverage) & set(after.coverage)):
        a, b = before.coverage[key].depth, after.coverage[key].depth
        if a != b and a in DEPTHS and b in DEPTHS:
            out.coverage_changed.append((key, a, b))
    return out
