"""A team member's function shows on the map: the internal stakeholder who stands for
them follows a change of function, through the audited stakeholder service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from relmap.accounts.models import AccountMembership
from relmap.accounts.services import account_update, membership_set, team_member_add
from relmap.core.models import AuditEntry
from relmap.stakeholders.models import Stakeholder

pytestmark = pytest.mark.django_db


def stands_for(account: Any, user: Any) -> Stakeholder:
    membership = AccountMembership.objects.get(account=account, user=user)
    assert membership.stakeholder_id is not None
    return Stakeholder.objects.get(pk=membership.stakeholder_id)


def test_a_new_function_replaces_the_old_one_on_the_map(
    owner: Any, account: Any, make_user: Callable[..., Any]
) -> None:
    lawyer = make_user("lars")
    team_member_add(actor=owner, account=account, user=lawyer, role="legal")
    assert (stands_for(account, lawyer).title, stands_for(account, lawyer).department) == (
        "Legal",
        "Legal",
    )
    team_member_add(actor=owner, account=account, user=lawyer, role="finance")
    person = stands_for(account, lawyer)
    assert (person.title, person.department) == ("Finance", "Finance")
    entry = AuditEntry.objects.get(action="relmap.stakeholder.updated", object_id=person.pk)
    assert entry.before == {"title": "Legal", "department": "Legal"}
    assert entry.after == {"title": "Finance", "department": "Finance"}
    assert entry.actor_id == owner.pk


def test_membership_set_carries_the_function_too(
    owner: Any, account: Any, make_user: Callable[..., Any]
) -> None:
    colleague = make_user("dee")
    team_member_add(actor=owner, account=account, user=colleague, role="delivery")
    membership_set(actor=owner, account=account, user=colleague, role="product")
    assert stands_for(account, colleague).title == "Product"


def test_a_title_somebody_wrote_stays(
    owner: Any, account: Any, make_user: Callable[..., Any], person: Callable[..., Any]
) -> None:
    colleague = make_user("sam")
    sam = person(
        account, "Sam Smith", side="internal", title="Head of data platforms", department="Sales"
    )
    team_member_add(actor=owner, account=account, user=colleague, role="sales", stakeholder=sam)
    membership_set(actor=owner, account=account, user=colleague, role="solution_specialist")
    sam.refresh_from_db()
    assert (sam.title, sam.department) == ("Head of data platforms", "Solution specialist")


def test_becoming_a_viewer_changes_nothing_on_the_map_and_a_later_function_does(
    owner: Any, account: Any, make_user: Callable[..., Any]
) -> None:
    colleague = make_user("val")
    team_member_add(actor=owner, account=account, user=colleague, role="sales")
    before = AuditEntry.objects.filter(action="relmap.stakeholder.updated").count()
    membership_set(actor=owner, account=account, user=colleague, role="viewer")
    assert stands_for(account, colleague).title == "Sales"
    assert AuditEntry.objects.filter(action="relmap.stakeholder.updated").count() == before
    membership_set(actor=owner, account=account, user=colleague, role="legal")
    assert stands_for(account, colleague).title == "Legal"


def test_the_same_function_again_writes_nothing(
    owner: Any, account: Any, make_user: Callable[..., Any]
) -> None:
    colleague = make_user("kit")
    team_member_add(actor=owner, account=account, user=colleague, role="service")
    before = AuditEntry.objects.count()
    team_member_add(actor=owner, account=account, user=colleague, role="service")
    assert AuditEntry.objects.count() == before


def test_a_new_owner_shows_as_key_account_manager(
    owner: Any, account: Any, make_user: Callable[..., Any]
) -> None:
    successor = make_user("nia")
    team_member_add(actor=owner, account=account, user=successor, role="sales")
    account_update(actor=owner, account=account, owner=successor)
    assert stands_for(account, successor).title == "Key account manager"
