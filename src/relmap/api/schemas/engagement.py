"""Schemas of engagement plans, hand-logged interactions and "my touchpoints"."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator, Field

from relmap.api.schemas.common import NOT_SENT, InSchema, RecordId
from relmap.engagement.choices import Channel, InteractionKind, ParticipantRole
from relmap.engagement.models import Interaction
from relmap.engagement.selectors import PlanRow

Cadence = Annotated[int, Field(ge=1, le=3650, description="Days between touchpoints.")]


def _aware(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("Give the time with a UTC offset or Z, e.g. 2026-03-02T09:30:00+00:00.")
    return value


AwareDateTime = Annotated[dt.datetime, AfterValidator(_aware)]


class ProposalOut(Schema):
    code: str
    quadrant: str
    band: str
    headline: str
    text: str
    channels: list[str]
    cadence_days: int
    explanation: str


class PlanIn(InSchema):
    """An engagement plan. Leave ``strategy`` and ``channels`` out to take the proposal;
    a different strategy needs ``strategy_reason``."""

    stakeholder_id: RecordId
    owner_id: RecordId
    objective: str = Field(min_length=1)
    strategy: str = ""
    strategy_reason: str = ""
    channels: list[Channel] | None = None
    cadence_days: Cadence | None = None
    message: str = ""
    next_step: str = Field("", max_length=300)
    next_step_on: dt.date | None = None


class PlanPatch(InSchema):
    owner_id: RecordId = Field(NOT_SENT)
    objective: str = Field(NOT_SENT, min_length=1)
    strategy: str = Field(NOT_SENT)
    strategy_reason: str = Field(NOT_SENT)
    channels: list[Channel] = Field(NOT_SENT)
    cadence_days: Cadence | None = Field(NOT_SENT)
    message: str = Field(NOT_SENT)
    next_step: str = Field(NOT_SENT, max_length=300)
    next_step_on: dt.date | None = Field(NOT_SENT)


class DueOut(Schema):
    due_on: dt.date
    status: str
    days: int
    reason: str


class PlanOut(Schema):
    id: int
    account_id: RecordId
    stakeholder_id: RecordId
    stakeholder_name: str
    owner_id: RecordId
    owner_name: str
    objective: str
    strategy: str
    strategy_code: str
    strategy_reason: str
    strategy_is_stale: bool
    follows_proposal: bool
    proposal: ProposalOut
    channels: list[str]
    cadence_days: int | None
    effective_cadence_days: int
    cadence_reason: str
    message: str
    next_step: str
    next_step_on: dt.date | None
    last_touch: dt.datetime | None
    due: DueOut

    @staticmethod
    def from_row(row: PlanRow) -> dict[str, Any]:
        plan = row.plan
        return {
            "id": plan.pk,
            "account_id": plan.account_id,
            "stakeholder_id": plan.stakeholder_id,
            "stakeholder_name": plan.stakeholder.name,
            "owner_id": plan.owner_id,
            "owner_name": plan.owner.name,
            "objective": plan.objective,
            "strategy": plan.strategy,
            "strategy_code": plan.strategy_code,
            "strategy_reason": plan.strategy_reason,
            "strategy_is_stale": row.strategy_is_stale,
            "follows_proposal": row.follows_proposal,
            "proposal": row.proposal,
            "channels": plan.channels,
            "cadence_days": plan.cadence_days,
            "effective_cadence_days": row.cadence_days,
            "cadence_reason": row.cadence_reason,
            "message": plan.message,
            "next_step": plan.next_step,
            "next_step_on": plan.next_step_on,
            "last_touch": row.last_touch,
            "due": row.due,
        }


class FindingOut(Schema):
    kind: str
    severity: str
    title: str
    explanation: str
    people: list[int]


class StakeholderRef(Schema):
    id: int
    account_id: int
    name: str
    title: str
    power: int
    interest: int


class TouchpointsOut(Schema):
    overdue: list[PlanOut]
    due: list[PlanOut]
    upcoming: list[PlanOut]
    unplanned: list[StakeholderRef]
    unlinked_account_ids: list[int] = []


class ParticipantIn(InSchema):
    stakeholder_id: RecordId
    role: ParticipantRole = ParticipantRole.ATTENDEE


class ParticipantOut(Schema):
    stakeholder_id: int
    name: str
    side: str
    role: str


class InteractionIn(InSchema):
    """A touchpoint that happened. ``occurred_at`` carries its UTC offset."""

    kind: InteractionKind
    occurred_at: AwareDateTime
    participants: list[ParticipantIn] = Field(min_length=1, max_length=500)
    channel: Channel | None = None
    subject: str = Field("", max_length=300)
    duration_minutes: int | None = Field(None, ge=1, le=24 * 60)
    outcome_quality: int | None = Field(None, ge=1, le=5)
    notes: str = ""
    follow_ups: str = ""


class InteractionPatch(InSchema):
    kind: InteractionKind = Field(NOT_SENT)
    occurred_at: AwareDateTime = Field(NOT_SENT)
    participants: list[ParticipantIn] = Field(NOT_SENT, min_length=1, max_length=500)
    channel: Channel | None = Field(NOT_SENT)
    subject: str = Field(NOT_SENT, max_length=300)
    duration_minutes: int | None = Field(NOT_SENT, ge=1, le=24 * 60)
    outcome_quality: int | None = Field(NOT_SENT, ge=1, le=5)
    notes: str = Field(NOT_SENT)
    follow_ups: str = Field(NOT_SENT)


class InteractionOut(Schema):
    id: int
    account_id: int
    kind: str
    channel: str
    subject: str
    occurred_at: dt.datetime
    duration_minutes: int | None
    outcome_quality: int | None
    notes: str
    follow_ups: str
    source: str
    source_key: str
    participants: list[ParticipantOut]
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_participants(obj: Interaction) -> list[dict[str, Any]]:
        return [
            {
                "stakeholder_id": p.stakeholder_id,
                "name": p.stakeholder.name,
                "side": p.stakeholder.side,
                "role": p.role,
            }
            for p in obj.participants.all()
        ]
