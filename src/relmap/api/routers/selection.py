"""``/api/accounts/{account_id}/selection`` and ``…/stages``: key-account selection of
one account (scores with rationale, place in the portfolio matrix with its explanation,
tier override) and its relationship lifecycle stage with history."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from relmap.accounts import portfolio_services, selectors
from relmap.accounts.models import Account
from relmap.analytics.lifecycle import guidance
from relmap.api.access import account_for, caller
from relmap.api.errors import InvalidInputError
from relmap.api.schemas.selection import (
    ScoresIn,
    SelectionOut,
    StageChangeOut,
    StageIn,
    TierIn,
)

router = Router(tags=["selection"])


def selection_of(account: Account) -> dict[str, Any]:
    """Everything the selection endpoints answer with, in a fixed number of queries."""
    placement = selectors.placement_of(account)
    scores = selectors.scores_of(account)
    rows = []
    for criterion in selectors.criteria():
        score = scores.get(criterion.pk)
        rows.append(
            {
                "criterion_id": criterion.pk,
                "criterion": criterion.name,
                "axis": criterion.axis,
                "weight": criterion.weight,
                "score": score.score if score else None,
                "rationale": score.rationale if score else "",
                "scored_by": (
                    score.scored_by.get_username() if score and score.scored_by else None
                ),
                "updated_at": score.updated_at if score else None,
            }
        )
    return {
        "account_id": account.pk,
        "quadrant": placement.quadrant,
        "label": placement.label,
        "policy": placement.policy,
        "explanation": placement.explanation,
        "complete": placement.complete,
        "tier": account.tier,
        "tier_override": account.tier_override,
        "tier_override_reason": account.tier_override_reason,
        "attractiveness": placement.attractiveness,
        "strength": placement.strength,
        "scores": rows,
        "stage": account.lifecycle_stage,
        "stage_guidance": guidance(account.lifecycle_stage),
        "stage_history": selectors.stage_history_of(account),
        "matrix_history": selectors.matrix_history_of(account),
    }


@router.get(
    "/{account_id}/selection",
    response=SelectionOut,
    summary="The account's place in the portfolio matrix, and why",
)
def get_selection(request: HttpRequest, account_id: int) -> dict[str, Any]:
    return selection_of(account_for(request, account_id))


@router.patch(
    "/{account_id}/selection/scores",
    response=SelectionOut,
    summary="Score the account on some criteria",
    description="Each score is 0-10 with a rationale; null removes a score. The account "
    "is placed again and its matrix history grows when its place changes.",
)
def set_scores(request: HttpRequest, account_id: int, payload: ScoresIn) -> dict[str, Any]:
    account = account_for(request, account_id, for_edit=True)
    known = {c.pk for c in selectors.criteria()}
    for item in payload.scores:
        if item.criterion_id not in known:
            raise InvalidInputError("criterion_id", f"No criterion {item.criterion_id}.")
    portfolio_services.scores_set(
        actor=caller(request),
        account=account,
        scores={s.criterion_id: (s.score, s.rationale) for s in payload.scores},
    )
    return selection_of(account)


@router.patch(
    "/{account_id}/selection/tier",
    response=SelectionOut,
    summary="Override the account's tier, with a reason",
)
def set_tier(request: HttpRequest, account_id: int, payload: TierIn) -> dict[str, Any]:
    account = account_for(request, account_id, for_edit=True)
    portfolio_services.tier_override_set(
        actor=caller(request), account=account, tier=payload.tier, reason=payload.reason
    )
    return selection_of(account)


@router.get(
    "/{account_id}/stages",
    response=list[StageChangeOut],
    summary="The account's lifecycle stages, oldest first",
)
def list_stages(request: HttpRequest, account_id: int) -> list[Any]:
    return selectors.stage_history_of(account_for(request, account_id))


@router.post(
    "/{account_id}/stages",
    response={201: StageChangeOut},
    summary="Move the account to a lifecycle stage",
)
def create_stage(request: HttpRequest, account_id: int, payload: StageIn) -> Status[Any]:
    account = account_for(request, account_id, for_edit=True)
    change = portfolio_services.lifecycle_stage_set(
        actor=caller(request), account=account, **payload.model_dump()
    )
    return Status(201, change)
