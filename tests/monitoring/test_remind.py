"""A map past its review cadence is stale; `relmap remind` prints or e-mails each user's
digest of stale maps, overdue touchpoints and overdue actions."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from relmap.monitoring import actions
from relmap.monitoring.history import review_create
from relmap.monitoring.models import MapReview
from relmap.monitoring.staleness import staleness_of

pytestmark = pytest.mark.django_db


def test_a_map_is_stale_when_never_reviewed_or_past_its_cadence(owner: Any, account: Any) -> None:
    today = timezone.localdate()
    state = staleness_of([account], today)[account.pk]
    assert state.stale
    assert state.explanation().startswith("The map has never been reviewed")
    review = review_create(actor=owner, account=account)
    assert not staleness_of([account], today)[account.pk].stale
    MapReview.objects.filter(pk=review.pk).update(
        reviewed_at=timezone.now() - dt.timedelta(days=91)
    )
    late = staleness_of([account], today)[account.pk]
    assert late.stale
    assert "was due on" in late.explanation()
    assert "every 90 days, the default review cadence" in late.explanation()


def test_remind_prints_each_users_digest(owner: Any, account: Any, member: Any) -> None:
    actions.action_create(
        actor=owner,
        account=account,
        description="Send the QBR deck",
        due_on=timezone.localdate() - dt.timedelta(days=3),
        owner=member,
    )
    out = StringIO()
    call_command("remind", stdout=out)
    text = out.getvalue()
    assert "olivia:\nMaps past their review cadence:" in text
    assert "Northwind Health: The map has never been reviewed" in text
    assert "Overdue improvement actions:\n  - Northwind Health: Send the QBR deck" in text
    out = StringIO()
    call_command("remind", "--only", "olivia", stdout=out)
    assert "Send the QBR deck" not in out.getvalue()  # mateo's, not olivia's


def test_remind_emails_through_djangos_backend(
    owner: Any, account: Any, member: Any, mailoutbox: list[Any]
) -> None:
    out = StringIO()
    call_command("remind", "--email", stdout=out)
    assert "Sent 2 digest(s)." in out.getvalue()
    to = sorted(m.to[0] for m in mailoutbox)
    assert to == ["mateo@example.com", "olivia@example.com"]
    assert mailoutbox[0].subject == "relmap: 1 map(s) to review"


def test_nothing_to_remind(owner: Any, account: Any, member: Any) -> None:
    review_create(actor=owner, account=account)
    out = StringIO()
    call_command("remind", stdout=out)
    assert out.getvalue() == "Nothing to remind anyone of.\n"
