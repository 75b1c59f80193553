"""The engagement pages run a fixed number of queries whatever the number of plans,
people and interactions: measured at two sizes, both must match the budget here."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from relmap.accounts.services import account_create, team_member_add
from relmap.engagement.models import EngagementPlan, Interaction, Participant
from relmap.stakeholders.models import Stakeholder

pytestmark = pytest.mark.django_db

BUDGETS = {"engagement_home": 13, "interactions": 8, "my_touchpoints": 8}


def build(owner: Any, name: str, people: int, interactions: int) -> Any:
    """An account with ``people`` of theirs, each with a plan owned by the owner's
    stakeholder, and ``interactions`` meetings between them (bulk set-up)."""
    account = account_create(actor=owner, name=name, owner=owner)
    me = Stakeholder.objects.create(account=account, name="Me", side="internal")
    team_member_add(actor=owner, account=account, user=owner, role="sales", stakeholder=me)
    theirs = Stakeholder.objects.bulk_create(
        Stakeholder(account=account, name=f"P{i:03d}", power=1 + i % 5, interest=1 + i % 3)
        for i in range(people)
    )
    EngagementPlan.objects.bulk_create(
        EngagementPlan(
            account=account, stakeholder=p, owner=me, objective="o", strategy="s", channels=[]
        )
        for p in theirs[: people // 2]
    )
    now = timezone.now()
    made = Interaction.objects.bulk_create(
        Interaction(account=account, kind="meeting", occurred_at=now - dt.timedelta(days=i))
        for i in range(interactions)
    )
    Participant.objects.bulk_create(
        Participant(account=account, interaction=it, stakeholder=p)
        for i, it in enumerate(made)
        for p in (me, theirs[i % people])
    )
    return account


def count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("people", "interactions"), [(4, 6), (60, 400)])
def test_engagement_pages_have_a_fixed_query_count(
    client: Client, owner: Any, people: int, interactions: int
) -> None:
    account = build(owner, f"Acme {people}", people, interactions)
    client.force_login(owner)
    client.get(reverse("touchpoints:mine"))  # settings row and session warmed up
    measured = {
        "engagement_home": count(
            client, reverse("engagement:home", kwargs={"account_pk": account.pk})
        ),
        "interactions": count(
            client, reverse("engagement:interactions", kwargs={"account_pk": account.pk})
        ),
        "my_touchpoints": count(client, reverse("touchpoints:mine")),
    }
    assert measured == BUDGETS
