"""Result types of :func:`relmap.analytics.analyse`: data out, each with its explanation."""

from __future__ import annotations

from dataclasses import dataclass, field

SEVERITIES = ("high", "medium", "low")

FINDING_KINDS = (
    "informal_influencer",
    "champion",
    "blocker",
    "unknown",
    "empty_seat",
    "uncovered_stakeholder",
    "weak_coverage",
    "single_threaded",
    "junior_coverage",
    "left_role",
)


@dataclass(frozen=True, slots=True)
class StakeholderAnalysis:
    """Grid position and influence of one person.

    ``formal_score``, ``network_score`` and ``influence_score`` are 0-100;
    ``pagerank`` sums to 1 over the current people; ``betweenness`` is normalised 0-1.
    People who have left keep their grid position but score 0 on the network and on
    influence, and rank after everyone current.
    """

    id: int
    ref: str
    name: str
    quadrant: str
    quadrant_label: str
    strategy: str
    formal_score: float
    network_score: float
    influence_score: float
    influence_rank: int
    pagerank: float
    betweenness: float
    explanation: str


@dataclass(frozen=True, slots=True)
class Finding:
    """Something about the map that deserves action, in plain language.

    ``kind`` is one of :data:`FINDING_KINDS`; ``severity`` is "high", "medium" or
    "low"; ``people`` are the stakeholder ids the finding names (possibly none).
    """

    kind: str
    severity: str
    title: str
    explanation: str
    people: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class MapAnalysis:
    """Everything :func:`relmap.analytics.analyse` found about one map.

    ``stakeholders`` are sorted by ``influence_rank``; ``findings`` by severity (high
    first), then kind, then the people named. ``diamond_index`` is 0 (bow-tie) .. 1
    (diamond), see docs/algorithms/findings.md.
    """

    stakeholders: tuple[StakeholderAnalysis, ...]
    findings: tuple[Finding, ...]
    betweenness_sampled: bool
    diamond_index: float
    _by_id: dict[int, StakeholderAnalysis] = field(
        init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {s.id: s for s in self.stakeholders})

    def for_person(self, person_id: int) -> StakeholderAnalysis | None:
        """The analysis of one person by id, or ``None`` if not on the map."""
        return self._by_id.get(person_id)

    def findings_of_kind(self, kind: str) -> tuple[Finding, ...]:
        """All findings of one kind, in the order of ``findings``."""
        return tuple(finding for finding in self.findings if finding.kind == kind)
