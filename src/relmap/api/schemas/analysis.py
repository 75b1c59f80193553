"""Schemas of ``/api/accounts/{account_id}/analysis`` and ``…/warm-path/{stakeholder_id}``."""

from __future__ import annotations

from ninja import Schema
from pydantic import Field

from relmap.api.schemas.common import RecordId


class StakeholderAnalysisOut(Schema):
    id: int
    ref: str
    name: str
    quadrant: str
    quadrant_label: str
    strategy: str = Field(description="Default engagement strategy of the quadrant.")
    formal_score: float = Field(description="0-100, from power.")
    network_score: float = Field(description="0-100, from the ties and coverage.")
    influence_score: float = Field(description="0-100, formal and network mixed.")
    influence_rank: int = Field(description="1 is the most influential person.")
    pagerank: float
    betweenness: float
    explanation: str


class FindingOut(Schema):
    kind: str
    severity: str = Field(description="high, medium or low.")
    title: str
    explanation: str
    people: list[int] = Field(description="Ids of the stakeholders the finding names.")


class AnalysisOut(Schema):
    account_id: RecordId
    stakeholders: list[StakeholderAnalysisOut] = Field(description="By influence rank.")
    findings: list[FindingOut] = Field(description="Most severe first.")
    diamond_index: float = Field(description="0 (bow-tie) to 1 (diamond) coverage.")
    betweenness_sampled: bool = Field(
        description="True when betweenness is a sampled estimate (large maps)."
    )


class PathPersonOut(Schema):
    id: int
    name: str
    side: str


class WarmPathOut(Schema):
    target_id: RecordId
    found: bool = Field(description="False when no chain of known relationships reaches them.")
    people: list[PathPersonOut] = Field(description="From one of our people to the target.")
    strength: float = Field(description="0-1: product of link strength / 5 along the chain.")
    explanation: str
