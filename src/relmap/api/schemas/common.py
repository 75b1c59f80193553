"""Value types shared by the schemas, with the same messages as the model validators so
that a client reads the same sentence whether the API or a service rejected the value."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from ninja import Schema
from pydantic import BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

ATTITUDE_MESSAGE = "Attitude must be -2 (opponent) to +2 (champion), or unknown."


def _whole_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def scale_message(label: str, low: str = "low", high: str = "high") -> str:
    return f"{label} must be a whole number from 1 ({low}) to 5 ({high})."


def _scale(
    label: str, low: str = "low", high: str = "high", *, nullable: bool = False
) -> Callable[[Any], Any]:
    message = scale_message(label, low, high)

    def check(value: Any) -> Any:
        if value is None and nullable:
            return value
        if not _whole_number(value) or not 1 <= value <= 5:
            raise PydanticCustomError("scale_1_5", message)
        return value

    return check


def _check_attitude(value: Any) -> Any:
    if value is None or (_whole_number(value) and -2 <= value <= 2):
        return value
    raise PydanticCustomError("attitude", ATTITUDE_MESSAGE)


def _range_schema(low: int, high: int, description: str, *, nullable: bool) -> WithJsonSchema:
    integer = {"type": "integer", "minimum": low, "maximum": high}
    if nullable:
        return WithJsonSchema({"anyOf": [integer, {"type": "null"}], "description": description})
    return WithJsonSchema({**integer, "description": description})


# The before-validators give the domain message; the JSON schema documents the range.
Power = Annotated[
    int,
    BeforeValidator(_scale("Power")),
    _range_schema(1, 5, scale_message("Power"), nullable=False),
]
Interest = Annotated[
    int,
    BeforeValidator(_scale("Interest")),
    _range_schema(1, 5, scale_message("Interest"), nullable=False),
]
Trust = Annotated[
    int | None,
    BeforeValidator(_scale("Trust", nullable=True)),
    _range_schema(1, 5, scale_message("Trust") + " null means unknown.", nullable=True),
]
TieStrength = Annotated[
    int,
    BeforeValidator(_scale("Tie strength", "weak", "strong")),
    _range_schema(1, 5, scale_message("Tie strength", "weak", "strong"), nullable=False),
]
CoverageStrength = Annotated[
    int,
    BeforeValidator(_scale("Coverage strength", "weak", "strong")),
    _range_schema(1, 5, scale_message("Coverage strength", "weak", "strong"), nullable=False),
]
# null is "unknown", which the map treats differently from 0 (neutral).
Attitude = Annotated[
    int | None,
    BeforeValidator(_check_attitude),
    _range_schema(
        -2, 2, "-2 opponent … +2 champion; null means unknown, not neutral.", nullable=True
    ),
]
Name = Annotated[str, Field(min_length=1, max_length=200)]


# Default of the fields of a PATCH body. Only fields the client sent are applied
# (``model_dump(exclude_unset=True)``), so the default is never used; typed ``Any`` so that
# a non-nullable field can have it while an explicit null is still rejected.
NOT_SENT: Any = None


class InSchema(Schema):
    """Base of request bodies: a misspelt field is an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid")
