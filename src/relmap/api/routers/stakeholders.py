"""``/api/accounts/{account_id}/stakeholders``: the people on an account's map."""

# No ``from __future__ import annotations`` here: ninja resolves the annotations of a
# paginated view in the globals of its pagination wrapper, where StakeholderFilters is
# not defined, so they must be real objects rather than strings.

from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from relmap.analytics import AnalysisConfig
from relmap.api.access import account_for, caller, stakeholder_at
from relmap.api.schemas.stakeholders import (
    StakeholderFilters,
    StakeholderIn,
    StakeholderOut,
    StakeholderPatch,
)
from relmap.stakeholders import selectors, services
from relmap.stakeholders.models import Stakeholder

router = Router(tags=["stakeholders"])
MAX_PAGE = 500


def quadrant_q(quadrant: str, cutoff: int) -> Q:
    """The database form of :func:`relmap.analytics.quadrant` (a value on the cut-off
    counts as high)."""
    high_power, high_interest = Q(power__gte=cutoff), Q(interest__gte=cutoff)
    return {
        "key_players": high_power & high_interest,
        "keep_satisfied": high_power & ~high_interest,
        "keep_informed": ~high_power & high_interest,
        "minimal_effort": ~high_power & ~high_interest,
    }[quadrant]


def role_q(role: str) -> Q:
    if connection.features.supports_json_field_contains:
        return Q(roles__contains=[role])
    # SQLite has no JSON containment; role codes are plain words, so the quoted code
    # occurs in the stored JSON text exactly when the list holds it.
    return Q(roles__icontains=f'"{role}"')


@router.get(
    "/{account_id}/stakeholders",
    response=list[StakeholderOut],
    summary="List the people on an account's map",
)
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def list_stakeholders(
    request: HttpRequest, account_id: int, filters: Query[StakeholderFilters]
) -> QuerySet[Stakeholder]:
    account = account_for(request, account_id)
    people = selectors.stakeholders_of(account)
    if filters.side:
        people = people.filter(side=filters.side)
    if filters.department:
        people = people.filter(department__iexact=filters.department)
    if filters.role:
        people = people.filter(role_q(filters.role))
    if filters.quadrant:
        people = people.filter(quadrant_q(filters.quadrant, AnalysisConfig().grid_cutoff))
    return people


@router.post(
    "/{account_id}/stakeholders",
    response={201: StakeholderOut},
    summary="Add a person to the map",
)
def create_stakeholder(
    request: HttpRequest, account_id: int, payload: StakeholderIn
) -> Status[Any]:
    account = account_for(request, account_id, for_edit=True)
    stakeholder = services.stakeholder_create(
        actor=caller(request), account=account, **payload.model_dump()
    )
    return Status(201, stakeholder)


@router.get(
    "/{account_id}/stakeholders/{stakeholder_id}",
    response=StakeholderOut,
    summary="One person",
)
def get_stakeholder(request: HttpRequest, account_id: int, stakeholder_id: int) -> Stakeholder:
    return stakeholder_at(account_for(request, account_id), stakeholder_id)


@router.patch(
    "/{account_id}/stakeholders/{stakeholder_id}",
    response=StakeholderOut,
    summary="Change a person's attributes",
)
def update_stakeholder(
    request: HttpRequest, account_id: int, stakeholder_id: int, payload: StakeholderPatch
) -> Stakeholder:
    stakeholder = stakeholder_at(account_for(request, account_id, for_edit=True), stakeholder_id)
    return services.stakeholder_update(
        actor=caller(request), stakeholder=stakeholder, **payload.model_dump(exclude_unset=True)
    )


@router.delete(
    "/{account_id}/stakeholders/{stakeholder_id}",
    response={204: None},
    summary="Remove a person, their ties and coverage",
    description="Prefer setting status to 'left' for people who moved on.",
)
def delete_stakeholder(request: HttpRequest, account_id: int, stakeholder_id: int) -> Status[Any]:
    stakeholder = stakeholder_at(account_for(request, account_id, for_edit=True), stakeholder_id)
    services.stakeholder_delete(actor=caller(request), stakeholder=stakeholder)
    return Status(204, None)
