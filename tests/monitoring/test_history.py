"""The map's history: a review keeps a snapshot; the map at any past moment is read back
from the audit trail and agrees with the snapshot taken then; the diff between two
moments or reviews; ``relmap diff``."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from relmap.analytics import mapdiff
from relmap.core.models import AuditEntry
from relmap.monitoring import history
from relmap.monitoring.models import MapReview
from relmap.stakeholders.models import Tie
from relmap.stakeholders.services import (
    coverage_create,
    coverage_update,
    stakeholder_delete,
    stakeholder_update,
    tie_create,
    tie_delete,
    tie_update,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def mapped(owner: Any, account: Any, person: Any) -> dict[str, Any]:
    ann = person(account, "Ann Archer", title="CFO", power=5, interest=3, attitude=-1)
    bob = person(account, "Bob Brown", title="Controller", power=2, interest=2)
    cat = person(account, "Cat Chen", title="CIO", power=4, interest=2)
    uma = person(account, "Uma Us", side="internal")
    tie = tie_create(actor=owner, account=account, source=bob, target=ann, kind="reports_to")
    influence = tie_create(actor=owner, account=account, source=cat, target=ann, kind="influences")
    cover = coverage_create(actor=owner, account=account, our_person=uma, their_person=ann)
    return {
        "ann": ann,
        "bob": bob,
        "cat": cat,
        "cat_pk": cat.pk,  # the instance loses its pk when Cat is deleted
        "uma": uma,
        "tie": tie,
        "influence": influence,
        "cover": cover,
    }


def change_everything(owner: Any, account: Any, person: Any, m: dict[str, Any]) -> None:
    stakeholder_update(actor=owner, stakeholder=m["ann"], attitude=1, interest=5)
    stakeholder_update(actor=owner, stakeholder=m["bob"], title="Head of Finance Operations")
    dee = person(account, "Dee Dale", title="COO")
    tie_create(actor=owner, account=account, source=dee, target=m["ann"], kind="allied_with")
    tie_delete(actor=owner, tie=m["influence"])
    tie_update(actor=owner, tie=m["tie"], strength=5)
    coverage_update(actor=owner, coverage=m["cover"], current_depth="trusted_advisor")
    coverage_create(actor=owner, account=account, our_person=m["uma"], their_person=dee)
    stakeholder_delete(actor=owner, stakeholder=m["cat"])


def test_a_review_keeps_the_map_and_the_diff_since_says_what_changed(
    owner: Any, account: Any, person: Any, mapped: dict[str, Any]
) -> None:
    review = history.review_create(actor=owner, account=account, notes="Before the QBR")
    assert AuditEntry.objects.get(action="relmap.map.reviewed").after == {
        "notes": "Before the QBR",
        "people": 4,
    }
    change_everything(owner, account, person, mapped)
    assert history.diff_between(account, since=review).lines() == [
        "Joined: Dee Dale, COO",
        "Left: Cat Chen, CIO",
        "Bob Brown: title Controller → Head of Finance Operations",
        "Ann Archer: attitude -1 → +1",
        "Ann Archer: interest 3 → 5",
        "Tie gained: Dee Dale allied with Ann Archer",
        "Tie lost: Cat Chen influences Ann Archer",
        "Coverage gained: Uma Us covers Dee Dale",
        "Coverage deepened: Uma Us covers Ann Archer, vendor → trusted_advisor",
    ]


def test_the_map_read_back_from_the_trail_is_the_snapshot_taken_then(
    owner: Any, account: Any, person: Any, mapped: dict[str, Any]
) -> None:
    review = history.review_create(actor=owner, account=account)
    change_everything(owner, account, person, mapped)
    second = history.review_create(actor=owner, account=account)
    then = history.state_at(account, review.reviewed_at)
    assert then == mapdiff.state_from_json(review.snapshot)
    assert history.state_at(account, second.reviewed_at) == history.current_state(account)
    # The tie's strength change was undone too, and the deleted person is back.
    assert then.ties[(mapped["bob"].pk, mapped["ann"].pk, "reports_to")] == 3
    assert mapped["cat_pk"] in then.people
    # Before anything was on the map there was nothing.
    first = AuditEntry.objects.filter(account_id=account.pk).order_by("at", "id").first()
    assert first is not None
    empty = history.state_at(account, first.at - dt.timedelta(seconds=1))
    assert empty == mapdiff.MapState()


def test_a_diff_between_two_reviews_uses_their_snapshots(
    owner: Any, account: Any, person: Any, mapped: dict[str, Any]
) -> None:
    first = history.review_create(actor=owner, account=account)
    change_everything(owner, account, person, mapped)
    second = history.review_create(actor=owner, account=account)
    # The trail of the account is gone (say, trimmed): the snapshots still answer.
    AuditEntry.objects.filter(account_id=account.pk).delete()
    d = history.diff_between(account, since=first, until=second)
    assert [p.name for p in d.joined] == ["Dee Dale"]
    assert d.ties_lost == [(mapped["cat_pk"], mapped["ann"].pk, "influences")]


def test_relmap_diff_between_days_and_since_the_last_review(
    owner: Any, account: Any, person: Any, mapped: dict[str, Any]
) -> None:
    args = ("diff", "Northwind Health", "--user", "olivia")
    with pytest.raises(CommandError, match="never been reviewed"):
        call_command(*args, "--from", "last-review")
    history.review_create(actor=owner, account=account)
    stakeholder_update(actor=owner, stakeholder=mapped["ann"], attitude=2)
    out = StringIO()
    call_command(*args, "--from", "last-review", stdout=out)
    assert "Ann Archer: attitude -1 → +2" in out.getvalue()
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    out = StringIO()
    call_command(*args, "--from", yesterday, stdout=out)
    assert f"the map from {yesterday} to now" in out.getvalue()
    assert "Joined: Ann Archer, CFO" in out.getvalue()
    out = StringIO()
    call_command(*args, "--from", yesterday, "--to", yesterday, stdout=out)
    assert "Nothing changed on the map." in out.getvalue()
    with pytest.raises(CommandError, match="not a date"):
        call_command(*args, "--from", "last week")


def test_relmap_diff_keeps_outsiders_out(account: Any, outsider: Any) -> None:
    with pytest.raises(CommandError, match="No account named"):
        call_command("diff", "Northwind Health", "--from", "2026-01-01", "--user", "oscar")
    assert not MapReview.objects.exists()
    assert Tie.objects.count() == 0


def test_relmap_diff_between_two_named_reviews(
    owner: Any, account: Any, person: Any, mapped: dict[str, Any]
) -> None:
    first = history.review_create(actor=owner, account=account)
    stakeholder_update(actor=owner, stakeholder=mapped["bob"], power=4)
    second = history.review_create(actor=owner, account=account)
    out = StringIO()
    call_command(
        "diff",
        "Northwind Health",
        "--from",
        f"review-{first.pk}",
        "--to",
        f"review-{second.pk}",
        "--user",
        "olivia",
        stdout=out,
    )
    assert "Bob Brown: power 2 → 4" in out.getvalue()
    with pytest.raises(CommandError, match="No such review"):
        call_command("diff", "Northwind Health", "--from", "review-999999", "--user", "olivia")
