"""``/api/accounts/{account_id}/engagement-plans`` and ``/interactions``, and
``/api/touchpoints``: the same services and permissions as the pages."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from relmap.accounts.models import Account
from relmap.api.access import account_for, caller, stakeholder_at, stakeholder_in_body
from relmap.api.schemas.common import RecordId
from relmap.api.schemas.engagement import (
    FindingOut,
    InteractionIn,
    InteractionOut,
    InteractionPatch,
    ParticipantIn,
    PlanIn,
    PlanOut,
    PlanPatch,
    ProposalOut,
    StakeholderRef,
    TouchpointsOut,
)
from relmap.engagement import selectors, services
from relmap.engagement.models import EngagementPlan, Interaction
from relmap.stakeholders.models import Stakeholder

router = Router(tags=["engagement"])
touchpoints_router = Router(tags=["engagement"])
MAX_PAGE = 1000


def _plan_at(account: Account, plan_id: int) -> EngagementPlan:
    try:
        return EngagementPlan.objects.select_related("stakeholder", "owner", "account").get(
            account=account, pk=plan_id
        )
    except EngagementPlan.DoesNotExist:
        raise Http404(f"No engagement plan {plan_id} on this account.") from None


def _interaction_at(account: Account, interaction_id: int) -> Interaction:
    try:
        return Interaction.objects.get(account=account, pk=interaction_id)
    except Interaction.DoesNotExist:
        raise Http404(f"No interaction {interaction_id} on this account.") from None


def _row(account: Account, plan: EngagementPlan) -> dict[str, Any]:
    row = next(r for r in selectors.account_touchpoints(account).rows if r.plan.pk == plan.pk)
    return PlanOut.from_row(row)


@router.get(
    "/{account_id}/engagement-plans",
    response=list[PlanOut],
    summary="List engagement plans, soonest due first",
)
def list_plans(request: HttpRequest, account_id: int) -> list[dict[str, Any]]:
    account = account_for(request, account_id)
    return [PlanOut.from_row(r) for r in selectors.account_touchpoints(account).rows]


@router.get(
    "/{account_id}/engagement-plans/proposal",
    response=ProposalOut,
    summary="The strategy proposed for a stakeholder",
)
def proposal(request: HttpRequest, account_id: int, stakeholder_id: RecordId) -> Any:
    account = account_for(request, account_id)
    return selectors.proposal_for(account, stakeholder_at(account, stakeholder_id))


@router.get(
    "/{account_id}/engagement-plans/unplanned",
    response=list[StakeholderRef],
    summary="Their current people with no engagement plan",
)
def unplanned(request: HttpRequest, account_id: int) -> QuerySet[Stakeholder]:
    account = account_for(request, account_id)
    return selectors.unplanned([account.pk])


@router.get(
    "/{account_id}/engagement-plans/findings",
    response=list[FindingOut],
    summary="Silent champions, powerful people nobody meets, key players with no plan",
)
def findings(request: HttpRequest, account_id: int) -> Any:
    account = account_for(request, account_id)
    return selectors.account_touchpoints(account).findings


@router.post(
    "/{account_id}/engagement-plans",
    response={201: PlanOut},
    summary="Plan how to engage a stakeholder",
)
def create_plan(request: HttpRequest, account_id: int, payload: PlanIn) -> Status[Any]:
    account = account_for(request, account_id, for_edit=True)
    data = payload.model_dump(exclude={"stakeholder_id", "owner_id"})
    plan = services.plan_create(
        actor=caller(request),
        account=account,
        stakeholder=stakeholder_in_body(account, payload.stakeholder_id, "stakeholder_id"),
        owner=stakeholder_in_body(account, payload.owner_id, "owner_id"),
        **data,
    )
    return Status(201, _row(account, plan))


@router.get(
    "/{account_id}/engagement-plans/{plan_id}", response=PlanOut, summary="One engagement plan"
)
def get_plan(request: HttpRequest, account_id: int, plan_id: int) -> dict[str, Any]:
    account = account_for(request, account_id)
    return _row(account, _plan_at(account, plan_id))


@router.patch(
    "/{account_id}/engagement-plans/{plan_id}",
    response=PlanOut,
    summary="Change an engagement plan",
)
def update_plan(
    request: HttpRequest, account_id: int, plan_id: int, payload: PlanPatch
) -> dict[str, Any]:
    account = account_for(request, account_id, for_edit=True)
    plan = _plan_at(account, plan_id)
    data = payload.model_dump(exclude_unset=True)
    if "owner_id" in data:
        data["owner"] = stakeholder_in_body(account, data.pop("owner_id"), "owner_id")
    services.plan_update(actor=caller(request), plan=plan, **data)
    return _row(account, plan)


@router.delete(
    "/{account_id}/engagement-plans/{plan_id}",
    response={204: None},
    summary="Delete an engagement plan",
)
def delete_plan(request: HttpRequest, account_id: int, plan_id: int) -> Status[Any]:
    account = account_for(request, account_id, for_edit=True)
    services.plan_delete(actor=caller(request), plan=_plan_at(account, plan_id))
    return Status(204, None)


def _participants(account: Account, items: list[ParticipantIn]) -> list[tuple[Stakeholder, str]]:
    return [(stakeholder_in_body(account, p.stakeholder_id, "participants"), p.role) for p in items]


@router.get(
    "/{account_id}/interactions",
    response=list[InteractionOut],
    summary="List interactions, newest first",
)
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def list_interactions(
    request: HttpRequest, account_id: int, stakeholder_id: RecordId | None = None
) -> QuerySet[Interaction]:
    account = account_for(request, account_id)
    interactions = selectors.interactions_of(account)
    if stakeholder_id is not None:
        interactions = interactions.filter(participants__stakeholder_id=stakeholder_id)
    return selectors.with_participants(interactions)


@router.post(
    "/{account_id}/interactions",
    response={201: InteractionOut},
    summary="Log an interaction that happened",
)
def create_interaction(
    request: HttpRequest, account_id: int, payload: InteractionIn
) -> Status[Any]:
    account = account_for(request, account_id, for_edit=True)
    data = payload.model_dump(exclude={"participants"})
    data["channel"] = data["channel"] or ""
    interaction = services.interaction_create(
        actor=caller(request),
        account=account,
        participants=_participants(account, payload.participants),
        **data,
    )
    return Status(201, interaction)


@router.get(
    "/{account_id}/interactions/{interaction_id}",
    response=InteractionOut,
    summary="One interaction",
)
def get_interaction(request: HttpRequest, account_id: int, interaction_id: int) -> Interaction:
    return _interaction_at(account_for(request, account_id), interaction_id)


@router.patch(
    "/{account_id}/interactions/{interaction_id}",
    response=InteractionOut,
    summary="Change an interaction",
)
def update_interaction(
    request: HttpRequest, account_id: int, interaction_id: int, payload: InteractionPatch
) -> Interaction:
    account = account_for(request, account_id, for_edit=True)
    interaction = _interaction_at(account, interaction_id)
    data = payload.model_dump(exclude_unset=True, exclude={"participants"})
    if "channel" in data:
        data["channel"] = data["channel"] or ""
    participants = (
        _participants(account, payload.participants)
        if "participants" in payload.model_fields_set
        else None
    )
    return services.interaction_update(
        actor=caller(request), interaction=interaction, participants=participants, **data
    )


@router.delete(
    "/{account_id}/interactions/{interaction_id}",
    response={204: None},
    summary="Delete an interaction",
)
def delete_interaction(request: HttpRequest, account_id: int, interaction_id: int) -> Status[Any]:
    account = account_for(request, account_id, for_edit=True)
    services.interaction_delete(
        actor=caller(request), interaction=_interaction_at(account, interaction_id)
    )
    return Status(204, None)


@touchpoints_router.get("/mine", response=TouchpointsOut, summary="My touchpoints")
def my_touchpoints(request: HttpRequest) -> dict[str, Any]:
    """Plans the caller owns (through the internal stakeholder who stands for them on each
    map), by status, and the unplanned people on the accounts they may edit."""
    mine = selectors.my_touchpoints(caller(request))
    return {
        "overdue": [PlanOut.from_row(r) for r in mine.overdue],
        "due": [PlanOut.from_row(r) for r in mine.due],
        "upcoming": [PlanOut.from_row(r) for r in mine.upcoming],
        "unplanned": mine.unplanned,
        "unlinked_account_ids": [a.pk for a in mine.unlinked_accounts],
    }
