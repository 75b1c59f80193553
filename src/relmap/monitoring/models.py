"""Monitoring: what customers say about us, as numbers over time."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from relmap.accounts.models import Account
from relmap.core.models import TimeStampedModel
from relmap.monitoring.choices import Survey
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
