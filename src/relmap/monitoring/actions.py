"""Improvement actions: raised from a finding, a KPI movement or by hand, owned and
dated; done (or dropped); and, once done, judged by the linked KPI before and after
(:mod:`relmap.analytics.effectiveness`). Every write validated and audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from relmap.accounts.models import Account
from relmap.analytics import effectiveness
from relmap.core.audit import Actor, audited_create, audited_delete, audited_update
from relmap.monitoring.choices import ActionOrigin, ActionStatus, Direction, Expected
from relmap.monitoring.models import ImprovementAction, Kpi

FIELDS = (
    "description",
    "owner",
    "due_on",
    "kpi",
    "expected",
    "origin",
    "origin_detail",
    "status",
    "completed_on",
    "window_days",
)


def _validate(a: ImprovementAction, today: dt.date) -> None:
    if not a.description.strip():
        raise ValidationError({"description": "Say what will be done."})
    if a.kpi_id is not None and a.kpi is not None and a.kpi.account_id != a.account_id:
        raise ValidationError({"kpi": "That KPI is not this account's."})
    if a.owner_id is not None and not a.account.memberships.filter(user_id=a.owner_id).exists():
        raise ValidationError({"owner": "The owner must be on the account team."})
    if a.expected and a.expected not in Expected.values:
        raise ValidationError({"expected": "Up or down."})
    if a.expected and a.kpi_id is None:
        raise ValidationError({"expected": "An expected direction needs a KPI to move."})
    if a.status == ActionStatus.DONE:
        if a.completed_on is None:
            raise ValidationError({"completed_on": "A done action needs the day it was done."})
        if a.completed_on > today:
            raise ValidationError({"completed_on": f"{a.completed_on} is in the future."})
    elif a.completed_on is not None:
        raise ValidationError({"completed_on": "Only a done action has a completion day."})
    a.full_clean(exclude=["account", "owner", "kpi"], validate_constraints=False)


@transaction.atomic
def action_create(
    *,
    actor: Actor,
    account: Account,
    description: str,
    due_on: dt.date,
    owner: Any = None,
    kpi: Kpi | None = None,
    expected: str = "",
    origin: str = ActionOrigin.MANUAL,
    origin_detail: str = "",
    window_days: int = 90,
    today: dt.date | None = None,
) -> ImprovementAction:
    """Raise an improvement action. From a KPI with no direction given, the KPI's better
    direction is expected."""
    if kpi is not None and not expected:
        expected = Expected.UP if kpi.direction == Direction.HIGHER else Expected.DOWN
    a = ImprovementAction(
        account=account,
        description=description.strip(),
        due_on=due_on,
        owner=owner,
        kpi=kpi,
        expected=expected,
        origin=origin,
        origin_detail=origin_detail.strip()[:300],
        window_days=window_days,
    )
    _validate(a, today or timezone.localdate())
    audited_create(
        actor=actor, obj=a, fields=FIELDS, action="relmap.action.created", account_id=account.pk
    )
    return a


@transaction.atomic
def action_update(
    *, actor: Actor, action: ImprovementAction, today: dt.date | None = None, **changes: Any
) -> ImprovementAction:
    """Change an action: its text, owner, due day, KPI, or its status (done on a day,
    dropped, open again)."""
    unknown = set(changes) - (set(FIELDS) - {"origin", "origin_detail"})
    if unknown:
        raise ValidationError(f"Cannot change {', '.join(sorted(unknown))} of an action.")
    a = ImprovementAction.objects.select_for_update().get(pk=action.pk)
    data = {k: v.strip() if isinstance(v, str) else v for k, v in changes.items()}
    if data.get("status", a.status) != ActionStatus.DONE and "completed_on" not in data:
        data["completed_on"] = None
    audited_update(
        actor=actor,
        obj=a,
        data=data,
        fields=FIELDS,
        action=lambda new: (
            "relmap.action.completed"
            if new.get("status") == ActionStatus.DONE
            else "relmap.action.updated"
        ),
        account_id=a.account_id,
        clean=lambda: _validate(a, today or timezone.localdate()),
    )
    return a


@transaction.atomic
def action_delete(*, actor: Actor, action: ImprovementAction) -> None:
    audited_delete(
        actor=actor,
        obj=action,
        fields=FIELDS,
        action="relmap.action.deleted",
        account_id=action.account_id,
    )


def evaluation(action: ImprovementAction) -> effectiveness.Effectiveness:
    """The linked KPI before and after the action was done (one query)."""
    if action.kpi is None:
        return effectiveness.Effectiveness(
            effectiveness.NOT_DUE, (), (), None, None, None, "No KPI is linked to the action."
        )
    if action.status != ActionStatus.DONE:
        return effectiveness.evaluate(
            [], completed_on=None, window_days=action.window_days, higher_is_better=True
        )
    points = [effectiveness.Point(p.on, p.value) for p in action.kpi.points.all()]
    return effectiveness.evaluate(
        points,
        completed_on=action.completed_on,
        window_days=action.window_days,
        higher_is_better=action.kpi.direction == Direction.HIGHER,
        expected_up=(action.expected == Expected.UP) if action.expected else None,
    )


def actions_of(account: Account) -> list[tuple[ImprovementAction, effectiveness.Effectiveness]]:
    actions = list(
        ImprovementAction.objects.filter(account=account)
        .select_related("kpi", "owner")
        .prefetch_related("kpi__points")
    )
    return [(a, evaluation(a)) for a in actions]


def overdue_actions(user: Any, today: dt.date | None = None) -> list[ImprovementAction]:
    """Open actions past their due day that ``user`` owns."""
    today = today or timezone.localdate()
    return list(
        ImprovementAction.objects.filter(
            owner=user, status=ActionStatus.OPEN, due_on__lt=today
        ).select_related("account")
    )
