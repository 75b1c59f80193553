"""Schemas of ``/api/portfolio``: the portfolio, its effort findings and the settings
that apply to every account (criteria, matrix cut-offs, tier policies, offerings)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from ninja import Schema
from pydantic import Field

from relmap.accounts.choices import Axis, LifecycleStage, Quadrant
from relmap.api.schemas.common import NOT_SENT, InSchema

CoverageDepth = Literal["vendor", "credible_source", "problem_solver", "trusted_advisor"]
Percent = Decimal
CutOff = Decimal


class PortfolioFilters(Schema):
    """Optional filters of the portfolio; all given filters must match."""

    tier: Quadrant | None = Field(None, description="Effective tier (override, else quadrant).")
    quadrant: Quadrant | None = Field(None, description="Quadrant of the matrix.")
    stage: LifecycleStage | None = Field(None, description="Lifecycle stage.")
    owner_id: int | None = Field(None, description="Key account manager's user id.")
    q: str | None = Field(None, max_length=200, description="Part of the account name.")


class PortfolioRowOut(Schema):
    id: int
    name: str
    kind: str
    owner_id: int
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


class PortfolioOut(Schema):
    count: int
    accounts: list[PortfolioRowOut]


class EffortFindingOut(Schema):
    kind: str = Field(description="flat_effort, under_served, over_served or review_overdue.")
    severity: str
    account_ids: list[int]
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
    weight: Percent = Field(ge=0, le=100, max_digits=5, decimal_places=2)
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

    attractiveness_cutoff: CutOff = Field(NOT_SENT, ge=0, le=10, max_digits=4, decimal_places=2)
    strength_cutoff: CutOff = Field(NOT_SENT, ge=0, le=10, max_digits=4, decimal_places=2)
    high_strength_left: bool = Field(NOT_SENT)


class TierPolicyOut(Schema):
    tier: str
    touchpoint_cadence_days: int
    review_cadence_days: int
    coverage_depth: str
    min_team_size: int


class TierPolicyPatch(InSchema):
    touchpoint_cadence_days: int = Field(NOT_SENT, ge=1, le=3650)
    review_cadence_days: int = Field(NOT_SENT, ge=1, le=3650)
    coverage_depth: CoverageDepth = Field(NOT_SENT)
    min_team_size: int = Field(NOT_SENT, ge=0, le=100)


class OfferingIn(InSchema):
    name: str = Field(min_length=1, max_length=120)
    description: str = ""


class OfferingOut(Schema):
    id: int
    name: str
    description: str
    position: int
