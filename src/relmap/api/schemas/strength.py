"""Schemas of computed relationship strength, the coverage matrix and suggestions."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from ninja import Schema
from pydantic import BeforeValidator, Field

from relmap.analytics import strength as formula
from relmap.api.schemas.common import InSchema, TieStrength, one_of_check, one_of_schema

SUGGESTED_TIE_KINDS = ("allied_with", "influences", "advises")


class StrengthOut(Schema):
    our_person_id: int
    their_person_id: int
    score: float = Field(description="0-100 (docs/algorithms/strength.md).")
    rating: int = Field(description="The score on the 1-5 coverage scale (bands of 20).")
    interactions: int
    last_interaction_at: dt.datetime | None
    components: dict[str, Any]
    explanation: list[str]

    @staticmethod
    def resolve_rating(obj: Any) -> int:
        return formula.to_rating(obj.score)

    @staticmethod
    def resolve_explanation(obj: Any) -> list[str]:
        return formula.explain(obj.components, obj.score)


class CellOut(Schema):
    our_person_id: int
    their_person_id: int
    computed: float | None
    computed_rating: int | None
    interactions: int
    manual_strength: int | None
    manual_depth: str
    disagreement: str | None
    disagreement_explanation: str


class PersonRef(Schema):
    id: int
    name: str
    department: str


class DiamondOut(Schema):
    index: float
    pairs: int
    breadth: float
    balance: float


class WarmOut(Schema):
    target: int
    people: list[int]
    strength: float
    explanation: str


class MatrixOut(Schema):
    ours: list[PersonRef]
    theirs: list[PersonRef]
    cells: list[CellOut]
    diamond_computed: DiamondOut
    diamond_manual: DiamondOut
    warm_paths: list[WarmOut]
    computed_at: dt.datetime | None


class RecomputeOut(Schema):
    interactions: int
    pairs: int
    tie_suggestions: int
    attitude_suggestions: int
    summary: str


class TieSuggestionOut(Schema):
    id: int
    person_a_id: int
    person_b_id: int
    shared_meetings: int
    status: str
    tie_id: int | None


class TieAcceptIn(InSchema):
    kind: Annotated[
        str,
        BeforeValidator(one_of_check(SUGGESTED_TIE_KINDS, "informal tie kind")),
        one_of_schema(SUGGESTED_TIE_KINDS, "The tie to create; default allied_with."),
    ] = "allied_with"
    strength: TieStrength = 3


class AttitudeSuggestionOut(Schema):
    id: int
    stakeholder_id: int
    suggested_attitude: int
    sentiment: float
    notes_read: int
    evidence: list[dict[str, Any]]
    status: str
