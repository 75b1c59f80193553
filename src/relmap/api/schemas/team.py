"""Schemas of ``/api/accounts/{account_id}/team``: our people on the account, each with
their function, and the internal stakeholder who stands for them on the map."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import BeforeValidator, Field

from relmap.accounts.choices import TeamRole
from relmap.accounts.models import AccountMembership
from relmap.api.schemas.common import InSchema, RecordId, one_of_check, one_of_schema

# A function on the team, as the web form offers them: "viewer" is an access level that
# the team page does not hand out, so neither does the API.
FUNCTIONS = {value: label for value, label in TeamRole.choices if value != TeamRole.VIEWER}

Function = Annotated[
    str,
    BeforeValidator(one_of_check(FUNCTIONS, "function")),
    one_of_schema(
        FUNCTIONS,
        "Their function on the team: " + "; ".join(f"{k} ({v})" for k, v in FUNCTIONS.items()),
    ),
]


class TeamMemberIn(InSchema):
    """A colleague joins the team with a function and appears on the map."""

    user_id: RecordId = Field(description="An active user not yet on this account's team.")
    role: Function
    stakeholder_id: RecordId | None = Field(
        None,
        description="One of our people already on this account's map who stands for them; "
        "by default a new internal stakeholder named after them is added.",
    )


class TeamMemberPatch(InSchema):
    """A new function; the stakeholder standing for them on the map follows it."""

    role: Function


class TeamMemberOut(Schema):
    user_id: RecordId
    username: str
    name: str = Field(description="Full name, else username.")
    role: str
    function: str = Field(description="The role's label.")
    can_edit: bool = Field(description="False for read-only viewers.")
    is_owner: bool = Field(description="The key account manager who owns the account.")
    stakeholder_id: RecordId | None = Field(
        description="The internal stakeholder standing for them on the map, if any."
    )
    joined_at: dt.datetime

    @staticmethod
    def resolve_username(obj: AccountMembership) -> str:
        return obj.user.get_username()

    @staticmethod
    def resolve_name(obj: AccountMembership) -> str:
        return obj.user.get_full_name() or obj.user.get_username()

    @staticmethod
    def resolve_function(obj: AccountMembership) -> str:
        return obj.get_role_display()

    @staticmethod
    def resolve_is_owner(obj: AccountMembership) -> bool:
        return obj.user_id == obj.account.owner_id

    @staticmethod
    def resolve_joined_at(obj: AccountMembership) -> dt.datetime:
        return obj.created_at
