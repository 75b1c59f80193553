"""Monitoring: what customers say about us, as numbers over time."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from relmap.accounts.models import Account
from relmap.core.models import TimeStampedModel
from relmap.monitoring.choices import (
    ActionOrigin,
    ActionStatus,
    ComplaintCategory,
    Direction,
    Expected,
    FeedbackSource,
    KpiKind,
    PointSource,
    Severity,
    Survey,
)
from relmap.stakeholders.models import Stakeholder


class SurveyResponse(TimeStampedModel):
    """One answer to an NPS or CSAT survey, as the survey tool exported it: who answered
    (an e-mail or a name), the person on the map when known, the day and the score.

    The same respondent answering the same survey on the same day is the same response:
    importing a file again changes nothing (``respondent_key`` is the respondent
    trimmed and lower-cased).
    """

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="survey_responses")
    survey = models.CharField(max_length=10, choices=Survey.choices)
    respondent = models.CharField(max_length=200)
    respondent_key = models.CharField(max_length=200, editable=False)
    stakeholder = models.ForeignKey(
        Stakeholder,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_responses",
        help_text="The person on the map who answered, when known.",
    )
    answered_on = models.DateField()
    score = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("account", "survey", "-answered_on", "respondent_key")
        constraints = (
            models.UniqueConstraint(
                fields=("account", "survey", "respondent_key", "answered_on"),
                name="survey_response_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(survey=Survey.NPS, score__lte=10)
                | models.Q(survey=Survey.CSAT, score__gte=1, score__lte=5),
                name="survey_response_score_on_scale",
            ),
        )
        indexes = (
            models.Index(fields=("account", "survey", "answered_on"), name="survey_account_day"),
        )

    def __str__(self) -> str:
        return f"{self.survey} {self.score} from {self.respondent} on {self.answered_on}"


class Kpi(TimeStampedModel):
    """A measure of the account relationship followed over time, with where it started
    (baseline), where we want it (target) and by when: the seeds' answer to monitoring
    by anecdote. ``lower`` KPIs (complaints) improve as they fall."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="kpis")
    kind = models.CharField(max_length=20, choices=KpiKind.choices)
    name = models.CharField(max_length=100)
    unit = models.CharField(max_length=30, blank=True)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    description = models.TextField(blank=True)
    baseline = models.FloatField(null=True, blank=True)
    baseline_on = models.DateField(null=True, blank=True)
    target = models.FloatField(null=True, blank=True)
    target_on = models.DateField(null=True, blank=True, help_text="When the target is due.")

    class Meta:
        ordering = ("account", "name")
        verbose_name = "KPI"
        constraints = (
            models.UniqueConstraint(fields=("account", "name"), name="kpi_unique_name"),
            models.UniqueConstraint(
                fields=("account", "kind"),
                condition=~models.Q(kind=KpiKind.CUSTOM),
                name="kpi_one_of_each_built_in_kind",
                violation_error_message="The account already follows this KPI.",
            ),
        )

    def __str__(self) -> str:
        return self.name


class KpiPoint(models.Model):
    """The KPI's value on a day."""

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="points")
    on = models.DateField()
    value = models.FloatField()
    source = models.CharField(max_length=10, choices=PointSource.choices)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ("kpi", "on")
        verbose_name = "KPI point"
        constraints = (models.UniqueConstraint(fields=("kpi", "on"), name="kpi_point_unique_day"),)

    def __str__(self) -> str:
        return f"{self.kpi_id} {self.on}: {self.value}"


