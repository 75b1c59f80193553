"""Schemas of ``/api/accounts/{account_id}/selection`` and ``…/stages``: an account's
place in the KAM portfolio matrix, its scores, tier and lifecycle stage."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Schema
from pydantic import BeforeValidator, Field

from relmap.accounts.choices import LifecycleStage, Quadrant
from relmap.api.schemas.common import InSchema, RecordId, decimal_check, decimal_schema

# The web form's sentence (relmap.accounts.forms.SCORE_MESSAGE).
SCORE_MESSAGE = "A score must be a number from 0 (worst) to 10 (best), in steps of 0.1."
Score = Annotated[
    Decimal | None,
    BeforeValidator(decimal_check(places=1, message=SCORE_MESSAGE, low=0, high=10, nullable=True)),
    decimal_schema("0-10 in steps of 0.1; null removes the score.", low=0, high=10, nullable=True),
]


class AxisOut(Schema):
    axis: str
    value: float | None = Field(description="Weighted mean 0-10; null until scored.")
    scored: int
    total: int
    missing: list[str] = Field(description="Criteria of the axis without a score.")
    explanation: str


class ScoreOut(Schema):
    criterion_id: RecordId
    criterion: str
    axis: str
    weight: Decimal
    score: Decimal | None = Field(description="0-10; null when not scored.")
    rationale: str
    scored_by: str | None
    updated_at: dt.datetime | None


class StageGuidanceOut(Schema):
    stage: str
    label: str
    summary: str
    strategies: list[str]


class StageChangeOut(Schema):
    id: int
    stage: str
    changed_on: dt.date
    note: str


class MatrixPositionOut(Schema):
    at: dt.datetime
    attractiveness: Decimal | None
    strength: Decimal | None
    quadrant: str


class SelectionOut(Schema):
    account_id: RecordId
    quadrant: str | None = Field(description="null until both axes are scored.")
    label: str
    policy: str = Field(description="What the quadrant calls for (McDonald).")
    explanation: str
    complete: bool = Field(description="Every criterion of both axes is scored.")
    tier: str
    tier_override: str
    tier_override_reason: str
    attractiveness: AxisOut
    strength: AxisOut
    scores: list[ScoreOut]
    stage: str
    stage_guidance: StageGuidanceOut
    stage_history: list[StageChangeOut]
    matrix_history: list[MatrixPositionOut]


class ScoreIn(InSchema):
    criterion_id: RecordId
    score: Score
    rationale: str = Field(
        "",
        description="Why this score (the evidence): required with a score, as assessors "
        "and managers ask; not needed to remove one.",
    )


class ScoresIn(InSchema):
    """Scores of some criteria; criteria not listed keep their score."""

    scores: list[ScoreIn] = Field(min_length=1)


class TierIn(InSchema):
    """Override the tier the matrix gives; a blank tier follows the matrix again."""

    tier: Quadrant | Literal[""]
    reason: str = Field("", description="Required with an override.")


class StageIn(InSchema):
    stage: LifecycleStage
    changed_on: dt.date | None = Field(None, description="Default: today; not in the future.")
    note: str = ""
