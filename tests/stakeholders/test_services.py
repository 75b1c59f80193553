"""Writes to the map go through services that validate and audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from relmap.core.models import AuditEntry
from relmap.stakeholders.models import PositionHistory, Tie
from relmap.stakeholders.services import (
    coverage_create,
    stakeholder_move,
    stakeholder_update,
    tie_create,
    tie_delete,
)

pytestmark = pytest.mark.django_db


def messages(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(exc.value.messages)


@pytest.mark.parametrize("power", [0, 7])
def test_it_rejects_power_outside_one_to_five(account: Any, person: Any, power: int) -> None:
    with pytest.raises(ValidationError) as exc:
        person(account, "Ann", power=power)
    assert "Power must be a whole number from 1 (low) to 5 (high)" in messages(exc)


def test_it_rejects_an_attitude_outside_the_scale(account: Any, person: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        person(account, "Ann", attitude=3)
    assert "Attitude must be -2 (opponent) to +2 (champion), or unknown" in messages(exc)


def test_unknown_attitude_is_not_neutral(account: Any, person: Any) -> None:
    ann = person(account, "Ann")
    bob = person(account, "Bob", attitude=0)
    assert ann.attitude is None
    assert bob.attitude == 0


def test_it_rejects_an_unknown_buying_role(account: Any, person: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        person(account, "Ann", roles=["economic_buyer", "kingmaker"])
    assert "Unknown buying role kingmaker" in messages(exc)


def test_it_rejects_a_person_tied_to_themself(owner: Any, account: Any, person: Any) -> None:
    ann = person(account, "Ann")
    with pytest.raises(ValidationError) as exc:
        tie_create(actor=owner, account=account, source=ann, target=ann, kind="advises")
    assert "Ann cannot be tied to themself" in messages(exc)


def test_it_rejects_a_reports_to_cycle(owner: Any, account: Any, person: Any) -> None:
    ann, bob, cat = person(account, "Ann"), person(account, "Bob"), person(account, "Cat")
    tie_create(actor=owner, account=account, source=ann, target=bob, kind="reports_to")
    tie_create(actor=owner, account=account, source=bob, target=cat, kind="reports_to")
    with pytest.raises(ValidationError) as exc:
        tie_create(actor=owner, account=account, source=cat, target=ann, kind="reports_to")
    assert "reporting cycle" in messages(exc)
    assert Tie.objects.filter(kind="reports_to").count() == 2


def test_it_rejects_two_managers_for_one_person(owner: Any, account: Any, person: Any) -> None:
    ann, bob, cat = person(account, "Ann"), person(account, "Bob"), person(account, "Cat")
    tie_create(actor=owner, account=account, source=ann, target=bob, kind="reports_to")
    with pytest.raises(ValidationError) as exc:
        tie_create(actor=owner, account=account, source=ann, target=cat, kind="reports_to")
    assert "Ann already reports to Bob" in messages(exc)
    # A second reporting line is fine as a dotted line.
    tie_create(actor=owner, account=account, source=ann, target=cat, kind="dotted_line")


def test_it_rejects_a_tie_between_people_of_different_accounts(
    owner: Any, account: Any, other_account: Any, person: Any
) -> None:
    ann = person(account, "Ann")
    zed = person(other_account, "Zed")
    with pytest.raises(ValidationError) as exc:
        tie_create(actor=owner, account=account, source=ann, target=zed, kind="influences")
    assert "same account" in messages(exc)


def test_it_rejects_a_duplicate_symmetric_tie(owner: Any, account: Any, person: Any) -> None:
    ann, bob = person(account, "Ann"), person(account, "Bob")
    tie_create(actor=owner, account=account, source=ann, target=bob, kind="allied_with")
    with pytest.raises(ValidationError) as exc:
        tie_create(actor=owner, account=account, source=bob, target=ann, kind="allied_with")
    assert "already on the map" in messages(exc)


def test_coverage_runs_from_our_people_to_theirs(owner: Any, account: Any, person: Any) -> None:
    ours = person(account, "Kim", side="internal")
    theirs = person(account, "Ann")
    with pytest.raises(ValidationError) as exc:
        coverage_create(actor=owner, account=account, our_person=theirs, their_person=ours)
    assert "not one of our people" in messages(exc)
    coverage = coverage_create(
        actor=owner, account=account, our_person=ours, their_person=theirs, strength=4
    )
    assert coverage.account_id == account.pk


def test_every_write_is_audited_with_before_and_after(
    owner: Any, account: Any, person: Any
) -> None:
    ann = person(account, "Ann", attitude=0)
    stakeholder_update(actor=owner, stakeholder=ann, attitude=2)
    entry = AuditEntry.objects.filter(object_type="stakeholder", object_id=ann.pk).first()
    assert entry is not None
    assert entry.action == "relmap.stakeholder.attitude_changed"
    assert entry.actor_id == owner.pk
    assert entry.account_id == account.pk
    assert entry.before == {"attitude": 0}
    assert entry.after == {"attitude": 2}


def test_an_update_that_changes_nothing_is_not_audited(
    owner: Any, account: Any, person: Any
) -> None:
    ann = person(account, "Ann", title="CFO")
    count = AuditEntry.objects.count()
    stakeholder_update(actor=owner, stakeholder=ann, title="CFO")
    assert AuditEntry.objects.count() == count


def test_moving_on_the_grid_keeps_the_position_history(
    owner: Any, account: Any, person: Any
) -> None:
    ann = person(account, "Ann", power=2, interest=2)
    stakeholder_move(actor=owner, stakeholder=ann, power=5, interest=4)
    history = list(PositionHistory.objects.filter(stakeholder=ann).values_list("power", "interest"))
    assert history == [(2, 2), (5, 4)]
    assert AuditEntry.objects.filter(action="relmap.stakeholder.moved").count() == 1


def test_leaving_is_dated_and_remembered(owner: Any, account: Any, person: Any) -> None:
    ann = person(account, "Ann")
    stakeholder_update(actor=owner, stakeholder=ann, status="left")
    ann.refresh_from_db()
    assert ann.status == "left"
    assert ann.status_changed_on is not None


def test_deleting_a_tie_is_audited(owner: Any, account: Any, person: Any) -> None:
    ann, bob = person(account, "Ann"), person(account, "Bob")
    tie = tie_create(actor=owner, account=account, source=ann, target=bob, kind="advises")
    tie_delete(actor=owner, tie=tie)
    entry = AuditEntry.objects.get(action="relmap.tie.deleted")
    assert entry.before["kind"] == "advises"


def test_returning_to_active_is_dated_too(
    owner: Any, account: Any, person: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    ann = person(account, "Ann", status="left", status_changed_on=dt.date(2025, 3, 1))
    monkeypatch.setattr(timezone, "localdate", lambda: dt.date(2025, 9, 15))
    stakeholder_update(actor=owner, stakeholder=ann, status="active")
    ann.refresh_from_db()
    assert (ann.status, ann.status_changed_on) == ("active", dt.date(2025, 9, 15))
    entry = AuditEntry.objects.get(action="relmap.stakeholder.updated")
    assert entry.before == {"status": "left", "status_changed_on": "2025-03-01"}
    assert entry.after == {"status": "active", "status_changed_on": "2025-09-15"}


def test_a_given_date_for_a_status_change_is_kept(owner: Any, account: Any, person: Any) -> None:
    ann = person(account, "Ann", status="left")
    stakeholder_update(
        actor=owner, stakeholder=ann, status="active", status_changed_on=dt.date(2025, 1, 6)
    )
    ann.refresh_from_db()
    assert ann.status_changed_on == dt.date(2025, 1, 6)


def test_a_new_active_person_has_no_status_change_to_date(account: Any, person: Any) -> None:
    assert person(account, "Ann", status="active").status_changed_on is None


TRUST = "Trust must be a whole number from 1 (low) to 5 (high)."


@pytest.mark.parametrize("trust", [0, 6])
def test_it_rejects_trust_outside_one_to_five(
    owner: Any, account: Any, person: Any, trust: int
) -> None:
    with pytest.raises(ValidationError) as exc:
        person(account, "Ann", trust=trust)
    assert exc.value.message_dict == {"trust": [TRUST]}
    ann = person(account, "Ann", trust=4)
    with pytest.raises(ValidationError) as exc:
        stakeholder_update(actor=owner, stakeholder=ann, trust=trust)
    assert exc.value.message_dict == {"trust": [TRUST]}
    ann.refresh_from_db()
    assert ann.trust == 4


@pytest.mark.parametrize("attitude", [-3, 3])
def test_it_rejects_attitude_outside_minus_two_to_two(
    owner: Any, account: Any, person: Any, attitude: int
) -> None:
    expected = {"attitude": ["Attitude must be -2 (opponent) to +2 (champion), or unknown."]}
    with pytest.raises(ValidationError) as exc:
        person(account, "Ann", attitude=attitude)
    assert exc.value.message_dict == expected
    ann = person(account, "Ann", attitude=1)
    with pytest.raises(ValidationError) as exc:
        stakeholder_update(actor=owner, stakeholder=ann, attitude=attitude)
    assert exc.value.message_dict == expected
    ann.refresh_from_db()
    assert ann.attitude == 1
    assert not AuditEntry.objects.filter(action="relmap.stakeholder.attitude_changed").exists()
