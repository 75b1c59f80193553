"""Input types for relmap's analytics.

Selectors in the Django apps load an account's map in a fixed number of queries and
hand it over as these frozen dataclasses; nothing in ``relmap.analytics`` knows about
the ORM. Ids are the database primary keys of the stakeholders (``int``); ``ref`` is the
external id a map was imported with (blank when the person was created in the UI).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Sides of a stakeholder: ours ("internal") or theirs.
SIDES = ("customer", "supplier", "partner", "internal")

# Buying roles (DESIGN.md; Miller & Heiman's buying influences plus common CRM roles).
BUYING_ROLES = (
    "economic_buyer",
    "decision_maker",
    "technical_evaluator",
    "user",
    "influencer",
    "gatekeeper",
    "champion",
    "blocker",
    "sponsor",
)

# Tie kinds. Formal lines first, then informal influence.
FORMAL_TIE_KINDS = ("reports_to", "dotted_line")
INFORMAL_TIE_KINDS = ("influences", "advises", "allied_with", "in_conflict_with")
TIE_KINDS = FORMAL_TIE_KINDS + INFORMAL_TIE_KINDS
# Ties without a direction: stored once, read both ways.
SYMMETRIC_TIE_KINDS = ("allied_with", "in_conflict_with")

# Coverage depth, weakest to strongest (FRAMEWORKS.md, bow-tie vs diamond).
COVERAGE_DEPTHS = ("vendor", "credible_source", "problem_solver", "trusted_advisor")

# Seniority of a person, most senior first; "" means not recorded.
SENIORITIES = ("executive", "senior", "mid", "junior")

# Status of a person on the map.
STATUSES = ("active", "changed_role", "left")


@dataclass(frozen=True, slots=True)
class Person:
    """One stakeholder on an account's map.

    ``power`` and ``interest`` are 1-5. ``attitude`` is -2 (opponent) .. +2 (champion)
    or ``None`` for unknown, which is not the same as neutral (0). ``trust`` is 1-5 or
    ``None`` for unknown.
    """

    id: int
    name: str
    side: str = "customer"
    title: str = ""
    department: str = ""
    roles: frozenset[str] = field(default_factory=frozenset)
    power: int = 3
    interest: int = 3
    attitude: int | None = None
    trust: int | None = None
    status: str = "active"
    seniority: str = ""
    ref: str = ""

    @property
    def is_internal(self) -> bool:
        return self.side == "internal"


@dataclass(frozen=True, slots=True)
class Link:
    """A tie between two people of the same map. ``strength`` is 1 (weak) .. 5 (strong).

    Directed kinds read "source <kind> target": ``reports_to`` = source reports to target;
    ``influences`` = source influences target; ``advises`` = source advises target.
    """

    source: int
    target: int
    kind: str
    strength: int = 3


@dataclass(frozen=True, slots=True)
class CoverageLink:
    """One of our people (``internal``) holds a relationship with ``external``."""

    internal: int
    external: int
    current_depth: str = "vendor"
    desired_depth: str = "trusted_advisor"
    strength: int = 3
    # Computed strength of the same pair, 0-100, when interactions gave one
    # (docs/algorithms/strength.md); None when there is none.
    computed: float | None = None


@dataclass(frozen=True, slots=True)
class StrengthLink:
    """Computed relationship strength of one of our people with one of theirs, 0-100,
    from interactions (docs/algorithms/strength.md)."""

    internal: int
    external: int
    score: float


@dataclass(frozen=True, slots=True)
class AccountMap:
    """Everything the analytics need about one account's map."""

    people: tuple[Person, ...]
    ties: tuple[Link, ...] = ()
    coverage: tuple[CoverageLink, ...] = ()
    # Computed strength of pairs, covered or not (empty when not loaded).
    strengths: tuple[StrengthLink, ...] = ()
