"""Scoping for endpoints: every account-scoped URL resolves its account here, through
:mod:`relmap.core.visibility`, and every id inside it is looked up on that account only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import Http404, HttpRequest

from relmap.accounts.models import Account
from relmap.api.errors import InvalidInputError
from relmap.core.visibility import get_account_for_user, require_portfolio_manager
from relmap.stakeholders import selectors
from relmap.stakeholders.models import Coverage, Stakeholder, Tie

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def caller(request: HttpRequest) -> User:
    """The authenticated user, whichever way they authenticated (set by ninja's auth)."""
    user: Any = request.auth  # type: ignore[attr-defined]
    return user  # type: ignore[no-any-return]


def account_for(request: HttpRequest, account_id: int, *, for_edit: bool = False) -> Account:
    """404 when the caller may not see the account, 403 on writes by viewers."""
    return get_account_for_user(caller(request), account_id, for_edit=for_edit)


def stakeholder_at(account: Account, stakeholder_id: int) -> Stakeholder:
    try:
        return selectors.get_stakeholder(account, stakeholder_id)
    except Stakeholder.DoesNotExist:
        raise Http404(f"No stakeholder {stakeholder_id} on this account.") from None


def tie_at(account: Account, tie_id: int) -> Tie:
    try:
        return selectors.get_tie(account, tie_id)
    except Tie.DoesNotExist:
        raise Http404(f"No tie {tie_id} on this account.") from None


def coverage_at(account: Account, coverage_id: int) -> Coverage:
    try:
        return selectors.get_coverage(account, coverage_id)
    except Coverage.DoesNotExist:
        raise Http404(f"No coverage {coverage_id} on this account.") from None


def stakeholder_in_body(account: Account, stakeholder_id: int, field: str) -> Stakeholder:
    """A person named in a request body. Someone on another account is reported exactly
    like an id that does not exist, so that other teams' ids do not leak."""
    try:
        return selectors.get_stakeholder(account, stakeholder_id)
    except Stakeholder.DoesNotExist:
        raise InvalidInputError(
            field, f"No stakeholder {stakeholder_id} on this account."
        ) from None


def manager(request: HttpRequest) -> User:
    """The caller, if they may change portfolio-wide settings; else 403."""
    user = caller(request)
    require_portfolio_manager(user)
    return user
