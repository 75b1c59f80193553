"""Schemas of ``/api/accounts``."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

from relmap.accounts.choices import AccountKind
from relmap.accounts.models import Account
from relmap.api.schemas.common import NOT_SENT, InSchema, Name


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


class AccountOut(Schema):
    id: int
    name: str
    kind: str
    industry: str
    description: str
    owner_id: int
    owner: str = Field(description="The owner's username.")
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_owner(obj: Account) -> str:
        return obj.owner.get_username()
