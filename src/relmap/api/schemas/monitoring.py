"""Schemas of ``/api/accounts/{account_id}/kpis``, ``…/nps``, ``…/csat``,
``…/complaints``, ``…/feedback`` and ``…/monitoring/import``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field

from relmap.api.schemas.common import NOT_SENT, InSchema, RecordId
from relmap.monitoring.choices import (
    ActionStatus,
    ComplaintCategory,
    Direction,
    Expected,
    FeedbackSource,
    KpiKind,
    Severity,
    Survey,
)

# KPIs -------------------------------------------------------------------------------------


class KpiIn(InSchema):
    kind: KpiKind
    name: str = Field("", max_length=100, description="Default: the kind's name.")
    unit: str | None = Field(None, max_length=30, description="Default: the kind's unit.")
    direction: Direction | None = Field(None, description="Default: the kind's direction.")
    description: str = ""
    baseline: float | None = None
    baseline_on: dt.date | None = None
    target: float | None = None
    target_on: dt.date | None = None


class KpiPatch(InSchema):
    name: str = Field(NOT_SENT, min_length=1, max_length=100)
    unit: str = Field(NOT_SENT, max_length=30)
    direction: Direction = Field(NOT_SENT)
    description: str = Field(NOT_SENT)
    baseline: float | None = Field(NOT_SENT)
    baseline_on: dt.date | None = Field(NOT_SENT)
    target: float | None = Field(NOT_SENT)
    target_on: dt.date | None = Field(NOT_SENT)


class PointIn(InSchema):
    on: dt.date
    value: float
    note: str = Field("", max_length=300)


class PointOut(Schema):
    on: dt.date
    value: float
    source: str
    note: str


class KpiStatusOut(Schema):
    status: str
    label: str
    progress: float | None
    elapsed: float | None
    explanation: str


class FreshnessOut(Schema):
    late: bool = Field(description="No value as recent as the KPI's rhythm calls for.")
    latest_on: dt.date | None
    rhythm_days: int | None = Field(
        description="The usual gap between values (median of the latest six); null with "
        "fewer than two."
    )
    expected_by: dt.date | None = Field(
        description="The next value is late after this day: 1.5 rhythms, at least 45 days."
    )
    explanation: str


class KpiOut(Schema):
    id: int
    kind: str
    name: str
    unit: str
    direction: str
    description: str
    baseline: float | None
    baseline_on: dt.date | None
    target: float | None
    target_on: dt.date | None
    computed: bool
    status: KpiStatusOut
    freshness: FreshnessOut
    points: list[PointOut]


# NPS and CSAT ----------------------------------------------------------------------------


class NpsOut(Schema):
    score: float | None = Field(description="-100 to 100; null with too few responses.")
    promoters: int
    passives: int
    detractors: int
    counted: int
    responses_in_window: int
    window_start: dt.date
    window_end: dt.date
    aggregation: str
    min_responses: int
    explanation: str


class PersonNpsOut(NpsOut):
    stakeholder_id: int
    name: str


class CsatOut(Schema):
    score: float | None = Field(description="% answering 4 or 5; null with too few responses.")
    mean: float | None
    satisfied: int
    counted: int
    window_start: dt.date
    window_end: dt.date
    min_responses: int
    explanation: str


# Complaints and feedback ----------------------------------------------------------------------


class ComplaintIn(InSchema):
    category: ComplaintCategory
    severity: Severity
    summary: str = Field(min_length=1, max_length=300)
    opened_on: dt.date
    stakeholder_id: RecordId | None = None
    resolved_on: dt.date | None = None
    resolution: str = ""


class ComplaintPatch(InSchema):
    category: ComplaintCategory = Field(NOT_SENT)
    severity: Severity = Field(NOT_SENT)
    summary: str = Field(NOT_SENT, min_length=1, max_length=300)
    opened_on: dt.date = Field(NOT_SENT)
    stakeholder_id: RecordId | None = Field(NOT_SENT)
    resolved_on: dt.date | None = Field(NOT_SENT)
    resolution: str = Field(NOT_SENT)


class ComplaintOut(Schema):
    id: int
    category: str
    severity: str
    summary: str
    opened_on: dt.date
    resolved_on: dt.date | None
    resolution_days: int | None
    resolution: str
    stakeholder_id: int | None


class FeedbackIn(InSchema):
    source: FeedbackSource
    quote: str = Field(min_length=1)
    received_on: dt.date
    themes: list[str] = Field(default_factory=list, max_length=10)
    stakeholder_id: RecordId | None = None


class FeedbackOut(Schema):
    id: int
    source: str
    quote: str
    received_on: dt.date
    themes: list[str]
    stakeholder_id: int | None


# Import -----------------------------------------------------------------------------------


class MonitoringImportIn(InSchema):
    csv: str = Field(
        min_length=1,
        description="CSV text: KPI values (kpi, on, value, note) or survey responses "
        "(respondent, stakeholder, answered_on, score, comment, survey), told apart by "
        "the header (docs/import-format.md).",
    )
    survey: Survey | None = Field(None, description="Survey responses only.")


class MonitoringImportOut(Schema):
    kind: str = Field(description='"kpi_values" or "survey_responses".')
    created: int
    updated: int
    unchanged: int
    summary: str


def status_out(status: Any) -> dict[str, Any]:
    return {
        "status": status.status,
        "label": status.label,
        "progress": status.progress,
        "elapsed": status.elapsed,
        "explanation": status.explanation,
    }


# Health, reviews, the diff and improvement actions ------------------------------------------


class HealthComponentOut(Schema):
    name: str
    label: str
    value: float | None
    weight: float
    share: float
    contribution: float
    explanation: str


class HealthOut(Schema):
    score: float | None
    components: list[HealthComponentOut]
    explanation: str


class WeightsIn(InSchema):
    weights: dict[str, float] = Field(
        description="A weight (%) for each of the ten components, adding up to 100."
    )


class ReviewIn(InSchema):
    notes: str = Field("", max_length=5000)


class ReviewOut(Schema):
    id: int
    reviewed_at: dt.datetime
    reviewed_by_id: int | None
    notes: str


class HealthComponentChangeOut(Schema):
    name: str
    value_before: float | None = Field(description="The value then, 0-100; null: not scored")
    value_after: float | None
    before: float | None = Field(description="Points of the total then; null: not scored")
    after: float | None
    delta: float = Field(description="The change in points of the total")


class HealthChangeOut(Schema):
    before: float | None = Field(description="The score kept on or before the earlier moment")
    after: float | None = Field(description="The score at the later moment (now: computed)")
    delta: float | None
    before_on: dt.date | None = Field(description="The day the earlier score was kept")
    after_on: dt.date | None = Field(description="The day the later score was kept; null: now")
    explanation: str
    components: list[HealthComponentChangeOut] = Field(
        description="The components whose part moved, the largest move first"
    )


class DiffOut(Schema):
    since: str
    until: str
    lines: list[str]
    joined: list[int]
    left: list[int]
    ties_gained: list[list[Any]]
    ties_lost: list[list[Any]]
    empty: bool
    health: HealthChangeOut


class ActionIn(InSchema):
    description: str = Field(min_length=1, max_length=300)
    due_on: dt.date
    owner_id: RecordId | None = None
    kpi_id: RecordId | None = None
    expected: Expected | None = None
    window_days: int = Field(90, ge=7, le=730)


class ActionPatch(InSchema):
    description: str = Field(NOT_SENT, min_length=1, max_length=300)
    due_on: dt.date = Field(NOT_SENT)
    owner_id: RecordId | None = Field(NOT_SENT)
    status: ActionStatus = Field(NOT_SENT)
    completed_on: dt.date | None = Field(NOT_SENT)
    window_days: int = Field(NOT_SENT, ge=7, le=730)


class EffectOut(Schema):
    verdict: str
    label: str
    before_mean: float | None
    after_mean: float | None
    change: float | None
    explanation: str


class ActionOut(Schema):
    id: int
    description: str
    due_on: dt.date
    owner_id: int | None
    kpi_id: int | None
    expected: str
    origin: str
    status: str
    completed_on: dt.date | None
    window_days: int
    effect: EffectOut
