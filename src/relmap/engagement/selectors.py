"""Reads for engagement: proposals, the touchpoint list of an account and of a user.

Every list here is built in a fixed number of queries whatever the number of plans,
people or interactions (tests/web/test_query_budgets.py holds the pages to it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Max, QuerySet
from django.utils import timezone

from relmap.accounts.models import Account, AccountMembership
from relmap.accounts.selectors import tier_policies
from relmap.analytics.engagement import (
    Contact,
    Due,
    EngagementFinding,
    Proposal,
    engagement_findings,
    next_touchpoint,
    propose,
)
from relmap.analytics.portfolio import EffortPolicy
from relmap.core.visibility import accounts_visible_to
from relmap.engagement.models import EngagementPlan, EngagementSettings, Interaction, Participant
from relmap.stakeholders.choices import Side, Status
from relmap.stakeholders.models import Stakeholder

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser


@dataclass(frozen=True, slots=True)
class CadenceSource:
    """Where a tier's touchpoint cadence comes from, for the explanation."""

    policies: dict[str, EffortPolicy]
    default_days: int

    def days_for(self, account: Account) -> tuple[int, str]:
        policy = self.policies.get(account.tier)
        if policy is None:
            return self.default_days, "the default cadence (the account has no tier yet)"
        return policy.touchpoint_cadence_days, f"the {account.tier} tier's cadence"


def cadence_source() -> CadenceSource:
    return CadenceSource(tier_policies(), EngagementSettings.load().default_cadence_days)


def proposal_for(
    account: Account, stakeholder: Stakeholder, cadence: CadenceSource | None = None
) -> Proposal:
    """The strategy ``stakeholder``'s quadrant and attitude propose today."""
    days, _ = (cadence or cadence_source()).days_for(account)
    return propose(
        power=stakeholder.power,
        interest=stakeholder.interest,
        attitude=stakeholder.attitude,
        roles=frozenset(stakeholder.roles or ()),
        tier_cadence_days=days,
    )


def last_touches(stakeholder_ids: Iterable[int]) -> dict[int, dt.datetime]:
    """The latest interaction each person took part in, in one query."""
    rows = (
        Participant.objects.filter(stakeholder_id__in=list(stakeholder_ids))
        .values("stakeholder_id")
        .annotate(last=Max("interaction__occurred_at"))
    )
    return {row["stakeholder_id"]: row["last"] for row in rows}


@dataclass(frozen=True, slots=True)
class PlanRow:
    """One engagement plan with where it stands today."""

    plan: EngagementPlan
    proposal: Proposal
    cadence_days: int
    cadence_reason: str
    last_touch: dt.datetime | None
    due: Due

    @property
    def strategy_is_stale(self) -> bool:
        """The person has moved since the strategy was chosen: quadrant or attitude."""
        return bool(self.plan.strategy_code) and self.plan.strategy_code != self.proposal.code

    @property
    def follows_proposal(self) -> bool:
        return self.plan.strategy.strip() == self.proposal.text


def _plan_rows(
    plans: Iterable[EngagementPlan], today: dt.date, cadence: CadenceSource
) -> list[PlanRow]:
    plans = list(plans)
    touches = last_touches(p.stakeholder_id for p in plans)
    rows = []
    for plan in plans:
        proposal = proposal_for(plan.account, plan.stakeholder, cadence)
        if plan.cadence_days:
            days, reason = plan.cadence_days, "set on this plan"
        else:
            tier_days, source = cadence.days_for(plan.account)
            days = proposal.cadence_days
            reason = f"proposed: {source} ({tier_days} days) adjusted for the quadrant"
        last = touches.get(plan.stakeholder_id)
        due = next_touchpoint(
            today=today,
            cadence_days=days,
            last_touch=timezone.localdate(last) if last else None,
            next_step_on=plan.next_step_on,
            plan_started=timezone.localdate(plan.created_at),
        )
        rows.append(PlanRow(plan, proposal, days, reason, last, due))
    rows.sort(key=lambda r: (r.due.due_on, r.plan.stakeholder.name))
    return rows


