"""Schemas of ``/api/accounts/{account_id}/coverage``."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

from relmap.api.schemas.common import NOT_SENT, CoverageStrength, InSchema, RecordId
from relmap.stakeholders.choices import CoverageDepth
from relmap.stakeholders.models import Coverage


class CoverageIn(InSchema):
    """One of our (internal) people holds a relationship with one of theirs."""

    our_person_id: RecordId
    their_person_id: RecordId
    current_depth: CoverageDepth = CoverageDepth.VENDOR
    desired_depth: CoverageDepth = CoverageDepth.TRUSTED_ADVISOR
    strength: CoverageStrength = 3
    notes: str = ""


class CoveragePatch(InSchema):
    """The two people are fixed; delete the record and create another to change them."""

    current_depth: CoverageDepth = Field(NOT_SENT)
    desired_depth: CoverageDepth = Field(NOT_SENT)
    strength: CoverageStrength = Field(NOT_SENT)
    notes: str = Field(NOT_SENT)


class CoverageOut(Schema):
    id: int
    account_id: RecordId
    our_person_id: RecordId
    our_person_name: str
    their_person_id: RecordId
    their_person_name: str
    current_depth: str
    desired_depth: str
    strength: int
    notes: str
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_our_person_name(obj: Coverage) -> str:
        return obj.our_person.name

    @staticmethod
    def resolve_their_person_name(obj: Coverage) -> str:
        return obj.their_person.name
