"""Reads for monitoring: an account's and a person's NPS and CSAT, computed by
:mod:`relmap.analytics.feedback` from the stored responses (one query each)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from relmap.accounts.models import Account
from relmap.analytics import feedback
from relmap.monitoring.choices import Survey
from relmap.monitoring.models import SurveyResponse
from relmap.stakeholders.models import Stakeholder


def _responses(
    account: Account, survey: str, stakeholder: Stakeholder | None = None
) -> list[feedback.Response]:
    rows = SurveyResponse.objects.filter(account=account, survey=survey)
    if stakeholder is not None:
        rows = rows.filter(stakeholder=stakeholder)
    return [
        feedback.Response(key, day, score)
        for key, day, score in rows.values_list("respondent_key", "answered_on", "score")
    ]


def account_nps(
    account: Account,
    *,
    on: dt.date | None = None,
    window_days: int = feedback.DEFAULT_WINDOW_DAYS,
    min_responses: int = feedback.DEFAULT_MIN_RESPONSES,
    aggregation: str = feedback.PER_RESPONDENT,
) -> feedback.NpsResult:
    """The account's NPS over the window ending ``on`` (today by default)."""
    return feedback.nps(
        _responses(account, Survey.NPS),
        on=on or timezone.localdate(),
        window_days=window_days,
        min_responses=min_responses,
        aggregation=aggregation,
    )


def stakeholder_nps(
    stakeholder: Stakeholder,
    *,
    on: dt.date | None = None,
    window_days: int = feedback.DEFAULT_WINDOW_DAYS,
    min_responses: int = 1,
) -> feedback.NpsResult:
    """One person's NPS over the window: every answer of theirs counts (one respondent,
    so per respondent would be their latest answer alone); the minimum defaults to one."""
    return feedback.nps(
        _responses(stakeholder.account, Survey.NPS, stakeholder),
        on=on or timezone.localdate(),
        window_days=window_days,
        min_responses=min_responses,
        aggregation=feedback.PER_RESPONSE,
    )


def account_csat(
    account: Account,
    *,
    on: dt.date | None = None,
    window_days: int = feedback.DEFAULT_WINDOW_DAYS,
    min_responses: int = feedback.DEFAULT_MIN_RESPONSES,
) -> feedback.CsatResult:
    """The account's CSAT over the window ending ``on`` (today by default)."""
    return feedback.csat(
        _responses(account, Survey.CSAT),
        on=on or timezone.localdate(),
        window_days=window_days,
        min_responses=min_responses,
    )
