"""Schemas of ``/api/accounts/{account_id}/stakeholders``."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from relmap.analytics import QUADRANT_LABELS, quadrant
from relmap.api.schemas.common import (
    NOT_SENT,
    Attitude,
    InSchema,
    Interest,
    Name,
    Power,
    RecordId,
    Trust,
)
from relmap.stakeholders.choices import BuyingRole, Seniority, Side, Status
from relmap.stakeholders.models import Stakeholder

# Seniority may be left blank.
SeniorityOrBlank = Seniority | Literal[""]
# The keys of relmap.analytics.QUADRANTS (a test keeps the two in step).
Quadrant = Literal["key_players", "keep_satisfied", "keep_informed", "minimal_effort"]


class StakeholderIn(InSchema):
    """A new person on the map. Only ``name`` is required."""

    name: Name
    ref: str = Field("", max_length=100, description="Import id, unique within the account.")
    side: Side = Side.CUSTOMER
    title: str = Field("", max_length=200)
    department: str = Field("", max_length=200)
    seniority: SeniorityOrBlank = ""
    email: str = Field("", max_length=254)
    location: str = Field("", max_length=200)
    time_zone: str = Field("", max_length=64)
    language: str = Field("", max_length=64)
    roles: list[BuyingRole] = Field(default_factory=list, description="Buying roles.")
    power: Power = 3
    interest: Interest = 3
    attitude: Attitude = None
    trust: Trust = None
    status: Status = Status.ACTIVE
    status_changed_on: dt.date | None = None
    cultural_notes: str = ""
    communication_preferences: str = ""
    motivations: str = ""
    political_agenda: str = ""
    rationale: str = ""


class StakeholderPatch(InSchema):
    """Only the fields sent are changed; send ``"attitude": null`` to mark it unknown."""

    name: Name = Field(NOT_SENT)
    ref: str = Field(NOT_SENT, max_length=100)
    side: Side = Field(NOT_SENT)
    title: str = Field(NOT_SENT, max_length=200)
    department: str = Field(NOT_SENT, max_length=200)
    seniority: SeniorityOrBlank = Field(NOT_SENT)
    email: str = Field(NOT_SENT, max_length=254)
    location: str = Field(NOT_SENT, max_length=200)
    time_zone: str = Field(NOT_SENT, max_length=64)
    language: str = Field(NOT_SENT, max_length=64)
    roles: list[BuyingRole] = Field(NOT_SENT)
    power: Power = Field(NOT_SENT)
    interest: Interest = Field(NOT_SENT)
    attitude: Attitude = Field(NOT_SENT)
    trust: Trust = Field(NOT_SENT)
    status: Status = Field(NOT_SENT)
    status_changed_on: dt.date | None = Field(NOT_SENT)
    cultural_notes: str = Field(NOT_SENT)
    communication_preferences: str = Field(NOT_SENT)
    motivations: str = Field(NOT_SENT)
    political_agenda: str = Field(NOT_SENT)
    rationale: str = Field(NOT_SENT)


class StakeholderFilters(Schema):
    """Optional filters of the stakeholder list; all given filters must match."""

    side: Side | None = None
    department: str | None = Field(None, description="Exact department, case-insensitive.")
    role: BuyingRole | None = Field(None, description="Has this buying role.")
    quadrant: Quadrant | None = Field(None, description="Power/interest grid quadrant.")


class StakeholderOut(Schema):
    id: int
    account_id: RecordId
    ref: str
    name: str
    side: str
    title: str
    department: str
    seniority: str
    email: str
    location: str
    time_zone: str
    language: str
    roles: list[str]
    power: int
    interest: int
    attitude: int | None = Field(description="null means unknown, not neutral.")
    trust: int | None
    status: str
    status_changed_on: dt.date | None
    cultural_notes: str
    communication_preferences: str
    motivations: str
    political_agenda: str
    rationale: str
    quadrant: str
    quadrant_label: str
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_quadrant(obj: Stakeholder) -> str:
        return quadrant(obj.power, obj.interest)

    @staticmethod
    def resolve_quadrant_label(obj: Stakeholder) -> str:
        return QUADRANT_LABELS[quadrant(obj.power, obj.interest)]
