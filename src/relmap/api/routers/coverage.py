"""``/api/accounts/{account_id}/coverage``: which of our people knows which of theirs."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from relmap.api.access import account_for, caller, coverage_at, stakeholder_in_body
from relmap.api.schemas.coverage import CoverageIn, CoverageOut, CoveragePatch
from relmap.stakeholders import selectors, services
from relmap.stakeholders.models import Coverage

router = Router(tags=["coverage"])
MAX_PAGE = 1000


@router.get("/{account_id}/coverage", response=list[CoverageOut], summary="List our relationships")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def list_coverage(request: HttpRequest, account_id: int) -> QuerySet[Coverage]:
    account = account_for(request, account_id)
    return selectors.coverage_of(account).select_related("our_person", "their_person")


@router.post("/{account_id}/coverage", response={201: CoverageOut}, summary="Record a relationship")
def create_coverage(request: HttpRequest, account_id: int, payload: CoverageIn) -> Status[Any]:
    account = account_for(request, account_id, for_edit=True)
    coverage = services.coverage_create(
        actor=caller(request),
        account=account,
        our_person=stakeholder_in_body(account, payload.our_person_id, "our_person_id"),
        their_person=stakeholder_in_body(account, payload.their_person_id, "their_person_id"),
        current_depth=payload.current_depth,
        desired_depth=payload.desired_depth,
        strength=payload.strength,
        notes=payload.notes,
    )
    return Status(201, coverage)


@router.patch(
    "/{account_id}/coverage/{coverage_id}", response=CoverageOut, summary="Change a relationship"
)
def update_coverage(
    request: HttpRequest, account_id: int, coverage_id: int, payload: CoveragePatch
) -> Coverage:
    coverage = coverage_at(account_for(request, account_id, for_edit=True), coverage_id)
    return services.coverage_update(
        actor=caller(request), coverage=coverage, **payload.model_dump(exclude_unset=True)
    )


@router.delete(
    "/{account_id}/coverage/{coverage_id}",
    response={204: None},
    summary="Remove a relationship",
)
def delete_coverage(request: HttpRequest, account_id: int, coverage_id: int) -> Status[Any]:
    coverage = coverage_at(account_for(request, account_id, for_edit=True), coverage_id)
    services.coverage_delete(actor=caller(request), coverage=coverage)
    return Status(204, None)
