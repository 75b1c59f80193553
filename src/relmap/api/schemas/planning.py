"""Schemas of ``/api/accounts/{account_id}/plan``: the account plan and each section.

Bodies name people and objectives by id (``owner_id`` a user on the account team,
``stakeholder_id`` / ``customer_owner_id`` a person on this account's map,
``objective_id`` an objective of this plan); answers give the id and the name.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from relmap.api.schemas.common import NOT_SENT, InSchema, RecordId
from relmap.planning.choices import (
    ActionStatus,
    NeedKind,
    ObjectiveStatus,
    PlanStatus,
    SwotQuadrant,
    WhitespaceStatus,
)

Title = str
Amount = Decimal


def _person(obj: Any) -> str | None:
    if obj is None:
        return None
    full = getattr(obj, "get_full_name", None)
    return (full() if callable(full) else "") or str(obj)


# The plan -----------------------------------------------------------------------------


class PlanPatch(InSchema):
    """Only the fields sent are changed; every change makes a new revision."""

    status: PlanStatus = Field(NOT_SENT)
    summary: str = Field(NOT_SENT)
    value_proposition: str = Field(NOT_SENT)
    next_review_on: dt.date | None = Field(NOT_SENT)


# Sections: In (POST), Patch (PATCH), Out ----------------------------------------------


Explicitness = Literal["explicit", "latent", ""]
EXPLICITNESS_HELP = "explicit (the customer said it), latent (uncovered), or blank: not recorded."


class NeedIn(InSchema):
    kind: NeedKind
    explicitness: Explicitness = Field("", description=EXPLICITNESS_HELP)
    text: str = Field(min_length=1, max_length=300)
    stakeholder_id: RecordId | None = Field(None, description="Whose goal or pain point it is.")
    evidence: str = Field("", max_length=5000, description="What was said or seen.")
    business_impact: str = Field("", max_length=5000)


class NeedPatch(InSchema):
    kind: NeedKind = Field(NOT_SENT)
    explicitness: Explicitness = Field(NOT_SENT, description=EXPLICITNESS_HELP)
    text: str = Field(NOT_SENT, min_length=1, max_length=300)
    stakeholder_id: RecordId | None = Field(NOT_SENT)
    evidence: str = Field(NOT_SENT, max_length=5000)
    business_impact: str = Field(NOT_SENT, max_length=5000)


class NeedOut(Schema):
    id: int
    position: int
    kind: str
    explicitness: str
    text: str
    stakeholder_id: RecordId | None
    stakeholder: str | None
    evidence: str
    business_impact: str

    @staticmethod
    def resolve_stakeholder(obj: Any) -> str | None:
        return _person(obj.stakeholder)


class ObjectiveIn(InSchema):
    """A SMART objective: metric, baseline, target and deadline; ``mutual`` ones are
    agreed with the customer and need a ``customer_owner_id``."""

    title: Title = Field(min_length=1, max_length=200)
    metric: str = Field(min_length=1, max_length=200)
    unit: str = Field("", max_length=40)
    baseline: Amount = Field(max_digits=14, decimal_places=2)
    target: Amount = Field(max_digits=14, decimal_places=2)
    deadline: dt.date
    owner_id: RecordId | None = None
    mutual: bool = False
    customer_owner_id: RecordId | None = None
    status: ObjectiveStatus = ObjectiveStatus.ON_TRACK


class ObjectivePatch(InSchema):
    title: Title = Field(NOT_SENT, min_length=1, max_length=200)
    metric: str = Field(NOT_SENT, min_length=1, max_length=200)
    unit: str = Field(NOT_SENT, max_length=40)
    baseline: Amount = Field(NOT_SENT, max_digits=14, decimal_places=2)
    target: Amount = Field(NOT_SENT, max_digits=14, decimal_places=2)
    deadline: dt.date = Field(NOT_SENT)
    owner_id: RecordId | None = Field(NOT_SENT)
    mutual: bool = Field(NOT_SENT)
    customer_owner_id: RecordId | None = Field(NOT_SENT)
    status: ObjectiveStatus = Field(NOT_SENT)


class ObjectiveOut(Schema):
    id: int
    position: int
    title: str
    metric: str
    unit: str
    baseline: Decimal
    target: Decimal
    deadline: dt.date
    owner_id: RecordId | None
    owner: str | None
    mutual: bool
    customer_owner_id: RecordId | None
    customer_owner: str | None
    status: str

    @staticmethod
    def resolve_owner(obj: Any) -> str | None:
        return _person(obj.owner)

    @staticmethod
    def resolve_customer_owner(obj: Any) -> str | None:
        return _person(obj.customer_owner)


class StrategyIn(InSchema):
    title: Title = Field(min_length=1, max_length=200)
    description: str = ""
    objective_id: RecordId | None = None


class StrategyPatch(InSchema):
    title: Title = Field(NOT_SENT, min_length=1, max_length=200)
    description: str = Field(NOT_SENT)
    objective_id: RecordId | None = Field(NOT_SENT)


class StrategyOut(Schema):
    id: int
    position: int
    title: str
    description: str
    objective_id: RecordId | None


class ActionIn(InSchema):
    title: Title = Field(min_length=1, max_length=200)
    objective_id: RecordId | None = None
    owner_id: RecordId | None = None
    due_on: dt.date
    status: ActionStatus = ActionStatus.OPEN
    completed_on: dt.date | None = None


class ActionPatch(InSchema):
    title: Title = Field(NOT_SENT, min_length=1, max_length=200)
    objective_id: RecordId | None = Field(NOT_SENT)
    owner_id: RecordId | None = Field(NOT_SENT)
    due_on: dt.date = Field(NOT_SENT)
    status: ActionStatus = Field(NOT_SENT)
    completed_on: dt.date | None = Field(NOT_SENT)


class ActionOut(Schema):
    id: int
    position: int
    title: str
    objective_id: RecordId | None
    owner_id: RecordId | None
    owner: str | None
    due_on: dt.date
    status: str
    completed_on: dt.date | None

    @staticmethod
    def resolve_owner(obj: Any) -> str | None:
        return _person(obj.owner)


class ResourceIn(InSchema):
    title: Title = Field(min_length=1, max_length=200)
    details: str = ""


class ResourcePatch(InSchema):
    title: Title = Field(NOT_SENT, min_length=1, max_length=200)
    details: str = Field(NOT_SENT)


class ResourceOut(Schema):
    id: int
    position: int
    title: str
    details: str


class MilestoneIn(InSchema):
    title: Title = Field(min_length=1, max_length=200)
    due_on: dt.date
    done: bool = False
    completed_on: dt.date | None = Field(
        None, description="When a done review was held (today if not given; not in the future)."
    )


class MilestonePatch(InSchema):
    title: Title = Field(NOT_SENT, min_length=1, max_length=200)
    due_on: dt.date = Field(NOT_SENT)
    done: bool = Field(NOT_SENT)
    completed_on: dt.date | None = Field(NOT_SENT)


class MilestoneOut(Schema):
    id: int
    position: int
    title: str
    due_on: dt.date
    done: bool
    completed_on: dt.date | None


class ValuePointIn(InSchema):
    text: str = Field(min_length=1, max_length=300)
    need_ids: list[RecordId] = Field(
        default_factory=list, description="The goals and pain points this point answers."
    )


class ValuePointPatch(InSchema):
    text: str = Field(NOT_SENT, min_length=1, max_length=300)
    need_ids: list[RecordId] = Field(NOT_SENT)


class ValuePointOut(Schema):
    id: int
    position: int
    text: str
    need_ids: list[RecordId]

    @staticmethod
    def resolve_need_ids(obj: Any) -> list[int]:
        return [n.pk for n in obj.needs.all()]


class SwotIn(InSchema):
    quadrant: SwotQuadrant
    text: str = Field(min_length=1, max_length=300)


class SwotPatch(InSchema):
    quadrant: SwotQuadrant = Field(NOT_SENT)
    text: str = Field(NOT_SENT, min_length=1, max_length=300)


class SwotOut(Schema):
    id: int
    position: int
    quadrant: str
    text: str


class BusinessUnitIn(InSchema):
    name: str = Field(min_length=1, max_length=120)


class BusinessUnitPatch(InSchema):
    name: str = Field(NOT_SENT, min_length=1, max_length=120)


class BusinessUnitOut(Schema):
    id: int
    position: int
    name: str


# Whitespace, revisions, the whole plan -------------------------------------------------


class WhitespaceIn(InSchema):
    business_unit_id: RecordId
    offering_id: RecordId
    status: WhitespaceStatus | Literal[""] = Field(description="Blank clears the cell.")
    notes: str = Field("", max_length=300)


class WhitespaceCellOut(Schema):
    business_unit_id: RecordId
    offering_id: RecordId
    status: str
    notes: str


class OfferingRefOut(Schema):
    id: int
    name: str


class PlanOut(Schema):
    id: int
    account_id: RecordId
    status: str
    summary: str
    value_proposition: str
    next_review_on: dt.date | None
    revision: int
    updated_at: dt.datetime
    needs: list[NeedOut]
    objectives: list[ObjectiveOut]
    strategies: list[StrategyOut]
    actions: list[ActionOut]
    overdue_action_ids: list[RecordId] = Field(description="Open actions past their due date.")
    resources: list[ResourceOut]
    milestones: list[MilestoneOut]
    value_points: list[ValuePointOut]
    swot: list[SwotOut]
    business_units: list[BusinessUnitOut]
    offerings: list[OfferingRefOut]
    whitespace: list[WhitespaceCellOut]


class RevisionOut(Schema):
    number: int
    saved_at: dt.datetime
    saved_by: str | None
    change: str

    @staticmethod
    def resolve_saved_by(obj: Any) -> str | None:
        return obj.saved_by.get_username() if obj.saved_by else None


class DiffQuery(Schema):
    before: int = Field(ge=1, description="Revision number to compare from.")
    after: int | None = Field(None, ge=1, description="Revision to compare to; default latest.")


class FieldChangeOut(Schema):
    field: str
    before: Any
    after: Any


class ItemChangeOut(Schema):
    section: str
    item_id: Any
    label: str
    change: str
    fields: list[FieldChangeOut]


class PlanDiffOut(Schema):
    before: int
    after: int
    summary: str
    fields: list[FieldChangeOut]
    items: list[ItemChangeOut]
