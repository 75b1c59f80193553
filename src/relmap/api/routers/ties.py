"""``/api/accounts/{account_id}/ties``: formal and informal relationships between people."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from relmap.api.access import account_for, caller, stakeholder_in_body, tie_at
from relmap.api.schemas.ties import TieIn, TieOut, TiePatch
from relmap.stakeholders import selectors, services
from relmap.stakeholders.models import Tie

router = Router(tags=["ties"])
MAX_PAGE = 1000


@router.get("/{account_id}/ties", response=list[TieOut], summary="List the ties of a map")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def list_ties(request: HttpRequest, account_id: int) -> QuerySet[Tie]:
    account = account_for(request, account_id)
    return selectors.ties_of(account).select_related("source", "target")


@router.post("/{account_id}/ties", response={201: TieOut}, summary="Add a tie")
def create_tie(request: HttpRequest, account_id: int, payload: TieIn) -> Status[Any]:
    account = account_for(request, account_id, for_edit=True)
    tie = services.tie_create(
        actor=caller(request),
        account=account,
        source=stakeholder_in_body(account, payload.source_id, "source_id"),
        target=stakeholder_in_body(account, payload.target_id, "target_id"),
        kind=payload.kind,
        strength=payload.strength,
        notes=payload.notes,
    )
    return Status(201, tie)


@router.patch("/{account_id}/ties/{tie_id}", response=TieOut, summary="Change a tie")
def update_tie(request: HttpRequest, account_id: int, tie_id: int, payload: TiePatch) -> Tie:
    tie = tie_at(account_for(request, account_id, for_edit=True), tie_id)
    return services.tie_update(
        actor=caller(request), tie=tie, **payload.model_dump(exclude_unset=True)
    )


@router.delete("/{account_id}/ties/{tie_id}", response={204: None}, summary="Remove a tie")
def delete_tie(request: HttpRequest, account_id: int, tie_id: int) -> Status[Any]:
    tie = tie_at(account_for(request, account_id, for_edit=True), tie_id)
    services.tie_delete(actor=caller(request), tie=tie)
    return Status(204, None)
