"""Interactions for the strength tests, written with the ORM, and the personas."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from relmap.accounts.services import membership_set
from relmap.engagement import touches
from relmap.engagement.models import Interaction, Participant

NOW = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)


@pytest.fixture
def viewer(make_user: Callable[..., Any], owner: Any, account: Any) -> Any:
    user = make_user("vera")
    membership_set(actor=owner, account=account, user=user, role="viewer")
    return user


@pytest.fixture
def touch() -> Callable[..., Interaction]:
    """``touch(account, "meeting", days_ago, (person, role), ..., notes="")``."""

    def make(
        account: Any, kind: str, days_ago: float, *people: Any, notes: str = ""
    ) -> Interaction:
        interaction = Interaction.objects.create(
            account=account,
            kind=kind,
            occurred_at=NOW - dt.timedelta(days=days_ago),
            notes=notes,
        )
        for item in people:
            person, role = item if isinstance(item, tuple) else (item, "attendee")
            Participant.objects.create(
                account=account, interaction=interaction, stakeholder=person, role=role
            )
        touches.rebuild([interaction.pk])  # as the services and ingestion do
        return interaction

    return make