class Complaint(TimeStampedModel):
    """A complaint the account raised: what about, how bad, when it was opened and
    resolved. The complaint log feeds the complaints KPI (opened per month) and the
    resolution time."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="complaints")
    stakeholder = models.ForeignKey(
        Stakeholder,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints",
        help_text="Who raised it, when they are on the map.",
    )
    category = models.CharField(max_length=20, choices=ComplaintCategory.choices)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    summary = models.CharField(max_length=300)
    opened_on = models.DateField()
    resolved_on = models.DateField(null=True, blank=True)
    resolution = models.TextField(blank=True)

    class Meta:
        ordering = ("account", "-opened_on", "-id")
        constraints = (
            models.CheckConstraint(
                condition=models.Q(resolved_on__isnull=True)
                | models.Q(resolved_on__gte=models.F("opened_on")),
                name="complaint_resolved_after_opened",
            ),
        )
        indexes = (models.Index(fields=("account", "opened_on"), name="complaint_account_opened"),)

    def __str__(self) -> str:
        return self.summary

    @property
    def resolution_days(self) -> int | None:
        return (self.resolved_on - self.opened_on).days if self.resolved_on else None


class Feedback(TimeStampedModel):
    """Something the customer said, kept as said: where it came from, who said it, the
    themes it touches, the quote. The qualitative side next to the numbers."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="feedback")
    source = models.CharField(max_length=20, choices=FeedbackSource.choices)
    stakeholder = models.ForeignKey(
        Stakeholder, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback"
    )
    received_on = models.DateField()
    themes = models.JSONField(default=list, blank=True, help_text="Lower-case theme tags.")
    quote = models.TextField()

    class Meta:
        ordering = ("account", "-received_on", "-id")
        verbose_name_plural = "feedback"
        indexes = (models.Index(fields=("account", "received_on"), name="feedback_account_day"),)

    def __str__(self) -> str:
        return self.quote[:60]


class MapReview(models.Model):
    """A review of the account's map: an explicit act by someone, on a day, with notes,
    that keeps a snapshot of the map as it then was (relmap.analytics.mapdiff.MapState
    as JSON), so that any later map can be compared with it."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="map_reviews")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField()
    notes = models.TextField(blank=True)
    snapshot = models.JSONField()

    class Meta:
        ordering = ("account", "-reviewed_at", "-id")
        indexes = (models.Index(fields=("account", "reviewed_at"), name="map_review_account_at"),)

    def __str__(self) -> str:
        return f"Review of {self.account_id} on {self.reviewed_at:%Y-%m-%d}"


def default_health_weights() -> dict[str, float]:
    from relmap.analytics.health import DEFAULT_WEIGHTS

    return dict(DEFAULT_WEIGHTS)


class MonitoringSettings(models.Model):
    """Site-wide monitoring settings, one row (pk 1): the health score's weights and the
    review cadence of an account without a tier."""

    health_weights = models.JSONField(default=default_health_weights)
    default_review_cadence_days = models.PositiveSmallIntegerField(
        default=90,
        validators=[MinValueValidator(1, message="The cadence must be at least one day.")],
        help_text="How often the map of an account without a tier should be reviewed.",
    )

    class Meta:
        verbose_name_plural = "monitoring settings"

    def __str__(self) -> str:
        return "Monitoring settings"

    @classmethod
    def load(cls) -> MonitoringSettings:
        """The one row, created with its defaults the first time it is read."""
        settings_row, _ = cls.objects.get_or_create(pk=1)
        return settings_row


class HealthSnapshot(models.Model):
    """The account's health on a day, kept for the trend: the score and every component
    (value, weight, share, contribution, explanation) as computed then."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="health")
    on = models.DateField()
    score = models.FloatField(null=True)
    components = models.JSONField()

    class Meta:
        ordering = ("account", "on")
        constraints = (models.UniqueConstraint(fields=("account", "on"), name="health_one_a_day"),)

    def __str__(self) -> str:
        return f"{self.account_id} {self.on}: {self.score}"


class ImprovementAction(TimeStampedModel):
    """Something we will do to improve the relationship: raised from a finding or a KPI
    movement, or by hand; owned, dated, and — once done — judged by its linked KPI before
    and after (relmap.analytics.effectiveness)."""

    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="improvement_actions"
    )
    description = models.CharField(max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField()
    kpi = models.ForeignKey(
        Kpi, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    expected = models.CharField(
        max_length=4,
        choices=Expected.choices,
        blank=True,
        help_text="Which way the action should move the KPI.",
    )
    origin = models.CharField(
        max_length=10, choices=ActionOrigin.choices, default=ActionOrigin.MANUAL
    )
    origin_detail = models.CharField(max_length=300, blank=True)
    status = models.CharField(
        max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    completed_on = models.DateField(null=True, blank=True)
    window_days = models.PositiveSmallIntegerField(
        default=90,
        validators=[MinValueValidator(7, message="The window is at least a week.")],
        help_text="Days before and after completion compared on the KPI.",
    )

    class Meta:
        ordering = ("account", "status", "due_on", "id")
        constraints = (
            models.CheckConstraint(
                condition=~models.Q(status="done") | models.Q(completed_on__isnull=False),
                name="action_done_has_a_day",
            ),
        )

    def __str__(self) -> str:
        return self.description
