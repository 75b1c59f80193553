"""Reads of an account's map, and the adapter from the ORM to ``relmap.analytics``.

:func:`load_map` reads a whole map in three queries, whatever its size; everything that
shows or analyses a map starts from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery

from relmap.accounts.models import Account
from relmap.analytics import AnalysisConfig, MapAnalysis, analyse
from relmap.analytics.types import AccountMap, CoverageLink, Link, Person
from relmap.stakeholders.models import Coverage, PositionHistory, Stakeholder, Tie


@dataclass(frozen=True)
class MapData:
    """One account's map as loaded from the database."""

    account: Account
    stakeholders: list[Stakeholder]
    ties: list[Tie]
    coverage: list[Coverage]

    def by_id(self) -> dict[int, Stakeholder]:
        return {s.pk: s for s in self.stakeholders}


def stakeholders_of(account: Account) -> QuerySet[Stakeholder]:
    return Stakeholder.objects.filter(account_id=account.pk).order_by("name", "id")


def ties_of(account: Account) -> QuerySet[Tie]:
    return Tie.objects.filter(account_id=account.pk).order_by("id")


def coverage_of(account: Account) -> QuerySet[Coverage]:
    return Coverage.objects.filter(account_id=account.pk).order_by("id")


def get_stakeholder(account: Account, pk: int) -> Stakeholder:
    """A stakeholder of ``account`` (raises ``Stakeholder.DoesNotExist`` otherwise)."""
    return Stakeholder.objects.get(account_id=account.pk, pk=pk)


def get_tie(account: Account, pk: int) -> Tie:
    return Tie.objects.select_related("source", "target").get(account_id=account.pk, pk=pk)


def get_coverage(account: Account, pk: int) -> Coverage:
    return Coverage.objects.select_related("our_person", "their_person").get(
        account_id=account.pk, pk=pk
    )


def position_history_of(stakeholder: Stakeholder) -> QuerySet[PositionHistory]:
    return PositionHistory.objects.filter(
        account_id=stakeholder.account_id, stakeholder_id=stakeholder.pk
    ).order_by("at", "id")


def _with_pending_attitude(people: QuerySet[Stakeholder]) -> QuerySet[Stakeholder]:
    """Annotate each person with their newest pending attitude suggestion, if any
    (``pending_attitude_id``, ``pending_attitude``, ``pending_attitude_sentiment``,
    ``pending_attitude_notes``): subqueries, so the map still loads in three queries."""
    from relmap.engagement.models import AttitudeSuggestion

    pending = AttitudeSuggestion.objects.filter(
        stakeholder_id=OuterRef("pk"), status="pending"
    ).order_by("-created_at", "-id")
    return people.annotate(
        pending_attitude_id=Subquery(pending.values("pk")[:1]),
        pending_attitude=Subquery(pending.values("suggested_attitude")[:1]),
        pending_attitude_sentiment=Subquery(pending.values("sentiment")[:1]),
        pending_attitude_notes=Subquery(pending.values("notes_read")[:1]),
    )


def _with_computed_strength(coverage: QuerySet[Coverage]) -> QuerySet[Coverage]:
    """Annotate each coverage link with the pair's computed strength (``computed_score``
    0-100, ``computed_interactions``), ``None`` when there is none: subqueries, no extra
    query (docs/algorithms/strength.md)."""
    from relmap.engagement.models import RelationshipStrength

    pair = RelationshipStrength.objects.filter(
        our_person_id=OuterRef("our_person_id"), their_person_id=OuterRef("their_person_id")
    )
    return coverage.annotate(
        computed_score=Subquery(pair.values("score")[:1]),
        computed_interactions=Subquery(pair.values("interactions")[:1]),
    )


def load_map(account: Account) -> MapData:
    """The whole map of ``account`` in three queries; coverage links carry the pair's
    computed strength and people their pending attitude suggestion (subqueries)."""
    return MapData(
        account=account,
        stakeholders=list(_with_pending_attitude(stakeholders_of(account))),
        ties=list(ties_of(account)),
        coverage=list(_with_computed_strength(coverage_of(account))),
    )


def to_person(s: Stakeholder) -> Person:
    return Person(
        id=s.pk,
        name=s.name,
        side=s.side,
        title=s.title,
        department=s.department,
        roles=frozenset(s.roles or ()),
        power=s.power,
        interest=s.interest,
        attitude=s.attitude,
        trust=s.trust,
        status=s.status,
        seniority=s.seniority,
        ref=s.ref,
    )


def to_account_map(data: MapData) -> AccountMap:
    """Hand a loaded map to the analytics as frozen dataclasses."""
    return AccountMap(
        people=tuple(to_person(s) for s in data.stakeholders),
        ties=tuple(
            Link(source=t.source_id, target=t.target_id, kind=t.kind, strength=t.strength)
            for t in data.ties
        ),
        coverage=tuple(
            CoverageLink(
                internal=c.our_person_id,
                external=c.their_person_id,
                current_depth=c.current_depth,
                desired_depth=c.desired_depth,
                strength=c.strength,
                computed=getattr(c, "computed_score", None),
            )
            for c in data.coverage
        ),
    )


@dataclass(frozen=True)
class AnalysedMap:
    """A loaded map together with its analysis (see ``relmap.analytics.analyse``)."""

    data: MapData
    analysis: MapAnalysis


def analyse_account(account: Account, config: AnalysisConfig | None = None) -> AnalysedMap:
    """Load ``account``'s map (three queries) and analyse it."""
    data = load_map(account)
    return AnalysedMap(
        data=data, analysis=analyse(to_account_map(data), config or AnalysisConfig())
    )
