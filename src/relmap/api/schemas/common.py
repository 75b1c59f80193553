"""Value types shared by the schemas, with the same messages as the model validators so
that a client reads the same sentence whether the API or a service rejected the value."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

ATTITUDE_MESSAGE = "Attitude must be -2 (opponent) to +2 (champion), or unknown."


def _whole_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# Database ids are 64-bit; a larger number must be a 422, not an overflow in the driver.
MAX_ID = 2**63 - 1
ID_MESSAGE = f"An id is a whole number from 1 to {MAX_ID}."


def _check_id(value: int) -> int:
    if 1 <= value <= MAX_ID:
        return value
    raise PydanticCustomError("record_id", ID_MESSAGE)


RecordId = Annotated[
    int,
    AfterValidator(_check_id),
    WithJsonSchema({"type": "integer", "minimum": 1, "maximum": MAX_ID}),
]


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


# Numbers and choices in the domain's words, for ``Annotated[T, BeforeValidator(check),
# schema]`` as above. JSON numbers and numeric strings are both accepted (a decimal keeps
# its exact value as a string); ``true`` is not a number.


def decimal_check(
    *,
    places: int,
    message: str,
    low: str | int | None = None,
    high: str | int | None = None,
    below: str | None = None,
    above: str | None = None,
    nullable: bool = False,
) -> Callable[[Any], Any]:
    """A decimal from ``low`` to ``high`` (inclusive) with at most ``places`` decimals.

    ``message`` is the sentence for a value that is not such a number; ``below`` and
    ``above`` (default: ``message``) for one off either end.
    """
    lo = None if low is None else Decimal(low)
    hi = None if high is None else Decimal(high)

    def check(value: Any) -> Any:
        if value is None and nullable:
            return value
        if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
            raise PydanticCustomError("number", message)
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise PydanticCustomError("number", message) from None
        if not number.is_finite():
            raise PydanticCustomError("number", message)
        if lo is not None and number < lo:
            raise PydanticCustomError("number_low", below or message)
        if hi is not None and number > hi:
            raise PydanticCustomError("number_high", above or message)
        exponent = number.normalize().as_tuple().exponent
        if isinstance(exponent, int) and exponent < -places:
            raise PydanticCustomError(
                "number_places",
                f"{message} At most {places} decimal place{'' if places == 1 else 's'}.",
            )
        return number

    return check


def decimal_schema(
    description: str,
    *,
    low: str | int | None = None,
    high: str | int | None = None,
    nullable: bool = False,
) -> WithJsonSchema:
    number: dict[str, Any] = {"type": "number"}
    if low is not None:
        number["minimum"] = float(low)
    if high is not None:
        number["maximum"] = float(high)
    options: list[dict[str, Any]] = [number, {"type": "string"}]
    if nullable:
        options.append({"type": "null"})
    return WithJsonSchema({"anyOf": options, "description": description})


def whole_number_check(
    low: int, high: int, message: str, *, below: str | None = None, above: str | None = None
) -> Callable[[Any], Any]:
    """A whole number from ``low`` to ``high``; ``below``/``above`` default to ``message``."""

    def check(value: Any) -> Any:
        if not _whole_number(value):
            raise PydanticCustomError("whole_number", message)
        if value < low:
            raise PydanticCustomError("whole_number_low", below or message)
        if value > high:
            raise PydanticCustomError("whole_number_high", above or message)
        return value

    return check


def whole_number_schema(low: int, high: int, description: str) -> WithJsonSchema:
    return _range_schema(low, high, description, nullable=False)


def one_of_check(values: Iterable[str], what: str) -> Callable[[Any], Any]:
    """A code from ``values``; anything else is "Unknown <what> 'x'; use one of …"."""
    codes = list(values)

    def check(value: Any) -> Any:
        if not isinstance(value, str) or value not in codes:
            raise PydanticCustomError(
                "one_of", f"Unknown {what} {value!r}; use one of {', '.join(codes)}."
            )
        return value

    return check


def one_of_schema(values: Iterable[str], description: str) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "enum": list(values), "description": description})


# Default of the fields of a PATCH body. Only fields the client sent are applied
# (``model_dump(exclude_unset=True)``), so the default is never used; typed ``Any`` so that
# a non-nullable field can have it while an explicit null is still rejected.
NOT_SENT: Any = None


class InSchema(Schema):
    """Base of request bodies: a misspelt field is an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid")
