"""Schemas of ``/api/accounts/{account_id}/financials`` and ``…/value``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from relmap.api.schemas.common import InSchema

Amount = Decimal


class PeriodIn(InSchema):
    """An account's figures for a period; a period with the same start is replaced."""

    period_start: dt.date
    period_end: dt.date
    revenue: Amount = Field(ge=0, max_digits=14, decimal_places=2)
    gross_margin: Amount = Field(
        max_digits=14, decimal_places=2, description="Revenue minus cost of goods; ≤ revenue."
    )
    cost_to_serve: Amount = Field(Decimal(0), ge=0, max_digits=14, decimal_places=2)


class PeriodOut(Schema):
    id: int
    period_start: dt.date
    period_end: dt.date
    revenue: Decimal
    gross_margin: Decimal
    cost_to_serve: Decimal
    contribution: Decimal = Field(description="Gross margin minus cost to serve.")


class FinancialsImportIn(InSchema):
    csv: str = Field(
        min_length=1,
        description="The CSV text (docs/import-format.md); the account column may be "
        "left out, and must name this account when given.",
    )


class FinancialsImportOut(Schema):
    created: int
    updated: int
    unchanged: int
    summary: str


class WhatIfOut(Schema):
    retention: float
    clv_infinite: float
    clv_finite: float


class ValueOut(Schema):
    currency: str
    annual_revenue: float | None
    annual_contribution: float | None
    contribution_pct: float | None
    growth_pct: float | None
    clv_infinite: float | None
    clv_finite: float | None
    horizon_years: int
    retention: float
    discount: float
    annualised: bool
    explanation: str
    revenue_trend: list[tuple[dt.date, float]] = Field(
        description="(period end, revenue) for every period, oldest first."
    )
    what_if: list[WhatIfOut] = Field(
        description="CLV at other retention rates with the same margin and discount."
    )


class WhatIfQuery(Schema):
    retention: list[float] = Field(
        default_factory=list,
        description="Retention rates (0 to below 1) to compare; default: ±5 and ±10 points.",
    )
