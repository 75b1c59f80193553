""" "Days since the last review" counts from the day the latest review was held, so a
review held early (due in a month, done today) reads 0 days, never a negative number."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from relmap.accounts.portfolio_selectors import effort_for
from relmap.accounts.services import account_create
from relmap.planning import services

pytestmark = pytest.mark.django_db


def review(owner: Any, plan: Any, due_on: dt.date, **data: Any) -> Any:
    return services.plan_item_create(
        actor=owner, plan=plan, section_name="milestones", title="Review", due_on=due_on, **data
    )


def days_since_review(owner: Any, account: Any) -> int | None:
    (effort,) = [e for e in effort_for(owner) if e.account_id == account.pk]
    return effort.days_since_review


def test_it_counts_from_the_day_the_review_was_held(owner: Any) -> None:
    today = timezone.localdate()
    account = account_create(actor=owner, name="Early Reviews Ltd", owner=owner)
    plan = services.plan_get_or_create(actor=owner, account=account)
    assert days_since_review(owner, account) is None  # never reviewed

    review(owner, plan, today + dt.timedelta(days=30), done=True)  # held today, a month early
    assert days_since_review(owner, account) == 0

    # Another review, due later but recorded as held 10 days ago: the latest held counts.
    later = review(owner, plan, today + dt.timedelta(days=60))
    services.plan_item_update(
        actor=owner,
        item=later,
        section_name="milestones",
        done=True,
        completed_on=today - dt.timedelta(days=10),
    )
    assert days_since_review(owner, account) == 0

    # Held 10 days ago though due 40 days ago: 10 days, not 40.
    other = account_create(actor=owner, name="Late Reviews Ltd", owner=owner)
    other_plan = services.plan_get_or_create(actor=owner, account=other)
    review(
        owner,
        other_plan,
        today - dt.timedelta(days=40),
        done=True,
        completed_on=today - dt.timedelta(days=10),
    )
    review(owner, other_plan, today - dt.timedelta(days=5))  # not held: does not count
    assert days_since_review(owner, other) == 10
