"""Improvement actions: raised by hand or from a KPI, owned by the team, done on a day,
audited; and judged by their KPI before and after, with no verdict on thin data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from relmap.core.models import AuditEntry
from relmap.monitoring import actions, services
from relmap.monitoring.models import ImprovementAction

pytestmark = pytest.mark.django_db


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


@pytest.fixture
def retention(owner: Any, account: Any) -> Any:
    kpi = services.kpi_create(actor=owner, account=account, kind="retention")
    for n, value in ((80, 84), (50, 85), (20, 90), (5, 92)):
        services.kpi_point_set(actor=owner, kpi=kpi, on=days_ago(n), value=value)
    return kpi


def test_an_action_from_a_kpi_expects_its_better_direction_and_is_judged_by_it(
    owner: Any, account: Any, member: Any, retention: Any
) -> None:
    a = actions.action_create(
        actor=owner,
        account=account,
        description="Quarterly business reviews with every site",
        due_on=days_ago(-10),
        owner=member,
        kpi=retention,
        origin="kpi",
        origin_detail="Retention behind target",
    )
    assert a.expected == "up"
    assert actions.evaluation(a).verdict == "not_evaluable"
    actions.action_update(actor=owner, action=a, status="done", completed_on=days_ago(35))
    result = actions.evaluation(ImprovementAction.objects.get(pk=a.pk))
    assert result.verdict == "improved"
    assert (result.before_mean, result.after_mean) == (84.5, 91.0)
    done = AuditEntry.objects.get(action="relmap.action.completed")
    assert done.after == {"status": "done", "completed_on": days_ago(35).isoformat()}


def test_thin_data_gives_no_verdict(owner: Any, account: Any, retention: Any) -> None:
    a = actions.action_create(
        actor=owner, account=account, description="Call the CFO", due_on=days_ago(0), kpi=retention
    )
    actions.action_update(actor=owner, action=a, status="done", completed_on=days_ago(10))
    result = actions.evaluation(ImprovementAction.objects.get(pk=a.pk))
    assert result.verdict == "not_enough_data"
    assert "3 value(s) in the 90 days before" in result.explanation
    assert "and 1 after" in result.explanation


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"description": " "}, "Say what will be done"),
        ({"expected": "up"}, "needs a KPI"),
        ({"window_days": 3}, "at least a week"),
    ],
)
def test_bad_actions_are_refused(
    owner: Any, account: Any, data: dict[str, Any], message: str
) -> None:
    values: dict[str, Any] = {"description": "Fix invoices", "due_on": days_ago(-5), **data}
    with pytest.raises(ValidationError, match=message):
        actions.action_create(actor=owner, account=account, **values)
    assert not ImprovementAction.objects.exists()


def test_the_owner_is_on_the_team_and_the_kpi_is_the_accounts(
    owner: Any, account: Any, outsider: Any, other_account: Any
) -> None:
    with pytest.raises(ValidationError, match="on the account team"):
        actions.action_create(
            actor=owner, account=account, description="X", due_on=days_ago(-1), owner=outsider
        )
    theirs = services.kpi_create(actor=outsider, account=other_account, kind="retention")
    with pytest.raises(ValidationError, match="not this account's"):
        actions.action_create(
            actor=owner, account=account, description="X", due_on=days_ago(-1), kpi=theirs
        )


def test_done_needs_a_day_not_in_the_future_and_reopening_clears_it(
    owner: Any, account: Any
) -> None:
    a = actions.action_create(actor=owner, account=account, description="X", due_on=days_ago(3))
    with pytest.raises(ValidationError, match="needs the day it was done"):
        actions.action_update(actor=owner, action=a, status="done")
    with pytest.raises(ValidationError, match="in the future"):
        actions.action_update(actor=owner, action=a, status="done", completed_on=days_ago(-1))
    actions.action_update(actor=owner, action=a, status="done", completed_on=days_ago(1))
    actions.action_update(actor=owner, action=a, status="open")
    a.refresh_from_db()
    assert (a.status, a.completed_on) == ("open", None)
    assert [x.pk for x in actions.overdue_actions(owner)] == []  # nobody owns it
    actions.action_update(actor=owner, action=a, owner=owner)
    assert [x.pk for x in actions.overdue_actions(owner)] == [a.pk]
    actions.action_delete(actor=owner, action=a)
    assert AuditEntry.objects.filter(action="relmap.action.deleted").count() == 1
