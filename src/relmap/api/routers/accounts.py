"""``/api/accounts``: the accounts the caller can see."""

from __future__ import annotations

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

router = Router(tags=["accounts"])
MAX_PAGE = 500


@router.get("", response=list[AccountOut], summary="List the accounts you can see")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def list_accounts(request: HttpRequest) -> QuerySet[Account]:
    return accounts_visible_to(caller(request)).select_related("owner").order_by("name", "id")


@router.post("", response={201: AccountOut}, summary="Create an account you own")
def create_account(request: HttpRequest, payload: AccountIn) -> Status[Any]:
    user = caller(request)
    account = services.account_create(actor=user, owner=user, **payload.model_dump())
    return Status(201, account)


@router.get("/{account_id}", response=AccountOut, summary="One account")
def get_account(request: HttpRequest, account_id: int) -> Account:
    return account_for(request, account_id)


@router.patch("/{account_id}", response=AccountOut, summary="Change an account")
def update_account(request: HttpRequest, account_id: int, payload: AccountPatch) -> Account:
    account = account_for(request, account_id, for_edit=True)
    return services.account_update(
        actor=caller(request), account=account, **payload.model_dump(exclude_unset=True)
    )
