"""``/api/accounts``: the accounts the caller can see, each with its map's review state
(last reviewed, next due, stale: :mod:`relmap.monitoring.staleness`)."""

# No ``from __future__ import annotations``: ninja resolves a paginated view's annotations
# in its pagination wrapper's globals, where AccountsWithReviews is not defined.

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from relmap.accounts import services
from relmap.accounts.models import Account
from relmap.api.access import account_for, caller
from relmap.api.schemas.accounts import AccountIn, AccountOut, AccountPatch
from relmap.core.visibility import accounts_visible_to
from relmap.monitoring.staleness import staleness_for, staleness_of, with_last_review

router = Router(tags=["accounts"])
MAX_PAGE = 500


class AccountsWithReviews:
    """The accounts a page at a time, each given its map's review state as
    ``map_review`` (the latest review read in the page's query; the settings and tier
    policies in at most two more)."""

    def __init__(self, accounts: QuerySet[Account]) -> None:
        self.accounts = with_last_review(accounts)

    def __len__(self) -> int:
        return self.accounts.count()

    def __getitem__(self, index: slice) -> list[Account]:
        page = list(self.accounts[index])
        reviews = staleness_for(
            ((a.pk, a.tier) for a in page),
            last_reviews={a.pk: getattr(a, "last_map_review") for a in page},  # noqa: B009 - annotated
        )
        for account in page:
            account.map_review = reviews[account.pk]  # type: ignore[attr-defined] # read by AccountOut
        return page


def with_review(account: Account) -> Account:
    account.map_review = staleness_of([account])[account.pk]  # type: ignore[attr-defined]
    return account


@router.get("", response=list[AccountOut], summary="List the accounts you can see")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def list_accounts(request: HttpRequest) -> AccountsWithReviews:
    return AccountsWithReviews(
        accounts_visible_to(caller(request)).select_related("owner").order_by("name", "id")
    )


@router.post("", response={201: AccountOut}, summary="Create an account you own")
def create_account(request: HttpRequest, payload: AccountIn) -> Status[Any]:
    user = caller(request)
    account = services.account_create(actor=user, owner=user, **payload.model_dump())
    return Status(201, with_review(account))


@router.get("/{account_id}", response=AccountOut, summary="One account")
def get_account(request: HttpRequest, account_id: int) -> Account:
    return with_review(account_for(request, account_id))


@router.patch("/{account_id}", response=AccountOut, summary="Change an account")
def update_account(request: HttpRequest, account_id: int, payload: AccountPatch) -> Account:
    account = account_for(request, account_id, for_edit=True)
    return with_review(
        services.account_update(
            actor=caller(request), account=account, **payload.model_dump(exclude_unset=True)
        )
    )
