"""The one way to fetch what a user may see.

Every view, API endpoint and command that takes an account goes through
:func:`accounts_visible_to` or :func:`get_account_for_user`. A user sees an account when
they are on its team (the owner always is) or lead a sales team one of whose members
works it, in any role but read-only ``viewer`` (leaders see their team's portfolio,
read-only unless they are on the account's team themselves); superusers see every
account. Outsiders get
"not found", never "forbidden", so that the existence of other teams' accounts does not
leak. Read-only team members (role ``viewer``) get "forbidden" on writes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from relmap.accounts.choices import TeamRole
from relmap.accounts.models import Account, AccountMembership, SalesTeam

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser


def accounts_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Account]:
    """Accounts ``user`` may read. Anonymous users see none."""
    if not user.is_authenticated:
        return Account.objects.none()
    if getattr(user, "is_superuser", False):
        return Account.objects.all()
    # A subquery rather than a join: no duplicate rows, so no DISTINCT on big portfolios.
    teams = AccountMembership.objects.filter(
        Q(user_id=user.pk) | (Q(user__sales_teams__leader_id=user.pk) & ~Q(role=TeamRole.VIEWER))
    )
    return Account.objects.filter(pk__in=teams.values("account_id"))


def can_edit_account(user: AbstractBaseUser | AnonymousUser, account: Account) -> bool:
    """Whether ``user`` may change ``account``'s map (superuser or non-viewer team member)."""
    if not user.is_authenticated:
        return False
    if getattr(user, "is_superuser", False):
        return True
    return (
        AccountMembership.objects.filter(account_id=account.pk, user_id=user.pk)
        .exclude(role=TeamRole.VIEWER)
        .exists()
    )


def get_account_for_user(
    user: AbstractBaseUser | AnonymousUser, pk: int, *, for_edit: bool = False
) -> Account:
    """The account ``pk`` if ``user`` may see it, else :class:`~django.http.Http404`.

    With ``for_edit=True`` a team member without edit rights gets
    :class:`~django.core.exceptions.PermissionDenied`.
    """
    try:
        account = accounts_visible_to(user).select_related("owner").get(pk=pk)
    except Account.DoesNotExist:
        raise Http404("No such account.") from None
    if for_edit and not can_edit_account(user, account):
        raise PermissionDenied("You have read-only access to this account.")
    return account


def get_account_by_name_for_user(
    user: AbstractBaseUser | AnonymousUser, name: str, *, for_edit: bool = False
) -> Account:
    """Like :func:`get_account_for_user`, by account name (CLI)."""
    try:
        pk = accounts_visible_to(user).values_list("pk", flat=True).get(name=name)
    except Account.DoesNotExist:
        raise Http404(f"No account named {name!r}.") from None
    return get_account_for_user(user, pk, for_edit=for_edit)


def can_manage_portfolio(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether ``user`` may change what applies to every account: selection criteria and
    their weights, the matrix cut-offs and orientation, tier policies and offerings.

    Management chooses these (FRAMEWORKS.md): superusers, and the leader of any sales
    team (a leader manages the portfolio his team works). Account managers, team members
    and viewers may not, whatever their role on an account. This is the only rule: web
    views, API endpoints and commands all ask it (through
    :func:`require_portfolio_manager`)."""
    if not user.is_authenticated:
        return False
    if getattr(user, "is_superuser", False):
        return True
    return SalesTeam.objects.filter(leader_id=user.pk).exists()


def require_portfolio_manager(user: AbstractBaseUser | AnonymousUser) -> None:
    """:class:`PermissionDenied` unless ``user`` may change portfolio-wide settings."""
    if not can_manage_portfolio(user):
        raise PermissionDenied(
            "Only sales leaders and administrators may change portfolio-wide settings "
            "(selection criteria, cut-offs, tier policies and offerings)."
        )
