"""Schemas of ``/api/accounts/{account_id}/financials`` and ``…/value``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import BeforeValidator, Field

from relmap.api.schemas.common import InSchema, decimal_check, decimal_schema

# Amounts in the account's currency, as the model stores them (14 digits, 2 decimals),
# with the model's messages.
MAX_AMOUNT = "999999999999.99"
AMOUNT_HIGH = "An amount can be at most 999,999,999,999.99."


def _amount(label: str, *, negative: bool) -> BeforeValidator:
    return BeforeValidator(
        decimal_check(
            places=2,
            message=f"{label} must be an amount, such as 1250.50.",
            low=None if negative else 0,
            high=MAX_AMOUNT,
            below=f"{label} cannot be negative.",
            above=AMOUNT_HIGH,
        )
    )


Revenue = Annotated[
    Decimal,
    _amount("Revenue", negative=False),
    decimal_schema("0 or more.", low=0, high=MAX_AMOUNT),
]
GrossMargin = Annotated[
    Decimal,
    _amount("Gross margin", negative=True),
    decimal_schema("Revenue minus cost of goods; at most the revenue.", high=MAX_AMOUNT),
]
CostToServe = Annotated[
    Decimal,
    _amount("Cost to serve", negative=False),
    decimal_schema("0 or more.", low=0, high=MAX_AMOUNT),
]


class PeriodIn(InSchema):
    """An account's figures for a period; a period with the same start is replaced."""

    period_start: dt.date
    period_end: dt.date
    revenue: Revenue
    gross_margin: GrossMargin
    cost_to_serve: CostToServe = Decimal(0)


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
