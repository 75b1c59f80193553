"""The words of monitoring (DESIGN.md)."""

from __future__ import annotations

from django.db import models


class Survey(models.TextChoices):
    NPS = "nps", "NPS (0 to 10: how likely to recommend us)"
    CSAT = "csat", "CSAT (1 to 5: how satisfied)"


# The answer scale of each survey (relmap.analytics.feedback).
SCALES: dict[str, tuple[int, int]] = {Survey.NPS: (0, 10), Survey.CSAT: (1, 5)}


class KpiKind(models.TextChoices):
    """The KPIs the seeds name, and the user's own."""

    NPS = "nps", "NPS"
    CSAT = "csat", "CSAT"
    REPEAT_BUSINESS = "repeat_business", "Repeat business rate"
    REVENUE_GROWTH = "revenue_growth", "Revenue growth"
    SHARE_OF_WALLET = "share_of_wallet", "Share of wallet"
    RETENTION = "retention", "Retention"
    COMPLAINTS = "complaints", "Complaints"
    PRODUCT_USAGE = "product_usage", "Product usage"
    CUSTOM = "custom", "Custom"


class Direction(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


class PointSource(models.TextChoices):
    MANUAL = "manual", "Entered"
    IMPORT = "import", "Imported"
    COMPUTED = "computed", "Computed"


# Per built-in kind: (default name, unit, direction, lowest and highest value allowed).
# None: no bound.
KIND_DEFAULTS: dict[str, tuple[str, str, str, float | None, float | None]] = {
    KpiKind.NPS: ("NPS", "points", Direction.HIGHER, -100.0, 100.0),
    KpiKind.CSAT: ("CSAT", "% satisfied", Direction.HIGHER, 0.0, 100.0),
    KpiKind.REPEAT_BUSINESS: ("Repeat business rate", "%", Direction.HIGHER, 0.0, 100.0),
    KpiKind.REVENUE_GROWTH: ("Revenue growth", "% a year", Direction.HIGHER, -100.0, None),
    KpiKind.SHARE_OF_WALLET: ("Share of wallet", "%", Direction.HIGHER, 0.0, 100.0),
    KpiKind.RETENTION: ("Retention", "%", Direction.HIGHER, 0.0, 100.0),
    KpiKind.COMPLAINTS: ("Complaints", "opened a month", Direction.LOWER, 0.0, None),
    KpiKind.PRODUCT_USAGE: ("Product usage", "active users", Direction.HIGHER, 0.0, None),
}
# NPS and CSAT come from the survey responses, complaints from the complaint log, revenue
# growth from the account's financial periods. Repeat business stays entered or imported:
# a financial period holds one revenue figure, with no split of new and repeat business.
COMPUTED_KINDS = frozenset({KpiKind.NPS, KpiKind.CSAT, KpiKind.COMPLAINTS, KpiKind.REVENUE_GROWTH})


class ComplaintCategory(models.TextChoices):
    PRODUCT = "product", "Product or quality"
    DELIVERY = "delivery", "Delivery"
    SERVICE = "service", "Service and support"
    BILLING = "billing", "Billing"
    RELATIONSHIP = "relationship", "Relationship and communication"
    OTHER = "other", "Other"


class Severity(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


class FeedbackSource(models.TextChoices):
    SURVEY = "survey", "Survey comment"
    MEETING = "meeting", "Meeting"
    BUSINESS_REVIEW = "business_review", "Business review"
    CALL = "call", "Call"
    EMAIL = "email", "E-mail"
    SUPPORT = "support", "Support case"
    OTHER = "other", "Other"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class ActionOrigin(models.TextChoices):
    MANUAL = "manual", "By hand"
    FINDING = "finding", "From a finding"
    KPI = "kpi", "From a KPI movement"


class Expected(models.TextChoices):
    UP = "up", "Up"
    DOWN = "down", "Down"
