"""Schemas of ``/api/accounts``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from relmap.accounts.choices import AccountKind
from relmap.accounts.models import RATE_MESSAGE, Account
from relmap.api.schemas.common import (
    NOT_SENT,
    InSchema,
    Name,
    RecordId,
    decimal_check,
    decimal_schema,
    whole_number_check,
    whole_number_schema,
)

# The CLV inputs, with the limits and the words of the model's validators
# (FRAMEWORKS.md; docs/algorithms/value.md).
RETENTION_TOP = "0.999"
DISCOUNT_TOP = "1"
HORIZON_MAX = 30
RETENTION_MESSAGE = RATE_MESSAGE.format(label="Retention rate", top=RETENTION_TOP)
DISCOUNT_MESSAGE = RATE_MESSAGE.format(label="Discount rate", top=DISCOUNT_TOP)
HORIZON_MESSAGE = f"The CLV horizon must be 1 to {HORIZON_MAX} years."
HORIZON_NULL_MESSAGE = (
    f"The CLV horizon must be 1 to {HORIZON_MAX} years; it cannot be left empty. "
    "The CLV with no horizon is always given too (clv_infinite in /value)."
)


def _check_horizon(value: Any) -> Any:
    # null would mean "no horizon", which the finite CLV cannot have: the infinite-horizon
    # CLV is computed alongside it whatever the horizon.
    if value is None:
        raise PydanticCustomError("horizon", HORIZON_NULL_MESSAGE)
    return whole_number_check(1, HORIZON_MAX, HORIZON_MESSAGE)(value)


RetentionRate = Annotated[
    Decimal,
    BeforeValidator(decimal_check(places=3, message=RETENTION_MESSAGE, low=0, high=RETENTION_TOP)),
    decimal_schema(
        "Chance the account stays another year: at least 0 and below 1 (at most 0.999).",
        low=0,
        high=RETENTION_TOP,
    ),
]
DiscountRate = Annotated[
    Decimal,
    BeforeValidator(decimal_check(places=3, message=DISCOUNT_MESSAGE, low=0, high=DISCOUNT_TOP)),
    decimal_schema("Yearly discount rate, 0 to 1 (0.1 for 10 %).", low=0, high=DISCOUNT_TOP),
]
HorizonYears = Annotated[
    int,
    BeforeValidator(_check_horizon),
    whole_number_schema(
        1,
        HORIZON_MAX,
        "Years of the finite-horizon CLV; the infinite-horizon CLV is always given too.",
    ),
]


class AccountIn(InSchema):
    """A new account; the caller becomes its owner (key account manager)."""

    name: Name
    kind: AccountKind = AccountKind.CUSTOMER
    industry: str = Field("", max_length=120)
    description: str = ""


class AccountPatch(InSchema):
    """Only the fields sent are changed."""

    name: Name = Field(NOT_SENT)
    kind: AccountKind = Field(NOT_SENT)
    industry: str = Field(NOT_SENT, max_length=120)
    description: str = Field(NOT_SENT)
    retention_rate: RetentionRate = Field(NOT_SENT)
    discount_rate: DiscountRate = Field(NOT_SENT)
    clv_horizon_years: HorizonYears = Field(NOT_SENT)


class AccountOut(Schema):
    id: int
    name: str
    kind: str
    industry: str
    description: str
    owner_id: RecordId
    owner: str = Field(description="The owner's username.")
    retention_rate: Decimal = Field(description="CLV input: yearly retention, 0 to 0.999.")
    discount_rate: Decimal = Field(description="CLV input: yearly discount rate, 0 to 1.")
    clv_horizon_years: int = Field(description="CLV input: years of the finite-horizon CLV.")
    created_at: dt.datetime
    updated_at: dt.datetime
    map_last_reviewed: dt.date | None = Field(description="The day of the map's last review.")
    map_review_due: dt.date | None = Field(
        description="When the next review is due (the tier's cadence, else the default)."
    )
    map_stale: bool = Field(description="Never reviewed, or past its review cadence.")

    @staticmethod
    def resolve_owner(obj: Account) -> str:
        return obj.owner.get_username()

    # The router gives each account its review state (relmap.monitoring.staleness) as
    # ``map_review`` before the account is serialised.
    @staticmethod
    def resolve_map_last_reviewed(obj: Any) -> dt.date | None:
        return obj.map_review.last_review  # type: ignore[no-any-return]

    @staticmethod
    def resolve_map_review_due(obj: Any) -> dt.date | None:
        return obj.map_review.due_on  # type: ignore[no-any-return]

    @staticmethod
    def resolve_map_stale(obj: Any) -> bool:
        return obj.map_review.stale  # type: ignore[no-any-return]
