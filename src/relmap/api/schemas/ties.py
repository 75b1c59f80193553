"""Schemas of ``/api/accounts/{account_id}/ties``."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

from relmap.api.schemas.common import NOT_SENT, InSchema, RecordId, TieStrength
from relmap.stakeholders.choices import TieKind
from relmap.stakeholders.models import Tie


class TieIn(InSchema):
    """``source`` ``kind`` ``target``, e.g. Ann reports_to Bob. Both on this account."""

    source_id: RecordId
    target_id: RecordId
    kind: TieKind
    strength: TieStrength = 3
    notes: str = ""


class TiePatch(InSchema):
    """The people of a tie are fixed; delete it and create another to change them."""

    kind: TieKind = Field(NOT_SENT)
    strength: TieStrength = Field(NOT_SENT)
    notes: str = Field(NOT_SENT)


class TieOut(Schema):
    id: int
    account_id: RecordId
    source_id: RecordId
    source_name: str
    target_id: RecordId
    target_name: str
    kind: str
    kind_label: str
    strength: int
    notes: str
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_source_name(obj: Tie) -> str:
        return obj.source.name

    @staticmethod
    def resolve_target_name(obj: Tie) -> str:
        return obj.target.name

    @staticmethod
    def resolve_kind_label(obj: Tie) -> str:
        return str(TieKind(obj.kind).label)
