"""A small monitoring world on ``account`` built through the services, with the personas
on its team; and the API clients of tests/api."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from tests.api.conftest import bearer, call, messages  # noqa: F401 - fixtures shared with tests/api


@dataclass
class MonitoringWorld:
    account: Any
    owner: Any
    member: Any
    viewer: Any
    ann: Any  # customer, on the map with an e-mail
    kpi: Any  # retention, with one value
    complaint: Any  # open
    feedback: Any
    action: Any


@pytest.fixture
def mw(account: Any, owner: Any, member: Any, make_user: Any, person: Any) -> MonitoringWorld:
    from relmap.accounts.services import membership_set
    from relmap.monitoring import services

    viewer = make_user("vera")
    membership_set(actor=owner, account=account, user=viewer, role="viewer")
    ann = person(account, "Ann Archer", email="ann@northwind.example")
    today = timezone.localdate()
    kpi = services.kpi_create(actor=owner, account=account, kind="retention")
    services.kpi_point_set(actor=owner, kpi=kpi, on=today - dt.timedelta(days=40), value=90)
    complaint = services.complaint_create(
        actor=owner,
        account=account,
        category="service",
        severity="medium",
        summary="Slow support",
        opened_on=today - dt.timedelta(days=9),
        stakeholder=ann,
    )
    feedback = services.feedback_create(
        actor=owner,
        account=account,
        source="call",
        quote="Support got faster",
        received_on=today - dt.timedelta(days=2),
        themes=["support"],
    )
    from relmap.monitoring.actions import action_create

    action = action_create(
        actor=owner,
        account=account,
        description="Quarterly reviews",
        due_on=today + dt.timedelta(days=30),
        kpi=kpi,
    )
    return MonitoringWorld(account, owner, member, viewer, ann, kpi, complaint, feedback, action)
