"""One selector decides which accounts a user sees."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from relmap.accounts.services import membership_set
from relmap.core.visibility import accounts_visible_to, get_account_for_user

pytestmark = pytest.mark.django_db


def test_owner_and_team_see_the_account(account: Any, owner: Any, member: Any) -> None:
    assert list(accounts_visible_to(owner)) == [account]
    assert list(accounts_visible_to(member)) == [account]


def test_it_hides_other_teams_accounts(account: Any, other_account: Any, outsider: Any) -> None:
    assert list(accounts_visible_to(outsider)) == [other_account]
    with pytest.raises(Http404):
        get_account_for_user(outsider, account.pk)


def test_anonymous_users_see_nothing(account: Any) -> None:
    assert not accounts_visible_to(AnonymousUser()).exists()
    with pytest.raises(Http404):
        get_account_for_user(AnonymousUser(), account.pk)


def test_superusers_see_every_account(account: Any, other_account: Any, superuser: Any) -> None:
    assert set(accounts_visible_to(superuser)) == {account, other_account}


def test_viewers_may_read_but_not_edit(account: Any, owner: Any, make_user: Any) -> None:
    viewer = make_user("vera")
    membership_set(actor=owner, account=account, user=viewer, role="viewer")
    assert get_account_for_user(viewer, account.pk) == account
    with pytest.raises(PermissionDenied):
        get_account_for_user(viewer, account.pk, for_edit=True)


def test_leaders_see_their_teams_portfolio_read_only(
    account: Any, other_account: Any, member: Any, make_user: Any
) -> None:
    from relmap.accounts.models import SalesTeam

    leader = make_user("lena")
    team = SalesTeam.objects.create(name="UK enterprise", leader=leader)
    team.members.add(member)
    assert list(accounts_visible_to(leader)) == [account]
    assert get_account_for_user(leader, account.pk) == account
    with pytest.raises(PermissionDenied):
        get_account_for_user(leader, account.pk, for_edit=True)
    with pytest.raises(Http404):
        get_account_for_user(leader, other_account.pk)


def test_a_leader_does_not_see_accounts_their_people_only_watch(
    account: Any, owner: Any, make_user: Any
) -> None:
    # A read-only seat is not working the account: it is not the team's portfolio.
    from relmap.accounts.models import SalesTeam

    watcher = make_user("wanda")
    membership_set(actor=owner, account=account, user=watcher, role="viewer")
    leader = make_user("lena")
    SalesTeam.objects.create(name="UK enterprise", leader=leader).members.add(watcher)
    assert not accounts_visible_to(leader).exists()
    with pytest.raises(Http404):
        get_account_for_user(leader, account.pk)
    membership_set(actor=owner, account=account, user=watcher, role="delivery")
    assert list(accounts_visible_to(leader)) == [account]
