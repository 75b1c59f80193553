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
from relmap.analytics import mapdiff
from relmap.analytics.coverage import diamond
from relmap.core.audit import Actor, log_action
from relmap.core.visibility import require_portfolio_manager
from relmap.engagement.selectors import Touchpoints, account_touchpoints
from relmap.monitoring import selectors
from relmap.monitoring.choices import Survey
from relmap.monitoring.models import HealthSnapshot, MapReview, MonitoringSettings
from relmap.stakeholders.choices import BuyingRole, Side, Status
from relmap.stakeholders.models import Coverage, Stakeholder
from relmap.stakeholders.selectors import analyse_account

TREND_DAYS = 182  # "about six months"


def review_cadence(
    tier: str,
    settings: MonitoringSettings | None = None,
    policies: Mapping[str, Any] | None = None,
) -> tuple[int, str]:
    """How often the map of an account in ``tier`` (``""`` when unplaced) should be
    reviewed, and where that comes from (the tier's policy, else the setting); pass
    ``policies`` when asking for many accounts."""
    if policies is None:
        policies = tier_policies()
    policy = policies.get(tier) if tier else None
    if policy is not None:
        return policy.review_cadence_days, f"the {tier} tier's review cadence"
    days = (settings or MonitoringSettings.load()).default_review_cadence_days
    return days, "the default review cadence (the account has no tier yet)"


def _people_now(account: Account) -> list[formula.Person]:
    covered = set(
        Coverage.objects.filter(account=account).values_list("their_person_id", flat=True)
    )
    return [
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


def _people_then(state: mapdiff.MapState) -> list[formula.Person]:
    covered = {theirs for _ours, theirs in state.coverage}
    return [
        formula.Person(
            power=p.power if p.power is not None else 3,
            attitude=p.attitude,
            covered=p.id in covered,
            champion=BuyingRole.CHAMPION in p.roles,
            blocker=BuyingRole.BLOCKER in p.roles,
        )
        for p in state.people.values()
        if p.active and p.side != Side.INTERNAL
    ]


def inputs_for(
    account: Account,
    today: dt.date | None = None,
    *,
    state: mapdiff.MapState | None = None,
    touchpoints: Touchpoints | None = None,
) -> formula.HealthInputs:
    """What the health score of ``account`` reads on ``today``: the map now, or the map
    ``state`` of a past moment (``relmap.monitoring.history``), with the surveys and the
    reviews up to that day. Engagement plans are only known as they are now, so a past
    moment leaves that component out rather than judging it by today's plans. A page that
    has read the account's ``touchpoints`` for ``today`` already passes them."""
    today = today or timezone.localdate()
    settings = MonitoringSettings.load()
    before = today - dt.timedelta(days=TREND_DAYS)
    day_after = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=1), dt.time()))
    review = MapReview.objects.filter(account=account, reviewed_at__lt=day_after).first()
    cadence, _ = review_cadence(account.tier, settings)
    if state is None:
        people = _people_now(account)
        touchpoints = touchpoints or account_touchpoints(account, today)
        plans: int | None = len(touchpoints.rows)
        overdue = len(touchpoints.overdue)
        diamond_index = analyse_account(account).analysis.diamond_index
    else:
        people = _people_then(state)
        plans, overdue = None, 0
        diamond_index = diamond(mapdiff.account_map_of(state)).index
    nps = selectors.responses_of(account, Survey.NPS)
    csat = selectors.responses_of(account, Survey.CSAT)
    return formula.HealthInputs(
        people=people,
        plans=plans,
        plans_overdue=overdue,
        nps=selectors.account_nps(account, on=today, responses=nps).score,
        nps_before=selectors.account_nps(account, on=before, responses=nps).score,
        csat=selectors.account_csat(account, on=today, responses=csat).score,
        csat_before=selectors.account_csat(account, on=before, responses=csat).score,
        diamond_index=diamond_index,
        days_since_review=(today - timezone.localdate(review.reviewed_at)).days if review else None,
        review_cadence_days=cadence,
    )


def account_health(
    account: Account,
    today: dt.date | None = None,
    *,
    state: mapdiff.MapState | None = None,
    touchpoints: Touchpoints | None = None,
) -> formula.Health:
    """The account's health today (or on ``today`` with the map ``state`` it had then:
    :func:`inputs_for`), with the configured weights."""
    inputs = inputs_for(account, today, state=state, touchpoints=touchpoints)
    return formula.health(inputs, MonitoringSettings.load().health_weights)


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
def health_record(
    account: Account, today: dt.date | None = None, *, result: formula.Health | None = None
) -> HealthSnapshot:
    """Keep today's health (``result`` when the caller has computed it already),
    replacing today's if there is one."""
    today = today or timezone.localdate()
    result = result or account_health(account, today)
    snapshot, _ = HealthSnapshot.objects.update_or_create(
        account=account,
        on=today,
        defaults={"score": result.score, "components": _components_json(result)},
    )
    return snapshot


def health_trend(account: Account) -> list[HealthSnapshot]:
    return list(HealthSnapshot.objects.filter(account=account))


def health_from_snapshot(snapshot: HealthSnapshot) -> formula.Health:
    """A kept score as the formula's result, its components as computed that day."""
    return formula.Health(
        score=snapshot.score,
        components=tuple(
            formula.Component(
                name=c["name"],
                value=c["value"],
                weight=c["weight"],
                share=c["share"],
                contribution=c["contribution"],
                explanation=c["explanation"],
            )
            for c in snapshot.components
            if c.get("name") in formula.LABELS
        ),
    )


def health_kept_on(account: Account, day: dt.date) -> HealthSnapshot | None:
    """The latest score kept on or before ``day`` (one a day is kept: reviews, the
    monitoring page's ``relmap health`` run from cron, the demo)."""
    return HealthSnapshot.objects.filter(account=account, on__lte=day).order_by("-on").first()


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


REVIEW_CADENCE_MAX = 3650  # ten years: anything longer is a typo, not a cadence
REVIEW_CADENCE_MESSAGE = (
    f"The default review cadence is a whole number of days from 1 to {REVIEW_CADENCE_MAX}."
)


@transaction.atomic
def review_cadence_default_set(*, actor: Actor, days: int) -> MonitoringSettings:
    """Change how often the map of an account without a tier should be reviewed (tiered
    accounts follow their tier's policy, :func:`review_cadence`); audited. Like the
    weights it applies to every account, so only those who manage the portfolio may."""
    if actor is None:
        raise PermissionDenied(
            "Only sales leaders and administrators change the default review cadence."
        )
    require_portfolio_manager(actor)
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= REVIEW_CADENCE_MAX:
        raise ValidationError({"default_review_cadence_days": REVIEW_CADENCE_MESSAGE})
    settings = MonitoringSettings.objects.select_for_update().get(pk=MonitoringSettings.load().pk)
    before = {"default_review_cadence_days": settings.default_review_cadence_days}
    settings.default_review_cadence_days = days
    settings.save()
    log_action(
        actor=actor,
        action="relmap.monitoring.review_cadence_changed",
        obj=settings,
        account_id=None,
        before=before,
        after={"default_review_cadence_days": days},
    )
    return settings
