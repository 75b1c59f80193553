"""Schemas of ``/api/portfolio``: the portfolio, its effort findings and the settings
that apply to every account (criteria, matrix cut-offs, tier policies, offerings)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import BeforeValidator, Field

from relmap.accounts.choices import Axis, LifecycleStage, Quadrant
from relmap.api.schemas.common import (
    NOT_SENT,
    InSchema,
    RecordId,
    decimal_check,
    decimal_schema,
    one_of_check,
    one_of_schema,
    whole_number_check,
    whole_number_schema,
)
from relmap.stakeholders.choices import CoverageDepth as Depth

# The same sentences as the settings page's forms (relmap.accounts.forms).
WEIGHT_MESSAGE = "A weight is a number of percent, such as 25."
CUTOFF_MESSAGE = "A cut-off must be a number from 0 to 10."
CADENCE_MESSAGE = "A cadence is a whole number of days, such as 30."
CADENCE_LOW = "The cadence must be at least one day."
CADENCE_HIGH = "The cadence can be at most 3650 days (ten years)."
TEAM_MESSAGE = "The minimum team must be a whole number from 0 to 100."

Percent = Annotated[
    Decimal,
    BeforeValidator(
        decimal_check(
            places=2,
            message=WEIGHT_MESSAGE,
            low=0,
            high=100,
            below="A weight cannot be negative.",
            above="A weight cannot be more than 100 (percent).",
        )
    ),
    decimal_schema("Percent, 0 to 100; an axis' weights add up to 100.", low=0, high=100),
]
CutOff = Annotated[
    Decimal,
    BeforeValidator(decimal_check(places=2, message=CUTOFF_MESSAGE, low=0, high=10)),
    decimal_schema(
        "0-10; a score on the cut-off counts as high.",
        low=0,
        high=10,
    ),
]
Cadence = Annotated[
    int,
    BeforeValidator(
        whole_number_check(1, 3650, CADENCE_MESSAGE, below=CADENCE_LOW, above=CADENCE_HIGH)
    ),
    whole_number_schema(1, 3650, "Days, 1 to 3650."),
]
TeamSize = Annotated[
    int,
    BeforeValidator(whole_number_check(0, 100, TEAM_MESSAGE)),
    whole_number_schema(0, 100, "People on the account team, 0 to 100."),
]
CoverageDepth = Annotated[
    str,
    BeforeValidator(one_of_check(Depth.values, "coverage depth")),
    one_of_schema(Depth.values, "The depth of relationship to aim for (FRAMEWORKS.md)."),
]


class PortfolioFilters(Schema):
    """Optional filters of the portfolio; all given filters must match."""

    tier: Quadrant | None = Field(None, description="Effective tier (override, else quadrant).")
    quadrant: Quadrant | None = Field(None, description="Quadrant of the matrix.")
    stage: LifecycleStage | None = Field(None, description="Lifecycle stage.")
    owner_id: RecordId | None = Field(None, description="Key account manager's user id.")
    q: str | None = Field(None, max_length=200, description="Part of the account name.")


class PortfolioRowOut(Schema):
    id: int
    name: str
    kind: str
    owner_id: RecordId
    owner: str = Field(description="The owner's full name, else username.")
    tier: str = Field(description="The override when set, else the quadrant; blank if unplaced.")
    quadrant: str
    tier_overridden: bool
    attractiveness: float | None = Field(description="0-10, null until scored.")
    strength: float | None = Field(description="0-10, null until scored.")
    stage: str
    currency: str
    annual_revenue: float | None = Field(description="Latest year, annualised if shorter.")
    growth_pct: float | None
    revenue_trend: list[float] = Field(description="Revenue of every period, oldest first.")
    clv_finite: float | None
    clv_infinite: float | None
    plan_status: str = Field(description="Blank when the account has no plan.")
    plan_revision: int
    overdue_actions: int
    team_size: int
    map_last_reviewed: dt.date | None = Field(description="The day of the map's last review.")
    map_review_due: dt.date | None = Field(
        description="When the next review is due (the tier's cadence, else the default)."
    )
    map_stale: bool = Field(description="Never reviewed, or past its review cadence.")


class EffortFindingOut(Schema):
    kind: str = Field(description="flat_effort, under_served, over_served or review_overdue.")
    severity: str
    account_ids: list[RecordId]
    title: str
    explanation: str


class CriterionOut(Schema):
    id: int
    axis: str
    name: str
    description: str
    weight: Decimal = Field(description="Percent; an axis' weights add up to 100.")
    position: int


class CriterionIn(InSchema):
    """One criterion of the axis; give ``id`` to keep (and update) an existing one."""

    id: int | None = None
    name: str = Field(min_length=1, max_length=100)
    weight: Percent
    description: str = ""


class CriteriaIn(InSchema):
    """Every criterion of the axis: those left out are deleted with their scores."""

    criteria: list[CriterionIn]


class CriteriaOut(Schema):
    axis: Axis
    criteria: list[CriterionOut]


class SettingsOut(Schema):
    attractiveness_cutoff: Decimal
    strength_cutoff: Decimal
    high_strength_left: bool


class SettingsPatch(InSchema):
    """Only the fields sent are changed; new cut-offs place every account again."""

    attractiveness_cutoff: CutOff = Field(NOT_SENT)
    strength_cutoff: CutOff = Field(NOT_SENT)
    high_strength_left: bool = Field(NOT_SENT)


class TierPolicyOut(Schema):
    tier: str
    touchpoint_cadence_days: int
    review_cadence_days: int
    coverage_depth: str
    min_team_size: int


class TierPolicyPatch(InSchema):
    touchpoint_cadence_days: Cadence = Field(NOT_SENT)
    review_cadence_days: Cadence = Field(NOT_SENT)
    coverage_depth: CoverageDepth = Field(NOT_SENT)
    min_team_size: TeamSize = Field(NOT_SENT)


class OfferingIn(InSchema):
    name: str = Field(min_length=1, max_length=120)
    description: str = ""


class OfferingOut(Schema):
    id: int
    name: str
    description: str
    position: int
