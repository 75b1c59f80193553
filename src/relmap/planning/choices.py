from __future__ import annotations

from django.db import models


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    UNDER_REVIEW = "under_review", "Under review"


class ObjectiveStatus(models.TextChoices):
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    ACHIEVED = "achieved", "Achieved"
    DROPPED = "dropped", "Dropped"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    BLOCKED = "blocked", "Blocked"
    CANCELLED = "cancelled", "Cancelled"


OPEN_ACTION_STATUSES = frozenset(
    {ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.BLOCKED}
)


class NeedKind(models.TextChoices):
    GOAL = "goal", "Goal"
    PAIN_POINT = "pain_point", "Pain point"


class SwotQuadrant(models.TextChoices):
    STRENGTH = "strength", "Strength"
    WEAKNESS = "weakness", "Weakness"
    OPPORTUNITY = "opportunity", "Opportunity"
    THREAT = "threat", "Threat"


class WhitespaceStatus(models.TextChoices):
    SOLD = "sold", "Sold"
    IN_PROGRESS = "in_progress", "In progress"
    OPEN = "open", "Open"
    NOT_A_FIT = "not_a_fit", "Not a fit"
