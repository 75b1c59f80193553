"""The health score of an account from what relmap knows of it (``relmap.analytics.health``
does the arithmetic), recorded once a day for the trend; and its settings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from relmap.accounts.models import Account
from relmap.accounts.selectors import tier_policies
from relmap.analytics import health as formula
from relmap.core.audit import Actor, log_action
from relmap.core.visibility import require_portfolio_manager
from relmap.engagement.selectors import account_touchpoints
from relmap.monitoring import selectors
from relmap.monitoring.models import HealthSnapshot, MapReview, MonitoringSettings
from relmap.stakeholders.choices import BuyingRole, Side, Status
from relmap.stakeholders.models import Coverage, Stakeholder
from relmap.stakeholders.selectors import analyse_account

TREND_DAYS = 182  # "about six months"


def review_cadence(
    account: Account,
    settings: MonitoringSettings | None = None,
    policies: Mapping[str, Any] | None = None,
) -> tuple[int, str]:
    """How often the account's map should be reviewed, and where that comes from (the
    tier's policy, else the setting); pass ``policies`` when asking for many accounts."""
    if policies is None:
        policies = tier_policies()
    policy = policies.get(account.tier) if account.tier else None
    if policy is not None:
        return policy.review_cadence_days, f"the {account.tier} tier's review cadence"
    days = (settings or MonitoringSettings.load()).default_review_cadence_days
    return days, "the default review cadence (the account has no tier yet)"


def inputs_for(account: Account, today: dt.date | None = None) -> formula.HealthInputs:
    today = today or timezone.localdate()
    settings = MonitoringSettings.load()
    covered = set(
        Coverage.objects.filter(account=account).values_list("their_person_id", flat=True)
    )
    people = [
        formula.Person(
            power=p.power,
            attitude=p.attitude,
            covered=p.pk in covered,
            champion=BuyingRole.CHAMPION in (p.roles or ()),
            blocker=BuyingRole.BLOCKER in (p.roles or ()),
        )
        for p in Stakeholder.objects.filter(account=account, status=Status.ACTIVE).exclude(
            side=Side.INTERNAL
        )
    ]
    touchpoints = account_touchpoints(account, today)
    before = today - dt.timedelta(days=TREND_DAYS)
    review = MapReview.objects.filter(account=account).first()
    cadence, _ = review_cadence(account, settings)
    return formula.HealthInputs(
        people=people,
        plans=len(touchpoints.rows),
        plans_overdue=len(touchpoints.overdue),
        nps=selectors.account_nps(account, on=today).score,
        nps_before=selectors.account_nps(account, on=before).score,
        csat=selectors.account_csat(account, on=today).score,
        csat_before=selectors.account_csat(account, on=before).score,
        diamond_index=analyse_account(account).analysis.diamond_index,
        days_since_review=(today - timezone.localdate(review.reviewed_at)).days if review else None,
        review_cadence_days=cadence,
    )


def account_health(account: Account, today: dt.date | None = None) -> formula.Health:
    """The account's health today, with the configured weights."""
    return formula.health(inputs_for(account, today), MonitoringSettings.load().health_weights)


def _components_json(result: formula.Health) -> list[dict[str, Any]]:
    return [
        {
            "name": c.name,
            "label": c.label,
            "value": c.value,
            "weight": c.weight,
            "share": c.share,
            "contribution": c.contribution,
            "explanation": c.explanation,
        }
        for c in result.components
    ]


@transaction.atomic
def health_record(account: Account, today: dt.date | None = None) -> HealthSnapshot:
    """Compute today's health and keep it (replacing today's if there is one)."""
    today = today or timezone.localdate()
    result = account_health(account, today)
    snapshot, _ = HealthSnapshot.objects.update_or_create(
        account=account,
        on=today,
        defaults={"score": result.score, "components": _components_json(result)},
    )
    return snapshot


def health_trend(account: Account) -> list[HealthSnapshot]:
    return list(HealthSnapshot.objects.filter(account=account))


@transaction.atomic
def health_weights_set(*, actor: Actor, weights: Mapping[str, float]) -> MonitoringSettings:
    """Change the health score's weights (percentages adding up to 100); audited. They
    apply to every account, so only those who manage the portfolio may (sales leaders
    and administrators: :func:`relmap.core.visibility.can_manage_portfolio`)."""
    if actor is None:
        raise PermissionDenied("Only sales leaders and administrators change the weights.")
    require_portfolio_manager(actor)
    problems = formula.check_weights(weights)
    if problems:
        raise ValidationError({"weights": "The weights: " + "; ".join(problems) + "."})
    settings = MonitoringSettings.objects.select_for_update().get(pk=MonitoringSettings.load().pk)
    before = dict(settings.health_weights)
    settings.health_weights = {c: float(weights[c]) for c in formula.COMPONENTS}
    settings.save()
    log_action(
        actor=actor,
        action="relmap.health.weights_changed",
        obj=settings,
        account_id=None,
        before=before,
        after=settings.health_weights,
    )
    return settings
