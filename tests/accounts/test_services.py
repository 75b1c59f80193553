"""Accounts and their teams change only through audited services."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from relmap.accounts.models import AccountMembership
from relmap.accounts.services import account_create, account_update, membership_remove
from relmap.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_the_owner_joins_the_team_as_key_account_manager(owner: Any) -> None:
    account = account_create(actor=owner, name="  Initech  ", owner=owner)
    assert account.name == "Initech"
    membership = AccountMembership.objects.get(account=account, user=owner)
    assert membership.role == "key_account_manager"
    assert AuditEntry.objects.filter(action="relmap.account.created", account_id=account.pk)


def test_a_new_owner_joins_the_team_and_the_change_is_audited(
    account: Any, owner: Any, outsider: Any
) -> None:
    account_update(actor=owner, account=account, owner=outsider)
    assert AccountMembership.objects.filter(account=account, user=outsider).exists()
    entry = AuditEntry.objects.get(action="relmap.account.updated")
    assert entry.before == {"owner": owner.pk}
    assert entry.after == {"owner": outsider.pk}


def test_an_update_that_changes_nothing_writes_nothing(account: Any, owner: Any) -> None:
    before = AuditEntry.objects.count()
    account_update(actor=owner, account=account, name=account.name)
    assert AuditEntry.objects.count() == before


def test_two_accounts_cannot_share_a_name(account: Any, owner: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        account_create(actor=owner, name=account.name, owner=owner)
    assert "already exists" in " ".join(exc.value.messages)


def test_the_owner_cannot_leave_the_team(account: Any, owner: Any) -> None:
    with pytest.raises(ValidationError):
        membership_remove(actor=owner, account=account, user=owner)