def _plans() -> QuerySet[EngagementPlan]:
    return EngagementPlan.objects.select_related("stakeholder", "owner", "account")


def unplanned(accounts: QuerySet[Account] | list[int]) -> QuerySet[Stakeholder]:
    """Current stakeholders of theirs with no engagement plan, most powerful first.

    Internal stakeholders may have a plan (our legal or delivery people need engaging
    too) but are not listed as missing one: they are the ones who do the engaging.
    """
    return (
        Stakeholder.objects.filter(account__in=accounts, engagement_plan__isnull=True)
        .exclude(side=Side.INTERNAL)
        .exclude(status=Status.LEFT)
        .select_related("account")
        .order_by("account__name", "-power", "-interest", "name")
    )


@dataclass(frozen=True, slots=True)
class Touchpoints:
    """Plans by status, and the people who have none."""

    rows: list[PlanRow]
    unplanned: list[Stakeholder]
    findings: list[EngagementFinding] = field(default_factory=list)

    def with_status(self, status: str) -> list[PlanRow]:
        return [r for r in self.rows if r.due.status == status]

    @property
    def overdue(self) -> list[PlanRow]:
        return self.with_status("overdue")

    @property
    def due(self) -> list[PlanRow]:
        return self.with_status("due")

    @property
    def upcoming(self) -> list[PlanRow]:
        return self.with_status("upcoming")


def account_touchpoints(account: Account, today: dt.date | None = None) -> Touchpoints:
    """Every plan on ``account`` with its due date, and who has no plan."""
    today = today or timezone.localdate()
    rows = _plan_rows(_plans().filter(account=account), today, cadence_source())
    theirs = list(
        Stakeholder.objects.filter(account=account)
        .select_related("account")
        .exclude(side=Side.INTERNAL)
        .exclude(status=Status.LEFT)
        .order_by("name")
    )
    touches = last_touches(p.pk for p in theirs)
    planned = {r.plan.stakeholder_id for r in rows}
    findings = engagement_findings(
        [
            Contact(p.pk, p.name, p.power, p.interest, p.attitude, frozenset(p.roles or ()))
            for p in theirs
        ],
        {pk: timezone.localdate(at) for pk, at in touches.items()},
        planned,
        today,
    )
    waiting = sorted(
        (p for p in theirs if p.pk not in planned), key=lambda p: (-p.power, -p.interest, p.name)
    )
    return Touchpoints(rows, waiting, findings)


@dataclass(frozen=True, slots=True)
class MyTouchpoints(Touchpoints):
    """A user's touchpoints: plans they own, on every account they can see."""

    unlinked_accounts: list[Account] = field(default_factory=list)


def my_touchpoints(
    user: AbstractBaseUser | AnonymousUser, today: dt.date | None = None
) -> MyTouchpoints:
    """The plans owned by the internal stakeholders who stand for ``user`` on the maps of
    the accounts they may see; the unplanned stakeholders of the accounts whose team they
    are on (and may edit); and the accounts where they are not on the map yet."""
    today = today or timezone.localdate()
    if not user.is_authenticated or user.pk is None:
        return MyTouchpoints([], [])
    memberships = list(
        AccountMembership.objects.filter(
            user_id=int(user.pk), account__in=accounts_visible_to(user)
        ).select_related("account")
    )
    me = [m.stakeholder_id for m in memberships if m.stakeholder_id]
    rows = _plan_rows(_plans().filter(owner_id__in=me), today, cadence_source())
    editable = [m.account_id for m in memberships if m.can_edit]
    return MyTouchpoints(
        rows,
        list(unplanned(editable)),
        unlinked_accounts=sorted(
            (m.account for m in memberships if not m.stakeholder_id), key=lambda a: a.name
        ),
    )


def interactions_of(account: Account) -> QuerySet[Interaction]:
    return Interaction.objects.filter(account=account).order_by("-occurred_at", "-id")


def with_participants(interactions: QuerySet[Interaction]) -> QuerySet[Interaction]:
    return interactions.prefetch_related("participants__stakeholder")
